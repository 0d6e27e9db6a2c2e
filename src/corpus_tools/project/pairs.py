"""A translation's target text and its segment pairs, with each segment's offset on both
sides.

The target text is the translated segments joined with the original's own separators
(the characters between consecutive source segments), keeping whatever precedes the
first and follows the last segment; offsets are code points of that string.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus_tools.model import Segmentation, Translation


class PairError(Exception):
    """A translation that does not cover its original's segmentation, with a one-line reason."""


@dataclass(frozen=True)
class SegmentPair:
    id: str
    source: str  # the original segment text
    target: str  # the translated segment text
    source_start: int  # offset of the segment in the original text
    target_start: int  # offset of the segment in the target text

    @property
    def source_end(self) -> int:
        return self.source_start + len(self.source)

    @property
    def target_end(self) -> int:
        return self.target_start + len(self.target)


@dataclass(frozen=True)
class TargetText:
    """One translation of one document as an annotatable text."""

    doc_id: str
    source_language: str
    language: str
    system: str
    text: str
    pairs: tuple[SegmentPair, ...]

    @property
    def text_id(self) -> str:
        return text_id(self.doc_id, self.language, self.system)


def text_id(doc_id: str, language: str, system: str) -> str:
    return f"{doc_id}.{language}.{system}"


def target_text(original: str, segmentation: Segmentation, translation: Translation) -> TargetText:
    """The target text of ``translation`` and its segment pairs."""
    translated = {s.id: s.text for s in translation.segments}
    missing = [s.id for s in segmentation.segments if s.id not in translated]
    if missing:
        raise PairError(f"{translation.file_name}: no translation of segment(s) "
                        f"{', '.join(missing[:5])}; translate them first")
    segments = segmentation.segments
    parts: list[str] = [original[: segments[0].start] if segments else original]
    pairs: list[SegmentPair] = []
    offset = len(parts[0])
    for index, segment in enumerate(segments):
        target = translated[segment.id]
        pairs.append(SegmentPair(segment.id, original[segment.start : segment.end], target,
                                 segment.start, offset))
        following = segments[index + 1].start if index + 1 < len(segments) else len(original)
        separator = original[segment.end : following]
        parts += [target, separator]
        offset += len(target) + len(separator)
    return TargetText(translation.doc_id, translation.source_language,
                      translation.target_language, translation.system, "".join(parts),
                      tuple(pairs))
