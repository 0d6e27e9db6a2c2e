"""The CLI: exit codes 0/1/2, output formats, path selection, level filter, capping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_tools.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_corpus_exits_0(make_corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    code, out, _ = run(capsys, "validate", str(root))
    assert code == 0
    assert out.strip() == "13 files checked: clean"


def test_findings_exit_1_with_file_line_column_span_and_check(make_corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("unknown-label")
    code, out, _ = run(capsys, "validate", str(root))
    assert code == 1
    assert out.splitlines()[0].startswith(
        "annotations/spans/demo-en.yaml:22:14: error: [L2 unknown-label] e9: unknown label 'PER'"
    )


def test_usage_errors_exit_2(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "validate", str(tmp_path / "nowhere"))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 2 and "not inside a corpus" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--level", "7"])
    assert exit_info.value.code == 2


def test_json_format_is_stable(make_corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("dangling-reference")
    code, out, _ = run(capsys, "validate", str(root), "--format", "json")
    document = json.loads(out)
    assert code == 1
    assert set(document) == {"format", "version", "level", "files_checked", "ok", "passed",
                             "strict", "errors", "warnings", "counts", "suppressed", "findings"}
    assert document["passed"] is False and document["errors"] == 1
    assert document["format"] == "corpus-tools-validate" and document["version"] == 1
    assert document["ok"] is False and document["counts"] == {"dangling-reference": 1}
    assert document["findings"] == [{
        "file": "annotations/spans/demo-nl.yaml", "line": 40, "column": 5,
        "check": "dangling-reference", "level": 2, "span_id": "a2",
        "message": "parent 'a99' is not an attribution", "severity": "error",
    }]


def test_warnings_pass_unless_strict(make_corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("missing-translation")
    code, out, _ = run(capsys, "validate", str(root))
    assert code == 0
    assert out.splitlines()[0].startswith(
        "corpus/documents/demo-en.txt:1:1: warning: [L3 missing-translation]")
    assert out.splitlines()[-1] == "11 files checked: 1 warning"
    code, out, _ = run(capsys, "validate", str(root), "--format", "json")
    document = json.loads(out)
    assert code == 0 and document["passed"] is True and document["ok"] is False
    assert document["warnings"] == 1 and document["findings"][0]["severity"] == "warning"
    code, out, _ = run(capsys, "validate", str(root), "--format", "json", "--strict")
    assert code == 1 and json.loads(out)["passed"] is False
    _, out, _ = run(capsys, "validate", str(root), "--format", "github")
    assert out.startswith("::warning file=corpus/documents/demo-en.txt,")


def test_github_format(make_corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("span-whitespace")
    _, out, _ = run(capsys, "validate", str(root), "--format", "github")
    assert out.splitlines()[0] == (
        "::error file=annotations/spans/demo-en.yaml,line=17,col=46,"
        "title=span-whitespace (level 2)::e4: span text 'Pentagon ' begins or ends with whitespace"
    )


def test_level_filter(make_corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("stale-annotations")
    assert run(capsys, "validate", str(root), "--level", "2")[0] == 0
    assert run(capsys, "validate", str(root), "--level", "3")[0] == 1


def test_path_selection(make_corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("attribution-cycle")  # the finding is in demo-nl.yaml
    assert run(capsys, "validate", str(root / "annotations/spans/demo-en.yaml"))[0] == 0
    assert run(capsys, "validate", str(root / "annotations/spans/demo-nl.yaml"))[0] == 1
    assert run(capsys, "validate", str(root / "annotations"))[0] == 1


def test_max_per_check(make_corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("parent-containment")  # three findings of one check
    code, out, _ = run(capsys, "validate", str(root), "--max-per-check", "1")
    assert code == 1
    lines = out.splitlines()
    assert len([line for line in lines if "[L2 parent-containment]" in line]) == 1
    assert "... 2 more [parent-containment] findings not shown (--max-per-check)" in lines
    assert lines[-1] == "13 files checked: 3 errors"


@pytest.mark.parametrize("value", ["-1", "0", "two"])
def test_max_per_check_must_be_positive(capsys, value: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--max-per-check", value])
    assert exit_info.value.code == 2
    assert "--max-per-check: must be a whole number of at least 1" in capsys.readouterr().err


def test_list_checks(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "validate", "--list-checks")
    assert code == 0 and "L2  error    text-mismatch" in out
    assert "L3  warning  missing-translation" in out


def test_fix_cli_check_mode(make_corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("text-mismatch")
    code, out, _ = run(capsys, "fix", "--check", str(root))
    assert code == 1 and "[fix re-anchored] e4:" in out and "would change 1 item" in out
    code, out, _ = run(capsys, "fix", str(root))
    assert code == 0 and "changed 1 item" in out
    assert run(capsys, "fix", "--check", str(root))[0] == 0
    assert run(capsys, "validate", str(root))[0] == 0


def test_stats(make_corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    code, out, _ = run(capsys, "stats", "--root", str(root), "--format", "json")
    stats = json.loads(out)
    assert code == 0
    # both originals and both translations
    assert stats["totals"]["entities"] == 42 and stats["totals"]["claims"] == 16
    assert stats["totals"]["attributions"] == 16
    assert stats["totals"]["labels"]["entity:DATE"] == 8
    by_text = {d["text_id"]: d for d in stats["documents"]}
    assert list(by_text) == ["demo-en", "demo-en.nl.reference", "demo-nl",
                             "demo-nl.en.reference"]
    assert by_text["demo-nl"]["labels"]["attribution:unknown"] == 1
    assert by_text["demo-en.nl.reference"]["labels"]["entity:NORP"] == 1
    assert by_text["demo-en.nl.reference"]["language"] == "nl"
    assert [a["entities"] for a in stats["alignment"]] == [
        {"aligned": 11, "total": 11, "share": 1.0}, {"aligned": 10, "total": 10, "share": 1.0}]
    code, out, _ = run(capsys, "stats", "--root", str(root))
    assert "demo-en" in out and "TOTAL" in out and "entity:PERSON" in out
    assert "alignment coverage" in out


def test_stats_alignment_coverage_counts_unaligned_items(make_corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("alignment-coverage")  # one entity of demo-en has no counterpart
    code, out, _ = run(capsys, "stats", "--root", str(root), "--format", "json")
    stats = json.loads(out)
    assert code == 0
    assert [a["entities"]["aligned"] for a in stats["alignment"]] == [10, 10]
    assert stats["alignment_totals"]["entities"] == {"aligned": 20, "total": 21,
                                                      "share": 20 / 21}
    assert stats["alignment_totals"]["claims"]["share"] == 1.0
    _, out, _ = run(capsys, "stats", "--root", str(root))
    assert "10/11   91%" in out


def test_internal_errors_are_one_line(make_corpus, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import corpus_tools.cli as cli

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cli, "validate", boom)
    code, _, err = run(capsys, "validate", str(make_corpus()))
    assert code == 3 and err.count("\n") == 1 and "RuntimeError: disk on fire" in err
