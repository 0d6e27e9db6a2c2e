"""The incremental cache: unchanged units are not re-parsed; any input change re-checks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import corpus_tools.checks.validator as validator_module
from corpus_tools.checks.runner import validate


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = validator_module.parse_yaml_file

    def counting(data: bytes, kind: str):  # type: ignore[no-untyped-def]
        calls.append(kind)
        return real(data, kind)  # type: ignore[arg-type]

    monkeypatch.setattr(validator_module, "parse_yaml_file", counting)
    return calls


def age(root: Path) -> None:
    """Make every file look old enough for its hash to be remembered (see RACY_SECONDS)."""
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (1_600_000_000, 1_600_000_000))


def test_second_run_parses_nothing(make_corpus, parses) -> None:  # type: ignore[no-untyped-def]
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
    assert parses == []


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


def damage_index(root: Path, parts: dict[str, object]) -> None:
    import sqlite3

    database = sqlite3.connect(root / ".cache/corpus-tools/validate.sqlite")
    with database:
        database.executemany("UPDATE run SET value = ? WHERE part = ?",
                             [(value, part) for part, value in parts.items()])
    database.close()


def index_part(root: Path, part: str) -> object:
    import sqlite3

    database = sqlite3.connect(root / ".cache/corpus-tools/validate.sqlite")
    try:
        return database.execute("SELECT value FROM run WHERE part = ?", (part,)).fetchone()[0]
    finally:
        database.close()


@pytest.mark.parametrize("damage", ["{not json", "[1, 2]", '[{"file": 1}]', "null",
                                    '[{"file": "a", "line": "x", "column": 1, "check": "c", '
                                    '"level": 1, "span_id": null, "message": "m", '
                                    '"severity": "error"}]'])
def test_damaged_unit_records_are_rechecked(make_corpus, parses, damage: str) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("unknown-label")
    age(root)
    expected = validate(root).findings
    units = index_part(root, "units")
    assert isinstance(units, str)
    damage_index(root, {"result": damage,
                        "findings": "\0".join([damage] * len(json.loads(units)))})
    parses.clear()
    assert validate(root).findings == expected
    assert "spans" in parses  # checked afresh, not taken from the damaged records
    parses.clear()
    assert validate(root).findings == expected  # and the index is whole again
    assert parses == []


@pytest.mark.parametrize("part, value", [
    ("hashes", "not a hash " * 100), ("stats", b"\1\2\3"), ("units", "{not json"),
    ("deps", b"\xff" * 64), ("offsets", b""), ("paths", ""), ("head", "[]"),
    ("hashes", None)])
def test_a_damaged_index_is_ignored(make_corpus, part: str, value: object) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("unknown-label")
    age(root)
    expected = validate(root).findings
    path = root / "annotations/spans/demo-en.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("label: GPE", "label: GEO", 1),
                    encoding="utf-8")
    age(root)
    edited = validate(root, use_cache=False).findings
    assert edited != expected
    damage_index(root, {part: value})
    assert validate(root).findings == edited


def test_a_file_hash_that_is_not_hex_is_not_trusted(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    age(root)
    assert validate(root).findings == []
    hashes = index_part(root, "hashes")
    assert isinstance(hashes, str)
    damage_index(root, {"hashes": "z" * len(hashes), "result": "{not json"})
    assert validate(root).findings == []
