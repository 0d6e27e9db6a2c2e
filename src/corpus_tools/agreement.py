"""Inter-annotator agreement between two annotation sets of the same documents.

Per layer: exact-match and overlap span F1 (one set as reference, the other as
prediction; F1 is symmetric), and Cohen's kappa of categorical attributes over the
spans matched exactly. Attributions are compared role by role (source, cue, content),
and matched by their cue span for the attribute agreement.

Overlap matching is one-to-one and greedy: candidate pairs are taken in order of
decreasing overlap length, then position.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from corpus_tools.checks.structure import parse_yaml_file
from corpus_tools.io.spanfile import span_file_from_data
from corpus_tools.layout import Layout
from corpus_tools.model import Span, SpanFile

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
    annotators used a single identical label throughout: chance agreement is 1)."""

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


def _key(span: Span) -> tuple[int, int]:
    return span.start, span.end


def exact_pairs(a: Sequence[T], b: Sequence[T], span: Callable[[T], Span]) -> list[tuple[T, T]]:
    by_key: dict[tuple[int, int], list[T]] = {}
    for item in b:
        by_key.setdefault(_key(span(item)), []).append(item)
    pairs = []
    for item in a:
        candidates = by_key.get(_key(span(item)))
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


@dataclass
class LayerAgreement:
    exact: F1 = F1(0, 0, 0)
    overlap: F1 = F1(0, 0, 0)
    attributes: dict[str, Kappa] = field(default_factory=dict)

    def add_attributes(self, pairs: Iterable[tuple[Any, Any]],
                       getters: dict[str, Callable[[Any], object]]) -> None:
        pairs = list(pairs)
        for name, get in getters.items():
            kappa = Kappa(tuple((str(get(x)), str(get(y))) for x, y in pairs))
            self.attributes[name] = self.attributes.get(name, Kappa()) + kappa

    def to_json(self) -> dict[str, Any]:
        return {"exact": self.exact.to_json(), "overlap": self.overlap.to_json(),
                "attributes": {k: v.to_json() for k, v in self.attributes.items()}}


def _f1(a: Sequence[T], b: Sequence[T], span: Callable[[T], Span],
        match: Callable[[Sequence[T], Sequence[T], Callable[[T], Span]], list[tuple[T, T]]]) -> F1:
    return F1(len(match(a, b, span)), len(a), len(b))


@dataclass(frozen=True)
class Disagreement:
    """One difference between the two sets, for the adjudicator: ``what`` is
    only-in-a, only-in-b, boundary, or the name of a differing attribute."""

    doc_id: str
    layer: str
    what: str
    a: str | None
    b: str | None

    def __str__(self) -> str:
        return f"{self.doc_id} {self.layer} {self.what}: A {self.a or '-'} | B {self.b or '-'}"


def _describe(item: Any) -> str:
    span = item.span if hasattr(item, "span") else item.cue
    label = getattr(item, "label", None) or getattr(item, "kind", None) or item.source_type
    return f"{item.id} {label} {span.text!r} [{span.start},{span.end})"


def _differences(doc_id: str, layer: str, a: Sequence[Any], b: Sequence[Any],
                 span: Callable[[Any], Span],
                 getters: dict[str, Callable[[Any], object]]) -> list[Disagreement]:
    """Exact matches compared attribute by attribute; the rest paired by overlap as
    boundary differences, and what is left is only in one set."""
    found: list[Disagreement] = []
    exact = exact_pairs(a, b, span) if layer != "attributions" else []
    matched_a = {id(x) for x, _ in exact}
    matched_b = {id(y) for _, y in exact}
    rest_a = [x for x in a if id(x) not in matched_a]
    rest_b = [y for y in b if id(y) not in matched_b]
    fuzzy = overlap_pairs(rest_a, rest_b, span)
    for x, y in exact + fuzzy:
        if _key(span(x)) != _key(span(y)):
            found.append(Disagreement(doc_id, layer, "boundary", _describe(x), _describe(y)))
        for name, get in getters.items():
            if get(x) != get(y):
                found.append(Disagreement(doc_id, layer, name, f"{x.id} {get(x)}",
                                          f"{y.id} {get(y)}"))
    paired_a = matched_a | {id(x) for x, _ in fuzzy}
    paired_b = matched_b | {id(y) for _, y in fuzzy}
    found += [Disagreement(doc_id, layer, "only-in-a", _describe(x), None)
              for x in a if id(x) not in paired_a]
    found += [Disagreement(doc_id, layer, "only-in-b", None, _describe(y))
              for y in b if id(y) not in paired_b]
    return found


def _role_text(role: str) -> Callable[[Any], object]:
    def get(attribution: Any) -> object:
        span = dict(attribution.roles()).get(role)
        return None if span is None else f"{span.text!r} [{span.start},{span.end})"
    return get


ENTITY_ATTRIBUTES: dict[str, Callable[[Any], object]] = {"label": lambda e: e.label}
CLAIM_ATTRIBUTES: dict[str, Callable[[Any], object]] = {
    "kind": lambda c: c.kind, "checkworthy": lambda c: c.checkworthy,
    "author_stance": lambda c: c.author_stance}
ATTRIBUTION_ATTRIBUTES: dict[str, Callable[[Any], object]] = {
    "source_type": lambda x: x.source_type, "quote_type": lambda x: x.quote_type,
    "has_parent": lambda x: x.parent is not None}


