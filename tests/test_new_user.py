"""The path a newcomer takes: add an article, write a few spans by quote only, fix,
validate, build, load the dataset. Untranslated and unfilled is a warning, not a wall."""

from __future__ import annotations

import json
from pathlib import Path

import datasets
import pytest

from conftest import materialise
from corpus_tools.cli import main
from corpus_tools.export.build import build
from corpus_tools.export.card import split_readme
from corpus_tools.io.dataset import SPLIT

ARTICLE = (
    "The United States sent another warship to the Caribbean on Friday, officials said. "
    "Venezuela called the move a provocation and said it would protect its coast. "
    "Analysts in Caracas expect more ships to follow in the coming weeks.\n"
)
SPANS = """\
entities:
  - {id: e1, label: GPE, text: "United States"}
  - {id: e2, label: LOC, text: "Caribbean"}
  - {id: e3, label: GPE, text: "Venezuela"}
  - {id: e4, label: GPE, text: "Caracas"}
claims:
  - id: c1
    text: "The United States sent another warship to the Caribbean on Friday"
    kind: event
    checkworthy: true
    author_stance: reported
attributions:
  - id: a1
    source: {text: "officials"}
    cue: {text: "said", occurrence: 1}
    content: {text: "The United States sent another warship to the Caribbean on Friday"}
    source_type: anonymous
    quote_type: indirect
    claims: [c1]
"""


def test_add_annotate_fix_validate_build_load(tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    root = materialise(tmp_path / "corpus")
    source = tmp_path / "Warship Sent.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    assert main(["add", str(source), "--lang", "en", "--root", str(root)]) == 0
    span_path = root / "annotations/spans/warship-sent.yaml"
    span_path.write_text(span_path.read_text(encoding="utf-8").replace("entities: []\n", "")
                         .replace("claims: []\n", "").replace("attributions: []\n", "")
                         + SPANS, encoding="utf-8")
    assert main(["fix", str(span_path)]) == 0
    capsys.readouterr()

    assert main(["validate", str(root), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] is True and report["errors"] == 0
    assert set(report["counts"]) == {"metadata-stub", "missing-translation",
                                     "provenance-status"}
    assert main(["validate", str(root), "--strict"]) == 1
    capsys.readouterr()

    assert main(["build", "--root", str(root)]) == 0
    documents = datasets.load_dataset(str(root), "documents", split=SPLIT,
                                      cache_dir=str(tmp_path / "hf"))
    assert "warship-sent" in documents["doc_id"]
    entities = datasets.load_dataset(str(root), "entities", split=SPLIT,
                                     cache_dir=str(tmp_path / "hf"))
    assert {"United States", "Caracas"} <= set(
        e["text"] for e in entities if e["doc_id"] == "warship-sent")
    parallel = datasets.load_dataset(str(root), "parallel", split=SPLIT,
                                     cache_dir=str(tmp_path / "hf"))
    assert "warship-sent" not in parallel["doc_id"]  # not translated yet: no rows
    assert set(parallel["doc_id"]) == {"demo-en", "demo-nl"}
    card, _ = split_readme((root / "README.md").read_text(encoding="utf-8"))
    counts = {info["config_name"]: info["splits"][0]["num_examples"]
              for info in card["dataset_info"]}
    assert counts["documents"] == 3 and counts["parallel"] == parallel.num_rows


def test_a_corpus_without_translation_annotations_builds_and_loads_every_listed_config(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without translation-side span files the alignments config has no rows; datasets
    cannot load an empty config, so the card leaves it out and every listed one loads."""
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    root = materialise(tmp_path / "corpus")
    for path in (root / "annotations" / "spans").glob("*.*.*.yaml"):
        path.unlink()
    build(root)
    card, body = split_readme((root / "README.md").read_text(encoding="utf-8"))
    listed = [config["config_name"] for config in card["configs"]]
    assert "alignments" not in listed and "entities" in listed
    assert "#### `alignments` (0 rows)" in body and "No rows yet" in body
    for name in listed:
        rows = datasets.load_dataset(str(root), name, split=SPLIT,
                                     cache_dir=str(tmp_path / "hf"))
        assert rows.num_rows > 0, name
