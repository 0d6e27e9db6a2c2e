"""Tasks, folds, the scorer (`corpus-tools evaluate`), the predictors, the baselines and
`corpus-tools suggest`, on hand-made cases with answers computed by hand."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from benchmarks import baselines
from label_studio_sdk.label_interface import LabelInterface

from conftest import tree_digest
from corpus_tools import agreement, scoring
from corpus_tools.add import add_document
from corpus_tools.checks.runner import validate
from corpus_tools.cli import main
from corpus_tools.export.generated import read_block
from corpus_tools.export.rows import folds, ner, sentences
from corpus_tools.io.annotated import annotate
from corpus_tools.io.corpus import load_document, load_registry
from corpus_tools.predict.cues import attribute
from corpus_tools.predict.gazetteer import Gazetteer
from corpus_tools.suggest import SuggestError, suggest
from corpus_tools.tasks.evaluate import _kappa_scores, evaluate, reference_data, reference_texts
from corpus_tools.tasks.folds import leave_one_document_out
from corpus_tools.tasks.predictions import PredictionError, read_predictions

REPO = Path(__file__).resolve().parents[1]


def test_agreement_and_evaluate_share_one_implementation() -> None:
    assert agreement.F1 is scoring.F1 and agreement.Kappa is scoring.Kappa
    assert agreement.exact_pairs is scoring.exact_pairs
    assert agreement.overlap_pairs is scoring.overlap_pairs


def test_bio_chunks_follow_conlleval() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-ORG", "I-PER", "O", "B-X"]
    # an I- after O or after another type starts a chunk (conlleval), it is not dropped
    assert scoring.bio_chunks(tags) == [(0, 2, "PER"), (3, 5, "LOC"), (5, 6, "ORG"),
                                        (6, 7, "PER"), (8, 9, "X")]
    gold = ["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG"]
    guess = ["B-PER", "I-PER", "O", "B-ORG", "O", "B-ORG", ]
    # by hand: PER and the second ORG match; LOC is mislabelled: P = R = F1 = 2/3
    matched = set(scoring.bio_chunks(gold)) & set(scoring.bio_chunks(guess))
    assert len(matched) == 2


def test_folds_leave_one_document_out() -> None:
    result = leave_one_document_out(["b", "a", "c"])
    assert [(f.name, f.test, f.train) for f in result] == [
        ("a", ("a",), ("b", "c")), ("b", ("b",), ("a", "c")), ("c", ("c",), ("a", "b"))]


@pytest.fixture
def base(make_corpus: Callable[[str | None], Path]) -> Path:
    return make_corpus(None)


def test_sentences_and_folds_rows(base: Path) -> None:
    doc = annotate(base, load_document(base, "demo-en"))
    rows = [r for r in sentences(doc, load_registry(base)) if r["text_kind"] == "original"]
    assert [r["sentence_id"] for r in rows] == ["s1", "s2", "s3", "s4"]  # negatives included
    assert [r["has_claim"] for r in rows] == [True, True, True, True]
    assert [r["has_checkworthy_claim"] for r in rows] == [True, True, True, False]
    assert [r["has_attribution"] for r in rows] == [True, True, True, False]
    assert all(doc.original.text[r["start"]:r["end"]] == r["text"] for r in rows)
    assert list(folds(doc, load_registry(base))) == [
        {"doc_id": "demo-en", "language": "en", "fold": "demo-en"}]


def _jsonl(path: Path, rows: list[dict]) -> Path:  # type: ignore[type-arg]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _score(base: Path, path: Path, task: str, metric: str, lang: str = "en") -> float | None:
    references = reference_texts(base)
    result = evaluate(references, read_predictions(base, str(path), references),
                      reference_data(base))
    assert result.texts == ("demo-en", "demo-nl")
    return result.get(task, metric, lang)


def test_reference_as_predictions_scores_one_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    references = reference_texts(REPO)
    sources = ["spans", *(str(REPO / "data" / c / "test-00000-of-00001.parquet")
                          for c in ("ner", "claims", "attributions", "sentences"))]
    for source in sources:
        result = evaluate(references, read_predictions(REPO, source, references),
                          reference_data(REPO))
        assert result.scores and {s.value for s in result.scores} == {1.0}, source
    assert main(["evaluate", "spans", "--root", str(REPO), "--format", "json"]) == 0
    scores = json.loads(capsys.readouterr().out)["scores"]
    assert {s["task"] for s in scores} == {"ner", "claims", "checkworthiness", "attributions"}
    data = reference_data(REPO)
    assert all(s["signature"] == f"task:{s['task']}|metric:{s['metric']}|lang:{s['language']}"
               f"|texts:originals|data:{data}|tool:0.1.0" for s in scores)


def test_perturbed_ner(base: Path, tmp_path: Path) -> None:
    doc = annotate(base, load_document(base, "demo-en"))
    rows = [r for r in ner(doc, load_registry(base)) if r["text_kind"] == "original"]
    tags = rows[0]["ner_tags"]
    tokens = rows[0]["tokens"]
    # "The New York Times" loses "The" (boundary error); "Monday" becomes TIME (label
    # error); an ill-formed I-GPE on "warships" is a spurious chunk.
    assert tokens[3:8] == ["The", "New", "York", "Times", "on"]
    tags[3:7] = ["O", "B-ORG", "I-ORG", "I-ORG"]
    assert tags[8] == "B-DATE"
    tags[8] = "B-TIME"
    tags[tokens.index("warships")] = "I-GPE"
    path = _jsonl(tmp_path / "ner.jsonl", rows)
    # by hand: 11 reference entities, 12 predicted, 9 right: F1 = 2*9 / (11 + 12)
    assert _score(base, path, "ner", "entity-f1") == pytest.approx(18 / 23)


def test_perturbed_claims(base: Path, tmp_path: Path) -> None:
    claims = {c.id: c for c in reference_texts(base)["demo-en"].spans.claims}

    def row(claim_id: str, **change: object) -> dict:  # type: ignore[type-arg]
        c = claims[claim_id]
        return {"doc_id": "demo-en", "start": c.span.start, "end": c.span.end,
                "kind": c.kind, "checkworthy": c.checkworthy,
                "author_stance": c.author_stance, **change}

    path = _jsonl(tmp_path / "claims.jsonl", [
        row("c1"), row("c2", end=claims["c2"].span.end - 1), row("c3", kind="event"),
        row("c5"), {"doc_id": "demo-en", "start": 0, "end": 12, "kind": "event",
                    "checkworthy": True, "author_stance": "asserted"}])
    # by hand: exact matches c1, c3, c5 (3 of 5 reference, 5 predicted): F1 0.6; overlap
    # adds c2: 0.8; kind right on 2 of the 3 exact matches; kind kappa: observed 2/3,
    # expected (2*3 + 1*0)/9 = 2/3, so 0.
    assert _score(base, path, "claims", "span-f1-exact") == pytest.approx(0.6)
    assert _score(base, path, "claims", "span-f1-overlap") == pytest.approx(0.8)
    assert _score(base, path, "claims", "kind-accuracy") == pytest.approx(2 / 3)
    assert _score(base, path, "claims", "kind-kappa") == pytest.approx(0.0)
    # demo-nl has no rows: scored as predicting nothing (recall 0), and said so
    assert _score(base, path, "claims", "span-f1-exact", "nl") == 0.0


def test_perturbed_attributions(base: Path, tmp_path: Path) -> None:
    items = {a.id: a for a in reference_texts(base)["demo-en"].spans.attributions}

    def span(s: object) -> dict:  # type: ignore[type-arg]
        return {"start": s.start, "end": s.end}  # type: ignore[attr-defined]

    def row(attribution_id: str, **change: object) -> dict:  # type: ignore[type-arg]
        a = items[attribution_id]
        return {"doc_id": "demo-en", "source": span(a.source), "cue": span(a.cue),
                "content": span(a.content), "source_type": a.source_type,
                "quote_type": a.quote_type, **change}

    content = items["a2"].content
    path = _jsonl(tmp_path / "attributions.jsonl", [
        row("a1"), row("a2", content={"start": content.start + 4, "end": content.end}),
        row("a4", source_type="anonymous")])
    # by hand: 4 reference attributions, 3 predicted; cue and source right on 3: 6/7;
    # content exact on 2: 4/7, overlapping on 3: 6/7; source_type right on 2 of 3
    assert _score(base, path, "attributions", "cue-f1-exact") == pytest.approx(6 / 7)
    assert _score(base, path, "attributions", "source-f1-exact") == pytest.approx(6 / 7)
    assert _score(base, path, "attributions", "content-f1-exact") == pytest.approx(4 / 7)
    assert _score(base, path, "attributions", "content-f1-overlap") == pytest.approx(6 / 7)
    assert _score(base, path, "attributions", "source_type-accuracy") == pytest.approx(2 / 3)


def test_perturbed_checkworthiness(base: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = _jsonl(tmp_path / "sentences.jsonl", [
        {"doc_id": "demo-en", "sentence_id": s, "has_checkworthy_claim": v}
        for s, v in (("s1", True), ("s2", False), ("s3", True), ("s4", True))])
    # by hand: reference T T T F, predicted T F T T: 2 true positives of 3 and 3:
    # F1 2/3; accuracy 2/4
    assert _score(base, path, "checkworthiness", "checkworthy-f1") == pytest.approx(2 / 3)
    assert _score(base, path, "checkworthiness", "accuracy") == pytest.approx(0.5)
    assert main(["evaluate", str(path), "--root", str(base)]) == 0
    out = capsys.readouterr().out
    assert "warning: demo-nl: no predictions" in out
    line = next(x for x in out.splitlines() if "checkworthy-f1" in x and " en " in x)
    assert "0.667" in line
    assert line.endswith(f"task:checkworthiness|metric:checkworthy-f1|lang:en|"
                         f"texts:originals|data:{reference_data(base)}|tool:0.1.0")


@pytest.mark.parametrize(("content", "message"), [
    ('{"doc_id": "nope", "sentence_id": "s1", "has_claim": true}\n',
     "rows.jsonl:1: unknown doc_id 'nope'"),
    ('\n{"doc_id": "demo-en", "start": 5, "end": 9999, "kind": "event"}\n',
     "rows.jsonl:2: claim: [5, 9999) outside the text of demo-en"),
    ('{"doc_id": "demo-en"}\n', "rows.jsonl: cannot tell the task from the columns"),
    ('{"text_id": "demo-en.nl.machine", "doc_id": "demo-en", "sentence_id": "s1", '
     '"has_claim": true}\n', "rows.jsonl:1: unknown text_id 'demo-en.nl.machine'"),
    ("not json\n", "rows.jsonl:1: not JSON"),
    ('{"doc_id": "demo-en", "start": 0, "end": 5, "kind": "evnt", "checkworthy": true, '
     '"author_stance": "asserted"}\n', "rows.jsonl:1: kind: 'evnt' is not in ClaimKind"),
    ('{"doc_id": "demo-en", "start": 0, "end": 5, "kind": "event", "checkworthy": true}\n',
     "rows.jsonl:1: missing column 'author_stance'"),
    ('{"doc_id": "demo-en", "cue": {"start": 0, "end": 5}, "content": {"start": 6, "end": 9}, '
     '"source": null, "source_type": "anonymous", "quote_type": 7}\n',
     "rows.jsonl:1: quote_type: 7 is not in QuoteType (direct, indirect, mixed)"),
    ('{"doc_id": "demo-en", "tokens": ["US"], "token_starts": [0], "token_ends": [2], '
     '"ner_tags": ["B-COUNTRY"]}\n', "rows.jsonl:1: ner_tags: 'COUNTRY' is not in EntityLabel"),
])
def test_bad_predictions_give_one_line(base: Path, tmp_path: Path, content: str, message: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(content, encoding="utf-8")
    assert main(["evaluate", str(path), "--root", str(base)]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    with pytest.raises(PredictionError):
        read_predictions(base, str(path), reference_texts(base))


def test_an_attribute_is_scored_where_the_reference_sets_it() -> None:
    """An optional attribute (None where unset) is scored over the items whose reference
    sets it; one that no reference sets yet gives no score rather than an undefined one."""
    unset = scoring.Kappa((("None", "low"), ("None", "None")))
    assert _kappa_scores("claims", "certainty", "en", unset) == []
    some = scoring.Kappa((("low", "low"), ("None", "high"), ("high", "low")))
    accuracy, kappa = _kappa_scores("claims", "certainty", "en", some)
    assert (accuracy.metric, accuracy.value, accuracy.detail) == (
        "certainty-accuracy", 0.5, {"n": 2})
    assert kappa.value == pytest.approx(0.0)


def test_gazetteer_longest_match_and_no_leakage(base: Path) -> None:
    gazetteer = Gazetteer.build([("New York", "GPE", None), ("The New York Times", "ORG", "t"),
                                 ("Times", "ORG", None)])
    found = gazetteer.tag("The New York Times and New York.")
    assert [(e.span.text, e.label, e.entity) for e in found] == [
        ("The New York Times", "ORG", "t"), ("New York", "GPE", None)]
    references = reference_texts(base)
    registry = load_registry(base)
    # "Reuters" is only in demo-en: the fold testing on demo-en must not know it
    predicted = baselines.gazetteer(references["demo-en"], [references["demo-nl"]], registry)
    assert "Reuters" not in {e.span.text for e in predicted.entities}
    trained_on_itself = baselines.gazetteer(references["demo-en"], [references["demo-en"]],
                                            registry)
    assert "Reuters" in {e.span.text for e in trained_on_itself.entities}


def test_cue_lexicon_reads_source_and_content(base: Path) -> None:
    found = []
    for doc in reference_texts(base).values():
        found += attribute(doc.text, doc.segments, doc.language)
    assert [(a.source.text if a.source else None, a.cue.text, a.content.text, a.source_type)
            for a in found] == [
        ("US officials", "told", "The New York Times on Monday that the Pentagon has sent 8 "
         "warships to the Caribbean", "named_person"),
        ("Reuters", "According to", "the ships carry more than 4,000 sailors", "named_person"),
        ("President Donald Trump", "said", "the operation targets drug cartels", "named_person"),
        ("de Miami Herald", "Volgens", "zeiden bronnen in Washington dat de aanval op "
         "Venezuela op handen is", "unnamed_group"),
        (None, "naar verluidt", "zeven oorlogsschepen naar het Caribisch gebied gestuurd",
         "unknown"),
        ("Nicolás Maduro", "verklaarde", "op dinsdag dat zijn land zich zal verdedigen tegen "
         "elke agressie van de Verenigde Staten", "named_person"),
    ]


def test_suggest_on_an_added_document(base: Path, tmp_path: Path) -> None:
    source = tmp_path / "nieuw.txt"
    source.write_text("Volgens de Verenigde Staten zei Donald Trump dat Venezuela een "
                      "bedreiging is. De regering in Caracas ontkende dat er schepen in het "
                      "Caribisch gebied liggen.\n", encoding="utf-8")
    added = add_document(base, source, "nl")
    final = tree_digest(base / "annotations" / "spans")
    out = tmp_path / "ls"
    result = suggest(base, [added.doc_id], labelstudio_dir=out)
    assert tree_digest(base / "annotations" / "spans") == final  # never the final set
    span_path = base / "annotations" / "passes" / "suggestions" / f"{added.doc_id}.yaml"
    assert span_path in result.written
    findings = [f for f in validate(base, use_cache=False).findings
                if "suggestions" in f.file and f.severity == "error"]
    assert findings == []
    assert result.counts[added.doc_id] == (4, 2)
    interface = LabelInterface((out / "labeling-config.xml").read_text(encoding="utf-8"))
    tasks = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    assert "annotations" not in tasks[0]
    prediction = tasks[0]["predictions"][0]
    assert prediction["model_version"].startswith("corpus-tools-suggest")
    assert interface.validate_prediction(prediction, return_errors=True) == []
    labels = {r["value"]["labels"][0] for r in prediction["result"] if r["type"] == "labels"}
    assert {"PERSON", "GPE", "LOC", "Cue", "Source", "Content"} <= labels
    # the validator can fail
    prediction["result"][0]["value"]["labels"] = ["NOT_A_LABEL"]
    assert interface.validate_prediction(prediction, return_errors=True)
    # a second run refuses to overwrite, and the final set is refused outright
    with pytest.raises(SuggestError, match="exists already"):
        suggest(base, [added.doc_id])
    with pytest.raises(SuggestError, match="final set"):
        suggest(base, [added.doc_id], annotation_set="spans")
    assert main(["suggest", added.doc_id, "--set", "other", "--to", "brat", "x",
                 "--root", str(base)]) == 2


def test_baseline_tables_are_current_in_the_card_and_results() -> None:
    """`python -m benchmarks.baselines --write` reproduces exactly what is published."""
    tables = baselines.tables(REPO)
    for path in (REPO / "README.md", REPO / "benchmarks" / "RESULTS.md"):
        assert read_block(path.read_text(encoding="utf-8"), "baselines") == tables, path
    assert f"data:{reference_data(REPO)}" in tables


@pytest.mark.parametrize("selection", ["translations", "all"])
def test_translations_score_against_their_own_annotation(selection: str) -> None:
    """The translation-side annotation as predictions scores 1.0, from the set and from the
    dataset's rows (which carry text_id); the texts scored are the selection's."""
    references = reference_texts(REPO, selection)
    translations = {t for t in references if "." in t}
    assert len(translations) == 5 and (len(references) == 10) == (selection == "all")
    for source in ["spans", *(str(REPO / "data" / c / "test-00000-of-00001.parquet")
                              for c in ("ner", "claims", "attributions", "sentences"))]:
        result = evaluate(references, read_predictions(REPO, source, references),
                          reference_data(REPO), selection=selection)
        assert set(result.texts) == set(references), source
        # the originals' rows and files are left out of the translations, and said so
        assert [w for w in result.warnings if "left out" not in w] == [], source
        assert bool(result.warnings) == (selection == "translations"), source
        assert {s.value for s in result.scores} == {1.0}, source


def test_scores_of_originals_ignore_translation_rows(tmp_path: Path) -> None:
    """Rows for translations, scored with the default selection, are left out (and said
    so): the originals' scores are those of the original rows alone."""
    import pyarrow.parquet as pq

    rows = pq.read_table(REPO / "data/claims/test-00000-of-00001.parquet").to_pylist()
    for r in rows:  # one boundary error per text, so the score is not trivially 1.0
        r["end"] -= r["id"] == "c1"
    originals = [r for r in rows if r["text_kind"] == "original"]
    assert 0 < len(originals) < len(rows)
    references = reference_texts(REPO)
    both = evaluate(references, read_predictions(
        REPO, str(_jsonl(tmp_path / "all.jsonl", rows)), references), "d")
    alone = evaluate(references, read_predictions(
        REPO, str(_jsonl(tmp_path / "originals.jsonl", originals)), references), "d")
    assert [s.value for s in both.scores] == [s.value for s in alone.scores]
    assert both.get("claims", "span-f1-exact") < 1.0  # type: ignore[operator]
    assert both.warnings == (f"{len(rows) - len(originals)} rows or span files predict texts "
                             "outside the selection (originals); left out (choose with --texts)",)


