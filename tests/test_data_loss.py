"""The two ways a command once lost committed data: a build that failed half-way through
replacing data/, and `fix` moving spans onto other mentions after a text edit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import tree_digest
from corpus_tools.export import build as build_module
from corpus_tools.export.build import BuildError, build
from corpus_tools.export.parquet import StreamingWriter


@pytest.fixture(scope="module")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import materialise

    root = materialise(tmp_path_factory.mktemp("built") / "corpus")
    build(root)
    return root


def _copy(source: Path, target: Path) -> Path:
    import shutil

    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".cache"))
    return target


def _fail_replacing(name: str):  # type: ignore[no-untyped-def]
    real = os.replace

    def replace(source: object, target: object) -> None:
        if Path(str(target)).name == name:
            raise PermissionError(13, "Permission denied", str(target))
        real(source, target)  # type: ignore[arg-type]
    return replace


@pytest.mark.parametrize("fault", ["parquet-write", "readme-replace", "croissant-replace",
                                   "unwritable-config-folder"])
def test_a_failed_build_changes_nothing(built_fixture: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    root = _copy(built_fixture, tmp_path / "corpus")
    # A changed input, so a successful build would change data/, README.md and croissant.json.
    text = root / "corpus/documents/demo-en.meta.yaml"
    text.write_text(text.read_text(encoding="utf-8").replace(
        "test fixture: not stated", "not stated in the text"), encoding="utf-8")
    before = tree_digest(root)
    expected: type[BaseException] = OSError
    if fault == "parquet-write":
        real_add = StreamingWriter.add

        def add(self: StreamingWriter, rows: object) -> None:
            if self.folder.name == "ner":
                raise OSError(28, "No space left on device", str(self.folder))
            real_add(self, rows)  # type: ignore[arg-type]
        monkeypatch.setattr(StreamingWriter, "add", add)
    elif fault == "readme-replace":
        monkeypatch.setattr(build_module.os, "replace", _fail_replacing("README.md"))
    elif fault == "croissant-replace":
        monkeypatch.setattr(build_module.os, "replace", _fail_replacing("croissant.json"))
    else:
        # As a non-root user this is `chmod a-w data/entities`; root ignores modes.
        real_access = os.access
        monkeypatch.setattr(build_module.os, "access", lambda path, mode: (
            Path(path).name != "entities" and real_access(path, mode)))
        expected = BuildError
    with pytest.raises(expected):
        build(root)
    assert tree_digest(root) == before
    assert not list(root.glob(".build-*"))


def test_a_successful_build_replaces_everything(built_fixture: Path, tmp_path: Path) -> None:
    root = _copy(built_fixture, tmp_path / "corpus")
    (root / "data" / "stray-config").mkdir()
    before = tree_digest(root)
    meta = root / "corpus/documents/demo-en.meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(
        "test fixture: not stated", "not stated in the text"), encoding="utf-8")
    build(root)
    after = tree_digest(root)
    assert after["README.md"] != before["README.md"]
    assert after["croissant.json"] != before["croissant.json"]
    assert not (root / "data" / "stray-config").exists()
    assert not list(root.glob(".build-*"))


VENEZUELA = (
    "Venezuela rejected the claim on Monday. Officials in Caracas said Venezuela would defend "
    "itself, and the foreign minister said Venezuela had done nothing wrong. Washington "
    "did not comment on what Venezuela said.\n"
)
SPANS = """\
entities:
  - {id: e1, label: GPE, text: "Venezuela", occurrence: 1}
  - {id: e2, label: GPE, text: "Venezuela", occurrence: 2}
  - {id: e3, label: GPE, text: "Caracas"}
  - {id: e4, label: GPE, text: "Venezuela", occurrence: 3}
  - {id: e5, label: GPE, text: "Washington"}
  - {id: e6, label: GPE, text: "Venezuela", occurrence: 4}
"""


def _venezuela_corpus(root: Path) -> tuple[Path, Path]:
    """A new document annotated by quotes with occurrence hints, anchored by fix."""
    from conftest import materialise
    from corpus_tools.cli import main

    materialise(root)
    source = root.parent / "venezuela.txt"
    source.write_text(VENEZUELA, encoding="utf-8")
    assert main(["add", str(source), "--lang", "en", "--root", str(root)]) == 0
    span_path = root / "annotations/spans/venezuela.yaml"
    span_path.write_text(span_path.read_text(encoding="utf-8").replace(
        "entities: []\n", SPANS), encoding="utf-8")
    assert main(["fix", str(span_path)]) == 0
    return root / "corpus/documents/venezuela.txt", span_path


def _offsets(span_path: Path) -> dict[str, tuple[int, int]]:
    from corpus_tools.io.yamlio import load_safe

    data = load_safe(span_path.read_text(encoding="utf-8"))
    return {e["id"]: (e["start"], e["end"]) for e in data["entities"]}


def test_fix_after_a_typo_moves_no_span_onto_another_mention(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from corpus_tools.checks.runner import validate
    from corpus_tools.cli import main

    text_path, span_path = _venezuela_corpus(tmp_path / "corpus")
    before = _offsets(span_path)
    # the second of four mentions gets a typo; the length stays the same
    second = VENEZUELA.index("Venezuela", VENEZUELA.index("Venezuela") + 1)
    edited = VENEZUELA[:second] + "Venezuala" + VENEZUELA[second + 9:]
    text_path.write_text(edited, encoding="utf-8")
    capsys.readouterr()
    assert main(["fix", str(span_path)]) == 1
    out = capsys.readouterr().out
    assert "e2: 'Venezuela': the text was edited at or next to this span" in out
    after = _offsets(span_path)
    assert after == before  # e2 stays for a person; nothing followed its occurrence hint
    for span_id, (start, end) in after.items():
        if span_id != "e2":
            assert edited[start:end] == VENEZUELA[start:end]
    findings = {f.check for f in validate(tmp_path / "corpus", use_cache=False).findings}
    assert "stale-annotations" in findings  # the pin was not renewed


def test_fix_with_the_old_text_unknown_moves_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from corpus_tools.cli import main

    text_path, span_path = _venezuela_corpus(tmp_path / "corpus")
    shutil.rmtree(tmp_path / "corpus" / ".cache")  # and no git history either
    before = span_path.read_bytes()
    text_path.write_text("Breaking news. " + VENEZUELA, encoding="utf-8")
    capsys.readouterr()
    assert main(["fix", str(span_path)]) == 1
    out = capsys.readouterr().out
    assert "neither in .cache/corpus-tools/texts nor in git history" in out
    assert span_path.read_bytes() == before


def test_fix_finds_the_old_text_in_git_history(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import subprocess

    from corpus_tools.cli import main

    root = tmp_path / "corpus"
    text_path, span_path = _venezuela_corpus(root)
    shutil.rmtree(root / ".cache")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "corpus"], check=True)
    text_path.write_text(VENEZUELA.replace("the foreign", "the new foreign"), encoding="utf-8")
    capsys.readouterr()
    assert main(["fix", str(span_path)]) == 0
    after = _offsets(span_path)
    new_text = text_path.read_text(encoding="utf-8")
    assert new_text[slice(*after["e5"])] == "Washington"
    assert after["e6"][0] == new_text.rindex("Venezuela")
    assert "[fix re-pinned]" in capsys.readouterr().out
