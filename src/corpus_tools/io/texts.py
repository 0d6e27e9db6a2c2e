"""The text a span file annotates: an original's text, or a translation's target text.

A translation is stored segment by segment (corpus/translations); the text its
translation-side span file annotates is built from it by one rule, :func:`target_text`.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus_tools.model import Segment, Segmentation, Translation


class NoTargetText(ValueError):
    """The translation does not fit the segmentation, so it has no target text."""


@dataclass(frozen=True)
class TargetText:
    text: str
    #: The translated segments, with offsets into ``text`` (ids and paragraphs as in the
    #: source segmentation): a span's segments are those it overlaps.
    segments: tuple[Segment, ...]


def target_text(translation: Translation, segmentation: Segmentation,
                original_text: str) -> TargetText:
    """The target text of ``translation``: its segments joined with the original's own
    separators.

        target = original[:seg1.start] + tgt(seg1) + original[seg1.end:seg2.start]
                 + tgt(seg2) + ... + tgt(segN) + original[segN.end:]

    That is, every source segment of the stored ``segmentation`` (which must tile
    ``original_text``) is replaced by its translation, and everything between, before and
    after the segments (spaces, line breaks) is kept. Offsets into it are code points, as
    for originals; its pin is the SHA-256 of its UTF-8 encoding. Raises NoTargetText when
    the segmentation does not tile the original (a segment's text is not the original's
    there, or segments overlap) or the translation does not translate each source segment
    exactly once, in order.
    """
    source = segmentation.segments
    translated = translation.segments
    if [s.id for s in translated] != [s.id for s in source]:
        raise NoTargetText(f"{translation.file_name} does not translate the segments of "
                           f"{segmentation.doc_id} exactly once each, in order")
    position = 0
    for segment in source:
        if not (position <= segment.start <= segment.end
                and original_text[segment.start:segment.end] == segment.text):
            raise NoTargetText(f"the segmentation of {segmentation.doc_id} does not tile its "
                               f"text at segment {segment.id}")
        position = segment.end
    parts: list[str] = []
    segments: list[Segment] = []
    position, length = 0, 0
    for segment, rendered in zip(source, translated, strict=True):
        separator = original_text[position:segment.start]
        parts += [separator, rendered.text]
        start = length + len(separator)
        length = start + len(rendered.text)
        segments.append(Segment(segment.id, segment.paragraph, start, length, rendered.text))
        position = segment.end
    parts.append(original_text[position:])
    return TargetText("".join(parts), tuple(segments))


def translation_text(translation: Translation, segmentation: Segmentation,
                     original_text: str) -> str:
    """The target text of ``translation`` (the rule: :func:`target_text`)."""
    return target_text(translation, segmentation, original_text).text
