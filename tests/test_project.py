"""Projection of spans onto translations: target text, aligners, projector, output, CLI,
and the projection benchmark on a gold file written for it."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from benchmarks.bench_projection import (
    GoldError,
    evaluate,
    placement_rows,
    results_tables,
    stability,
    summary_rows,
)

from corpus_tools.checks.runner import validate
from corpus_tools.cli import main
from corpus_tools.export.generated import read_block
from corpus_tools.io.corpus import load_span_file
from corpus_tools.io.texts import target_text
from corpus_tools.io.yamlio import load_safe
from corpus_tools.model import (
    Attribution,
    Claim,
    EntityMention,
    Provenance,
    ReferenceProvenance,
    Registry,
    RegistryEntry,
    Segment,
    Segmentation,
    Span,
    SpanFile,
    TranslatedSegment,
    Translation,
    TranslationRef,
    Translator,
)
from corpus_tools.project.aligner import (
    EflomalAligner,
    Link,
    PositionalAligner,
    TokenPair,
    grow_diag_final_and,
)
from corpus_tools.project.document import (
    ProjectionError,
    find_translation,
    load_translated,
    project_document,
    write_projection,
)
from corpus_tools.project.projector import Translated, project
from corpus_tools.project.tokens import trim

BASE = Path(__file__).parent / "fixtures" / "base"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BASE, tmp_path / "corpus"))


def counterpart(item: EntityMention | Claim | Attribution) -> str:
    """The one original item a projected item renders."""
    assert item.alignment is not None and item.alignment.counterpart is not None
    (original,) = item.alignment.counterpart
    return original


def projected_findings(corpus: Path, annotation_sets: set[str]) -> list[str]:
    """`validate`'s findings on the files of ``annotation_sets``."""
    files = {f"annotations/passes/{name}/" for name in annotation_sets}
    return [f"{f.file}:{f.line}: {f.severity} {f.check}: {f.message}"
            for f in validate(corpus, use_cache=False).findings
            if any(f.file.startswith(prefix) for prefix in files)]


# A hand-made pair: emoji (a flag is two code points, 🏛️ carries a variation selector)
# and right-to-left text inside left-to-right sentences.
SOURCE = ("The minister 🇺🇸 said that Bayt Lahm (بيت لحم) is calm 🙂.\n"
          "Rubio visited 🏛️ the White House.")
TARGET_SEGMENTS = ("De minister 🇺🇸 zei dat Bayt Lahm (بيت لحم) rustig is 🙂.",
                   "Het Witte Huis 🏛️ werd door Rubio bezocht.")
REGISTRY = Registry((
    RegistryEntry("white-house", "ORG", {"en": "White House", "nl": "Witte Huis"}),
    RegistryEntry("marco-rubio", "PERSON", {"en": "Marco Rubio", "nl": "Marco Rubio"}),
    RegistryEntry("bethlehem", "GPE", {"en": "Bethlehem"})))


def sp(text: str, quote: str) -> Span:
    start = text.index(quote)
    return Span(start, start + len(quote), quote)


def hand_made_target(segmentation: Segmentation, translation: Translation) -> Translated:
    return Translated("pair", "en", TranslationRef("nl", "reference"),
                      target_text(translation, segmentation, SOURCE), segmentation.segments)


def hand_made() -> tuple[SpanFile, Segmentation, Translation]:
    first_end = SOURCE.index("\n")
    segmentation = Segmentation("pair", "0" * 64, "hand", (
        Segment("s1", 1, 0, first_end, SOURCE[:first_end]),
        Segment("s2", 2, first_end + 1, len(SOURCE), SOURCE[first_end + 1 :])))
    translation = Translation("pair", "en", "nl", "reference", "0" * 64, ReferenceProvenance(
        (Translator("t", "human"),), "2026-11-21"), tuple(
        TranslatedSegment(f"s{n}", text) for n, text in enumerate(TARGET_SEGMENTS, 1)))
    original = SpanFile(
        "pair", "0" * 64, Provenance("adjudicated"),
        entities=(EntityMention("e1", "GPE", sp(SOURCE, "بيت لحم"), "bethlehem"),
                  EntityMention("e2", "PERSON", sp(SOURCE, "Rubio"), "marco-rubio"),
                  EntityMention("e3", "ORG", sp(SOURCE, "White House"), "white-house")),
        claims=(Claim("c1", sp(SOURCE, "Bayt Lahm (بيت لحم) is calm"), "event", True,
                      "reported"),),
        attributions=(Attribution("a1", cue=sp(SOURCE, "said"),
                                  content=sp(SOURCE, "Bayt Lahm (بيت لحم) is calm"),
                                  source_type="named_person", quote_type="indirect",
                                  source=sp(SOURCE, "The minister"), claims=("c1",)),))
    return original, segmentation, translation


