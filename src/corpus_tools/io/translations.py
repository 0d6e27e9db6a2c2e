"""Translations (corpus/translations/<doc-id>.<target>.<system>.yaml) to and from the model."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from corpus_tools.io.yamlio import dump_round_trip
from corpus_tools.model import TranslatedSegment, Translation

REFERENCE_SYSTEM = "reference"


def translation_from_data(data: dict[str, Any]) -> Translation:
    return Translation(
        schema_version=data["schema_version"],
        doc_id=data["doc_id"],
        source_language=data["source_language"],
        target_language=data["target_language"],
        system=data["system"],
        source_sha256=data["source_sha256"],
        provenance=dict(data["provenance"]),
        segments=tuple(TranslatedSegment(s["id"], s["text"], s.get("note"))
                       for s in data["segments"]),
    )


def translation_to_data(translation: Translation) -> dict[str, Any]:
    segments = CommentedSeq()
    for segment in translation.segments:
        item = CommentedMap([("id", segment.id), ("text", DoubleQuotedScalarString(segment.text))])
        if segment.note is not None:
            item["note"] = segment.note
        item.fa.set_flow_style()  # one segment a line: the file reads like the text
        segments.append(item)
    return {
        "schema_version": translation.schema_version,
        "doc_id": translation.doc_id,
        "source_language": translation.source_language,
        "target_language": translation.target_language,
        "system": translation.system,
        "source_sha256": translation.source_sha256,
        "provenance": translation.provenance,
        "segments": segments,
    }


def dump_translation(translation: Translation, comment: str) -> str:
    return comment + dump_round_trip(translation_to_data(translation))
