"""Level 3: a translation-side span file against the original's (annotations/README.md,
"Translations"). Every item names the original item(s) it renders, or says why not."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from corpus_tools.checks.base import Issue
from corpus_tools.checks.spans import SPAN_CHECKS, AlignmentContext, SpanContext
from corpus_tools.model import Attribution, Claim, EntityMention, Segment, Span, SpanFile
from corpus_tools.wire import attributes, layers

Item = EntityMention | Claim | Attribution
LAYERS = tuple(layers())
SINGULAR = {"entities": "entity", "claims": "claim", "attributions": "attribution"}


def _layer(span_file: SpanFile, layer: str) -> tuple[Item, ...]:
    items: tuple[Item, ...] = getattr(span_file, layer)
    return items


def _items(span_file: SpanFile) -> Iterator[tuple[str, int, Item]]:
    for layer in LAYERS:
        for index, item in enumerate(_layer(span_file, layer)):
            yield layer, index, item


def _spans(item: Item) -> list[Span]:
    if isinstance(item, Attribution):
        return [span for _, span in item.roles()]
    return [item.span]


def _segments_of(item: Item, segments: tuple[Segment, ...]) -> set[str]:
    return {s.id for span in _spans(item) for s in segments
            if s.start < span.end and span.start < s.end}


@dataclass(frozen=True)
class _Aligned:
    """A translation-side file with a readable original to align against."""

    ctx: AlignmentContext
    original: SpanFile

    def by_id(self, layer: str) -> dict[str, Item]:
        return {item.id: item for item in _layer(self.original, layer)}

    def counterparts(self, layer: str, item: Item) -> list[Item]:
        """The item's counterparts that resolve (the others are alignment-counterpart's)."""
        if item.alignment is None or item.alignment.counterpart is None:
            return []
        known = self.by_id(layer)
        return [known[c] for c in item.alignment.counterpart if c in known]


def _aligned(ctx: SpanContext) -> _Aligned | None:
    if ctx.alignment is None or ctx.alignment.original is None:
        return None
    return _Aligned(ctx.alignment, ctx.alignment.original)


@SPAN_CHECKS.register("alignment-counterpart", 3,
                      "a counterpart or dropped id names no item of that layer in the original")
def check_counterparts(ctx: SpanContext) -> Iterator[Issue]:
    sf = ctx.span_file
    if ctx.alignment is None:  # an original: nothing to align with
        for layer, index, item in _items(sf):
            if item.alignment is not None:
                yield Issue("alignment-counterpart", "counterpart, shift and shift_note belong "
                            "on translation-side files only", (layer, index), span_id=item.id)
        if sf.dropped:
            yield Issue("alignment-counterpart", "dropped belongs on translation-side files "
                        "only", ("dropped",))
        return
    if ctx.alignment.original_missing:
        yield Issue("alignment-counterpart", f"no span file {ctx.alignment.original_file} for "
                    "the original, so no counterpart can resolve", ("translation",))
        return
    aligned = _aligned(ctx)
    if aligned is None:
        return  # the original's own findings say why it cannot be read
    where = ctx.alignment.original_file
    layer_of = {item.id: layer for layer, _, item in _items(aligned.original)}
    rendered: dict[str, str] = {}
    for layer, index, item in _items(sf):
        if item.alignment is None or item.alignment.counterpart is None:
            continue
        for position, counterpart in enumerate(item.alignment.counterpart):
            rendered.setdefault(counterpart, item.id)
            if layer_of.get(counterpart) == layer:
                continue
            other = layer_of.get(counterpart)
            found = f"it is a {SINGULAR[other]} there" if other else "no such id there"
            yield Issue("alignment-counterpart",
                        f"counterpart {counterpart!r} is not {_a(SINGULAR[layer])} of the "
                        f"original {where} ({found})",
                        (layer, index, "counterpart", position), span_id=item.id)
    for index, dropped in enumerate(sf.dropped):
        if dropped.id not in layer_of:
            yield Issue("alignment-counterpart",
                        f"dropped {dropped.id!r} names no item of the original {where}",
                        ("dropped", index, "id"))
        elif dropped.id in rendered:
            yield Issue("alignment-counterpart",
                        f"{dropped.id} is listed in dropped, but {rendered[dropped.id]} "
                        "names it as its counterpart", ("dropped", index, "id"))


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


@SPAN_CHECKS.register("alignment-shift", 3,
                      "shift disagrees with the counterparts (added: none, merged: several), "
                      "or a shift has no shift_note")
def check_shifts(ctx: SpanContext) -> Iterator[Issue]:
    if ctx.alignment is None:
        return
    for layer, index, item in _items(ctx.span_file):
        alignment = item.alignment
        counterpart = alignment.counterpart if alignment is not None else None
        shift = alignment.shift if alignment is not None else None
        note = alignment.shift_note if alignment is not None else None
        problem = None
        if counterpart is None:
            problem = ("no counterpart: name the original item(s) it renders, or write "
                       "`counterpart: []` with `shift: added`")
        elif shift == "added" and counterpart:
            problem = "shift 'added' but counterpart names original items; added means none"
        elif not counterpart and shift != "added":
            problem = "counterpart is empty, so shift must be 'added' (with a shift_note)"
        elif len(counterpart) > 1 and shift != "merged":
            problem = (f"{len(counterpart)} counterparts need `shift: merged` (one item "
                       "rendering several original items)")
        elif shift == "merged" and len(counterpart) < 2:
            problem = "shift 'merged' needs at least two counterparts"
        elif shift is not None and not note:
            problem = f"shift {shift!r} without a shift_note saying why"
        elif note and shift is None:
            problem = "shift_note without a shift"
        if problem is not None:
            yield Issue("alignment-shift", problem, (layer, index), span_id=item.id)


@SPAN_CHECKS.register("alignment-segment", 3,
                      "an aligned item lies in no segment its counterpart lies in")
def check_segments(ctx: SpanContext) -> Iterator[Issue]:
    aligned = _aligned(ctx)
    if aligned is None:
        return
    own_segments, original_segments = aligned.ctx.segments, aligned.ctx.original_segments
    if own_segments is None or original_segments is None:
        return
    for layer, index, item in _items(ctx.span_file):
        counterparts = aligned.counterparts(layer, item)
        if not counterparts:
            continue
        here = _segments_of(item, own_segments)
        there = set().union(*(_segments_of(c, original_segments) for c in counterparts))
        if here and there and not here & there:
            yield Issue("alignment-segment",
                        f"lies in segment {', '.join(sorted(here))} but its counterpart "
                        f"{', '.join(c.id for c in counterparts)} lies in "
                        f"{', '.join(sorted(there))}; aligned items lie in aligned segments",
                        (layer, index), span_id=item.id)


@SPAN_CHECKS.register("alignment-attributes", 3,
                      "an aligned item's label, registry id, claim attributes or source/quote "
                      "type differ from its counterpart's without `shift: changed`")
def check_attributes(ctx: SpanContext) -> Iterator[Issue]:
    aligned = _aligned(ctx)
    if aligned is None:
        return
    for layer, index, item in _items(ctx.span_file):
        alignment = item.alignment
        # A merged item renders several originals at once: no one set of values to share.
        if alignment is None or alignment.shift in ("changed", "merged"):
            continue
        item_class: type = type(item)
        for counterpart in aligned.counterparts(layer, item):
            # What an aligned item shares with its counterpart (wire.attributes).
            for name in (f.name for _, f in attributes(item_class)):
                mine, theirs = getattr(item, name), getattr(counterpart, name)
                if mine != theirs:
                    yield Issue("alignment-attributes",
                                f"{name} {mine!r} but counterpart {counterpart.id} has "
                                f"{theirs!r}; align it, or mark `shift: changed` with a "
                                "shift_note", (layer, index, name), span_id=item.id)


@SPAN_CHECKS.register("alignment-coverage", 3,
                      "an original item has no counterpart in the translation and is not "
                      "listed in dropped", severity="warning")
def check_coverage(ctx: SpanContext) -> Iterator[Issue]:
    aligned = _aligned(ctx)
    if aligned is None:
        return
    sf = ctx.span_file
    dropped = {d.id for d in sf.dropped}
    for layer in LAYERS:
        rendered = {c for item in _layer(sf, layer) if item.alignment is not None
                    for c in item.alignment.counterpart or ()}
        for original in _layer(aligned.original, layer):
            if original.id not in rendered and original.id not in dropped:
                yield Issue("alignment-coverage",
                            f"original {SINGULAR[layer]} {original.id} "
                            f"({aligned.ctx.original_file}) has no counterpart here; align "
                            "it, or list it in dropped with a note",
                            ("dropped",) if sf.dropped else ("translation",))

