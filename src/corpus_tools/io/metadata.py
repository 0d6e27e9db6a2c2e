"""Per-document metadata (corpus/documents/<doc-id>.meta.yaml)."""

from __future__ import annotations

from typing import Any

from corpus_tools.io.yamlio import dump_round_trip
from corpus_tools.model import DocumentMeta, Stated

#: The reason `add` writes for every stated field it cannot know; the metadata-stub check
#: finds it until someone fills the field in from the text.
STUB_REASON = "not yet filled in from the text (stub written by corpus-tools add)"


def _stated(data: dict[str, Any]) -> Stated:
    return Stated(value=data["value"], evidence=data.get("evidence"), reason=data.get("reason"))


def meta_from_data(data: dict[str, Any]) -> DocumentMeta:
    return DocumentMeta(
        schema_version=data["schema_version"],
        doc_id=data["doc_id"],
        language=data["language"],
        title=_stated(data["title"]),
        outlet=_stated(data["outlet"]),
        author=_stated(data["author"]),
        date=_stated(data["date"]),
        original_language=_stated(data["original_language"]),
        source_file=data["source_file"],
        sha256=data["sha256"],
        length_chars=data["length_chars"],
        length_bytes=data["length_bytes"],
        note=data.get("note"),
    )


def _stated_to_data(stated: Stated) -> dict[str, Any]:
    if stated.value is None:
        return {"value": None, "reason": stated.reason}
    return {"value": stated.value, "evidence": stated.evidence}


def meta_to_data(meta: DocumentMeta) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": meta.schema_version,
        "doc_id": meta.doc_id,
        "language": meta.language,
    }
    for name, stated in meta.stated_fields():
        data[name] = _stated_to_data(stated)
    data.update(
        source_file=meta.source_file,
        sha256=meta.sha256,
        length_chars=meta.length_chars,
        length_bytes=meta.length_bytes,
    )
    if meta.note is not None:
        data["note"] = meta.note
    return data


def dump_meta(meta: DocumentMeta, comment: str) -> str:
    return comment + dump_round_trip(meta_to_data(meta))
