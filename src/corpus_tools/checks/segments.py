"""Checks on a stored segmentation (corpus/segments/<doc-id>.yaml) against its text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from corpus_tools.checks import spans as _spans  # noqa: F401  (declares doc-id-mismatch)
from corpus_tools.checks.base import CheckSuite, Issue, stale_pin
from corpus_tools.model import Segment, Segmentation


@dataclass(frozen=True)
class SegmentContext:
    segmentation: Segmentation
    file_stem: str
    text: str | None
    text_sha256: str | None


def tiling_problems(text: str, segments: tuple[Segment, ...]) -> list[tuple[int, str]]:
    """(segment index, message) for every way ``segments`` fail to tile ``text``."""
    problems: list[tuple[int, str]] = []
    position = 0
    for index, segment in enumerate(segments):
        if not 0 <= segment.start < segment.end <= len(text):
            problems.append((index, f"offsets [{segment.start},{segment.end}) are out of range"))
            continue
        if segment.start < position:
            problems.append((index, f"starts at {segment.start}, inside the previous segment"))
        elif text[position : segment.start].strip():
            gap = text[position : segment.start].strip()
            problems.append((index, f"text {gap[:30]!r} before it is in no segment"))
        if text[segment.start : segment.end] != segment.text:
            problems.append((index, f"text differs from document[{segment.start}:{segment.end}]"))
        elif segment.text != segment.text.strip():
            problems.append((index, "begins or ends with whitespace"))
        position = max(position, segment.end)
    if text[position:].strip():
        problems.append((len(segments) - 1 if segments else 0,
                         f"text {text[position:].strip()[:30]!r} at the end is in no segment"))
    return problems



SEGMENT_CHECKS: CheckSuite[SegmentContext] = CheckSuite()


@SEGMENT_CHECKS.register("doc-id-mismatch")
def check_doc_id(ctx: SegmentContext) -> Iterator[Issue]:
    if ctx.segmentation.doc_id != ctx.file_stem:
        yield Issue("doc-id-mismatch",
                    f"doc_id {ctx.segmentation.doc_id!r} but the file is named "
                    f"{ctx.file_stem!r}.yaml", ("doc_id",))


@SEGMENT_CHECKS.register("segment-tiling", 2,
                         "segments overlap, leave text out, or differ from the text")
def check_tiling(ctx: SegmentContext) -> Iterator[Issue]:
    ids = [s.id for s in ctx.segmentation.segments]
    for index, segment_id in enumerate(ids):
        if segment_id != f"s{index + 1}":
            yield Issue("segment-tiling", f"segment {segment_id} should be s{index + 1}: ids "
                        "number the segments in order", ("segments", index, "id"),
                        span_id=segment_id)
    if ctx.text is None or ctx.text_sha256 != ctx.segmentation.text_sha256:
        return  # a stale segmentation is stale-segments' finding, not a tiling error
    for index, message in tiling_problems(ctx.text, ctx.segmentation.segments):
        segment = ctx.segmentation.segments[index] if ctx.segmentation.segments else None
        yield Issue("segment-tiling", message, ("segments", index),
                    span_id=segment.id if segment else None)


@SEGMENT_CHECKS.register("stale-segments", 3,
                         "the text's SHA-256 differs from the one the segmentation pins")
def check_stale(ctx: SegmentContext) -> Iterator[Issue]:
    yield from stale_pin("stale-segments", ctx.segmentation.text_sha256, ctx.text_sha256,
                         "segmentation", "re-segment and re-align its translations")
