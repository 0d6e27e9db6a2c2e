"""The built dataset on disk (data/<config>/ Parquet files, the card's signature) and the
build signature, in the sacrebleu style: which data a result was computed on.

``schema:1.0|tool:0.1.0|norm:NFC-LF|data:<hash>`` where the hash covers every input of
the build: texts, metadata, segmentations, translations, the final annotation set and
the registry. The validator recomputes it to tell a stale build from a current one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from corpus_tools import SCHEMA_VERSION, __version__
from corpus_tools.hashing import sha256_parts
from corpus_tools.layout import FINAL_SET, Layout, file_names

SIGNATURE_KEY = "corpus_tools_signature"  # in each Parquet file's schema metadata
#: The card's front-matter key: a key (not a comment) so that it survives huggingface_hub
#: loading and re-saving the card.
CARD_SIGNATURE_KEY = "build_signature"
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)
SPLIT = "test"  # the corpus is an evaluation set: one split, named for what it is for
#: The configs a build writes, in the card's order: the one list of them. It lives here,
#: below the export, because the validator reads it to find a missing or stale data file
#: without importing the export; export/features.py orders its features by it and refuses
#: to import when a config lacks features or features lack a config.
CONFIG_NAMES = ("documents", "texts", "entities", "registry", "claims", "attributions", "ner",
                "parallel", "alignments", "sentences", "folds")


#: A config's Parquet file is split into shards of at most this many rows or this many
#: (uncompressed Arrow) bytes, so that Spark, Dask or Ray Data can read data/ in parallel
#: and no reader has to hold one huge file; below both limits a config is one file.
SHARD_ROWS = 1_000_000
SHARD_BYTES = 512 * 2**20
_SHARD = re.compile(rf"{SPLIT}-(\d{{5}})-of-(\d{{5}})\.parquet")


def shard_name(config: str, index: int, shards: int) -> str:
    return f"data/{config}/{SPLIT}-{index:05d}-of-{shards:05d}.parquet"


def data_file(config: str) -> str:
    """The name of an unsharded config's one file."""
    return shard_name(config, 0, 1)


def data_files(root: Path, config: str) -> list[str]:
    """The shards of ``config`` under ``root`` (relative names, in order); the one
    unsharded name if there are none, so that a missing file is named."""
    folder = root / "data" / config
    names = sorted(name for name in (os.listdir(folder) if folder.is_dir() else ())
                   if _SHARD.fullmatch(name))
    return [f"data/{config}/{name}" for name in names] or [data_file(config)]


def data_files_pattern(config: str, shards: int) -> str:
    """What the card's data_files names: the file itself, or a pattern over the shards."""
    return data_file(config) if shards == 1 else f"data/{config}/{SPLIT}-*.parquet"


def card_signature(text: str) -> str | None:
    """The signature the dataset card was built with (cheap: no datasets import)."""
    match = FRONT_MATTER.match(text)
    if match is None:
        return None
    prefix = f"{CARD_SIGNATURE_KEY}:"
    for line in match.group(1).splitlines():
        if line.startswith(prefix):
            return line[len(prefix):].strip().strip("'\"") or None
    return None


def input_files(root: Path) -> list[Path]:
    layout = Layout(root)
    directories = [(layout.documents_dir, ".txt"), (layout.documents_dir, ".meta.yaml"),
                   (layout.segments_dir, ".yaml"), (layout.translations_dir, ".yaml"),
                   (layout.set_dir(FINAL_SET), ".yaml")]
    files = [directory / name for directory, suffix in directories
             for name in file_names(directory, suffix)]
    if layout.registry_path.exists():
        files.append(layout.registry_path)
    return files


def data_hash(root: Path, file_hash: Callable[[Path], str]) -> str:
    layout = Layout(root)
    return sha256_parts(f"{path.relative_to(layout.root).as_posix()}\0{file_hash(path)}\n"
                        .encode() for path in input_files(root))


def signature(root: Path, file_hash: Callable[[Path], str]) -> str:
    return (f"schema:{SCHEMA_VERSION}|tool:{__version__}|norm:NFC-LF|"
            f"data:{data_hash(root, file_hash)[:16]}")


def read_signature(path: Path) -> str | None:
    """The build signature in a Parquet file's metadata; None if it is missing or unreadable."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowInvalid):
        return None
    value = metadata.get(SIGNATURE_KEY.encode())
    return value.decode() if value is not None else None
