"""Shared fixtures: a small valid corpus (tests/fixtures/base) and, per check id, the
same corpus with one invalid overlay applied (tests/fixtures/invalid/<check-id>)."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "base"
INVALID = FIXTURES / "invalid"
REPO = Path(__file__).resolve().parents[1]


def invalid_fixture_names() -> list[str]:
    return sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def materialise(target: Path, overlay: str | None = None) -> Path:
    """Copy the base corpus to ``target`` and apply the named invalid overlay."""
    shutil.copytree(BASE, target)
    if overlay is not None:
        source = INVALID / overlay
        delete = source / ".delete"
        if delete.exists():
            for name in delete.read_text(encoding="utf-8").split():
                (target / name).unlink()
        for path in source.rglob("*"):
            if path.is_file() and path.name != ".delete":
                destination = target / path.relative_to(source)
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(path.read_bytes())
    return target


@pytest.fixture
def make_corpus(tmp_path: Path) -> Callable[[str | None], Path]:
    counter = iter(range(1000))

    def make(overlay: str | None = None) -> Path:
        return materialise(tmp_path / f"corpus-{next(counter)}", overlay)

    return make


def tree_digest(root: Path) -> dict[str, str]:
    """Content hashes of every file under ``root`` except the validation cache."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".cache" not in p.relative_to(root).parts
    }
