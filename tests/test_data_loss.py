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
            if self.path.parent.name == "ner":
                raise OSError(28, "No space left on device", str(self.path))
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
