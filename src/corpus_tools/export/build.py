"""``corpus-tools build``: validate, then write every config's Parquet file, the card's
front matter and croissant.json. Same inputs, same bytes."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from corpus_tools.checks.runner import validate
from corpus_tools.export.card import rewrite_readme
from corpus_tools.export.croissant import croissant
from corpus_tools.export.features import FEATURES
from corpus_tools.export.parquet import StreamingWriter
from corpus_tools.export.rows import ROWS, Row, count_mentions, registry_entries
from corpus_tools.hashing import sha256_file
from corpus_tools.io.annotated import annotate
from corpus_tools.io.corpus import doc_ids, load_document, load_registry
from corpus_tools.io.dataset import SHARD_BYTES, SHARD_ROWS, signature
from corpus_tools.io.yamlio import new_file_mode
from corpus_tools.layout import Layout, file_names
from corpus_tools.workers import BatchMap, batch_map, once_per_run, run_token

#: The build's own staleness does not stop a rebuild.
IGNORED_FOR_BUILD = {"stale-build"}


class BuildError(Exception):
    """The build was refused, with a one-line reason."""


@dataclass
class BuildResult:
    signature: str
    counts: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def build(root: Path, *, jobs: int = 1, map_batches: BatchMap | None = None) -> BuildResult:
    """Validate, then export; invalid data is never exported (warnings do not block).
    ``map_batches`` (a cluster's map) runs the per-document steps instead of ``jobs``
    local processes."""
    findings = [f for f in validate(root, jobs=jobs, map_batches=map_batches).findings
                if f.is_error and f.check not in IGNORED_FOR_BUILD]
    if findings:
        first = findings[0]
        raise BuildError(f"refusing to build from invalid data: {len(findings)} validation "
                         f"error(s), first {first.file}:{first.line} [{first.check}]; run "
                         "`corpus-tools validate`")
    return export(root, jobs=jobs, map_batches=map_batches)


#: Every config's rows of some documents, and their entity mentions counted.
DocumentRows = tuple[dict[str, list[Row]], Counter[tuple[str, str]]]
#: Documents a worker turns into rows per task.
_BATCH = 8


@dataclass(frozen=True)
class ExportRun:
    """The checkout a worker makes rows of, and the run (it loads the registry once a
    run)."""

    root: str
    token: str = field(default_factory=run_token)


def rows_of_documents(run: ExportRun, batch: list[tuple[str, list[str]]]) -> DocumentRows:
    """The rows of each (document id, its translation files) in ``batch``, in whichever
    process runs it: the pool's and a cluster's workers call this."""
    root = Path(run.root)
    registry = once_per_run("registry", run, partial(load_registry, root))
    rows: dict[str, list[Row]] = {name: [] for name in ROWS}
    mentions: Counter[tuple[str, str]] = Counter()
    for doc_id, translations in batch:
        doc = annotate(root, load_document(root, doc_id, translations))
        for name, make in ROWS.items():
            rows[name].extend(make(doc, registry))
        count_mentions(doc.doc, mentions)
    return rows, mentions


def document_rows(root: Path, jobs: int,
                  map_batches: BatchMap | None = None) -> Iterator[DocumentRows]:
    """Rows in document order, made by ``jobs`` worker processes or by ``map_batches``:
    the same rows, in the same order, for any ``jobs`` or map."""
    translations: dict[str, list[str]] = {}
    for name in file_names(Layout(root).translations_dir, ".yaml"):
        translations.setdefault(name.split(".", 1)[0], []).append(name)
    documents = [(doc_id, translations.get(doc_id, [])) for doc_id in doc_ids(root)]
    batches = [documents[start:start + _BATCH] for start in range(0, len(documents), _BATCH)]
    rows = partial(rows_of_documents, ExportRun(str(root)))
    if map_batches is None and (jobs <= 1 or len(batches) < 2):
        yield from map(rows, batches)
        return
    with batch_map(jobs, map_batches) as mapped:
        yield from mapped(rows, batches)


def export(root: Path, *, jobs: int = 1, map_batches: BatchMap | None = None,
           shard_rows: int = SHARD_ROWS, shard_bytes: int = SHARD_BYTES) -> BuildResult:
    """Write every config, the card and croissant.json from (validated) data.

    Everything is written into a staging directory first and swapped in only when every
    file is complete: on any failure data/, README.md and croissant.json stay as they were.
    """
    build_signature = signature(root, sha256_file)
    registry = load_registry(root)
    result = BuildResult(build_signature)
    sizes: dict[str, int] = {}
    readme, card = root / "README.md", root / "croissant.json"
    refuse_unreplaceable(root / "data")
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".build-"))
    try:
        # One pass over the corpus feeds every config's writer: each file is parsed once.
        writers = {name: StreamingWriter(staging / "data" / name, features, build_signature,
                                         shard_rows=shard_rows, shard_bytes=shard_bytes)
                   for name, features in FEATURES.items()}
        mentions: Counter[tuple[str, str]] = Counter()
        for rows, counted in document_rows(root, jobs, map_batches):
            for name, config_rows in rows.items():
                writers[name].add(config_rows)
            mentions.update(counted)
        writers["registry"].add(registry_entries(registry, mentions))
        for name, writer in writers.items():
            result.counts[name], sizes[name] = writer.close()
            result.files += [root / path for path in writer.files]
        staged = {
            readme: rewrite_readme(readme, FEATURES, result.counts, sizes, build_signature,
                                   staging),
            card: croissant(root, build_signature, staging),
        }
        swap_in(staging, root, "data", staged)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.files += [readme, card]
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
