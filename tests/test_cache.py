"""The incremental cache: unchanged units are not re-parsed; any input change re-checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import corpus_tools.checks.runner as runner
from corpus_tools.checks.runner import validate


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = runner.parse_yaml_file

    def counting(data: bytes, kind: str):  # type: ignore[no-untyped-def]
        calls.append(kind)
        return real(data, kind)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "parse_yaml_file", counting)
    return calls


def age(root: Path) -> None:
    """Make every file look old enough for its hash to be remembered (see RACY_SECONDS)."""
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (1_600_000_000, 1_600_000_000))


def test_second_run_parses_only_the_registry(make_corpus, parses) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    age(root)
    validate(root)
    # a translation unit reads its document's segmentation too, parsed once for both; a
    # translation-side span file's unit reads the segmentation, the translation and the
    # original's span file
    assert sorted(parses) == ["metadata"] * 2 + ["registry"] + ["segments"] * 4 + [
        "spans"] * 6 + ["translation"] * 4
    parses.clear()
    assert validate(root).findings == []
    assert parses == ["registry"]


def test_edit_rechecks_only_that_unit(make_corpus, parses) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    age(root)
    validate(root)
    path = root / "annotations/spans/demo-en.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("label: PERSON", "label: PER"),
                    encoding="utf-8")
    parses.clear()
    findings = validate(root).findings
    # the original's unit, and its translation-side file's (which reads the original, the
    # segmentation and the translation); demo-nl's are cache hits
    assert sorted(parses) == ["registry", "segments", "spans", "spans", "spans", "translation"]
    assert [f.check for f in findings] == ["unknown-label"]


def test_translation_side_edit_rechecks_only_that_unit(make_corpus, parses) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    age(root)
    validate(root)
    path = root / "annotations/spans/demo-en.nl.reference.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("label: DATE", "label: TIME", 1),
                    encoding="utf-8")
    parses.clear()
    findings = validate(root).findings
    assert sorted(parses) == ["registry", "segments", "spans", "spans", "translation"]
    assert [(f.file, f.check) for f in findings] == [
        ("annotations/spans/demo-en.nl.reference.yaml", "alignment-attributes")]


def test_text_edit_invalidates_span_and_document_units(make_corpus, parses) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    age(root)
    validate(root)
    text = root / "corpus/documents/demo-nl.txt"
    text.write_bytes(text.read_bytes() + b"Nog een zin.\n")
    parses.clear()
    checks = {f.check for f in validate(root).findings}
    assert checks == {"stale-annotations", "stale-segments", "stale-translation",
                      "metadata-mismatch"}
    # demo-nl's translation-side file too: its target text cannot be built from a stale
    # segmentation, so the translation itself is not parsed for it
    assert sorted(parses) == ["metadata", "registry", "segments", "segments", "spans", "spans",
                              "spans", "translation"]


def test_same_size_same_mtime_edit_is_not_missed_when_recent(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    for path in root.rglob("*"):
        os.utime(path)  # just written: their hashes are not remembered
    validate(root)
    path = root / "annotations/spans/demo-en.yaml"
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("label: GPE", "label: GEO", 1),
                    encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert [f.check for f in validate(root).findings] == ["unknown-label"]


def test_corrupt_cache_is_ignored(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    cache = root / ".cache/corpus-tools/validate.sqlite"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"this is not a database" * 100)
    assert validate(root).findings == []
    assert validate(root, use_cache=False).findings == []


def test_locked_cache_does_not_fail_validation(make_corpus) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    root = make_corpus()
    validate(root)
    holder = sqlite3.connect(root / ".cache/corpus-tools/validate.sqlite")
    holder.execute("BEGIN EXCLUSIVE")  # another run holds the database
    try:
        assert validate(root).findings == []
    finally:
        holder.rollback()
        holder.close()


def test_same_size_edit_with_its_mtime_restored_is_not_missed(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    age(root)  # old enough for every hash to be remembered
    assert validate(root).findings == []
    path = root / "annotations/spans/demo-en.yaml"
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("label: GPE", "label: GEO", 1),
                    encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert [f.check for f in validate(root).findings] == ["unknown-label"]


@pytest.mark.parametrize("damage", ["{not json", "[1, 2]", '[{"file": 1}]', "null",
                                    '[{"file": "a", "line": "x", "column": 1, "check": "c", '
                                    '"level": 1, "span_id": null, "message": "m", '
                                    '"severity": "error"}]'])
def test_damaged_cache_rows_are_dropped_and_rechecked(make_corpus, damage: str) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    root = make_corpus("unknown-label")
    age(root)
    expected = validate(root).findings
    database = sqlite3.connect(root / ".cache/corpus-tools/validate.sqlite")
    with database:
        database.execute("UPDATE results SET findings = ?", (damage,))
        database.execute("UPDATE files SET sha256 = 'x', stat = NULL WHERE rowid % 2 = 0")
    database.close()
    assert validate(root).findings == expected
    assert validate(root).findings == expected  # and the database is whole again
