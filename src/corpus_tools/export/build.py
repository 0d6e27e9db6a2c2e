"""``corpus-tools build``: validate, then write every config's Parquet file, the card's
front matter and croissant.json. Same inputs, same bytes."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from corpus_tools.checks.runner import validate
from corpus_tools.export.card import data_file, rewrite_readme
from corpus_tools.export.croissant import croissant
from corpus_tools.export.features import FEATURES
from corpus_tools.export.parquet import write_parquet
from corpus_tools.export.rows import ROWS
from corpus_tools.export.signature import plain_file_hash, signature
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
    findings = [f for f in validate(root).findings if f.check not in IGNORED_FOR_BUILD]
    if findings:
        first = findings[0]
        raise BuildError(f"refusing to build from invalid data: {len(findings)} validation "
                         f"finding(s), first {first.file}:{first.line} [{first.check}]; run "
                         "`corpus-tools validate`")
    build_signature = signature(root, plain_file_hash)
    registry = load_registry(root)
    staging = root / ".data.build"
    shutil.rmtree(staging, ignore_errors=True)
    result = BuildResult(build_signature)
    sizes: dict[str, int] = {}
    try:
        for name, features in FEATURES.items():
            rows = (row for doc in iter_documents(root) for row in ROWS[name](doc, registry))
            target = staging / data_file(name).removeprefix("data/")
            result.counts[name], sizes[name] = write_parquet(target, features, rows,
                                                             build_signature)
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
