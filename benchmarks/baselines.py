"""Baselines for every task, over the leave-one-document-out folds, scored by
``corpus-tools evaluate``'s library; and how much of the final annotation
``corpus-tools suggest`` would have pre-annotated.

    python -m benchmarks.baselines [--root .] [--write]

prints the tables; ``--write`` also puts them into README.md ("Tasks and baselines") and
benchmarks/RESULTS.md. Needs scikit-learn (the ``baselines`` extra) for the
check-worthiness classifier; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from corpus_tools import __version__
from corpus_tools.export.generated import replace_block
from corpus_tools.io.annotated import AnnotatedText
from corpus_tools.io.corpus import load_registry
from corpus_tools.io.yamlio import atomic_write
from corpus_tools.model import Claim, Registry, Span
from corpus_tools.predict.cues import attribute
from corpus_tools.predict.gazetteer import Gazetteer, mention_entries, registry_entries
from corpus_tools.scoring import F1, exact_pairs
from corpus_tools.tasks.evaluate import Evaluation, evaluate, reference_data, reference_texts
from corpus_tools.tasks.folds import Fold, leave_one_document_out
from corpus_tools.tasks.predictions import Predicted, Predictions
from corpus_tools.tasks.sentences import sentence_labels

#: A baseline: (name, task, predict the test document from the training documents).
Predictor = Callable[[AnnotatedText, Sequence[AnnotatedText], Registry], Predicted]
SEED = 0


def all_o(test: AnnotatedText, train: Sequence[AnnotatedText], registry: Registry) -> Predicted:
    return Predicted()


def gazetteer(test: AnnotatedText, train: Sequence[AnnotatedText],
              registry: Registry) -> Predicted:
    """Surface forms of the training documents' mentions, and every name of the registry
    entries they link to: nothing from the test document."""
    linked = {e.entity for d in train for e in d.spans.entities if e.entity}
    entries = mention_entries(d.spans for d in train) + registry_entries(registry, linked)
    return Predicted(entities=Gazetteer.build(entries).tag(test.text))


def sentence_claims(test: AnnotatedText, train: Sequence[AnnotatedText],
                    registry: Registry) -> Predicted:
    """Every sentence is one claim, with the training folds' majority attributes."""
    claims = [c for d in train for c in d.spans.claims]

    def majority(get: Callable[[Claim], object]) -> object:
        return Counter(get(c) for c in claims).most_common(1)[0][0]

    kind, worthy, stance = (majority(lambda c: c.kind), majority(lambda c: c.checkworthy),
                            majority(lambda c: c.author_stance))
    found: list[Claim] = []
    for segment in test.segments:
        end = segment.end
        while end > segment.start and test.text[end - 1] in " .!?…":
            end -= 1
        if end > segment.start:
            found.append(Claim(f"c{len(found) + 1}", Span(segment.start, end,
                                                          test.text[segment.start:end]),
                               str(kind), bool(worthy), str(stance)))
    return Predicted(claims=tuple(found))


def _sentences(docs: Sequence[AnnotatedText]) -> tuple[list[str], list[bool]]:
    texts, labels = [], []
    for doc in docs:
        for s in sentence_labels(doc.segments, doc.spans.claims,
                                 doc.spans.attributions):
            texts.append(s.segment.text)
            labels.append(s.has_checkworthy_claim)
    return texts, labels


def _labelled(test: AnnotatedText, predicted: Sequence[bool]) -> Predicted:
    ids = [s.id for s in test.segments]
    return Predicted(sentences={i: {"has_checkworthy_claim": bool(p)}
                                for i, p in zip(ids, predicted, strict=True)})


def majority_sentence(test: AnnotatedText, train: Sequence[AnnotatedText],
                      registry: Registry) -> Predicted:
    _, labels = _sentences(train)
    majority = Counter(labels).most_common(1)[0][0]
    return _labelled(test, [majority] * len(test.segments))


