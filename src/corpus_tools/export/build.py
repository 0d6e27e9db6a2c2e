"""``corpus-tools build``: validate, then write every config's Parquet file, the card's
front matter and croissant.json. Same inputs, same bytes."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from corpus_tools.checks.runner import validate
from corpus_tools.export.card import rewrite_readme
from corpus_tools.export.croissant import croissant
from corpus_tools.export.features import FEATURES
from corpus_tools.export.parquet import StreamingWriter
from corpus_tools.export.rows import ROWS, count_mentions, registry_entries
from corpus_tools.io.corpus import iter_documents, load_registry
from corpus_tools.io.dataset import data_file, plain_file_hash, signature
from corpus_tools.io.yamlio import new_file_mode

#: The build's own staleness does not stop a rebuild.
IGNORED_FOR_BUILD = {"stale-build"}


class BuildError(Exception):
    """The build was refused, with a one-line reason."""


@dataclass
class BuildResult:
    signature: str
    counts: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def build(root: Path) -> BuildResult:
    """Validate, then export; invalid data is never exported (warnings do not block)."""
    findings = [f for f in validate(root).findings
                if f.is_error and f.check not in IGNORED_FOR_BUILD]
    if findings:
        first = findings[0]
        raise BuildError(f"refusing to build from invalid data: {len(findings)} validation "
                         f"error(s), first {first.file}:{first.line} [{first.check}]; run "
                         "`corpus-tools validate`")
    return export(root)


def export(root: Path) -> BuildResult:
    """Write every config, the card and croissant.json from (validated) data.

    Everything is written into a staging directory first and swapped in only when every
    file is complete: on any failure data/, README.md and croissant.json stay as they were.
    """
    build_signature = signature(root, plain_file_hash)
    registry = load_registry(root)
    result = BuildResult(build_signature)
    sizes: dict[str, int] = {}
    readme, card = root / "README.md", root / "croissant.json"
    refuse_unreplaceable(root / "data")
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".build-"))
    try:
        # One pass over the corpus feeds every config's writer: each file is parsed once.
        writers = {name: StreamingWriter(staging / data_file(name), features, build_signature)
                   for name, features in FEATURES.items()}
        mentions: Counter[tuple[str, str]] = Counter()
        for doc in iter_documents(root):
            for name, rows in ROWS.items():
                writers[name].add(rows(doc, registry))
            count_mentions(doc, mentions)
        writers["registry"].add(registry_entries(registry, mentions))
        for name, writer in writers.items():
            result.counts[name], sizes[name] = writer.close()
        staged = {
            readme: rewrite_readme(readme, FEATURES, result.counts, sizes, build_signature,
                                   staging),
            card: croissant(root, build_signature, staging),
        }
        swap_in(staging, root, "data", staged)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.files = [root / data_file(name) for name in FEATURES] + [readme, card]
    return result


def refuse_unreplaceable(data: Path) -> None:
    """The previous data/ is deleted after the swap: every folder in it must be writable,
    or the build would leave part of it behind."""
    for folder, _, _ in os.walk(data):
        if not os.access(folder, os.W_OK | os.X_OK):
            raise BuildError(f"{folder}: not writable, so the previous build in it cannot be "
                             "replaced; nothing was changed")


def swap_in(staging: Path, root: Path, folder: str, files: dict[Path, str]) -> None:
    """Replace ``root/folder`` by ``staging/folder`` and each file by its new content, all or
    nothing: every step is a rename, and a failed step undoes the ones before it."""
    previous = staging / ".previous"
    previous.mkdir()
    undo: list[Callable[[], None]] = []
    try:
        for index, (target, content) in enumerate(files.items()):
            new = staging / f".new-{index}"
            new.write_text(content, encoding="utf-8")
            os.chmod(new, new_file_mode(target))
        if (root / folder).exists():
            os.rename(root / folder, previous / folder)
            undo.append(lambda: os.rename(previous / folder, root / folder))
        os.rename(staging / folder, root / folder)
        undo.append(lambda: os.rename(root / folder, staging / folder))
        for index, target in enumerate(files):
            backup = previous / f"file-{index}"
            if target.exists():
                os.link(target, backup)
            os.replace(staging / f".new-{index}", target)
            undo.append(partial(_restore, target, backup))
    except BaseException:
        for step in reversed(undo):
            step()
        raise


def _restore(target: Path, backup: Path) -> None:
    if backup.exists():
        os.replace(backup, target)
    else:
        target.unlink()
