"""Translation-side span files: the same checks as originals against the target text,
staleness when a segment is edited, `fix` against the target text, and alignment."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import materialise
from corpus_tools.checks.runner import validate
from corpus_tools.checks.validator import check_unwritten_span_files
from corpus_tools.cli import main
from corpus_tools.io.corpus import load_span_file, load_target_text, load_text
from corpus_tools.io.yamlio import dump_round_trip, load_round_trip
from corpus_tools.layout import Layout, parse_text_id

TEN = "annotations/spans/demo-en.nl.reference.yaml"
TR_EN = "corpus/translations/demo-en.nl.reference.yaml"


def _edit(path: Path, edit: object) -> None:
    tree = load_round_trip(path.read_text(encoding="utf-8"))
    edit(tree)  # type: ignore[operator]
    path.write_text(dump_round_trip(tree), encoding="utf-8")


def test_spans_quote_the_target_text(tmp_path: Path) -> None:
    root = materialise(tmp_path / "c")
    text = load_text(root, parse_text_id("demo-en.nl.reference"))
    assert text.startswith("Amerikaanse functionarissen vertelden") and text.endswith(
        "verworpen.\n")
    span_file = load_span_file(root / TEN)
    assert span_file.text.text_id == "demo-en.nl.reference"
    assert all(text[e.span.start:e.span.end] == e.span.text for e in span_file.entities)
    segments = load_target_text(root, span_file.text).segments
    assert [s.id for s in segments] == ["s1", "s2", "s3", "s4"]


def test_editing_a_translated_segment_makes_its_span_file_stale_until_fix(
        tmp_path: Path, capsys: object) -> None:
    root = materialise(tmp_path / "c")
    assert validate(root).findings == []  # a cached run keeps the target text it checked

    def edit(tree: object) -> None:  # away from every span: fix may carry them all over
        segment = tree["segments"][3]  # type: ignore[index]
        segment["text"] = segment["text"].replace("verwachten", "voorspellen")

    _edit(root / TR_EN, edit)
    findings = validate(root, use_cache=False).findings
    assert {f.file for f in findings} == {TEN}
    stale = [f for f in findings if f.check == "stale-annotations"]
    assert len(stale) == 1
    assert f"run `corpus-tools fix {TEN}`" in stale[0].message
    assert {f.check for f in findings} == {"stale-annotations", "text-mismatch"}

    assert main(["fix", str(root / TEN)]) == 0
    assert validate(root, use_cache=False).findings == []
    entity = next(e for e in load_span_file(root / TEN).entities
                  if e.span.text == "het einde van het jaar")
    assert load_text(root, parse_text_id("demo-en.nl.reference"))[
        entity.span.start:entity.span.end] == "het einde van het jaar"


def test_fix_fills_offsets_of_a_quote_only_translation_side_file(tmp_path: Path) -> None:
    root = materialise(tmp_path / "c")
    before = (root / TEN).read_text(encoding="utf-8")

    def strip(tree: object) -> None:
        for layer in ("entities", "claims"):
            for item in tree[layer]:  # type: ignore[index]
                del item["start"], item["end"]

    _edit(root / TEN, strip)
    assert main(["fix", str(root / TEN)]) == 0
    assert (root / TEN).read_text(encoding="utf-8") == before


def test_fix_moves_nothing_when_the_earlier_target_text_is_unknown(tmp_path: Path) -> None:
    """Without the target text the file was pinned to (no earlier validate run kept it),
    offsets cannot be carried over safely: fix reports and writes nothing."""
    root = materialise(tmp_path / "c")
    before = (root / TEN).read_text(encoding="utf-8")

    def edit(tree: object) -> None:
        segment = tree["segments"][1]  # type: ignore[index]
        segment["text"] = "Nieuw begin. " + segment["text"]

    _edit(root / TR_EN, edit)
    assert main(["fix", str(root / TEN)]) == 1
    assert (root / TEN).read_text(encoding="utf-8") == before


def test_a_missing_translation_span_file_is_not_a_finding(tmp_path: Path) -> None:
    root = materialise(tmp_path / "c")
    (root / TEN).unlink()
    assert validate(root, use_cache=False).findings == []


def test_coverage_is_reported_but_does_not_fail(tmp_path: Path, capsys: object) -> None:
    assert main(["validate", "--no-cache", str(materialise(tmp_path / "a",
                                                            "alignment-coverage"))]) == 0
    assert "alignment-coverage" in capsys.readouterr().out  # type: ignore[attr-defined]
    assert main(["validate", "--no-cache", str(materialise(tmp_path / "b",
                                                            "alignment-shift"))]) == 1


def test_alignment_fields_belong_on_translation_side_files(tmp_path: Path) -> None:
    root = materialise(tmp_path / "c")
    assert main(["migrate", str(root / "annotations/spans/demo-en.yaml")]) == 0
    _edit(root / "annotations/spans/demo-en.yaml",
          lambda tree: tree["entities"][0].update(counterpart=["e1"]))
    findings = validate(root, use_cache=False).findings
    assert [(f.check, f.span_id) for f in findings] == [("alignment-counterpart", "e1")]


def test_a_translation_side_file_without_its_original(tmp_path: Path) -> None:
    root = materialise(tmp_path / "c")
    (root / "annotations/spans/demo-en.yaml").unlink()
    findings = validate(root, use_cache=False).findings
    assert sorted(f.check for f in findings) == ["alignment-counterpart", "missing-annotations"]
    assert "no span file annotations/spans/demo-en.yaml" in next(
        f.message for f in findings if f.check == "alignment-counterpart")


def test_a_pass_aligns_with_its_own_original_or_else_the_final_sets(tmp_path: Path) -> None:
    root = materialise(tmp_path / "c")
    layout = Layout(root)
    pass_dir = layout.set_dir("pass-x")
    pass_dir.mkdir(parents=True)
    shutil.copy(root / TEN, pass_dir)
    assert validate(root, use_cache=False).findings == []  # against the final set's original
    shutil.copy(root / "annotations/spans/demo-en.yaml", pass_dir)
    _edit(pass_dir / "demo-en.yaml", lambda tree: tree["entities"][2].update(label="TIME"))
    findings = validate(root, use_cache=False).findings
    assert [(f.file, f.check, f.span_id) for f in findings] == [
        ("annotations/passes/pass-x/demo-en.nl.reference.yaml", "alignment-attributes", "e3")]


def test_unwritten_translation_side_files_are_checked_with_their_alignment(
        tmp_path: Path) -> None:
    root = materialise(tmp_path / "c")
    data = (root / TEN).read_bytes()
    target = Layout(root).span_path("demo-en.nl.reference", "pass-y")
    assert check_unwritten_span_files(root, [(target, data)]) == []
    broken = data.replace(b"counterpart: [e3]", b"counterpart: [c3]")
    findings = check_unwritten_span_files(root, [(target, broken)])
    assert [(f.check, f.span_id) for f in findings] == [("alignment-counterpart", "e3"),
                                                        ("alignment-coverage", None)]