def test_projects_onto_the_translations_target_text_segment_by_segment(corpus: Path) -> None:
    text = find_translation(corpus, "demo-en")
    assert text.text_id == "demo-en.nl.reference"
    target = load_translated(corpus, text)
    original = (corpus / "corpus/documents/demo-en.txt").read_text(encoding="utf-8")
    assert target.text.startswith("Amerikaanse functionarissen")
    assert ". Volgens Reuters" in target.text
    assert len(target.pairs) == 4
    for source, translated in target.pairs:
        assert source.id == translated.id
        assert original[source.start : source.end] == source.text
        assert target.text[translated.start : translated.end] == translated.text
    path = corpus / "corpus/translations/demo-en.nl.reference.yaml"
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(True)
                            if "{id: s3," not in line), encoding="utf-8")
    with pytest.raises(ProjectionError, match="does not translate the segments"):
        project_document(corpus, "demo-en")


def test_entities_through_registry_names_claim_and_roles_through_the_aligner() -> None:
    original, segmentation, translation = hand_made()
    target = hand_made_target(segmentation, translation)
    projection = project(original, target, REGISTRY, PositionalAligner())
    spans = projection.span_file
    assert spans.translation == TranslationRef("nl", "reference")
    assert spans.text.text_id == "pair.nl.reference" and spans.schema_version == "1.1"
    assert [(e.id, e.span.text, e.label, e.entity) for e in spans.entities] == [
        ("e1", "بيت لحم", "GPE", "bethlehem"), ("e2", "Witte Huis", "ORG", "white-house"),
        ("e3", "Rubio", "PERSON", "marco-rubio")]  # ids in the translation's order
    assert [counterpart(e) for e in spans.entities] == ["e1", "e3", "e2"]
    # Bethlehem has no Dutch name: its own surface form is found; Marco Rubio's registry
    # name is not in the text, his surface form is.
    assert projection.placements == {"e1": "surface form", "e2": "registry name",
                                     "e3": "surface form"}
    by_counterpart = {counterpart(e): e for e in spans.entities}
    assert by_counterpart["e1"].span.text == "بيت لحم"  # its own surface form, RTL
    assert by_counterpart["e3"].span.text == "Witte Huis"  # the registry's Dutch name
    assert by_counterpart["e3"].entity == "white-house" and by_counterpart["e3"].label == "ORG"
    (claim,) = spans.claims
    assert claim.span.text == "Bayt Lahm (بيت لحم) rustig is"
    assert (claim.kind, claim.checkworthy, claim.author_stance) == ("event", True, "reported")
    (attribution,) = spans.attributions
    assert attribution.source is not None and attribution.source.text == "De minister"
    assert attribution.cue.text == "zei"
    assert attribution.content.text == "Bayt Lahm (بيت لحم) rustig is"
    assert attribution.claims == (claim.id,)
    assert (counterpart(claim), counterpart(attribution)) == ("c1", "a1")
    assert spans.dropped == ()


def test_registry_name_is_found_where_the_aligner_alone_misses_it() -> None:
    original, segmentation, translation = hand_made()
    target = hand_made_target(segmentation, translation)
    no_names = Registry(tuple(RegistryEntry(e.id, e.type, {"en": e.names["en"]})
                              for e in REGISTRY.entries))
    aligned_only = project(original, target, no_names, PositionalAligner())
    (white_house,) = [e for e in aligned_only.span_file.entities if counterpart(e) == "e3"]
    assert white_house.span.text != "Witte Huis"
    assert aligned_only.placements[white_house.id] == "aligner"


