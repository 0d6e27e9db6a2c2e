"""Per-document metadata (corpus/documents/<doc-id>.meta.yaml) to and from the data model,
as model.py declares it."""

from __future__ import annotations

from typing import Any

from corpus_tools.io.yamlio import dump_round_trip, laid_out
from corpus_tools.model import DocumentMeta
from corpus_tools.wire import from_data, to_data

#: The reason `add` writes for every stated field it cannot know; the metadata-stub check
#: finds it until someone fills the field in from the text.
STUB_REASON = "not yet filled in from the text (stub written by corpus-tools add)"


def meta_from_data(data: dict[str, Any]) -> DocumentMeta:
    result: DocumentMeta = from_data(DocumentMeta, data)
    return result


def meta_to_data(meta: DocumentMeta) -> dict[str, Any]:
    return to_data(meta, laid_out)


def dump_meta(meta: DocumentMeta, comment: str) -> str:
    return comment + dump_round_trip(meta_to_data(meta))
