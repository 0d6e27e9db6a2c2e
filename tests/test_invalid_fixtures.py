"""Every check id has an invalid fixture that triggers exactly that check, and the text
output over all fixtures matches the reviewed golden log (as in the UD validator)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

import corpus_tools.checks.validator  # noqa: F401  (declares every check)
from conftest import FIXTURES, invalid_fixture_names, materialise
from corpus_tools.checks.base import CHECKS
from corpus_tools.checks.report import format_text
from corpus_tools.checks.runner import validate

GOLDEN = FIXTURES / "invalid.golden.log"


def test_base_fixture_is_clean(tmp_path: Path) -> None:
    result = validate(materialise(tmp_path / "base"), use_cache=False)
    assert result.findings == []
    assert result.files_checked == 13  # with both translations' span files


def test_every_check_has_a_fixture() -> None:
    assert set(invalid_fixture_names()) == set(CHECKS)


@pytest.mark.parametrize("check", invalid_fixture_names())
def test_fixture_triggers_exactly_its_check(tmp_path: Path, check: str) -> None:
    result = validate(materialise(tmp_path / check, check), use_cache=False)
    assert {f.check for f in result.findings} == {check}, [str(f) for f in result.findings]
    for finding in result.findings:
        assert finding.level == CHECKS[check].level
        assert "\n" not in finding.message


def _golden_log(tmp_path: Path) -> str:
    parts = []
    for check in invalid_fixture_names():
        result = validate(materialise(tmp_path / check, check), use_cache=False)
        output = format_text(result.findings, Counter(), result.files_checked)
        parts.append(f"## {check}\n{output}")
    return "".join(parts)


def test_golden_log(tmp_path: Path) -> None:
    log = _golden_log(tmp_path)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(log, encoding="utf-8")
    assert log == GOLDEN.read_text(encoding="utf-8"), (
        "validator output changed: review, then rerun with UPDATE_GOLDEN=1"
    )