def test_ids_are_the_translations_own_and_references_are_remapped(corpus: Path) -> None:
    projection = project_document(corpus, "demo-nl")  # nl -> en; a2 is nested in a1
    spans = projection.span_file
    original = load_span_file(corpus / "annotations/spans/demo-nl.yaml")
    ids = [x.id for x in (*spans.entities, *spans.claims, *spans.attributions)]
    assert len(ids) == len(set(ids))
    assert [e.id for e in spans.entities] == [f"e{n}" for n in range(1, len(spans.entities) + 1)]
    assert [e.span.start for e in spans.entities] == sorted(e.span.start for e in spans.entities)
    new_of = {counterpart(x): x.id for x in (*spans.entities, *spans.claims, *spans.attributions)}
    by_id = {x.id: x for x in (*spans.entities, *spans.claims, *spans.attributions)}
    for a in original.attributions:
        projected = by_id[new_of[a.id]]
        assert isinstance(projected, Attribution)
        assert projected.parent == (new_of[a.parent] if a.parent else None)
        assert projected.claims == tuple(new_of[c] for c in a.claims)
        if a.source_mention:
            assert projected.source_mention == new_of[a.source_mention]
            assert by_id[projected.source_mention].span.text == "Miami Herald" or \
                by_id[projected.source_mention].span.text == "Nicolás Maduro"
    nested = by_id[new_of["a2"]]
    assert isinstance(nested, Attribution) and nested.parent == new_of["a1"]


class Silent:
    """An aligner that links nothing in the second segment pair."""

    name = "silent"

    def describe(self) -> str:
        return "test aligner"

    def align(self, pairs: list[TokenPair]) -> list[frozenset[Link]]:
        links = PositionalAligner().align(pairs)
        return [links[0], frozenset(), *links[2:]]


def test_items_that_cannot_be_projected_are_dropped_with_a_reason() -> None:
    original, segmentation, translation = hand_made()
    extra = EntityMention("e4", "DATE", sp(SOURCE, "visited"))  # no name; no link
    original = SpanFile(original.doc_id, original.text_sha256, original.provenance,
                        entities=(*original.entities, extra), claims=original.claims,
                        attributions=original.attributions)
    target = hand_made_target(segmentation, translation)
    projection = project(original, target, REGISTRY, Silent())
    spans = projection.span_file
    assert [(d.id, "registry name" in d.note) for d in spans.dropped] == [("e4", True)]
    counterparts = {counterpart(x) for x in (*spans.entities, *spans.claims, *spans.attributions)}
    assert counterparts == {"e1", "e2", "e3", "c1", "a1"}  # names need no links


def test_written_file_carries_translation_counterparts_and_dropped(corpus: Path) -> None:
    projection = project_document(corpus, "demo-en")
    path = write_projection(corpus, projection)
    assert path == corpus / "annotations/passes/projection-positional/demo-en.nl.reference.yaml"
    written = path.read_text(encoding="utf-8")
    schema = "../../schema/spans-1.1.schema.json"
    assert written.startswith(f"# yaml-language-server: $schema={schema}\n")
    data = load_safe(written)
    assert data["schema_version"] == "1.1"
    assert data["translation"] == {"language": "nl", "system": "reference"}
    assert data["provenance"]["status"] == "single-pass"
    assert data["provenance"]["annotators"][0]["kind"] == "tool"
    assert data["provenance"]["annotators"][0]["id"] == "projection-positional"
    target = projection.target.text
    original = load_safe((corpus / "annotations/spans/demo-en.yaml").read_text(encoding="utf-8"))
    covered = {d["id"] for d in data.get("dropped", [])}  # written only where there are any
    for layer in ("entities", "claims", "attributions"):
        for item in data[layer]:
            for span in [item] if layer != "attributions" else [
                    item[r] for r in ("source", "cue", "content") if r in item]:
                assert target[span["start"] : span["end"]] == span["text"]
            (counterpart,) = item["counterpart"]
            assert counterpart in {x["id"] for x in original[layer]}
            covered.add(counterpart)
    assert covered == {x["id"] for layer in ("entities", "claims", "attributions")
                       for x in original[layer]}


