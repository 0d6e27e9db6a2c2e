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


def write_parquet(path: Path, features: Features, rows: Iterable[dict[str, Any]],
                  signature: str) -> tuple[int, int]:
    """Write ``rows`` to ``path``; return how many, and their size in Arrow memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = schema_with_signature(features, signature)
    count = nbytes = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for row in rows:
            batch.append(features.encode_example(row))
            if len(batch) == BATCH_ROWS:
                table = pa.Table.from_pylist(batch, schema=schema)
                writer.write_table(table)
                count, nbytes, batch = count + len(batch), nbytes + table.nbytes, []
        if batch or count == 0:
            table = pa.Table.from_pylist(batch, schema=schema)
            writer.write_table(table)
            count, nbytes = count + len(batch), nbytes + table.nbytes
    return count, nbytes


def read_signature(path: Path) -> str | None:
    try:
        metadata = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowInvalid):
        return None
    value = metadata.get(SIGNATURE_KEY.encode())
    return value.decode() if value is not None else None
