"""Word alignment of segment pairs behind one small interface.

An aligner takes pairs of token sequences and returns, per pair, the links
``(source token index, target token index)``. Two implementations, compared in
benchmarks/bench_projection.py:

- ``PositionalAligner`` needs no training: identical or near-identical words (names,
  numbers, cognates) anchor the pair; every other source word maps to the target
  position interpolated between its neighbouring anchors.
- ``EflomalAligner`` runs eflomal (Östling & Tiedemann 2016, a Bayesian HMM+fertility
  aligner; PyPI ``eflomal``) in both directions over the pairs plus a training set (the
  corpus's own segment pairs) and symmetrises with grow-diag-final-and.

CTranslate2's attention weights would be a third aligner, for machine translations made
by a CTranslate2 model only; not built.
"""

from __future__ import annotations

import tempfile
import unicodedata
from collections.abc import Sequence
from importlib import metadata
from itertools import pairwise
from pathlib import Path
from typing import Protocol

from corpus_tools.project.tokens import is_word

Link = tuple[int, int]
TokenPair = tuple[tuple[str, ...], tuple[str, ...]]


class AlignerError(Exception):
    """An aligner that cannot run here, with a one-line reason."""


class WordAligner(Protocol):
    name: str

    def describe(self) -> str:
        """Method and version, for the provenance of what it produced."""
        ...

    def align(self, pairs: Sequence[TokenPair]) -> list[frozenset[Link]]: ...


