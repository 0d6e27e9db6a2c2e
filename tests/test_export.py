"""The Hugging Face dataset: every config loads offline with its declared features, the
build is deterministic, stale builds are reported, Croissant validates."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import datasets
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from corpus_tools.checks.runner import validate
from corpus_tools.cli import main
from corpus_tools.export.build import BuildError, build
from corpus_tools.export.card import split_readme
from corpus_tools.export.features import FEATURES
from corpus_tools.export.parquet import StreamingWriter
from corpus_tools.export.tokenize import tokenize
from corpus_tools.io.annotated import AnnotatedText, iter_annotated
from corpus_tools.io.dataset import SPLIT, data_file, data_files

REPO = Path(__file__).resolve().parents[1]


PUBLISHED_EXTRAS = ("LICENSE", "LICENSING.md", "CITATION.cff", "LICENSES/CC0-1.0.txt",
                    "benchmarks/RESULTS.md")


def copy_corpus(target: Path) -> Path:
    """The corpus, its card and every document the card links to."""
    for name in ("corpus", "annotations"):
        shutil.copytree(REPO / name, target / name)
    for name in ("README.md", "DATASHEET.md", *PUBLISHED_EXTRAS):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, target / name)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_corpus(tmp_path_factory.mktemp("built"))
    build(root)
    return root


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", str(tmp_path / "hf-cache"))


@pytest.mark.parametrize("config", list(FEATURES))
def test_every_config_loads_with_declared_features(built: Path, config: str,
                                                   tmp_path: Path) -> None:
    dataset = datasets.load_dataset(str(built), config, split=SPLIT,
                                    cache_dir=str(tmp_path / "cache"))
    assert dataset.features == FEATURES[config]
    # a column declared but missing from the files would be silently filled with None
    built_columns = pq.read_schema(built / data_file(config)).names
    assert built_columns == list(FEATURES[config])
    assert dataset.num_rows > 0


def test_default_config_and_card(built: Path, tmp_path: Path) -> None:
    dataset = datasets.load_dataset(str(built), split=SPLIT, cache_dir=str(tmp_path / "c"))
    assert dataset.num_rows == 5 and "entities" in dataset.features
    front, body = split_readme((built / "README.md").read_text(encoding="utf-8"))
    assert [c["config_name"] for c in front["configs"]] == list(FEATURES)
    assert front["configs"][0]["default"] is True
    assert body == split_readme((REPO / "README.md").read_text(encoding="utf-8"))[1]


def test_counts_and_values_match_the_corpus(built: Path, tmp_path: Path) -> None:
    annotated = list(iter_annotated(REPO))
    docs = [d.doc for d in annotated]

    def load(config: str) -> datasets.Dataset:
        return datasets.load_dataset(str(built), config, split=SPLIT,
                                     cache_dir=str(tmp_path / config))

    per_text: dict[str, Callable[[AnnotatedText], int]] = {
        "entities": lambda t: len(t.spans.entities), "claims": lambda t: len(t.spans.claims),
        "attributions": lambda t: len(t.spans.attributions),
        "ner": lambda t: len(t.segments), "sentences": lambda t: len(t.segments),
    }
    for config, count in per_text.items():
        dataset = load(config)
        original = dataset.features["text_kind"].str2int("original")
        # one filter gives the originals' rows, as many as before the translations came
        originals = dataset.filter(lambda r, kind=original: r["text_kind"] == kind)
        assert originals.num_rows == sum(count(d.original) for d in annotated) > 0, config
        assert set(originals["text_id"]) == {d.meta.doc_id for d in docs}
        assert originals["system"] == [None] * originals.num_rows
        translations = dataset.filter(lambda r, kind=original: r["text_kind"] != kind)
        assert translations.num_rows == sum(count(t) for d in annotated
                                            for t in d.translations) > 0, config
        assert None not in translations["system"]
    assert load("texts").num_rows == sum(len(d.texts) for d in annotated) == 10
    assert load("parallel").num_rows == sum(len(t.segments) for d in docs
                                            for t in d.translations)
    entities = load("entities")
    label = entities.features["label"]
    rubio = [r for r in entities if r["text"] == "Marco Rubio"
             and r["text_id"] == "zerohedge-regime-change-goal"]
    assert rubio and label.int2str(rubio[0]["label"]) == "PERSON"
    assert rubio[0]["registry_id"] == "marco-rubio"
    assert rubio[0]["sentence"].startswith("The policy is being largely driven")
    attributions = load("attributions")
    chained = [r for r in attributions if r["cue"]["text"] == "indicated"]
    assert chained[0]["chain_depth"] == 1 and chained[0]["parent"] is not None
    parallel = load("parallel")
    first = next(r for r in parallel if r["doc_id"] == "moonofalabama-nl-aanval-venezuela"
                 and r["segment_id"] == "s1")
    assert first["translation"]["nl"].startswith("Bron: MoonoffAlabama")
    assert first["kind"] == "reference"


def test_ner_tags_follow_the_entities(built: Path, tmp_path: Path) -> None:
    ner = datasets.load_dataset(str(built), "ner", split=SPLIT, cache_dir=str(tmp_path / "n"))
    names = ner.features["ner_tags"].feature
    conll = ner.features["conll_tags"].feature
    tagged = {(r["doc_id"], r["token_starts"][i]): (names.int2str(t), conll.int2str(c))
              for r in ner for i, (t, c) in enumerate(zip(r["ner_tags"], r["conll_tags"],
                                                          strict=True))}
    doc = "moonofalabama-nl-aanval-venezuela"
    assert tagged[(doc, 1887)] == ("B-PERSON", "B-PER")  # "Trump" in "regering-Trump"
    assert tagged[(doc, 6635)] == ("B-CARDINAL", "O")  # "ongeveer 20"
    assert tagged[(doc, 6644)] == ("I-CARDINAL", "O")


def test_entities_are_token_aligned() -> None:
    misaligned = []
    for doc in iter_annotated(REPO):
        for text in doc.texts:
            edges = {e for _, s, t in tokenize(text.text) for e in (s, t)}
            misaligned += [(text.text_id, e.span.text) for e in text.spans.entities
                           if e.span.start not in edges or e.span.end not in edges]
    assert misaligned == []


def test_build_is_deterministic(built: Path, tmp_path: Path) -> None:
    again = copy_corpus(tmp_path / "again")
    build(again)
    for name in [data_file(c) for c in FEATURES] + ["README.md", "croissant.json"]:
        assert (again / name).read_bytes() == (built / name).read_bytes(), name


def test_committed_data_is_what_the_build_writes(built: Path) -> None:
    """The input signature does not cover the export's code: a change to it that changes
    any row, type or card field fails here until data/ is rebuilt."""
    for config in FEATURES:
        for name in data_files(REPO, config):
            assert pq.read_table(built / name).equals(pq.read_table(REPO / name),
                                                      check_metadata=True), name
    for name in ("README.md", "croissant.json"):
        assert (built / name).read_text(encoding="utf-8") == \
            (REPO / name).read_text(encoding="utf-8"), name


def test_writer_refuses_a_value_of_the_wrong_type(tmp_path: Path) -> None:
    """Rows reach pyarrow unencoded: a mistyped value is an error, never coerced."""
    writer = StreamingWriter(tmp_path / "data" / "folds", FEATURES["folds"], "signature")
    writer.add([{"doc_id": "doc-a", "language": "en", "fold": "doc-a"}])
    writer.add([{"doc_id": 7, "language": "en", "fold": "doc-b"}])
    with pytest.raises(pa.ArrowTypeError):
        writer.close()


def test_repository_build_is_current() -> None:
    stale = [f for f in validate(REPO, use_cache=False).findings if f.check == "stale-build"]
    assert stale == []


def test_hand_edit_makes_the_build_stale(tmp_path: Path) -> None:
    root = copy_corpus(tmp_path / "edited")
    build(root)
    assert validate(root, use_cache=False).findings == []
    # an edit no other check reacts to (a checkworthy flip would now also break the
    # translation's alignment): a registry name
    registry = root / "annotations/registry.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "nl: Tyler Derden", "nl: Tyler Derden (pseudoniem)", 1), encoding="utf-8")
    findings = validate(root, use_cache=False).findings
    assert {f.check for f in findings} == {"stale-build"}
    assert "run `corpus-tools build`" in findings[0].message
    build(root)
    assert validate(root, use_cache=False).findings == []


def test_build_refuses_invalid_data(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = copy_corpus(tmp_path / "invalid")
    span_file = root / "annotations/spans/zerohedge-regime-change-goal.yaml"
    span_file.write_text(span_file.read_text(encoding="utf-8").replace(
        "label: PERSON", "label: PERS", 1), encoding="utf-8")
    with pytest.raises(BuildError, match="refusing to build"):
        build(root)
    assert not (root / "data").exists()
    assert main(["build", "--root", str(root)]) == 1
    assert "unknown-label" in capsys.readouterr().err


def test_croissant_validates_offline(built: Path) -> None:
    import mlcroissant as mlc

    document = json.loads((built / "croissant.json").read_text(encoding="utf-8"))
    assert document["rai:annotatorDemographics"].startswith("No human annotators")
    dataset = mlc.Dataset(jsonld=str(built / "croissant.json"))
    assert [r.name for r in dataset.metadata.record_sets] == list(FEATURES)


def test_publish_dry_run_and_offline(built: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert main(["publish", "--repo-id", "org/name", "--dry-run", "--root", str(built)]) == 0
    listed = [line.removeprefix("publish: would upload ")
              for line in capsys.readouterr().out.splitlines()]
    assert listed[:6] == ["README.md", "DATASHEET.md", "LICENSING.md", "LICENSE",
                          "CITATION.cff", "croissant.json"]
    assert listed[6:6 + len(FEATURES)] == [data_file(c) for c in FEATURES]
    assert {"annotations/GUIDELINES.md", "annotations/ADJUDICATION.md",
            "LICENSES/CC0-1.0.txt"} <= set(listed)
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    assert main(["publish", "--repo-id", "org/name", "--root", str(built)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("publish: ") and err.count("\n") == 1


def _rows(root: Path, config: str) -> list[dict]:  # type: ignore[type-arg]
    return pq.read_table(root / data_file(config)).to_pylist()


def test_every_row_slices_the_text_it_annotates(built: Path) -> None:
    """Offsets of every row, original or translation, slice its text in the texts config
    to the span's text; every one of the ten texts carries all three layers."""
    texts = {r["text_id"]: r for r in _rows(built, "texts")}
    for row in texts.values():
        assert hashlib.sha256(row["text"].encode("utf-8")).hexdigest() == row["sha256"]
        assert all(row["text"][s["start"]:s["end"]] == s["text"] for s in row["segments"])
    annotated = {t.text_id: t for d in iter_annotated(REPO) for t in d.texts}
    assert {k: v.text for k, v in annotated.items()} == {k: v["text"] for k, v in texts.items()}
    for config in ("entities", "claims", "attributions"):
        rows = _rows(built, config)
        assert {r["text_id"] for r in rows} == set(texts), config
        for r in rows:
            text = texts[r["text_id"]]["text"]
            spans = [r[role] for role in ("source", "cue", "content")
                     if r[role] is not None] if config == "attributions" else [r]
            assert all(text[s["start"]:s["end"]] == s["text"] for s in spans), r
            assert (r["counterpart"] is None) == (r["text_kind"] == "original")
    for r in _rows(built, "ner") + _rows(built, "sentences"):
        text = texts[r["text_id"]]["text"]
        if "tokens" in r:
            assert [text[s:e] for s, e in zip(r["token_starts"], r["token_ends"],
                                              strict=True)] == r["tokens"]
        else:
            assert text[r["start"]:r["end"]] == r["text"]


