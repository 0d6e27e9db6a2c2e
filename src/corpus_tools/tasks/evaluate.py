"""The official scorer: predictions against the corpus's final annotations, per task, per
language and overall, every score with a signature in the sacrebleu style
(``task:…|metric:…|lang:…|texts:…|data:<build data hash>|tool:<version>``).

Every annotated text can be scored: the originals (the default), the translations (each
reference translation's target text with its own adjudicated annotation), or all of them;
``lang`` is the language of the scored texts and ``texts`` names the selection.

Metrics (matching and F1 are :mod:`corpus_tools.scoring`'s, as in ``agreement``):

- ``ner``: strict entity F1 (boundaries and label, as conlleval/seqeval);
- ``claims``: span F1 exact and overlap; accuracy and Cohen's kappa of kind, checkworthy
  and author_stance over the exactly matched claims;
- ``attributions``: F1 exact and overlap of each role (source, cue, content); accuracy and
  kappa of source_type and quote_type over attributions matched by cue overlap;
- ``checkworthiness``: positive-class F1 and accuracy of ``has_checkworthy_claim`` per
  sentence (a sentence without a predicted label counts as predicted negative).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus_tools import __version__
from corpus_tools.agreement import Agreement, compare
from corpus_tools.hashing import sha256_file
from corpus_tools.io.annotated import AnnotatedText, iter_annotated
from corpus_tools.io.dataset import data_hash
from corpus_tools.labels import LANGUAGES
from corpus_tools.model import Attribution, Claim, EntityMention, Provenance, SpanFile
from corpus_tools.scoring import F1, Kappa, binary_f1, exact_pairs
from corpus_tools.tasks import DEFAULT_SELECTION, SELECTIONS, TASKS
from corpus_tools.tasks.predictions import Predicted, PredictionError, Predictions
from corpus_tools.tasks.sentences import sentence_labels
from corpus_tools.wire import closed_attributes

OVERALL = "all"
CHECKWORTHY_LABEL = "has_checkworthy_claim"


@dataclass(frozen=True)
class Score:
    task: str
    metric: str
    language: str  # en, nl or all
    value: float | None
    detail: dict[str, Any] = field(default_factory=dict, hash=False)

    def signature(self, data: str, texts: str = DEFAULT_SELECTION) -> str:
        return (f"task:{self.task}|metric:{self.metric}|lang:{self.language}|texts:{texts}|"
                f"data:{data}|tool:{__version__}")


@dataclass(frozen=True)
class Evaluation:
    data: str  # the build data hash the reference was read with
    texts: tuple[str, ...]  # ids of the scored texts
    scores: tuple[Score, ...]
    warnings: tuple[str, ...] = ()
    selection: str = DEFAULT_SELECTION

    def get(self, task: str, metric: str, language: str = OVERALL) -> float | None:
        return next(s.value for s in self.scores
                    if (s.task, s.metric, s.language) == (task, metric, language))

    def to_json(self) -> dict[str, Any]:
        return {"data": self.data, "selection": self.selection, "texts": list(self.texts),
                "warnings": list(self.warnings),
                "scores": [{"task": s.task, "metric": s.metric, "language": s.language,
                            "value": s.value, **s.detail,
                            "signature": s.signature(self.data, self.selection)}
                           for s in self.scores]}


def reference_texts(root: Path, selection: str = DEFAULT_SELECTION) -> dict[str, AnnotatedText]:
    """The annotated texts of a selection (originals, translations or all), by text id."""
    kinds = SELECTIONS[selection]
    return {text.text_id: text for annotated in iter_annotated(root)
            for text in annotated.texts if text.kind in kinds}


def reference_data(root: Path) -> str:
    """The data part of the build signature: which annotations the scores are against."""
    return data_hash(root, sha256_file)[:16]


def _f1_scores(task: str, metric: str, language: str, f1: F1) -> list[Score]:
    return [Score(task, metric, language, f1.f1, f1.to_json())]


def _kappa_scores(task: str, name: str, language: str, kappa: Kappa) -> list[Score]:
    """Accuracy and kappa of an attribute over the matched items whose reference sets it
    (an optional attribute that no reference sets is not scored)."""
    kappa = Kappa(tuple(pair for pair in kappa.pairs if pair[0] != str(None)))
    if not kappa.pairs:
        return []
    detail = {"n": len(kappa.pairs)}
    return [Score(task, f"{name}-accuracy", language, kappa.observed, detail),
            Score(task, f"{name}-kappa", language, kappa.kappa, detail)]


def _as_span_file(doc_id: str, predicted: Predicted) -> SpanFile:
    return SpanFile(doc_id, "", Provenance("single-pass"), entities=predicted.entities,
                    claims=predicted.claims, attributions=predicted.attributions)


def _entity_f1(reference: Sequence[EntityMention], predicted: Sequence[EntityMention]) -> F1:
    matched = exact_pairs(reference, predicted, lambda e: e.span, label=lambda e: e.label)
    return F1(len(matched), len(reference), len(predicted))


def _checkworthiness(reference: AnnotatedText, predicted: Predicted) -> tuple[F1, Kappa]:
    gold = sentence_labels(reference.segments, reference.spans.claims,
                           reference.spans.attributions)
    truth = [s.has_checkworthy_claim for s in gold]
    guess = [bool(predicted.sentences.get(s.segment.id, {}).get(CHECKWORTHY_LABEL, False))
             for s in gold]
    return binary_f1(truth, guess), Kappa(tuple((str(t), str(g))
                                                for t, g in zip(truth, guess, strict=True)))


def _score_group(tasks: Sequence[str], language: str, docs: Sequence[AnnotatedText],
                 predictions: Mapping[str, Predicted]) -> list[Score]:
    pairs = [(d.spans, _as_span_file(d.doc_id, predictions.get(d.text_id, Predicted())))
             for d in docs]
    agreement: Agreement = compare(pairs)
    scores: list[Score] = []
    builders: dict[str, Callable[[], None]] = {}

    def ner() -> None:
        total = sum((_entity_f1(a.entities, b.entities) for a, b in pairs), F1(0, 0, 0))
        scores.extend(_f1_scores("ner", "entity-f1", language, total))

    def claims() -> None:
        layer = agreement.claims
        scores.extend(_f1_scores("claims", "span-f1-exact", language, layer.exact))
        scores.extend(_f1_scores("claims", "span-f1-overlap", language, layer.overlap))
        for name in closed_attributes(Claim):
            scores.extend(_kappa_scores("claims", name, language,
                                        layer.attributes.get(name, Kappa())))

    def attributions() -> None:
        for role in ("source", "cue", "content"):
            layer = agreement.roles[role]
            scores.extend(_f1_scores("attributions", f"{role}-f1-exact", language, layer.exact))
            scores.extend(_f1_scores("attributions", f"{role}-f1-overlap", language,
                                     layer.overlap))
        for name in closed_attributes(Attribution):
            scores.extend(_kappa_scores("attributions", name, language,
                                        agreement.attributions.attributes.get(name, Kappa())))

    def checkworthiness() -> None:
        f1, kappa = F1(0, 0, 0), Kappa()
        for doc in docs:
            more_f1, more_kappa = _checkworthiness(
                doc, predictions.get(doc.text_id, Predicted()))
            f1, kappa = f1 + more_f1, kappa + more_kappa
        scores.extend(_f1_scores("checkworthiness", "checkworthy-f1", language, f1))
        scores.append(Score("checkworthiness", "accuracy", language, kappa.observed,
                            {"n": len(kappa.pairs)}))

    builders.update(ner=ner, claims=claims, attributions=attributions,
                    checkworthiness=checkworthiness)
    for task in tasks:
        builders[task]()
    return scores


def evaluate(references: Mapping[str, AnnotatedText], predictions: Predictions, data: str,
             tasks: Sequence[str] | None = None,
             selection: str = DEFAULT_SELECTION) -> Evaluation:
    """Score ``predictions`` against ``references`` (the texts of ``selection``)."""
    wanted = [t for t in TASKS if t in (tasks or predictions.tasks)]
    missing = [t for t in wanted if t not in predictions.tasks]
    if missing:
        raise PredictionError(f"the predictions hold no {', '.join(missing)} predictions")
    scored = sorted(predictions.texts if predictions.texts is not None else references)
    warnings = [f"{text_id}: no predictions; scored as predicting nothing"
                for text_id in scored if text_id not in predictions.by_text]
    if predictions.left_out:
        warnings.append(f"{predictions.left_out} rows or span files predict texts outside "
                        f"the selection ({selection}); left out (choose with --texts)")
    docs = [references[d] for d in scored]
    scores: list[Score] = []
    for language in (*LANGUAGES, OVERALL):
        group = [d for d in docs if language in (OVERALL, d.language)]
        if group:
            scores += _score_group(wanted, language, group, predictions.by_text)
    order = {t: i for i, t in enumerate(TASKS)}
    scores.sort(key=lambda s: order[s.task])  # stable: languages stay in order per metric
    return Evaluation(data, tuple(scored), tuple(scores), tuple(warnings), selection)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_text(evaluation: Evaluation) -> str:
    lines = [f"texts ({evaluation.selection}): {', '.join(evaluation.texts)}"]
    lines += [f"warning: {w}" for w in evaluation.warnings]
    for s in evaluation.scores:
        counts = (f" ({s.detail['matched']}/{s.detail['reference']} ref, "
                  f"{s.detail['predicted']} pred)" if "matched" in s.detail else
                  f" (n={s.detail['n']})" if "n" in s.detail else "")
        lines.append(f"{s.task:<16} {s.metric:<24} {s.language:<4} {_fmt(s.value):>6}"
                     f"{counts:<26} {s.signature(evaluation.data, evaluation.selection)}")
    return "\n".join(lines) + "\n"


def format_json(evaluation: Evaluation) -> str:
    return json.dumps(evaluation.to_json(), indent=2, ensure_ascii=False) + "\n"
