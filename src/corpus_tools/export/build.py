"""``corpus-tools build``: validate, then write every config's Parquet file, the card's
front matter and croissant.json. Same inputs, same bytes."""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from corpus_tools.checks.runner import validate
from corpus_tools.export.card import rewrite_readme
from corpus_tools.export.croissant import croissant
from corpus_tools.export.features import FEATURES
from corpus_tools.export.parquet import StreamingWriter
from corpus_tools.export.rows import ROWS, count_mentions, registry_entries
from corpus_tools.export.signature import data_file, plain_file_hash, signature
from corpus_tools.io.corpus import iter_documents, load_registry
from corpus_tools.io.yamlio import atomic_write

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
    """Validate, then export; invalid data is never exported."""
    findings = [f for f in validate(root).findings if f.check not in IGNORED_FOR_BUILD]
    if findings:
        first = findings[0]
        raise BuildError(f"refusing to build from invalid data: {len(findings)} validation "
                         f"finding(s), first {first.file}:{first.line} [{first.check}]; run "
                         "`corpus-tools validate`")
    return export(root)


def export(root: Path) -> BuildResult:
    """Write every config, the card and croissant.json from (validated) data."""
    build_signature = signature(root, plain_file_hash)
    registry = load_registry(root)
    staging = root / ".data.build"
    shutil.rmtree(staging, ignore_errors=True)
    result = BuildResult(build_signature)
    sizes: dict[str, int] = {}
    try:
        # One pass over the corpus feeds every config's writer: each file is parsed once.
        writers = {name: StreamingWriter(staging / data_file(name).removeprefix("data/"),
                                         features, build_signature)
                   for name, features in FEATURES.items()}
        mentions: Counter[tuple[str, str]] = Counter()
        for doc in iter_documents(root):
            for name, rows in ROWS.items():
                writers[name].add(rows(doc, registry))
            count_mentions(doc, mentions)
        writers["registry"].add(registry_entries(registry, mentions))
        for name, writer in writers.items():
            result.counts[name], sizes[name] = writer.close()
        data = root / "data"
        shutil.rmtree(data, ignore_errors=True)
        staging.rename(data)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    readme = root / "README.md"
    atomic_write(readme, rewrite_readme(readme, FEATURES, result.counts, sizes,
                                        build_signature))
    atomic_write(root / "croissant.json", croissant(root, build_signature))
    result.files = [root / data_file(name) for name in FEATURES] + [readme,
                                                                  root / "croissant.json"]
    return result
