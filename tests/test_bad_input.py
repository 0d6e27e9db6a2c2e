"""Bad input never produces a traceback or a modified file.

Walks every invalid fixture (broken YAML, wrong types, duplicate keys, unknown labels,
offsets out of range or mismatching, dangling or cyclic references, BOM/CRLF/non-NFC
texts, empty or binary files, unsafe names) through every command, and feeds `add`
every kind of file it must refuse.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import corpus_tools.checks.validator  # noqa: F401  (declares every check)
from conftest import invalid_fixture_names, tree_digest
from corpus_tools.checks.base import CHECKS
from corpus_tools.cli import main

#: Fixtures whose span file cannot be parsed at all: fix must leave them byte-identical.
UNPARSABLE = {"file-empty", "file-binary", "file-encoding", "yaml-syntax", "duplicate-key"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


@pytest.mark.parametrize("check", invalid_fixture_names())
def test_read_only_commands_change_nothing(make_corpus, capsys, check: str) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus(check)
    before = tree_digest(root)
    fails = 1 if CHECKS[check].severity == "error" else 0  # warnings fail only --strict
    assert run(capsys, "validate", str(root))[0] == fails
    assert run(capsys, "validate", str(root), "--format", "json")[0] == fails
    assert run(capsys, "validate", str(root), "--strict")[0] == 1
    assert run(capsys, "fix", "--check", str(root))[0] in (0, 1)
    assert run(capsys, "stats", "--root", str(root))[0] == 0
    assert tree_digest(root) == before


@pytest.mark.parametrize("check", invalid_fixture_names())
def test_fix_leaves_what_it_cannot_parse(make_corpus, capsys, check: str) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus(check)
    before = tree_digest(root)
    code, err = run(capsys, "fix", str(root))
    assert code in (0, 1) and err == ""
    after = tree_digest(root)
    changed = {name for name in before if before[name] != after.get(name)}
    assert set(after) == set(before)  # nothing created or deleted
    if check in UNPARSABLE:
        assert changed == set()
    assert changed <= {name for name in before if name.startswith("annotations/")}


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "a/b", "..", "Demo", ""])
def test_unsafe_doc_ids_in_files_are_findings(make_corpus, capsys, bad_id: str) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    for relative in ("annotations/spans/demo-en.yaml", "corpus/documents/demo-en.meta.yaml"):
        path = root / relative
        text = path.read_text(encoding="utf-8").replace("doc_id: demo-en", f"doc_id: '{bad_id}'")
        path.write_text(text, encoding="utf-8")
    before = tree_digest(root)
    code, _ = run(capsys, "validate", str(root))
    assert code == 1
    assert run(capsys, "fix", str(root))[0] in (0, 1)
    assert tree_digest(root) == before
    assert not (root.parent / "etc").exists()


def test_add_refusals(make_corpus, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    before = tree_digest(root)
    good = tmp_path / "good.txt"
    good.write_text("A plain English sentence about ships in the Caribbean Sea today.\n")
    cases: list[tuple[bytes | None, list[str], str]] = [
        (b"", [], "file-empty"),
        (b"   \n\n", [], "file-empty"),
        (b"PK\x03\x04\x00\x00binary", [], "file-binary"),
        (b"caf\xe9 au lait", [], "file-encoding"),
        (None, ["--id", "../escape"], "unsafe document id"),
        (None, ["--id", "a/b"], "unsafe document id"),
        (None, ["--id", "UPPER"], "unsafe document id"),
        (None, ["--id", "demo-en"], "exists already"),
        (None, ["--lang", "nl"], "langdetect says en"),
    ]
    for data, extra, expected in cases:
        source = good
        if data is not None:
            source = tmp_path / "input.txt"
            source.write_bytes(data)
        args = ["add", str(source), "--root", str(root)]
        if "--lang" not in extra:
            args += ["--lang", "en"]
        code, err = run(capsys, *args, *extra)
        assert code == 1, expected
        assert expected in err and err.count("\n") == 1, err
    assert tree_digest(root) == before


def test_add_normalises_and_says_so(make_corpus, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    source = tmp_path / "Nieuw Bericht.txt"
    source.write_bytes("\ufeffDe Verenigde Staten sturen schepen naar het Caribisch gebied, "
                       "zegt José.\r\nDat meldt de krant vandaag.\r\n".replace("é", "e\u0301")
                       .encode())
    code = main(["add", str(source), "--lang", "nl", "--root", str(root)])
    out = capsys.readouterr().out
    assert code == 0
    assert "removed the byte-order mark" in out and "CRLF" in out and "NFC" in out
    text = (root / "corpus/documents/nieuw-bericht.txt").read_text(encoding="utf-8")
    assert "\r" not in text and "José" in text
    from corpus_tools.checks.runner import validate

    # a new document validates but for its metadata stub and the reference translation it
    # still needs, and both are warnings
    findings = validate(root).findings
    assert sorted(f.check for f in findings) == ["metadata-stub", "missing-translation"]
    assert {f.severity for f in findings} == {"warning"}