def tfidf_logistic(test: AnnotatedText, train: Sequence[AnnotatedText],
                   registry: Registry) -> Predicted:
    """Character 2–5-gram TF-IDF (both languages share one model) and a class-balanced
    logistic regression, trained on the fold's training sentences."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    texts, labels = _sentences(train)
    model = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        LogisticRegression(class_weight="balanced", max_iter=2000, random_state=SEED))
    model.fit(texts, labels)
    return _labelled(test, list(model.predict([s.text for s in test.segments])))


def cue_lexicon(test: AnnotatedText, train: Sequence[AnnotatedText],
                registry: Registry) -> Predicted:
    return Predicted(attributions=attribute(test.text, test.segments,
                                            test.language))


BASELINES: tuple[tuple[str, str, Predictor], ...] = (
    ("all-O", "ner", all_o),
    ("gazetteer (training folds)", "ner", gazetteer),
    ("sentence = claim, majority attributes", "claims", sentence_claims),
    ("majority class", "checkworthiness", majority_sentence),
    ("TF-IDF + logistic regression", "checkworthiness", tfidf_logistic),
    ("cue lexicon + sentence rules", "attributions", cue_lexicon),
)
#: The metrics the table shows, per task.
SHOWN = {
    "ner": ("entity-f1",),
    "claims": ("span-f1-exact", "span-f1-overlap", "checkworthy-accuracy"),
    "checkworthiness": ("checkworthy-f1", "accuracy"),
    "attributions": ("source-f1-exact", "cue-f1-exact", "content-f1-exact",
                     "content-f1-overlap", "source_type-accuracy"),
}


def run_baseline(predict: Predictor, task: str, references: Mapping[str, AnnotatedText],
                 folds: Sequence[Fold], registry: Registry, data: str) -> Evaluation:
    """Each fold predicts its test document; the pooled predictions are scored at once."""
    by_doc = {}
    for fold in folds:
        train = [references[d] for d in fold.train]
        for doc_id in fold.test:
            by_doc[doc_id] = predict(references[doc_id], train, registry)
    return evaluate(references, Predictions(by_doc, (task,)), data)


def suggestion_coverage(references: Mapping[str, AnnotatedText],
                        registry: Registry) -> dict[str, F1]:
    """What ``suggest`` would have proposed for each document with a registry of the other
    documents' entries only, against the final annotations (exact spans; entities with
    their label)."""
    totals = {"entities": F1(0, 0, 0), "attribution spans": F1(0, 0, 0)}
    for doc_id, doc in references.items():
        others = {e.entity for d, other in references.items() if d != doc_id
                  for e in other.spans.entities if e.entity}
        entities = Gazetteer.build(registry_entries(registry, others)).tag(doc.text)
        matched = exact_pairs(doc.spans.entities, entities, lambda e: e.span,
                              label=lambda e: e.label)
        totals["entities"] += F1(len(matched), len(doc.spans.entities), len(entities))
        suggested = attribute(doc.text, doc.segments, doc.language)
        for role in ("source", "cue", "content"):
            gold = [s for a in doc.spans.attributions for r, s in a.roles() if r == role]
            guess = [s for a in suggested for r, s in a.roles() if r == role]
            totals["attribution spans"] += F1(len(exact_pairs(gold, guess, lambda s: s)),
                                              len(gold), len(guess))
    return totals


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def tables(root: Path) -> str:
    references = reference_texts(root)
    registry = load_registry(root)
    data = reference_data(root)
    folds = leave_one_document_out(list(references))
    lines = [
        f"Leave-one-document-out over {len(folds)} folds; each fold's predictions for its "
        "test document, pooled, scored by `corpus-tools evaluate`. Reproduce with "
        "`python -m benchmarks.baselines`.",
        "",
        f"Signature of every score: `task:<task>|metric:<metric>|lang:<en, nl or all>|"
        f"texts:originals|data:{data}|tool:{__version__}`.",
        "",
        "| baseline | task | metric | en | nl | all |",
        "|---|---|---|---:|---:|---:|",
    ]
    for name, task, predict in BASELINES:
        result = run_baseline(predict, task, references, folds, registry, data)
        for metric in SHOWN[task]:
            values = [_fmt(result.get(task, metric, lang)) for lang in ("en", "nl", "all")]
            lines.append(f"| {name} | `{task}` | {metric} | {' | '.join(values)} |")
    lines += [
        "",
        "No off-the-shelf NER model is among the baselines: no package on the registries "
        "we can reach ships spaCy, Flair or GLiNER weights from their authors (the wheels "
        "on PyPI that carry `en_core_web_sm` are re-uploads by third parties, whose "
        "provenance we cannot check, and there is none for Dutch).",
        "",
        "`corpus-tools suggest` on each document with a registry of the other four "
        "documents' entries only (exact spans; entities with their label):",
        "",
        "| layer | final spans | suggested | final spans suggested | suggestions wrong |",
        "|---|---:|---:|---:|---:|",
    ]
    for layer, f1 in suggestion_coverage(references, registry).items():
        wrong = None if f1.precision is None else 1 - f1.precision
        lines.append(f"| {layer} | {f1.reference} | {f1.predicted} | {_fmt(f1.recall)} | "
                     f"{_fmt(wrong)} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=".", type=Path)
    parser.add_argument("--write", action="store_true",
                        help="write the tables into README.md and benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    text = tables(args.root)
    print(text)
    if args.write:
        for path in (args.root / "README.md", args.root / "benchmarks" / "RESULTS.md"):
            atomic_write(path, replace_block(path.read_text(encoding="utf-8"), "baselines",
                                             text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
