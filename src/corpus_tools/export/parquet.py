"""Deterministic, streamed Parquet writing: same rows, same bytes; memory bounded by one
batch, whatever the corpus size; large configs split into shards (io/dataset.py).

Labels are stored as their names (strings), so that every Parquet reader (polars,
duckdb, pandas) sees names; ``datasets`` casts a string column to the ClassLabel the card
declares when it loads the files (measured with datasets 5.2 in
tests/test_readers.py), so ``load_dataset`` still yields ClassLabel features."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import ClassLabel, Features, List, Value

from corpus_tools.io.dataset import SHARD_BYTES, SHARD_ROWS, SIGNATURE_KEY, shard_name

BATCH_ROWS = 1000


def _stored(feature: Any) -> Any:
    if isinstance(feature, ClassLabel):
        return Value("string")
    if isinstance(feature, List):
        return List(_stored(feature.feature))
    if isinstance(feature, dict):
        return {name: _stored(member) for name, member in feature.items()}
    return feature


def stored_features(features: Features) -> Features:
    """The features as written: every ClassLabel stored as its names."""
    return Features({name: _stored(feature) for name, feature in features.items()})


def schema_with_signature(features: Features, signature: str) -> pa.Schema:
    """The stored columns, with the declared features (ClassLabel and all) under
    b"huggingface" and the build signature."""
    metadata = dict(features.arrow_schema.metadata or {})
    metadata[SIGNATURE_KEY.encode()] = signature.encode()
    return stored_features(features).arrow_schema.with_metadata(metadata)


class StreamingWriter:
    """Write one config's Parquet shards under ``folder`` (data/<config>) a batch at a time;
    a shard is closed when it reaches ``shard_rows`` rows or ``shard_bytes`` Arrow bytes.
    ``close`` names the shards ``test-00000-of-0000N.parquet`` and returns (rows, Arrow
    bytes). Same rows and limits, same files."""

    def __init__(self, folder: Path, features: Features, signature: str, *,
                 shard_rows: int = SHARD_ROWS, shard_bytes: int = SHARD_BYTES) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.files: list[str] = []  # relative to the root, once closed
        self._schema = schema_with_signature(features, signature)
        self._shard_rows, self._shard_bytes = shard_rows, shard_bytes
        self._writer: pq.ParquetWriter | None = None
        self._parts: list[Path] = []
        self._shard_size = (0, 0)  # rows, bytes in the open shard
        self._batch: list[dict[str, Any]] = []
        self.rows = self.nbytes = 0

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        # Rows go to pyarrow as they are, converted against the schema: no per-value
        # Python encoding pass (Features.encode_example cost more than the whole write), and
        # a value of the wrong type raises instead of being coerced.
        for row in rows:
            self._batch.append(row)
            if len(self._batch) == min(BATCH_ROWS, self._shard_rows - self._shard_size[0]):
                self._flush()

    def _flush(self) -> None:
        if self._writer is None:
            self._parts.append(self.folder / f".part-{len(self._parts):05d}")
            self._writer = pq.ParquetWriter(self._parts[-1], self._schema, compression="zstd")
        table = pa.Table.from_pylist(self._batch, schema=self._schema)
        self._writer.write_table(table)
        self.rows, self.nbytes = self.rows + len(self._batch), self.nbytes + table.nbytes
        rows, nbytes = self._shard_size
        self._shard_size = rows + len(self._batch), nbytes + table.nbytes
        self._batch = []
        if self._shard_size[0] >= self._shard_rows or self._shard_size[1] >= self._shard_bytes:
            self._writer.close()
            self._writer, self._shard_size = None, (0, 0)

    def close(self) -> tuple[int, int]:
        if self._batch or self.rows == 0:
            self._flush()
        if self._writer is not None:
            self._writer.close()
        config = self.folder.name
        for index, part in enumerate(self._parts):
            name = shard_name(config, index, len(self._parts))
            part.rename(self.folder.parent.parent / name)
            self.files.append(name)
        return self.rows, self.nbytes
