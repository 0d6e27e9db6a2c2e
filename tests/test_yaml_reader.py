"""The fast event reader reads exactly what ruamel's YAML 1.2 safe loader reads: the same
data, or the same error with the same check id, line and column."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO
from corpus_tools.io import yamlio
from corpus_tools.io.yamlio import YamlParseError, load_safe


def outcome(load: Any, text: str) -> tuple[str, Any]:
    try:
        value = load(text)
    except YamlParseError as error:
        return "error", error
    return "data", (type(value).__name__, value)


def assert_same(text: str) -> None:
    assert outcome(load_safe, text) == outcome(yamlio._load_ruamel_safe, text), text


TRICKY = [
    "", "   \n", "# only a comment\n", "a: 1\n", "a: 010\nb: 0o17\nc: 0x1F\nd: 1_000\ne: -5\n",
    "a: 1.5\nb: .inf\nc: .nan\nd: 1e3\ne: 6.02e+23\n", "a: yes\nb: no\nc: on\nd: off\ne: y\n",
    "a: true\nb: False\nc: NULL\nd: ~\ne:\nf: null\n", "date: 2026-11-21\n",
    "when: 2001-12-14t21:59:43.10-05:00\n", "a: '1'\nb: \"true\"\nc: |\n  block\n",
    "a: !!str 1\n", "a: !custom x\n", "%YAML 1.1\n---\na: yes\n", "---\na: 1\n---\nb: 2\n",
    "a: 1\na: 2\n", "{a: 1, a: 1}\n", "? [a, b]\n: 1\n", "? {a: 1}\n: 2\n", "<<: {a: 1}\n",
    "a: &x 1\nb: *x\n", "a: &x [1]\n", "a: [1, 2\n", "a: b: c\n", "- a\nb: 1\n",
    "\t- tab\n", "a: '\\x'\n", "a: \"\\x\"\n", "[" * 70 + "]" * 70 + "\n",
    "- " * 70 + "x\n", "a:\n" + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(1, 70)),
    "1: one\n2: two\n", "true: 1\n1: 2\n", "=: x\n", "a: ½\nb: ²\nc: ٣\n", "a: 0\nb: 00\n",
    "a: +1\nb: 1:20\n", "- 12:30:00\n", "x: [a, {b: c}, [d]]\n", "? \n: v\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_input_reads_as_ruamel_reads_it(text: str) -> None:
    assert_same(text)


def test_every_yaml_file_of_the_repository_reads_as_ruamel_reads_it() -> None:
    """The committed corpus, the fixtures (invalid ones included) and the card."""
    paths = [path for path in REPO.rglob("*.yaml") if not {".cache", ".venv"} & set(path.parts)]
    assert len(paths) > 100
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        assert_same(text)


PIECES = ["a", "b", "1", "0", "07", "1.5", "yes", "true", "null", "~", "-", "- ", ": ", "\n",
          "  ", "[", "]", "{", "}", ",", "'", '"', "&x ", "*x", "!!str ", "#", "?", "2026-01-01",
          "\t", "é", "|", ">"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24))
def test_random_input_reads_as_ruamel_reads_it(pieces: list[str]) -> None:
    assert_same("".join(pieces))


def test_project_files_never_fall_back_to_ruamel(monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus's own files are read by the event reader alone (ruamel costs 5x)."""
    def refuse(text: str) -> Any:
        raise AssertionError("fell back to ruamel")

    monkeypatch.setattr(yamlio, "_load_ruamel_safe", refuse)
    paths = [*(REPO / "annotations").rglob("*.yaml"), *(REPO / "corpus").rglob("*.yaml")]
    assert len(paths) > 10
    for path in paths:
        assert isinstance(load_safe(path.read_text(encoding="utf-8")), dict), path