def test_never_overwrites_without_force_and_never_the_final_set(corpus: Path) -> None:
    projection = project_document(corpus, "demo-en")
    final = corpus / "annotations/spans/demo-en.nl.reference.yaml"
    final_before = final.read_bytes()
    path = write_projection(corpus, projection)
    before = path.read_bytes()
    with pytest.raises(ProjectionError, match="exists; pass --force"):
        write_projection(corpus, projection)
    assert write_projection(corpus, projection, force=True) == path
    with pytest.raises(ProjectionError, match="never written into the final set"):
        write_projection(corpus, projection, "spans", force=True)
    assert final.read_bytes() == final_before
    person = path.with_name("demo-en.nl.reference.yaml")
    person.write_text(before.decode().replace("kind: tool", "kind: human"), encoding="utf-8")
    with pytest.raises(ProjectionError, match="not written by a tool"):
        write_projection(corpus, projection, force=True)
    assert "kind: human" in person.read_text(encoding="utf-8")


def test_cli_project(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["project", "demo-nl", "--root", str(corpus)]) == 0
    assert "projection-positional/demo-nl.en.reference.yaml" in capsys.readouterr().out
    assert main(["project", "demo-nl", "--root", str(corpus)]) == 1
    assert "--force" in capsys.readouterr().err
    assert main(["project", "demo-nl", "--root", str(corpus), "--translation", "mt"]) == 1
    assert "no translation by 'mt'" in capsys.readouterr().err
    assert main(["project", "demo-nl", "--root", str(corpus), "--set", "spans"]) == 1
    assert main(["project", "../demo-nl", "--root", str(corpus)]) == 2
    err = capsys.readouterr().err
    assert "final set" in err and "unsafe document id" in err and "Traceback" not in err


def test_any_system_can_be_projected(corpus: Path) -> None:
    translations = corpus / "corpus/translations"
    machine = (translations / "demo-en.nl.reference.yaml").read_text(encoding="utf-8")
    (translations / "demo-en.nl.argos.yaml").write_text(
        machine.replace("system: reference", "system: argos"), encoding="utf-8")
    assert main(["project", "demo-en", "--translation", "argos", "--root", str(corpus)]) == 0
    assert (corpus / "annotations/passes/projection-positional/demo-en.nl.argos.yaml").exists()


def test_positional_projection_is_deterministic(corpus: Path, tmp_path: Path) -> None:
    first = write_projection(corpus, project_document(corpus, "demo-en")).read_bytes()
    again = write_projection(corpus, project_document(corpus, "demo-en"), force=True)
    assert again.read_bytes() == first


@pytest.mark.parametrize("method", ["positional", "eflomal"])
def test_projected_sets_pass_the_validator(corpus: Path, method: str) -> None:
    # eflomal 2.0.0 seeds from /dev/urandom and has no seed option: runs may differ, so
    # this checks validity and provenance, not identical output.
    originals = {doc_id: load_span_file(corpus / f"annotations/spans/{doc_id}.yaml")
                 for doc_id in ("demo-en", "demo-nl")}
    for doc_id, original in originals.items():
        projection = project_document(corpus, doc_id, method=method)
        annotator = projection.span_file.provenance.annotators[0]
        assert annotator.id == f"projection-{method}"
        if method == "eflomal":
            assert "eflomal 2." in (annotator.note or "")
            assert "over the corpus's 8 segment pairs" in (annotator.note or "")
        write_projection(corpus, projection)
        # the same set again, with every item the original has (a translation-side file
        # finds its original in its own set first)
        write_projection(corpus, projection, "projection-with-originals")
        shutil.copy(corpus / f"annotations/spans/{doc_id}.yaml",
                    corpus / "annotations/passes/projection-with-originals")
        spans = projection.span_file
        rendered = {counterpart(x) for x in (*spans.entities, *spans.claims, *spans.attributions)}
        assert rendered | {d.id for d in spans.dropped} == set(original.ids())
    assert projected_findings(corpus, {f"projection-{method}",
                                       "projection-with-originals"}) == []
    # The validator sees these files: a counterpart that does not resolve is an error.
    path = corpus / f"annotations/passes/projection-{method}/demo-en.nl.reference.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("counterpart: [e1]",
                                                             "counterpart: [e99]", 1),
                    encoding="utf-8")
    assert any(" error " in f for f in projected_findings(corpus, {f"projection-{method}"}))


