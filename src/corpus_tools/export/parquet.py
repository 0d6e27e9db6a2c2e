"""Deterministic, streamed Parquet writing: same rows, same bytes; memory bounded by one
batch, whatever the corpus size."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import Features

from corpus_tools.export.signature import SIGNATURE_KEY

BATCH_ROWS = 1000


def schema_with_signature(features: Features, signature: str) -> pa.Schema:
    schema = features.arrow_schema  # carries the features under b"huggingface"
    metadata = dict(schema.metadata or {})
    metadata[SIGNATURE_KEY.encode()] = signature.encode()
    return schema.with_metadata(metadata)


class StreamingWriter:
    """Write one Parquet file a batch at a time; ``close`` returns (rows, Arrow bytes)."""

    def __init__(self, path: Path, features: Features, signature: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._features = features
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


def read_signature(path: Path) -> str | None:
    try:
        metadata = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowInvalid):
        return None
    value = metadata.get(SIGNATURE_KEY.encode())
    return value.decode() if value is not None else None
