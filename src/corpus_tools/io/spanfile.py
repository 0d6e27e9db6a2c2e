"""Span files (annotations/<set>/<doc-id>.yaml) to and from the data model.

``*_from_data`` expect schema-valid data (the checks guarantee it before conversion).
"""

from __future__ import annotations

from typing import Any

from corpus_tools.io.yamlio import dump_round_trip, laid_out
from corpus_tools.model import Provenance, SpanFile, TranslationRef
from corpus_tools.schema import current_version
from corpus_tools.wire import from_data, to_data


def span_file_from_data(data: dict[str, Any]) -> SpanFile:
    result: SpanFile = from_data(SpanFile, data)
    return result


def span_file_to_data(span_file: SpanFile) -> dict[str, Any]:
    """Canonical key order (the model's ``__wire__`` order): header (with the translation
    on a translation-side file), provenance, the three layers, then the original's items
    the translation drops."""
    return to_data(span_file, laid_out)


def dump_span_file(span_file: SpanFile, comment: str) -> str:
    return comment + dump_round_trip(span_file_to_data(span_file))


def empty_span_file(doc_id: str, text_sha256: str,
                    translation: TranslationRef | None = None) -> SpanFile:
    return SpanFile(
        schema_version=current_version("spans"),
        doc_id=doc_id,
        translation=translation,
        text_sha256=text_sha256,
        provenance=Provenance(status="unannotated"),
    )
