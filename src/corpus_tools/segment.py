"""Split a document into segments: paragraphs (non-blank lines), then sentences (pysbd),
and store the segmentation. The rule a stored segmentation must follow (it tiles the
text) is a check: checks/segments.py.

The segmentation is stored (corpus/segments/<doc-id>.yaml) so translations stay aligned
to stable segment ids even if the splitter changes; `corpus-tools segment` only writes
missing files.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from corpus_tools.hashing import sha256_text
from corpus_tools.io.segments import dump_segmentation
from corpus_tools.io.textfile import decode
from corpus_tools.io.yamlfile import read_valid
from corpus_tools.io.yamlio import atomic_write
from corpus_tools.layout import Layout
from corpus_tools.model import Segment, Segmentation
from corpus_tools.schema import schema_comment


@cache
def _segmenter(language: str) -> Any:
    import pysbd

    return pysbd.Segmenter(language=language, clean=False)


def segmenter_name() -> str:
    return f"pysbd {version('pysbd')} (paragraph = non-blank line)"


def segment_text(text: str, language: str) -> tuple[Segment, ...]:
    """Segments that tile ``text``: in order, without overlap, trimmed of whitespace, and
    together covering every non-whitespace character."""
    segments: list[Segment] = []
    paragraph = 0
    line_start = 0

    def emit(line: str, begin: int, end: int) -> None:
        """Add line[begin:end], trimmed, as a segment (if anything is left)."""
        piece = line[begin:end]
        stripped = piece.strip()
        if stripped:
            start = line_start + begin + len(piece) - len(piece.lstrip())
            segments.append(Segment(f"s{len(segments) + 1}", paragraph, start,
                                    start + len(stripped), stripped))

    for line in text.split("\n"):
        if line.strip():
            paragraph += 1
            cursor = 0
            for sentence in _segmenter(language).segment(line):
                piece = sentence.strip()
                at = line.find(piece, cursor) if piece else -1
                if at < 0:
                    continue  # the splitter altered or invented text: the gaps cover it
                emit(line, cursor, at)  # text the splitter skipped is never lost
                emit(line, at, at + len(piece))
                cursor = at + len(piece)
            emit(line, cursor, len(line))
        line_start += len(line) + 1
    return tuple(segments)


def segmentation_of(doc_id: str, text: str, language: str) -> Segmentation:
    return Segmentation(
        doc_id=doc_id,
        text_sha256=sha256_text(text),
        segmenter=segmenter_name(),
        segments=segment_text(text, language),
    )


class SegmentError(Exception):
    """A document that cannot be segmented, with a one-line reason."""


def write_segmentation(root: Path, doc_id: str) -> Path | None:
    """Write corpus/segments/<doc_id>.yaml unless it exists (stored segmentations are never
    replaced: translations are aligned to them). Returns the path written, or None."""
    layout = Layout(root)
    target = layout.segments_path(doc_id)
    if target.exists():
        return None
    try:
        text_data = layout.text_path(doc_id).read_bytes()
        meta_data = layout.meta_path(doc_id).read_bytes()
    except OSError as exc:
        raise SegmentError(f"{doc_id}: cannot read {exc.filename}") from None
    text, problems = decode(text_data)
    meta = read_valid(meta_data, "metadata")
    if text is None or problems or meta is None:
        raise SegmentError(f"{doc_id}: text or metadata is not valid; run `corpus-tools validate`")
    segmentation = segmentation_of(doc_id, text, meta["language"])
    atomic_write(target, dump_segmentation(segmentation, schema_comment(target, "segments", root)))
    return target
