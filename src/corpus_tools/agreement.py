"""Inter-annotator agreement between two annotation sets of the same documents.

Per layer: exact-match and overlap span F1 (one set as reference, the other as
prediction; F1 is symmetric), and Cohen's kappa of categorical attributes over the
spans matched exactly. Attributions are compared role by role (source, cue, content),
and matched by their cue span for the attribute agreement. Matching and the scores are
:mod:`corpus_tools.scoring`'s, the same ``evaluate`` uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

from corpus_tools.io.spanfile import span_file_from_data
from corpus_tools.io.yamlfile import read_valid
from corpus_tools.layout import Layout
from corpus_tools.model import Attribution, Claim, EntityMention, Span, SpanFile
from corpus_tools.scoring import F1, Kappa, exact_pairs, overlap_pairs, span_f1
from corpus_tools.wire import closed_attributes

__all__ = ["F1", "Agreement", "Kappa", "compare", "compare_sets", "exact_pairs",
           "overlap_pairs"]


@dataclass
class LayerAgreement:
    exact: F1 = field(default_factory=lambda: F1(0, 0, 0))
    overlap: F1 = field(default_factory=lambda: F1(0, 0, 0))
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
        if (span(x).start, span(x).end) != (span(y).start, span(y).end):
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


def _closed(item_class: type) -> dict[str, Callable[[Any], object]]:
    return {name: attrgetter(name) for name in closed_attributes(item_class)}


#: What kappa is computed on: each layer's attributes with a closed set of values (as the
#: model declares them), and whether an attribution is nested.
ENTITY_ATTRIBUTES = _closed(EntityMention)
CLAIM_ATTRIBUTES = _closed(Claim)
ATTRIBUTION_ATTRIBUTES = {**_closed(Attribution),
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
            layer.exact += span_f1(left, right, span_of, exact_pairs)
            layer.overlap += span_f1(left, right, span_of, overlap_pairs)
            layer.add_attributes(exact_pairs(left, right, span_of), getters)
        for role in ("source", "cue", "content"):
            left_spans = [s for x in a.attributions for r, s in x.roles() if r == role]
            right_spans = [s for x in b.attributions for r, s in x.roles() if r == role]
            agreement = self.roles.setdefault(role, LayerAgreement())
            agreement.exact += span_f1(left_spans, right_spans, lambda s: s, exact_pairs)
            agreement.overlap += span_f1(left_spans, right_spans, lambda s: s, overlap_pairs)
        self.attributions.exact += span_f1(a.attributions, b.attributions, cue_of, exact_pairs)
        self.attributions.overlap += span_f1(a.attributions, b.attributions, cue_of, overlap_pairs)
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
        data = read_valid(path.read_bytes(), "spans")
        if data is None:
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