def test_a_projection_that_would_not_validate_is_not_written(corpus: Path) -> None:
    projection = project_document(corpus, "demo-en")
    spans = projection.span_file
    broken = replace(projection, span_file=replace(spans, entities=(
        replace(spans.entities[0], label="NOT-A-LABEL"), *spans.entities[1:])))
    with pytest.raises(ProjectionError, match="would not validate"):
        write_projection(corpus, broken)
    assert not (corpus / "annotations/passes/projection-positional").exists() or not any(
        (corpus / "annotations/passes/projection-positional").iterdir())


def test_eflomal_links_identical_pairs_monotonically() -> None:
    pairs: list[TokenPair] = [(("a", "b", "c"), ("x", "y", "z")),
                              (("b", "c"), ("y", "z")), (("a", "c"), ("x", "z"))] * 10
    links = EflomalAligner().align(pairs[:3])
    assert links == [frozenset({(0, 0), (1, 1), (2, 2)}), frozenset({(0, 0), (1, 1)}),
                     frozenset({(0, 0), (1, 1)})]


def test_grow_diag_final_and() -> None:
    forward = {(0, 0), (1, 1), (3, 3)}
    reverse = {(0, 0), (1, 1), (1, 2), (3, 4)}
    # (1, 2) grows from (1, 1) (target 2 unaligned); (3, 3) is only in one direction with
    # neither end aligned: final-and adds it; (3, 4) then finds source 3 taken.
    assert grow_diag_final_and(forward, reverse) == {(0, 0), (1, 1), (1, 2), (3, 3)}


def test_positional_aligner_anchors_names_and_spreads_the_rest() -> None:
    (links,) = PositionalAligner().align([(("Trump", "said", "4,000", "x"),
                                           ("Trump", "zei", "gisteren", "4.000"))])
    assert (0, 0) in links and (2, 3) in links and (1, 1) in links
    assert (3, 3) in links  # after the last anchor: joins it (no target words left)


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("  the ships,  ", (0, 14), "the ships"),
    ("(Peru)", (0, 6), "Peru"),
    ("the U.S. army", (4, 8), "U.S."),
    ("a “Noriega part 2,” b", (0, 19), "a “Noriega part 2,”"),
    ("a “Noriega part 2,” b", (2, 19), "Noriega part 2"),
    ("“I rule out nothing,” he said", (0, 21), "I rule out nothing"),
    (" ,. ", (0, 4), None),
])
def test_trim_follows_the_edge_rules(text: str, span: tuple[int, int],
                                     expected: str | None) -> None:
    trimmed = trim(text, *span)
    assert (text[trimmed[0] : trimmed[1]] if trimmed else None) == expected


def test_trim_keeps_punctuation_inside_a_closing_quotation_mark() -> None:
    text = "“Nee, ik sluit niets uit,” zei hij"
    start, end = trim(text, 1, 24, keep_quoted_punctuation=True) or (0, 0)
    assert text[start:end] == "Nee, ik sluit niets uit,"


REPO = Path(__file__).resolve().parents[1]


