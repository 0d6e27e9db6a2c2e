"""`corpus-tools migrate`: 1.0 span files become 1.1 files that lose nothing, on the
committed corpus and on every invalid fixture, and a second run changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, invalid_fixture_names, materialise, tree_digest
from corpus_tools.checks.base import Finding
from corpus_tools.checks.runner import validate
from corpus_tools.cli import main
from corpus_tools.io.yamlio import load_safe
from corpus_tools.layout import Layout
from corpus_tools.migrate import migrate_file


def _span_files(root: Path) -> dict[str, str]:
    layout = Layout(root)
    return {layout.relative(p): p.read_text(encoding="utf-8")
            for s in layout.annotation_sets() for p in layout.span_files(s)}


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_committed_corpus_migrates_losslessly_and_idempotently(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for folder in ("corpus", "annotations"):
        shutil.copytree(REPO / folder, root / folder)
    before = _span_files(root)
    old = {name for name, text in before.items() if "schema_version: '1.0'" in text}
    assert old and all("schema_version: '1.1'" in before[name] for name in set(before) - old)
    assert validate(root, use_cache=False).findings == []

    assert main(["migrate", str(root)]) == 0
    after = _span_files(root)
    assert set(after) == set(before)
    assert all(after[name] == before[name] for name in set(before) - old)  # already 1.1
    for name in old:
        text = after[name]
        changed = _changed_lines(before[name], text)
        assert [new for _, new in changed] == [
            changed[0][1], "schema_version: '1.1'"], name
        assert changed[0][0].endswith("spans-1.0.schema.json")
        assert changed[0][1] == changed[0][0].replace("spans-1.0", "spans-1.1")
        assert load_safe(text) == {**load_safe(before[name]), "schema_version": "1.1"}
    assert validate(root, use_cache=False).findings == []

    digest = tree_digest(root)
    assert main(["migrate", str(root)]) == 0
    assert main(["migrate", "--check", str(root)]) == 0
    assert tree_digest(root) == digest


@pytest.mark.parametrize("check", invalid_fixture_names())
def test_invalid_fixture_findings_survive_migration(tmp_path: Path, check: str) -> None:
    """Every fixture's 1.0 span files that parse migrate; the findings stay the same (the
    schema-version fixture names a version there is no migration from; a file with a BOM
    keeps it)."""
    root = materialise(tmp_path / check, check)
    layout = Layout(root)
    before = validate(root, use_cache=False).findings
    notes = [migrate_file(p, layout) for s in layout.annotation_sets()
             for p in layout.span_files(s)]
    parse_failures = {"yaml-syntax", "duplicate-key", "file-empty", "file-binary",
                      "file-encoding", "schema-version", "yaml-limit"}
    for note in notes:
        assert note.kind in ("migrated", "current") or check in parse_failures, note
    assert any(n.is_change for n in notes) or check in parse_failures
    after = validate(root, use_cache=False).findings

    def key(f: Finding) -> tuple[object, ...]:
        # stale-build quotes the data hash, which covers the span files' bytes
        return (f.file, f.line, f.column, f.check, f.span_id,
                f.message if f.check != "stale-build" else "")

    assert [key(f) for f in after] == [key(f) for f in before]


def test_migrate_refuses_what_it_cannot_read_and_writes_nothing(tmp_path: Path) -> None:
    root = materialise(tmp_path / "yaml-syntax", "yaml-syntax")
    path = root / "annotations" / "spans" / "demo-en.yaml"
    data = path.read_bytes()
    note = migrate_file(path, Layout(root))
    assert note.kind == "skipped" and "yaml-syntax" in str(note)
    assert path.read_bytes() == data
    assert main(["migrate", str(path)]) == 1
