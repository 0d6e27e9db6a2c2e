"""Earlier versions of document texts, found by the SHA-256 a span file pins.

After a text edit, ``fix`` carries offsets over only through the diff between the pinned
text and the new one, so it needs the pinned text: from the store of texts this checkout
has seen (``.cache/corpus-tools/texts/<sha256>``, written by add, fix and validate), else
from git history. The store only ever saves work: any trouble with it is ignored.
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

from corpus_tools.hashing import sha256_bytes
from corpus_tools.io.yamlio import atomic_write
from corpus_tools.layout import Layout

#: How far back git history is searched for a pinned text.
GIT_COMMITS_SEARCHED = 200


def _stored(layout: Layout, digest: str) -> Path:
    return layout.cache_dir / "texts" / digest


def remember(layout: Layout, data: bytes, digest: str | None = None) -> None:
    digest = digest or sha256_bytes(data)
    path = _stored(layout, digest)
    with contextlib.suppress(OSError):
        if not path.exists():
            atomic_write(path, data)


def _git(cwd: Path, *args: str) -> bytes | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=30,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _from_git(text_path: Path, digest: str) -> bytes | None:
    folder, name = text_path.parent, text_path.name
    commits = _git(folder, "log", f"-{GIT_COMMITS_SEARCHED}", "--format=%H", "--", name)
    revisions = [""] + (commits.decode().split() if commits else [])  # "": the index
    for revision in revisions:
        data = _git(folder, "show", f"{revision}:./{name}")
        if data is not None and sha256_bytes(data) == digest:
            return data
    return None


def recall(layout: Layout, text_path: Path | None, digest: str) -> bytes | None:
    """The bytes whose SHA-256 is ``digest``: an earlier version of ``text_path`` (from the
    store, else from git history; without ``text_path``, from the store only)."""
    with contextlib.suppress(OSError):
        data = _stored(layout, digest).read_bytes()
        if sha256_bytes(data) == digest:
            return data
    found = (_from_git(text_path, digest)
             if text_path is not None and text_path.parent.is_dir() else None)
    if found is not None:
        remember(layout, found, digest)
    return found
