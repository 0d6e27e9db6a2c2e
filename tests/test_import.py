"""corpus-tools import: a new annotation set, never a silent overwrite, validation before
writing, and one-line errors for bad input from every format."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import tree_digest
from corpus_tools.cli import main
from corpus_tools.interchange import FORMATS
from corpus_tools.interchange.base import InterchangeError, Layers
from corpus_tools.interchange.canonical import assign_ids, canonical_hints
from corpus_tools.interchange.exchange import ImportRefused, export_corpus, import_corpus
from corpus_tools.io.corpus import load_span_file, load_text
from corpus_tools.layout import Layout, parse_text_id

DOCS = ("demo-en", "demo-nl")
#: Every text of the base corpus: the originals and their translations' target texts.
TEXTS = ("demo-en", "demo-en.nl.reference", "demo-nl", "demo-nl.en.reference")


def without_alignment(layers: Layers) -> Layers:
    return Layers(tuple(replace(e, alignment=None) for e in layers.entities),
                  tuple(replace(c, alignment=None) for c in layers.claims),
                  tuple(replace(a, alignment=None) for a in layers.attributions))


def layers_of(root: Path, doc_id: str, annotation_set: str = "spans") -> Layers:
    span_file = load_span_file(Layout(root).span_path(doc_id, annotation_set))
    return Layers.of(span_file)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_export_then_import_gives_a_new_set_with_the_same_annotations(
        name: str, make_corpus: Callable[[str | None], Path], tmp_path: Path) -> None:
    root = make_corpus(None)
    export_corpus(root, name, tmp_path / "out")
    result = import_corpus(root, name, tmp_path / "out", annotator="alice")
    assert sorted(p.name for p in result.written) == sorted(f"{t}.yaml" for t in TEXTS)
    assert {p.parent.name for p in result.written} == {"alice"}
    assert not [f for f in result.findings if f.level <= 2]
    # a translation-side file comes back whole but for `dropped` (the base files drop
    # nothing), except through brat, which cannot carry the alignment
    aligned = not [f for f in result.findings if f.check.startswith("alignment")]
    assert aligned == (name != "brat")
    keep = FORMATS[name].carries_ids
    for doc_id in TEXTS:
        text = load_text(root, parse_text_id(doc_id))
        before = assign_ids(canonical_hints(layers_of(root, doc_id), text), keep=keep)[0]
        after = assign_ids(layers_of(root, doc_id, "alice"), keep=keep)[0]
        if name == "brat":  # brat has no field for them (FORMATS["brat"].loses says so)
            before = without_alignment(before)
            assert without_alignment(after) == after
        assert after == before
        assert load_span_file(Layout(root).span_path(doc_id, "alice")).text.text_id == doc_id
        provenance = load_span_file(Layout(root).span_path(doc_id, "alice")).provenance
        assert provenance.annotators[0].id == "alice"
        assert f"imported from a {name} export" in (provenance.note or "")


def test_import_refuses_to_overwrite_an_existing_set(
        make_corpus: Callable[[str | None], Path], tmp_path: Path) -> None:
    root = make_corpus(None)
    export_corpus(root, "brat", tmp_path / "out")
    import_corpus(root, "brat", tmp_path / "out", annotator="alice")
    before = tree_digest(root)
    with pytest.raises(ImportRefused, match="exists"):
        import_corpus(root, "brat", tmp_path / "out", annotator="alice")
    with pytest.raises(ImportRefused, match="exists"):
        import_corpus(root, "brat", tmp_path / "out", annotation_set="spans")
    assert tree_digest(root) == before


def test_replace_reports_what_changed(make_corpus: Callable[[str | None], Path],
                                      tmp_path: Path) -> None:
    root = make_corpus(None)
    export_corpus(root, "labelstudio", tmp_path / "out", ["demo-en"])
    tasks_path = tmp_path / "out" / "tasks.json"
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    result = tasks[0]["annotations"][0]["result"]
    first = next(r for r in result if r["type"] == "labels" and r["from_name"] == "entity")
    old_label = first["value"]["labels"][0]
    first["value"]["labels"] = ["ORG" if old_label != "ORG" else "PERSON"]
    first_id = first["id"]
    tasks[0]["annotations"][0]["result"] = [
        r for r in result if not (r.get("id") == first_id and r["type"] == "textarea")]
    tasks_path.write_text(json.dumps(tasks), encoding="utf-8")
    outcome = import_corpus(root, "labelstudio", tmp_path / "out", replace_existing=True)
    assert len(outcome.changes) == 1
    assert re.search(r"annotations/spans/demo-en\.yaml: replaced: entities \+1 -1 ~0, "
                     r"claims \+0 -0 ~0, attributions \+0 -0 ~0", outcome.changes[0])
    assert layers_of(root, "demo-en").entities[0].label != old_label


def test_an_import_that_would_not_validate_writes_nothing(
        make_corpus: Callable[[str | None], Path], tmp_path: Path) -> None:
    root = make_corpus(None)
    export_corpus(root, "labelstudio", tmp_path / "out", ["demo-en"])
    tasks_path = tmp_path / "out" / "tasks.json"
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    result = tasks[0]["annotations"][0]["result"]
    entity = next(r for r in result if r["type"] == "labels" and r["from_name"] == "entity")
    clash = json.loads(json.dumps(entity))
    clash["id"] = "overlapping"
    clash["value"].update(start=entity["value"]["start"] + 1,
                          text=entity["value"]["text"][1:])
    result.append(clash)
    tasks_path.write_text(json.dumps(tasks), encoding="utf-8")
    before = tree_digest(root)
    with pytest.raises(ImportRefused) as refused:
        import_corpus(root, "labelstudio", tmp_path / "out", annotator="bob")
    assert any("[L2 entity-overlap]" in r and "(not written)" in r for r in refused.value.reasons)
    assert tree_digest(root) == before


def test_import_refuses_a_text_that_differs_from_the_corpus(
        make_corpus: Callable[[str | None], Path], tmp_path: Path) -> None:
    root = make_corpus(None)
    export_corpus(root, "brat", tmp_path / "out", ["demo-en"])
    txt = tmp_path / "out" / "demo-en.txt"
    txt.write_text(txt.read_text(encoding="utf-8") + "An added sentence.", encoding="utf-8")
    with pytest.raises(InterchangeError, match=r"import-text-mismatch.*character \d+"):
        import_corpus(root, "brat", tmp_path / "out")


def test_import_refuses_an_unknown_document(make_corpus: Callable[[str | None], Path],
                                            tmp_path: Path) -> None:
    root = make_corpus(None)
    export_corpus(root, "brat", tmp_path / "out", ["demo-en"])
    for suffix in (".txt", ".ann"):
        (tmp_path / "out" / f"demo-en{suffix}").rename(tmp_path / "out" / f"other{suffix}")
    with pytest.raises(InterchangeError, match="import-unknown-document"):
        import_corpus(root, "brat", tmp_path / "out")


# --- bad input from each format: one line naming file, line/item and problem id --------------

def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _brat_line(path: Path, prefix: str) -> str:
    return next(line for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith(prefix))


BAD_INPUT: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "brat-malformed": ("brat", lambda d: _edit(d / "demo-en.ann", "T1\t", "T1 "),
                       "import-malformed"),
    "brat-unknown-label": ("brat", lambda d: _edit(d / "demo-en.ann", "\tGPE ", "\tCOUNTRY "),
                           "import-unknown-label"),
    "brat-missing-attribute": ("brat", lambda d: _edit(
        d / "demo-en.ann", _brat_line(d / "demo-en.ann", "A1\t") + "\n", ""),
        "import-missing-attribute"),
    "brat-span-text": ("brat", lambda d: _edit(d / "demo-en.ann", "\tUS\n", "\tUK\n"),
                       "import-span-text"),
    "brat-discontinuous": ("brat", lambda d: _edit(
        d / "demo-en.ann", _brat_line(d / "demo-en.ann", "T1\t"),
        "T1\tGPE 0 2;7 17\tUS officials"), "import-discontinuous"),
    "brat-orphan-role": ("brat", lambda d: _edit(
        d / "demo-en.ann", _brat_line(d / "demo-en.ann", "E1\t") + "\n", "", 1),
        "import-"),
    "labelstudio-malformed": ("labelstudio", lambda d: (d / "tasks.json").write_text(
        "[{", encoding="utf-8"), "import-malformed"),
    "labelstudio-missing-attribute": ("labelstudio", lambda d: _edit(
        d / "tasks.json", '"from_name": "kind"', '"from_name": "nothing"'),
        "import-"),
    "labelstudio-unknown-label": ("labelstudio", lambda d: _edit(
        d / "tasks.json", '"GPE"', '"COUNTRY"'), "import-unknown-label"),
    "labelstudio-span-text": ("labelstudio", lambda d: _edit(
        d / "tasks.json", '"text": "US"', '"text": "UK"'), "import-span-text"),
    "inception-missing-attribute": ("inception", lambda d: _edit(
        d / "demo-en.xmi", ' kind="', ' notkind="'), "import-"),
    "inception-bad-typesystem": ("inception", lambda d: (d / "typesystem.xml").write_text(
        "<nope", encoding="utf-8"), "import-malformed"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_gets_a_one_line_error(case: str, make_corpus: Callable[[str | None], Path],
                                         tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    name, mutate, code = BAD_INPUT[case]
    root = make_corpus(None)
    export_corpus(root, name, tmp_path / "out", ["demo-en"])
    mutate(tmp_path / "out")
    before = tree_digest(root)
    status = main(["import", "--from", name, str(tmp_path / "out"), "--root", str(root)])
    err = capsys.readouterr().err
    assert status == 1
    lines = [line for line in err.splitlines() if "warning:" not in line]
    assert len(lines) == 1, err
    assert code in lines[0] and str(tmp_path / "out") in lines[0]
    assert "Traceback" not in err
    assert tree_digest(root) == before


#: A value outside the model's vocabulary, fed through each importer's narrowing
#: (wire.narrow): (format, text exported, file, old, new, what the one line must say).
OUTSIDE_VOCABULARY: dict[str, tuple[str, str, str, str, str, str]] = {
    "brat-kind": ("brat", "demo-en", "demo-en.ann", " event\n", " evnt\n",
                  "A1: Kind: 'evnt' is not in ClaimKind (event, "),
    "brat-quote-type": ("brat", "demo-en", "demo-en.ann", "QuoteType E1 indirect",
                        "QuoteType E1 reported", "QuoteType: 'reported' is not in QuoteType"),
    "labelstudio-kind": ("labelstudio", "demo-en", "tasks.json", '"choices": ["event"]',
                         '"choices": ["evnt"]', "c1: task 0: kind: 'evnt' is not in ClaimKind"),
    "labelstudio-checkworthy": ("labelstudio", "demo-en", "tasks.json", '"choices": ["no"]',
                                '"choices": ["maybe"]',
                                "checkworthy: 'maybe' is not one of yes, no"),
    "labelstudio-shift": ("labelstudio", "demo-en.nl.reference", "tasks.json",
                          '"text": ["changed"]', '"text": ["moved"]',
                          "shift: 'moved' is not in Shift (added, merged, split, changed)"),
    "inception-label": ("inception", "demo-en", "demo-en.xmi", ' label="GPE"',
                        ' label="COUNTRY"', "label: 'COUNTRY' is not in EntityLabel"),
    "inception-source-type": ("inception", "demo-en", "demo-en.xmi", ' sourceType="',
                              ' sourceType="x', "sourceType: 'x"),
    "inception-shift": ("inception", "demo-en.nl.reference", "demo-en.nl.reference.xmi",
                        ' shift="changed"', ' shift="moved"', "shift: 'moved' is not in Shift"),
}


@pytest.mark.parametrize("case", sorted(OUTSIDE_VOCABULARY))
def test_a_value_outside_the_vocabulary_gets_the_importers_one_line_error(
        case: str, make_corpus: Callable[[str | None], Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    name, text_id, file, old, new, says = OUTSIDE_VOCABULARY[case]
    root = make_corpus(None)
    export_corpus(root, name, tmp_path / "out", [text_id])
    _edit(tmp_path / "out" / file, old, new)
    before = tree_digest(root)
    assert main(["import", "--from", name, str(tmp_path / "out"), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "warning:" not in line]
    assert len(lines) == 1, err
    assert f"{tmp_path / 'out' / file}" in lines[0]
    assert "[import-unknown-label]" in lines[0] and says in lines[0], lines[0]
    if name == "brat":  # brat names the line of the attribute
        number = next(n for n, line in enumerate(
            (tmp_path / "out" / file).read_text(encoding="utf-8").splitlines(), start=1)
            if new.strip() in line)
        assert f"{file}:{number}: " in lines[0]
    assert tree_digest(root) == before


def test_cli_export_refuses_a_non_empty_directory(make_corpus: Callable[[str | None], Path],
                                                  tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = make_corpus(None)
    out = tmp_path / "out"
    assert main(["export", "--to", "inception", str(out), "--root", str(root)]) == 0
    before = tree_digest(out)
    assert main(["export", "--to", "inception", str(out), "--root", str(root)]) == 1
    assert "[export-exists]" in capsys.readouterr().err
    assert tree_digest(out) == before
    assert main(["export", "--to", "inception", str(out), "nope", "--root", str(root),
                 "--force"]) == 1
    assert "no document or translation 'nope'" in capsys.readouterr().err


def test_cli_import_round_trip_and_refusal(make_corpus: Callable[[str | None], Path],
                                           tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = make_corpus(None)
    out = tmp_path / "out"
    assert main(["export", "--to", "brat", str(out), "--root", str(root)]) == 0
    assert "brat does not carry: annotation ids" in capsys.readouterr().err
    assert main(["import", "--from", "brat", str(out), "--annotator", "carol",
                 "--root", str(root)]) == 0
    assert "wrote 4 span files" in capsys.readouterr().out  # two originals, two translations
    assert main(["import", "--from", "brat", str(out), "--annotator", "carol",
                 "--root", str(root)]) == 1
    assert "refused: annotations/passes/carol/demo-en.yaml: exists" in capsys.readouterr().err
    assert main(["import", "--from", "brat", str(out), "--replace", "--root", str(root)]) == 0
    assert "annotations/spans/demo-en.yaml: replaced: entities +0 -0 ~0" in \
        capsys.readouterr().out
