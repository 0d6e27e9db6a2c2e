"""Span files (annotations/<set>/<doc-id>.yaml) to and from the data model.

``*_from_data`` expect schema-valid data (the checks guarantee it before conversion).
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from corpus_tools.io.yamlio import dump_round_trip
from corpus_tools.model import (
    Alignment,
    Annotator,
    Attribution,
    Claim,
    Dropped,
    EntityMention,
    Provenance,
    Span,
    SpanFile,
    TranslationRef,
)
from corpus_tools.schema import current_version

#: The alignment fields of a translation-side item, in the order they are written.
ALIGNMENT_FIELDS = ("counterpart", "shift", "shift_note")

def span_from_data(data: dict[str, Any]) -> Span:
    return Span(
        start=data["start"],
        end=data["end"],
        text=data["text"],
        occurrence=data.get("occurrence"),
        prefix=data.get("prefix"),
        suffix=data.get("suffix"),
    )


def alignment_from_data(data: dict[str, Any]) -> Alignment | None:
    """The item's alignment fields; None when it has none (an original's item)."""
    if not any(name in data for name in ALIGNMENT_FIELDS):
        return None
    counterpart = data.get("counterpart")
    return Alignment(
        counterpart=tuple(counterpart) if counterpart is not None else None,
        shift=data.get("shift"),
        shift_note=data.get("shift_note"),
    )


def span_file_from_data(data: dict[str, Any]) -> SpanFile:
    prov = data["provenance"]
    translation = data.get("translation")
    return SpanFile(
        schema_version=data["schema_version"],
        doc_id=data["doc_id"],
        translation=(TranslationRef(translation["language"], translation["system"])
                     if translation is not None else None),
        text_sha256=data["text_sha256"],
        provenance=Provenance(
            status=prov["status"],
            annotators=tuple(
                Annotator(a["id"], a["kind"], a.get("role"), a.get("note"))
                for a in prov["annotators"]
            ),
            guidelines_version=prov.get("guidelines_version"),
            note=prov.get("note"),
        ),
        entities=tuple(
            EntityMention(
                id=e["id"],
                label=e["label"],
                span=span_from_data(e),
                entity=e.get("entity"),
                note=e.get("note"),
                alignment=alignment_from_data(e),
            )
            for e in data["entities"]
        ),
        claims=tuple(
            Claim(
                id=c["id"],
                span=span_from_data(c),
                kind=c["kind"],
                checkworthy=c["checkworthy"],
                author_stance=c["author_stance"],
                cluster=c.get("cluster"),
                note=c.get("note"),
                alignment=alignment_from_data(c),
            )
            for c in data["claims"]
        ),
        attributions=tuple(
            Attribution(
                id=a["id"],
                source=span_from_data(a["source"]) if "source" in a else None,
                source_mention=a["source"].get("mention") if "source" in a else None,
                cue=span_from_data(a["cue"]),
                content=span_from_data(a["content"]),
                source_type=a["source_type"],
                quote_type=a["quote_type"],
                parent=a.get("parent"),
                claims=tuple(a.get("claims", ())),
                note=a.get("note"),
                alignment=alignment_from_data(a),
            )
            for a in data["attributions"]
        ),
        dropped=tuple(Dropped(d["id"], d["note"]) for d in data.get("dropped", ())),
    )


def _quoted(value: str) -> Any:
    return DoubleQuotedScalarString(value)


def span_to_data(span: Span, head: dict[str, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = dict(head or {})
    data["start"] = span.start
    data["end"] = span.end
    data["text"] = _quoted(span.text)
    if span.occurrence is not None:
        data["occurrence"] = span.occurrence
    if span.prefix is not None:
        data["prefix"] = _quoted(span.prefix)
    if span.suffix is not None:
        data["suffix"] = _quoted(span.suffix)
    return data


def _optional(data: dict[str, Any], **values: Any) -> dict[str, Any]:
    data.update({key: value for key, value in values.items() if value is not None})
    return data


def _flow_list(values: tuple[str, ...]) -> Any:
    node = CommentedSeq(values)
    node.fa.set_flow_style()  # counterpart: [e3] on the item's own line
    return node


def alignment_to_data(data: dict[str, Any], alignment: Alignment | None) -> dict[str, Any]:
    if alignment is None:
        return data
    if alignment.counterpart is not None:
        data["counterpart"] = _flow_list(alignment.counterpart)
    return _optional(data, shift=alignment.shift, shift_note=alignment.shift_note)


def span_file_to_data(span_file: SpanFile) -> dict[str, Any]:
    """Canonical key order: header (with the translation on a translation-side file),
    provenance, the three layers, then the original's items the translation drops."""
    prov = span_file.provenance
    annotators = [
        _optional({"id": a.id, "kind": a.kind}, role=a.role, note=a.note) for a in prov.annotators
    ]
    attributions = []
    for a in span_file.attributions:
        item: dict[str, Any] = {"id": a.id}
        if a.source is not None:
            item["source"] = _optional(span_to_data(a.source), mention=a.source_mention)
        item["cue"] = span_to_data(a.cue)
        item["content"] = span_to_data(a.content)
        item["source_type"] = a.source_type
        item["quote_type"] = a.quote_type
        _optional(item, parent=a.parent, claims=list(a.claims) or None, note=a.note)
        attributions.append(alignment_to_data(item, a.alignment))
    header: dict[str, Any] = {"schema_version": span_file.schema_version,
                              "doc_id": span_file.doc_id}
    if span_file.translation is not None:
        translation = CommentedMap([("language", span_file.translation.language),
                                    ("system", span_file.translation.system)])
        translation.fa.set_flow_style()
        header["translation"] = translation
    data = {
        **header,
        "text_sha256": span_file.text_sha256,
        "provenance": _optional(
            {"status": prov.status, "annotators": annotators},
            guidelines_version=prov.guidelines_version,
            note=prov.note,
        ),
        "entities": [
            alignment_to_data(_optional(span_to_data(e.span, {"id": e.id, "label": e.label}),
                                        entity=e.entity, note=e.note), e.alignment)
            for e in span_file.entities
        ],
        "claims": [
            alignment_to_data(_optional(
                span_to_data(c.span, {"id": c.id}),
                kind=c.kind,
                checkworthy=c.checkworthy,
                author_stance=c.author_stance,
                cluster=c.cluster,
                note=c.note,
            ), c.alignment)
            for c in span_file.claims
        ],
        "attributions": attributions,
    }
    if span_file.dropped:
        data["dropped"] = [{"id": d.id, "note": d.note} for d in span_file.dropped]
    return data


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
