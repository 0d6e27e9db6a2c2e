"""The cache's index of the last run: an unchanged corpus is answered whole, and every kind
of change (edit, add, delete, rename, touch, a registry edit, a new original in a pass)
gives exactly the findings of a run without the cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import corpus_tools.checks.validator as validator
from corpus_tools.checks.base import Finding
from corpus_tools.checks.runner import validate
from test_cache import age


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The units the validator checked (not answered from the cache)."""
    units: list[tuple[str, ...]] = []
    real = validator.Validator._put

    def counting(self: validator.Validator, unit: tuple[str, ...],
                 findings: list[Finding]) -> list[Finding]:
        units.append(unit)
        return real(self, unit, findings)

    monkeypatch.setattr(validator.Validator, "_put", counting)
    return units


def same_as_without_cache(root: Path, checked: list[tuple[str, ...]] | None = None
                          ) -> tuple[list[Finding], list[tuple[str, ...]]]:
    """The cached run's findings (equal to a run without the cache) and the units it
    checked."""
    checked = checked if checked is not None else []
    checked.clear()
    cached = validate(root).findings
    units = list(checked)
    assert cached == validate(root, use_cache=False).findings
    return cached, units


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_corpus_is_answered_without_the_validator(
        make_corpus, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("unknown-label")
    age(root)
    first = validate(root)
    assert first.findings

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the validator ran on an unchanged corpus")

    monkeypatch.setattr(validator.Validator, "run", refuse)
    assert validate(root) == first
    assert validate(root, jobs=2) == first


def test_the_index_is_found_through_another_spelling_of_the_root(
        make_corpus, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("unknown-label")
    age(root)
    first = validate(root)
    link = root.parent / "link"
    link.symlink_to(root)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the validator ran on an unchanged corpus")

    monkeypatch.setattr(validator.Validator, "run", refuse)
    assert validate(link) == first
    monkeypatch.chdir(root.parent)
    assert validate(Path(root.name)) == first


def test_another_level_is_not_answered_from_the_last_runs_index(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("unknown-label")
    age(root)
    assert validate(root).findings
    assert validate(root, level=1).findings == validate(root, level=1, use_cache=False).findings


def test_a_racy_corpus_is_not_answered_whole(make_corpus, checked) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    for path in root.rglob("*"):
        os.utime(path)  # just written: within the racy window
    validate(root)
    checked.clear()
    assert validate(root).findings == []
    # every unit reads a racy file: each is keyed afresh (and found unchanged by content)
    assert checked == []


def test_an_edit_rechecks_the_units_that_read_the_file(make_corpus, checked) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    age(root)
    validate(root)
    edit(root / "annotations/spans/demo-nl.yaml", "label: GPE", "label: GEO")
    age(root)  # old enough to be trusted: noticed by its size and ctime alone
    findings, units = same_as_without_cache(root, checked)
    assert [f.check for f in findings] == ["unknown-label"]
    assert sorted(units) == [
        ("spans", str(root / "annotations/spans"), "demo-nl", "spans"),
        ("spans", str(root / "annotations/spans"), "demo-nl.en.reference", "spans")]


def test_a_touch_checks_nothing(make_corpus, checked) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    age(root)
    validate(root)
    os.utime(root / "corpus/documents/demo-en.txt")
    (root / "annotations/registry.yaml").touch()
    assert same_as_without_cache(root, checked) == ([], [])  # the same contents: no check


def test_an_added_file_is_checked(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    age(root)
    validate(root)
    documents = root / "corpus/documents"
    shutil.copy(documents / "demo-en.meta.yaml", documents / "extra.meta.yaml")
    assert "missing-text" in {f.check for f in same_as_without_cache(root)[0]}


def test_a_deleted_file_is_noticed(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    age(root)
    validate(root)
    (root / "annotations/spans/demo-nl.yaml").unlink()
    checks = {f.check for f in same_as_without_cache(root)[0]}
    assert "missing-annotations" in checks


def test_a_renamed_file_is_noticed(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    age(root)
    validate(root)
    spans = root / "annotations/spans"
    (spans / "demo-nl.yaml").rename(spans / "demo-xx.yaml")
    checks = {f.check for f in same_as_without_cache(root)[0]}
    assert {"missing-annotations", "missing-text"} <= checks


def test_a_registry_edit_rechecks_every_span_file(make_corpus, checked) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    age(root)
    validate(root)
    edit(root / "annotations/registry.yaml", "id: venezuela", "id: venezuela-2")
    findings, units = same_as_without_cache(root, checked)
    assert "registry-unknown-entity" in {f.check for f in findings}
    assert sorted(unit[0] for unit in units) == ["registry"] + ["spans"] * 4


def test_an_original_added_to_a_pass_changes_what_its_translation_aligns_with(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    spans, own = root / "annotations/spans", root / "annotations/passes/second"
    own.mkdir(parents=True)
    shutil.copy(spans / "demo-en.nl.reference.yaml", own)
    age(root)
    assert validate(root).findings == []
    shutil.copy(spans / "demo-en.yaml", own)
    edit(own / "demo-en.yaml", "{id: e11, label: GPE", "{id: e11, label: LOC")
    findings, _ = same_as_without_cache(root)
    assert any(f.file == "annotations/passes/second/demo-en.nl.reference.yaml"
               for f in findings)
