"""The documentation names every check, and the README carries the dataset card header."""

from __future__ import annotations

from pathlib import Path

import corpus_tools.checks.validator  # noqa: F401  (declares every check)
from corpus_tools.checks.base import CHECKS
from corpus_tools.checks.runner import validate

REPO = Path(__file__).resolve().parents[1]


def test_readme_lists_every_check() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [check.id for check in CHECKS.values()
               if f"| {check.level} | {check.severity} | `{check.id}` |" not in readme]
    assert missing == []


def test_readme_starts_with_front_matter() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "---"
    assert "---" in lines[1:]


def test_readme_document_table_matches_metadata() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for meta in (REPO / "corpus" / "documents").glob("*.meta.yaml"):
        doc_id = meta.name.removesuffix(".meta.yaml")
        assert f"`{doc_id}`" in readme


def test_repository_corpus_validates_clean() -> None:
    result = validate(REPO, use_cache=False)
    assert [str(f) for f in result.findings] == []
    assert result.files_checked >= 16
