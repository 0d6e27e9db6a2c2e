"""Sentence-level labels derived from the span layers (the ``sentences`` config and the
check-worthiness task): a claim belongs to the sentence holding its first character, an
attribution to the sentence holding its cue's first character, as in the claims and
attributions configs."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from corpus_tools.model import Attribution, Claim, Segment

#: The derived binary labels, in column order.
SENTENCE_LABELS = ("has_claim", "has_checkworthy_claim", "has_attribution")


@dataclass(frozen=True)
class SentenceLabels:
    segment: Segment
    has_claim: bool
    has_checkworthy_claim: bool
    has_attribution: bool

    def label(self, name: str) -> bool:
        value: bool = getattr(self, name)
        return value


def _holder(segments: Sequence[Segment], offset: int) -> str | None:
    index = bisect.bisect_right([s.start for s in segments], offset) - 1
    if index >= 0 and offset < segments[index].end:
        return segments[index].id
    return None


def sentence_labels(segments: Sequence[Segment], claims: Sequence[Claim],
                    attributions: Sequence[Attribution]) -> list[SentenceLabels]:
    claimed = {_holder(segments, c.span.start) for c in claims}
    worthy = {_holder(segments, c.span.start) for c in claims if c.checkworthy}
    attributed = {_holder(segments, a.cue.start) for a in attributions}
    return [SentenceLabels(s, s.id in claimed, s.id in worthy, s.id in attributed)
            for s in segments]
