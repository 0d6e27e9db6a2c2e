"""Levels are stages: a run up to level N reports exactly the level <= N findings of a
full run and never calls a later check (language identification runs only at level 3)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import corpus_tools.checks.validator  # noqa: F401  (declares every check)
from conftest import invalid_fixture_names, materialise
from corpus_tools.checks import language
from corpus_tools.checks.base import CHECKS, LEVELS
from corpus_tools.checks.runner import validate
from corpus_tools.cli import main


class LanguageIdentificationCalled(Exception):
    pass


def _forbid_language_identification(monkeypatch: pytest.MonkeyPatch) -> None:
    """langdetect can be neither imported nor called (its factory is cached per process)."""
    def refuse() -> None:
        raise LanguageIdentificationCalled
    monkeypatch.setattr(language, "_factory", refuse)
    for name in [n for n in sys.modules if n == "langdetect" or n.startswith("langdetect.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "langdetect", None)


@pytest.mark.parametrize("check", invalid_fixture_names())
def test_each_stage_is_the_subset_of_a_full_run(tmp_path: Path, check: str) -> None:
    root = materialise(tmp_path / check, check)
    full = validate(root, use_cache=False).findings
    assert full  # the fixture triggers its check
    for level in LEVELS[:-1]:
        staged = validate(root, use_cache=False, level=level).findings
        assert staged == [f for f in full if f.level <= level], level


@pytest.mark.parametrize("check", ["language-mismatch", "translation-language"])
def test_levels_1_and_2_never_identify_languages(
        tmp_path: Path, check: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = materialise(tmp_path / check, check)
    _forbid_language_identification(monkeypatch)
    for level in (1, 2):
        assert validate(root, use_cache=False, level=level).findings == []
    with pytest.raises((LanguageIdentificationCalled, ImportError)):  # level 3 does
        validate(root, use_cache=False, level=3)


def test_cli_level_1_stops_there(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = materialise(tmp_path / "language-mismatch", "language-mismatch")
    _forbid_language_identification(monkeypatch)
    assert main(["validate", str(root), "--level", "1", "--no-cache", "--jobs", "1"]) == 0
    assert "language-mismatch" not in capsys.readouterr().out
    assert main(["validate", str(root), "--level", "3", "--no-cache", "--jobs", "1"]) != 0
    assert "internal error" in capsys.readouterr().err  # level 3 did reach langdetect


def test_every_level_has_a_check() -> None:
    assert {check.level for check in CHECKS.values()} == set(LEVELS)