def _normal(token: str) -> str:
    """Casefolded, without diacritics, and numbers without their group separators
    ("4,000" and "4.000" are one number)."""
    decomposed = unicodedata.normalize("NFKD", token.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if any(ch.isdigit() for ch in plain):
        plain = plain.replace(",", "").replace(".", "")
    return plain


def _anchorable(token: str) -> bool:
    """Words, numbers and symbols (emoji, currency signs); not punctuation."""
    return is_word(token) or unicodedata.category(token[0]).startswith("S")


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= 5 or (shared >= 4 and min(len(a), len(b)) == shared)


def _increasing(anchors: list[Link]) -> list[Link]:
    """The longest chain of anchors increasing on both sides (crossing anchors are more
    likely coincidences than reorderings)."""
    best: list[list[Link]] = []
    for index, (i, j) in enumerate(anchors):
        chain = max((best[k] for k in range(index) if anchors[k][0] < i and anchors[k][1] < j),
                    key=len, default=[])
        best.append([*chain, (i, j)])
    return max(best, key=len, default=[])


class PositionalAligner:
    name = "positional"

    def describe(self) -> str:
        return ("positional baseline: identical or near-identical words and symbols (shared "
                "prefix of 5, numbers without separators) as anchors, the tokens between two "
                "anchors spread over the target words between them")

    def align(self, pairs: Sequence[TokenPair]) -> list[frozenset[Link]]:
        return [self._align_pair(source, target) for source, target in pairs]

    def _align_pair(self, source: Sequence[str], target: Sequence[str]) -> frozenset[Link]:
        n, m = len(source), len(target)
        if not n or not m:
            return frozenset()
        target_norm = [_normal(t) if _anchorable(t) else None for t in target]
        candidates: list[Link] = []
        for i, token in enumerate(source):
            if not _anchorable(token):
                continue
            word = _normal(token)
            matches = [j for j, t in enumerate(target_norm) if t is not None and _similar(word, t)]
            if matches:
                candidates.append((i, min(matches, key=lambda j: (abs(j / m - i / n), j))))
        anchors = _increasing(candidates)
        links = set(anchors)
        bounds = [(-1, -1), *anchors, (n, m)]
        for (i0, j0), (i1, j1) in pairwise(bounds):
            # The source tokens between two anchors spread over the target words between
            # them (over the target tokens if none is a word); with no target token
            # between, they join the left anchor.
            between = list(range(j0 + 1, j1))
            words = [j for j in between if is_word(target[j])] or between
            for i in range(i0 + 1, i1):
                j = words[(i - i0 - 1) * len(words) // (i1 - i0 - 1)] if words else j0
                links.add((i, min(max(j, 0), m - 1)))
        return frozenset(links)


def grow_diag_final_and(forward: set[Link], reverse: set[Link]) -> frozenset[Link]:
    """Koehn et al.'s symmetrisation of two directional alignments."""
    union = forward | reverse
    links = set(forward & reverse)
    neighbours = [(-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)]
    grown = True
    while grown:
        grown = False
        for i, j in sorted(links):
            for di, dj in neighbours:
                candidate = (i + di, j + dj)
                if candidate in union and candidate not in links:
                    aligned_source = {a for a, _ in links}
                    aligned_target = {b for _, b in links}
                    if candidate[0] not in aligned_source or candidate[1] not in aligned_target:
                        links.add(candidate)
                        grown = True
    for direction in (forward, reverse):
        for i, j in sorted(direction):
            if i not in {a for a, _ in links} and j not in {b for _, b in links}:
                links.add((i, j))
    return frozenset(links)


def _read_links(path: Path) -> list[set[Link]]:
    return [{(int(i), int(j)) for i, j in (link.split("-") for link in line.split())}
            for line in path.read_text(encoding="utf-8").splitlines()]


class EflomalAligner:
    """eflomal over ``pairs`` plus ``training`` (more pairs in the same direction).

    eflomal seeds its sampler from /dev/urandom and has no seed option (2.0.0), so two
    runs can differ; ``samplers`` independent samplers are averaged to reduce that."""

    name = "eflomal"

    def __init__(self, training: Sequence[TokenPair] = (), *, samplers: int = 3,
                 rel_iterations: float = 1.0) -> None:
        self.training = tuple(training)
        self.samplers = samplers
        self.rel_iterations = rel_iterations

    @staticmethod
    def version() -> str:
        try:
            return metadata.version("eflomal")
        except metadata.PackageNotFoundError:
            raise AlignerError("eflomal is not installed; `pip install eflomal` (it compiles "
                               "a C program: needs a C compiler with OpenMP)") from None

    def describe(self) -> str:
        return (f"eflomal {self.version()} (model 3, {self.samplers} samplers, both directions, "
                f"grow-diag-final-and) over the corpus's {len(self.training)} segment pairs in "
                "this language pair")

    def align(self, pairs: Sequence[TokenPair]) -> list[frozenset[Link]]:
        self.version()
        import eflomal  # imported here: an optional, compiled dependency

        wanted = list(pairs)
        seen = set(wanted)
        corpus = wanted + [p for p in self.training if p not in seen]
        # eflomal reads whitespace-separated tokens and rejects empty sentences.
        lines = [(" ".join(t.lower() for t in s) or "∅", " ".join(t.lower() for t in t_) or "∅")
                 for s, t_ in corpus]
        with tempfile.TemporaryDirectory(prefix="corpus-tools-eflomal-") as tmp:
            forward, reverse = Path(tmp) / "fwd", Path(tmp) / "rev"
            aligner = eflomal.Aligner(n_samplers=self.samplers, rel_iterations=self.rel_iterations)
            aligner.align([s + "\n" for s, _ in lines], [t + "\n" for _, t in lines],
                          links_filename_fwd=str(forward), links_filename_rev=str(reverse))
            forward_links, reverse_links = _read_links(forward), _read_links(reverse)
        result = []
        for (source, target), fwd, rev in zip(wanted, forward_links, reverse_links, strict=False):
            links = grow_diag_final_and(fwd, rev)
            result.append(frozenset((i, j) for i, j in links
                                    if i < len(source) and j < len(target)))
        return result


METHODS = ("positional", "eflomal")


def make_aligner(method: str, training: Sequence[TokenPair] = ()) -> WordAligner:
    if method == "positional":
        return PositionalAligner()
    if method == "eflomal":
        return EflomalAligner(training)
    raise AlignerError(f"unknown alignment method {method!r} (methods: {', '.join(METHODS)})")