def test_aligned_pairs_lie_in_aligned_segments_and_share_ids(built: Path) -> None:
    """Every aligned pair shares a segment id (segments are aligned by id), and aligned
    entities share registry id and label unless the translation records the change."""
    texts = {r["text_id"]: r for r in _rows(built, "texts")}
    rows = _rows(built, "alignments")
    assert {r["layer"] for r in rows} == {"entities", "claims", "attributions"}
    pairs = [r for r in rows if r["original"] and r["translation"]]
    for r in pairs:
        sides = [r["original"], r["translation"]]
        for side in sides:  # segment ids recomputed from the offsets in the texts config
            spans = [s for s in (side, side["source"], side["content"]) if s is not None]
            touched = {seg["id"] for seg in texts[side["text_id"]]["segments"]
                       for s in spans if seg["start"] < s["end"] and s["start"] < seg["end"]}
            assert set(side["segment_ids"]) == touched, r
        assert set(sides[0]["segment_ids"]) & set(sides[1]["segment_ids"]), r
        if r["layer"] == "entities" and r["shift"] != "changed":
            assert sides[0]["registry_id"] == sides[1]["registry_id"], r
            assert sides[0]["label"] == sides[1]["label"], r
    changed = [r for r in pairs if r["layer"] == "entities" and r["shift"] == "changed"]
    assert changed and all(r["shift_note"] for r in changed)
    # every translation-side item is in the config once per counterpart (once if added),
    # every dropped original item once, with its note
    for doc in iter_annotated(REPO):
        for text in doc.translations:
            mine = [r for r in rows if r["translation"]
                    and r["translation"]["text_id"] == text.text_id]
            items = [i for layer in ("entities", "claims", "attributions")
                     for i in getattr(text.spans, layer)]
            assert len(mine) == sum(max(1, len(i.alignment.counterpart or ())) for i in items)
            dropped = [r for r in rows if r["translation"] is None
                       and r["doc_id"] == text.doc_id and r["system"] == text.system]
            assert sorted((r["original"]["id"], r["shift_note"]) for r in dropped) == sorted(
                (d.id, d.note) for d in text.spans.dropped)