def test_projection_benchmark_scores_against_the_gold_set(corpus: Path) -> None:
    # The fixture's final set is the gold: both directions, a translation-side file each.
    report = evaluate(corpus, corpus / "annotations/spans", ["positional", "eflomal"], runs=2)
    assert report["directions"] == {"en->nl": ["demo-en.nl.reference"],
                                    "nl->en": ["demo-nl.en.reference"],
                                    "all": ["demo-en.nl.reference", "demo-nl.en.reference"]}
    positional, eflomal = report["methods"]["positional"], report["methods"]["eflomal"]
    assert (len(positional), len(eflomal)) == (1, 2)
    en_nl = positional[0]["scores"]["en->nl"]
    assert en_nl["entities"]["exact"]["reference"] == 11
    assert en_nl["claims"]["exact"]["reference"] == 5
    assert en_nl["cue"]["exact"]["reference"] == 4
    # Names and numbers are placed exactly through the registry or their surface form;
    # "US" -> "Amerikaanse" and the date phrase need the aligner.
    assert en_nl["entities"]["exact"]["f1"] >= 9 / 11
    # The positional baseline cannot follow Dutch verb-final order: "heeft gestuurd" of
    # c1 is missed, so not every claim is exact, but each one overlaps its gold span.
    assert en_nl["claims"]["exact"]["f1"] < 1
    assert en_nl["claims"]["overlap"]["f1"] == 1
    for run in (*positional, *eflomal):
        for group in report["directions"]:
            for layer in ("entities", "claims", "source", "cue", "content"):
                scores = run["scores"][group][layer]
                assert 0 <= scores["exact"]["f1"] <= scores["overlap"]["f1"] <= 1
            assert all(0 <= share <= 1 for share in run["coverage"][group].values())
        placed = run["placements"]
        assert placed["registry name"][0] > 0 and placed["aligner"][0] > 0
        assert all(0 <= right <= projected for projected, right in placed.values())
    # the fixture's gold aligns every original item
    assert report["gold_coverage"]["all"] == {"entities": 1.0, "claims": 1.0,
                                              "attributions": 1.0}
    tables = results_tables(report)
    assert "| entities | " in tables and "| eflomal | aligner |" in tables
    assert "mean (min–max) of 2 runs" in tables
    # A gold file that disagrees scores lower.
    gold = corpus / "annotations/spans/demo-en.nl.reference.yaml"
    gold.write_text(gold.read_text(encoding="utf-8").replace(
        'start: 0, end: 11, text: "Amerikaanse"',
        'start: 0, end: 27, text: "Amerikaanse functionarissen"'), encoding="utf-8")
    worse = evaluate(corpus, corpus / "annotations/spans", ["positional"])
    assert (worse["methods"]["positional"][0]["scores"]["all"]["entities"]["exact"]["f1"]
            < positional[0]["scores"]["all"]["entities"]["exact"]["f1"])


def test_projection_benchmark_refuses_a_stale_gold_file(corpus: Path) -> None:
    gold = corpus / "annotations/spans/demo-nl.en.reference.yaml"
    text = gold.read_text(encoding="utf-8")
    digest = text.split("text_sha256: ")[1].split("\n")[0].strip("'")
    gold.write_text(text.replace(digest, "0" * 64), encoding="utf-8")
    with pytest.raises(GoldError, match=r"demo-nl\.en\.reference\.yaml: annotated on another text"):
        evaluate(corpus, corpus / "annotations/spans", ["positional"])


def test_readme_projection_block_matches_the_positional_run() -> None:
    """The card's positional rows are what the benchmark gives on the committed gold
    (eflomal's rows are random: not compared)."""
    block = read_block((REPO / "README.md").read_text(encoding="utf-8"), "projection")
    assert block is not None
    report = evaluate(REPO, REPO / "annotations/spans", ["positional"])
    rows = [*summary_rows(report), *placement_rows(report)]
    assert len(rows) == 4
    committed = [line for line in block.splitlines() if line.startswith("| positional |")]
    assert committed == rows


def test_projection_benchmark_stability_of_a_deterministic_method(corpus: Path) -> None:
    scores = stability(corpus, "positional")
    assert set(scores) == {"entities", "claims", "source", "cue", "content"}
    assert all(value == 1.0 for layer in scores.values() for value in layer.values())