def test_a_translation_is_scored_by_its_text_id(base: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Annotate in one language, test in the other: predictions for the Dutch translation
    of demo-en, scored per language against its own annotation."""
    references = reference_texts(base, "translations")
    assert sorted(references) == ["demo-en.nl.reference", "demo-nl.en.reference"]
    text = references["demo-en.nl.reference"]
    claims = text.spans.claims
    path = _jsonl(tmp_path / "claims.jsonl", [
        {"text_id": text.text_id, "doc_id": "demo-en", "start": c.span.start,
         "end": c.span.end, "kind": c.kind, "checkworthy": c.checkworthy,
         "author_stance": c.author_stance} for c in claims[:3]])
    # by hand: 3 of the 5 Dutch claims, all exact: P 1, R 3/5, F1 2*3/(5+3) = 0.75; the
    # English translation has no rows (recall 0); the originals are not scored
    result = evaluate(references, read_predictions(base, str(path), references),
                      reference_data(base), selection="translations")
    assert result.texts == ("demo-en.nl.reference", "demo-nl.en.reference")
    assert result.get("claims", "span-f1-exact", "nl") == pytest.approx(0.75)
    assert result.get("claims", "span-f1-exact", "en") == 0.0
    assert main(["evaluate", str(path), "--texts", "translations", "--root", str(base)]) == 0
    out = capsys.readouterr().out
    assert "warning: demo-nl.en.reference: no predictions" in out
    assert "|lang:nl|texts:translations|" in out
    # the same rows with the default selection predict no scored text
    assert main(["evaluate", str(path), "--root", str(base)]) == 0
    assert "3 rows or span files predict texts outside the selection" in capsys.readouterr().out
