"""Deterministic, streamed Parquet writing: same rows, same bytes; memory bounded by one
batch, whatever the corpus size.

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

from corpus_tools.io.dataset import SIGNATURE_KEY

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
    """Write one Parquet file a batch at a time; ``close`` returns (rows, Arrow bytes)."""

    def __init__(self, path: Path, features: Features, signature: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._features = stored_features(features)
        self._schema = schema_with_signature(features, signature)
        self._writer = pq.ParquetWriter(path, self._schema, compression="zstd")
        self._batch: list[dict[str, Any]] = []
        self.rows = self.nbytes = 0

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self._batch.append(self._features.encode_example(row))
            if len(self._batch) == BATCH_ROWS:
                self._flush()

    def _flush(self) -> None:
        table = pa.Table.from_pylist(self._batch, schema=self._schema)
        self._writer.write_table(table)
        self.rows, self.nbytes = self.rows + len(self._batch), self.nbytes + table.nbytes
        self._batch = []

    def close(self) -> tuple[int, int]:
        if self._batch or self.rows == 0:
            self._flush()
        self._writer.close()
        return self.rows, self.nbytes