@dataclass
class Agreement:
    documents: list[str] = field(default_factory=list)
    entities: LayerAgreement = field(default_factory=LayerAgreement)
    claims: LayerAgreement = field(default_factory=LayerAgreement)
    attributions: LayerAgreement = field(default_factory=LayerAgreement)
    roles: dict[str, LayerAgreement] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)

    def add(self, a: SpanFile, b: SpanFile) -> None:
        text_id = a.text.text_id  # an original's doc id, or a translation's text id
        self.documents.append(text_id)
        span_of: Callable[[Any], Span] = lambda item: item.span  # noqa: E731
        cue_of: Callable[[Any], Span] = lambda x: x.cue  # noqa: E731
        self.disagreements += _differences(text_id, "entities", a.entities, b.entities,
                                           span_of, ENTITY_ATTRIBUTES)
        self.disagreements += _differences(text_id, "claims", a.claims, b.claims, span_of,
                                           CLAIM_ATTRIBUTES)
        self.disagreements += _differences(
            text_id, "attributions", a.attributions, b.attributions, cue_of,
            {**ATTRIBUTION_ATTRIBUTES, "source": _role_text("source"),
             "content": _role_text("content")})
        for layer, left, right, getters in (
            (self.entities, a.entities, b.entities, ENTITY_ATTRIBUTES),
            (self.claims, a.claims, b.claims, CLAIM_ATTRIBUTES),
        ):
            layer.exact += _f1(left, right, span_of, exact_pairs)
            layer.overlap += _f1(left, right, span_of, overlap_pairs)
            layer.add_attributes(exact_pairs(left, right, span_of), getters)
        for role in ("source", "cue", "content"):
            left_spans = [s for x in a.attributions for r, s in x.roles() if r == role]
            right_spans = [s for x in b.attributions for r, s in x.roles() if r == role]
            agreement = self.roles.setdefault(role, LayerAgreement())
            agreement.exact += _f1(left_spans, right_spans, lambda s: s, exact_pairs)
            agreement.overlap += _f1(left_spans, right_spans, lambda s: s, overlap_pairs)
        self.attributions.exact += _f1(a.attributions, b.attributions, cue_of, exact_pairs)
        self.attributions.overlap += _f1(a.attributions, b.attributions, cue_of, overlap_pairs)
        self.attributions.add_attributes(
            overlap_pairs(a.attributions, b.attributions, cue_of), ATTRIBUTION_ATTRIBUTES)

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "entities": self.entities.to_json(),
            "claims": self.claims.to_json(),
            "attributions": {**self.attributions.to_json(),
                             "roles": {k: v.to_json() for k, v in self.roles.items()}},
            "disagreements": [vars(d) for d in self.disagreements],
        }


def compare(pairs: Iterable[tuple[SpanFile, SpanFile]]) -> Agreement:
    agreement = Agreement()
    for a, b in pairs:
        agreement.add(a, b)
    return agreement


class AgreementError(Exception):
    """A set that cannot be compared, with a one-line reason."""


def load_set(root: Path, name_or_dir: str) -> dict[str, SpanFile]:
    """Span files of an annotation set, by doc id: a set name (``spans``, a pass under
    annotations/passes) or a directory of span files."""
    layout = Layout(root)
    directory = Path(name_or_dir)
    if not directory.is_dir():
        if name_or_dir not in layout.annotation_sets():
            raise AgreementError(f"{name_or_dir}: neither a directory nor an annotation set "
                                 f"(sets: {', '.join(layout.annotation_sets())})")
        directory = layout.set_dir(name_or_dir)
    files: dict[str, SpanFile] = {}
    for path in sorted(directory.glob("*.yaml")):
        data, issues = parse_yaml_file(path.read_bytes(), "spans")
        if issues:
            raise AgreementError(f"{path}: not a valid span file; run `corpus-tools validate`")
        files[path.stem] = span_file_from_data(data)
    return files


def compare_sets(root: Path, a: str, b: str) -> Agreement:
    left, right = load_set(root, a), load_set(root, b)
    shared = sorted(set(left) & set(right))
    if not shared:
        raise AgreementError(f"{a} and {b} have no document in common")
    return compare((left[doc], right[doc]) for doc in shared)


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.3f}"


def format_text(agreement: Agreement, *, disagreements: bool = False) -> str:
    header = f"{'layer':<24} {'exact F1':>8} {'overlap F1':>10}   attributes: kappa (observed; n)"
    lines = [f"documents: {', '.join(agreement.documents)}", "", header]

    def row(name: str, layer: LayerAgreement) -> None:
        attributes = "; ".join(
            f"{k} {_fmt(v.kappa)} ({_fmt(v.observed)}; {len(v.pairs)})"
            for k, v in layer.attributes.items())
        lines.append(f"{name:<24} {_fmt(layer.exact.f1):>8} {_fmt(layer.overlap.f1):>10}   "
                     f"{attributes}")

    row("entities", agreement.entities)
    row("claims", agreement.claims)
    row("attributions (by cue)", agreement.attributions)
    for role, layer in agreement.roles.items():
        row(f"  attribution {role}", layer)
    lines.append(f"\n{len(agreement.disagreements)} disagreements"
                 + ("" if disagreements else " (list them with --disagreements)"))
    if disagreements:
        lines += [str(d) for d in agreement.disagreements]
    return "\n".join(lines) + "\n"
