"""A translation that has its own span file, side by side with the original segment by
segment, each side with its own spans, and which span renders which.

Both texts are cut at their segment edges as well as at span edges, so every piece lies in
one segment row; the separators between segments (spaces, line breaks) are not shown. A
span that runs over two segments is drawn in both rows, its tag on its first visible piece.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from corpus_tools.hashing import sha256_text
from corpus_tools.io.texts import TargetText
from corpus_tools.model import (
    Alignment,
    Attribution,
    Claim,
    EntityMention,
    Segment,
    SpanFile,
    Translation,
)
from corpus_tools.render.hover import HoverLink
from corpus_tools.render.layers import (
    Mark,
    MarkPart,
    Piece,
    check_quotes,
    span_marks,
    split_pieces,
)
from corpus_tools.render.parallel import column_heading, provenance_details
from corpus_tools.stats import Coverage, coverage


@dataclass(frozen=True)
class AlignedRow:
    segment_id: str
    source: tuple[Piece, ...]
    target: tuple[Piece, ...]


@dataclass(frozen=True)
class ItemNote:
    item_id: str
    note: str


@dataclass(frozen=True)
class AlignedView:
    anchor: str  # the element id of the view's section
    source_key: str  # key prefix of the original's marks: <source_key><item id>
    target_key: str  # key prefix of the translation's marks
    heading: str
    text_id: str
    source_language: str
    target_language: str
    details: tuple[str, ...]  # the translation's provenance
    spans: SpanFile  # the translation-side span file
    stale_pin: bool
    coverage: dict[str, Coverage]
    rows: tuple[AlignedRow, ...]
    dropped: tuple[ItemNote, ...]  # original items the translation does not render
    added: tuple[ItemNote, ...]  # translation items that render nothing in the original
    unaligned: tuple[str, ...]  # original items neither rendered nor listed in dropped
    self_links: tuple[HoverLink, ...]  # an item lights its own marks
    counterpart_links: tuple[HoverLink, ...]  # an item lights its counterparts


def _alignments(span_file: SpanFile) -> dict[str, Alignment | None]:
    items: tuple[EntityMention | Claim | Attribution, ...] = (
        *span_file.entities, *span_file.claims, *span_file.attributions)
    return {item.id: item.alignment for item in items}


def _flag(mark: Mark, css: str, word: str | None, tooltip: str) -> Mark:
    """The mark with an extra class, a word added to its visible tag and a tooltip line."""
    tag_before, tag_after = mark.tag_before, mark.tag_after
    if word is not None and tag_after is not None:
        tag_after = f"{tag_after} {word}"
    elif word is not None:
        tag_before = f"{tag_before or mark.group} {word}"
    return dataclasses.replace(
        mark, css_class=f"{mark.css_class} {css}".strip(), tag_before=tag_before,
        tag_after=tag_after, tooltip=f"{mark.tooltip} · {tooltip}")


def _source_mark(mark: Mark, rendered_by: dict[str, list[str]], dropped: dict[str, str]) -> Mark:
    renderers = rendered_by.get(mark.group)
    if renderers:
        return _flag(mark, "", None, f"rendered by {', '.join(renderers)}")
    if mark.group in dropped:
        return _flag(mark, "dropped", "dropped",
                     f"dropped in the translation: {dropped[mark.group]}")
    return _flag(mark, "unaligned", "unaligned", "no counterpart in the translation and "
                 "not listed in dropped")


def _target_mark(mark: Mark, alignment: Alignment | None) -> Mark:
    if alignment is None or alignment.counterpart is None:
        return _flag(mark, "unaligned", "unaligned", "no counterpart stated")
    note = f": {alignment.shift_note}" if alignment.shift_note else ""
    if not alignment.counterpart:
        return _flag(mark, "added", "added", f"added in the translation{note}")
    tooltip = f"renders {', '.join(alignment.counterpart)}"
    if alignment.shift is not None:
        tooltip += f" · shift {alignment.shift}{note}"
    return _flag(mark, "", None, tooltip)


def _visible_parts(rows: list[list[Piece]]) -> tuple[tuple[Piece, ...], ...]:
    """The rows' pieces, each mark opening on its first shown piece and closing on its last
    (a piece between two segments is not shown)."""
    first: dict[Mark, tuple[int, int]] = {}
    last: dict[Mark, tuple[int, int]] = {}
    for r, row in enumerate(rows):
        for p, piece in enumerate(row):
            for part in piece.parts:
                first.setdefault(part.mark, (r, p))
                last[part.mark] = (r, p)
    return tuple(
        tuple(dataclasses.replace(piece, parts=tuple(
            MarkPart(part.mark, opens=first[part.mark] == (r, p),
                     closes=last[part.mark] == (r, p)) for part in piece.parts))
              for p, piece in enumerate(row))
        for r, row in enumerate(rows)
    )


def _segment_rows(text: str, marks: list[Mark],
                  segments: Sequence[Segment]) -> tuple[tuple[Piece, ...], ...]:
    edges = [edge for s in segments for edge in (s.start, s.end)]
    pieces = split_pieces(text, marks, edges)
    rows = [[p for p in pieces if s.start <= p.start and p.end <= s.end] for s in segments]
    return _visible_parts(rows)


def aligned_view(number: int, original_text: str, original: SpanFile, segments: Sequence[Segment],
                 translation: Translation, target: TargetText, spans: SpanFile) -> AlignedView:
    """The side-by-side view of ``translation`` (its span file ``spans`` over its target
    text ``target``) against the original (``original`` over ``original_text``, cut into
    the stored ``segments``); ``number`` makes its keys and anchor unique on the page."""
    text_id = spans.text.text_id
    check_quotes(original.doc_id, original_text, original)
    check_quotes(text_id, target.text, spans)
    source_key, target_key = f"k-v{number}-o-", f"k-v{number}-t-"
    alignments = _alignments(spans)
    rendered_by: dict[str, list[str]] = {}
    for item_id, alignment in alignments.items():
        for counterpart in (alignment.counterpart or ()) if alignment else ():
            rendered_by.setdefault(counterpart, []).append(item_id)
    dropped = {d.id: d.note for d in spans.dropped}
    source_marks = [_source_mark(m, rendered_by, dropped) for m in span_marks(original)]
    target_marks = [_target_mark(m, alignments[m.group]) for m in span_marks(spans)]
    source_rows = _segment_rows(original_text, source_marks, segments)
    target_rows = _segment_rows(target.text, target_marks, target.segments)
    anchor = f"aligned-{number}"
    rows_of: dict[str, set[str]] = {}  # key -> the row ids its marks are drawn in
    for key, rows in ((source_key, source_rows), (target_key, target_rows)):
        for segment, pieces in zip(segments, rows, strict=True):
            for piece in pieces:
                for part in piece.parts:
                    rows_of.setdefault(key + part.mark.group, set()).add(f"{anchor}-{segment.id}")

    def link(trigger: str, lit: tuple[str, ...]) -> HoverLink:
        """Scoped to the one row holding them all (the usual case: aligned items lie in
        aligned segments), else to the view."""
        rows = set().union(*(rows_of.get(key, set()) for key in (trigger, *lit)))
        return HoverLink(trigger, lit, rows.pop() if len(rows) == 1 else anchor)

    original_ids = list(_alignments(original))
    known = set(original_ids)
    links = [link(source_key + item_id, tuple(target_key + t for t in rendered_by[item_id]))
             for item_id in original_ids if item_id in rendered_by]
    links += [link(target_key + item_id,
                   tuple(source_key + c for c in alignment.counterpart if c in known))
              for item_id, alignment in alignments.items()
              if alignment is not None and alignment.counterpart]
    self_links = [link(key + item_id, (key + item_id,))
                  for key, ids in ((source_key, original_ids), (target_key, list(alignments)))
                  for item_id in ids]
    return AlignedView(
        anchor=anchor,
        source_key=source_key,
        target_key=target_key,
        heading=column_heading(translation),
        text_id=text_id,
        source_language=translation.source_language,
        target_language=translation.target_language,
        details=provenance_details(translation),
        spans=spans,
        stale_pin=spans.text_sha256 != sha256_text(target.text),
        coverage=coverage(spans, original),
        rows=tuple(AlignedRow(s.id, src, tgt)
                   for s, src, tgt in zip(segments, source_rows, target_rows, strict=True)),
        dropped=tuple(ItemNote(d.id, d.note) for d in spans.dropped),
        added=tuple(ItemNote(item_id, alignment.shift_note or "")
                    for item_id, alignment in alignments.items()
                    if alignment is not None and alignment.counterpart == ()),
        unaligned=tuple(i for i in original_ids if i not in rendered_by and i not in dropped),
        self_links=tuple(self_links),
        counterpart_links=tuple(links),
    )
