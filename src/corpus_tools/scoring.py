"""Span matching and the scores built on it, shared by ``agreement`` (two annotation sets)
and ``evaluate`` (predictions against the reference): one implementation of both.

Exact matching pairs spans with the same offsets (and, where a ``label`` is given, the same
label). Overlap matching is one-to-one and greedy: candidate pairs are taken in order of
decreasing overlap length, then position. Strict entity F1 over BIO tags follows conlleval:
a chunk starts at ``B-X``, or at ``I-X`` after anything but a chunk of type X.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from corpus_tools.model import Span

T = TypeVar("T")


@dataclass(frozen=True)
class F1:
    matched: int
    reference: int
    predicted: int

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.reference if self.reference else None

    @property
    def f1(self) -> float | None:
        total = self.reference + self.predicted
        return 2 * self.matched / total if total else None

    def __add__(self, other: F1) -> F1:
        return F1(self.matched + other.matched, self.reference + other.reference,
                  self.predicted + other.predicted)

    def to_json(self) -> dict[str, Any]:
        return {"f1": self.f1, "precision": self.precision, "recall": self.recall,
                "matched": self.matched, "reference": self.reference,
                "predicted": self.predicted}


@dataclass(frozen=True)
class Kappa:
    """Cohen's kappa over paired labels; None where it is undefined (no pairs, or both
    annotators used a single identical label throughout: chance agreement is 1).
    ``observed`` is the share of equal pairs: accuracy, when one side is the reference."""

    pairs: tuple[tuple[str, str], ...] = ()

    @property
    def observed(self) -> float | None:
        if not self.pairs:
            return None
        return sum(a == b for a, b in self.pairs) / len(self.pairs)

    @property
    def kappa(self) -> float | None:
        n = len(self.pairs)
        if n == 0:
            return None
        left = Counter(a for a, _ in self.pairs)
        right = Counter(b for _, b in self.pairs)
        expected = sum(left[label] * right[label] for label in left) / (n * n)
        observed = self.observed
        assert observed is not None
        if expected == 1:
            return None
        return (observed - expected) / (1 - expected)

    def __add__(self, other: Kappa) -> Kappa:
        return Kappa(self.pairs + other.pairs)

    def to_json(self) -> dict[str, Any]:
        return {"kappa": self.kappa, "observed": self.observed, "n": len(self.pairs)}


def exact_pairs(a: Sequence[T], b: Sequence[T], span: Callable[[T], Span],
                label: Callable[[T], Hashable] | None = None) -> list[tuple[T, T]]:
    def key(item: T) -> tuple[Hashable, ...]:
        s = span(item)
        return (s.start, s.end) if label is None else (s.start, s.end, label(item))

    by_key: dict[tuple[Hashable, ...], list[T]] = {}
    for item in b:
        by_key.setdefault(key(item), []).append(item)
    pairs = []
    for item in a:
        candidates = by_key.get(key(item))
        if candidates:
            pairs.append((item, candidates.pop(0)))
    return pairs


def overlap_pairs(a: Sequence[T], b: Sequence[T], span: Callable[[T], Span]) -> list[tuple[T, T]]:
    candidates = []
    for i, left in enumerate(a):
        for j, right in enumerate(b):
            x, y = span(left), span(right)
            overlap = min(x.end, y.end) - max(x.start, y.start)
            if overlap > 0:
                candidates.append((-overlap, x.start, y.start, i, j))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, _, _, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((a[i], b[j]))
    return pairs


def span_f1(reference: Sequence[T], predicted: Sequence[T], span: Callable[[T], Span],
            match: Callable[[Sequence[T], Sequence[T], Callable[[T], Span]],
                            list[tuple[T, T]]]) -> F1:
    return F1(len(match(reference, predicted, span)), len(reference), len(predicted))


def bio_chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, end token, type) of each chunk, conlleval's way (ill-formed ``I-X``
    starts a chunk rather than being dropped)."""
    chunks: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and start >= 0 and label == kind
        if start >= 0 and not continues:
            chunks.append((start, index, kind))
            start, kind = -1, ""
        if prefix in ("B", "I") and not continues:
            start, kind = index, label
    return chunks


def binary_f1(reference: Sequence[bool], predicted: Sequence[bool]) -> F1:
    """Positive-class F1 over paired binary labels."""
    return F1(sum(r and p for r, p in zip(reference, predicted, strict=True)),
              sum(reference), sum(predicted))