def test_parallel_carries_both_sides_spans(built: Path) -> None:
    """Each side's spans, relative to its segment, slice that side's segment text; the
    translation side's carry their counterparts."""
    found = {"entities": 0, "claims": 0, "attributions": 0}
    for r in _rows(built, "parallel"):
        languages = {"source": r["source_language"], "target": r["target_language"]}
        assert set(languages.values()) == set(r["translation"])
        for layer in found:
            for side, language in languages.items():
                segment = r["translation"][language]
                for item in r[f"{side}_{layer}"]:
                    spans = ([item[k] for k in ("source", "cue", "content") if item[k]]
                             if layer == "attributions" else [item])
                    assert all(segment[s["start"]:s["end"]] == s["text"] for s in spans), item
                    assert (item["counterpart"] is None) == (side == "source")
            found[layer] += len(r[f"target_{layer}"])
    assert all(found.values())


def test_alignments_and_texts_keep_their_class_labels(built: Path, tmp_path: Path) -> None:
    dataset = datasets.load_dataset(str(built), "alignments", split=SPLIT,
                                    cache_dir=str(tmp_path / "a"))
    layer = dataset.features["layer"]
    shift = dataset.features["shift"]
    added_or_changed = [r for r in dataset if r["shift"] is not None]
    assert {shift.int2str(r["shift"]) for r in added_or_changed} <= {
        "added", "merged", "split", "changed"}
    entity_label = dataset.features["original"]["label"]
    first = dataset[0]
    assert layer.int2str(first["layer"]) == "entities"
    assert entity_label.int2str(first["original"]["label"]) == _rows(
        built, "alignments")[0]["original"]["label"]
