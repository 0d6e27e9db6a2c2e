"""Canonical form of imported layers: document order, our id scheme, regenerated hints.

A format that cannot carry our ids gets ids renumbered in document order; anchoring hints
(``occurrence``, ``prefix``, ``suffix``) are editing aids derivable from the offsets, so no
format carries them and import regenerates them by one rule.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import count

from corpus_tools.anchor import occurrences
from corpus_tools.interchange.base import Layers
from corpus_tools.model import Attribution, Claim, EntityMention, Span
from corpus_tools.schema import load_schema

ID_PATTERN = re.compile(load_schema("spans")["definitions"]["AnnotationId"]["pattern"])
ID_PREFIX = {"entities": "e", "claims": "c", "attributions": "a"}


def with_canonical_hints(span: Span, text: str) -> Span:
    """``occurrence`` exactly where the quote occurs more than once; no prefix/suffix."""
    found = occurrences(text, span.text)
    occurrence = found.index(span.start) + 1 if len(found) > 1 and span.start in found else None
    return replace(span, occurrence=occurrence, prefix=None, suffix=None)


def canonical_hints(layers: Layers, text: str) -> Layers:
    def attribution(a: Attribution) -> Attribution:
        return replace(
            a,
            source=with_canonical_hints(a.source, text) if a.source is not None else None,
            cue=with_canonical_hints(a.cue, text),
            content=with_canonical_hints(a.content, text),
        )

    return Layers(
        entities=tuple(replace(e, span=with_canonical_hints(e.span, text))
                       for e in layers.entities),
        claims=tuple(replace(c, span=with_canonical_hints(c.span, text)) for c in layers.claims),
        attributions=tuple(attribution(a) for a in layers.attributions),
    )


def in_document_order(layers: Layers) -> Layers:
    return Layers(
        entities=tuple(sorted(layers.entities,
                              key=lambda e: (e.span.start, e.span.end, e.label, e.id))),
        claims=tuple(sorted(layers.claims, key=lambda c: (c.span.start, c.span.end, c.id))),
        attributions=tuple(sorted(
            layers.attributions,
            key=lambda a: (a.cue.start, a.cue.end, a.content.start, a.content.end, a.id))),
    )


def rename(layers: Layers, new_id: dict[str, str]) -> Layers:
    """Every id and every reference to it renamed by ``new_id``."""

    def ref(old: str | None) -> str | None:
        return None if old is None else new_id.get(old, old)

    return Layers(
        entities=tuple(replace(e, id=new_id.get(e.id, e.id)) for e in layers.entities),
        claims=tuple(replace(c, id=new_id.get(c.id, c.id)) for c in layers.claims),
        attributions=tuple(
            replace(a, id=new_id.get(a.id, a.id), source_mention=ref(a.source_mention),
                    parent=ref(a.parent), claims=tuple(new_id.get(c, c) for c in a.claims))
            for a in layers.attributions),
    )


def assign_ids(layers: Layers, *, keep: bool) -> tuple[Layers, int]:
    """Our ids for every item, in document order: carried ids are kept where ``keep`` and
    they are valid and unique; every other item gets the next free ``e``/``c``/``a`` number.
    Returns the layers and how many ids were assigned."""
    ordered = in_document_order(layers)
    groups: dict[str, tuple[EntityMention | Claim | Attribution, ...]] = {
        "entities": ordered.entities, "claims": ordered.claims,
              "attributions": ordered.attributions}
    kept: set[str] = set()
    if keep:
        seen: dict[str, int] = {}
        for items in groups.values():
            for item in items:
                seen[item.id] = seen.get(item.id, 0) + 1
        kept = {i for i, n in seen.items() if n == 1 and ID_PATTERN.fullmatch(i)}
    new_id: dict[str, str] = {}
    assigned = 0
    for layer, items in groups.items():
        numbers = count(1)
        for item in items:
            if item.id in kept:
                continue
            candidate = f"{ID_PREFIX[layer]}{next(numbers)}"
            while candidate in kept:
                candidate = f"{ID_PREFIX[layer]}{next(numbers)}"
            new_id[item.id] = candidate
            assigned += 1
    # Two-step rename so that a new id equal to another item's old id cannot collide.
    temporary = {old: f"\x00{index}" for index, old in enumerate(new_id)}
    final = {temporary[old]: new for old, new in new_id.items()}
    return rename(rename(ordered, temporary), final), assigned
