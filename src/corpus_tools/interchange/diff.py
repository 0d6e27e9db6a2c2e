"""What an import changes in a span file, in one line: items added, removed and changed per
layer. Items are matched by where they are, not by id, since a format may renumber ids."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import replace
from typing import Any

from corpus_tools.interchange.base import Layers
from corpus_tools.model import Attribution, Claim, EntityMention, Span


def _where(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _plain(span: Span) -> Span:
    return replace(span, occurrence=None, prefix=None, suffix=None)


def _keyed(layers: Layers) -> dict[str, dict[Hashable, Any]]:
    """Per layer: position key -> content with ids replaced by the positions they name."""
    entity_at = {e.id: _where(e.span) for e in layers.entities}
    claim_at = {c.id: _where(c.span) for c in layers.claims}
    attribution_at = {a.id: (_where(a.cue), _where(a.content)) for a in layers.attributions}

    def entity(e: EntityMention) -> Any:
        return replace(e, id="", span=_plain(e.span))

    def claim(c: Claim) -> Any:
        return replace(c, id="", span=_plain(c.span))

    def attribution(a: Attribution) -> Any:
        return (replace(a, id="", parent=None, source_mention=None, claims=(),
                        cue=_plain(a.cue), content=_plain(a.content),
                        source=_plain(a.source) if a.source else None),
                entity_at.get(a.source_mention or ""), attribution_at.get(a.parent or ""),
                tuple(sorted(claim_at.get(c, (-1, -1)) for c in a.claims)))

    return {
        "entities": {(_where(e.span), e.label): entity(e) for e in layers.entities},
        "claims": {_where(c.span): claim(c) for c in layers.claims},
        "attributions": {attribution_at[a.id]: attribution(a) for a in layers.attributions},
    }


def diff_summary(old: Layers, new: Layers) -> str:
    """E.g. ``entities +2 -1 ~0, claims +0 -0 ~3, attributions +0 -0 ~0``."""
    before, after = _keyed(old), _keyed(new)
    parts = []
    for layer in ("entities", "claims", "attributions"):
        a, b = before[layer], after[layer]
        added, removed = len(b.keys() - a.keys()), len(a.keys() - b.keys())
        changed = sum(1 for key in a.keys() & b.keys() if a[key] != b[key])
        parts.append(f"{layer} +{added} -{removed} ~{changed}")
    return ", ".join(parts)
