"""Leave-one-document-out folds: one fold per document, named by it; the fold tests on that
document and trains on every other document, in both languages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Fold:
    name: str
    test: tuple[str, ...]
    train: tuple[str, ...]


def leave_one_document_out(doc_ids: Sequence[str]) -> list[Fold]:
    ordered = sorted(doc_ids)
    return [Fold(doc_id, (doc_id,), tuple(d for d in ordered if d != doc_id))
            for doc_id in ordered]
