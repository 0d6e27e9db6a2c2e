"""Segmentations (corpus/segments/<doc-id>.yaml) to and from the data model."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from corpus_tools.io.yamlio import dump_round_trip
from corpus_tools.model import Segment, Segmentation


def segmentation_from_data(data: dict[str, Any]) -> Segmentation:
    return Segmentation(
        schema_version=data["schema_version"],
        doc_id=data["doc_id"],
        text_sha256=data["text_sha256"],
        segmenter=data["segmenter"],
        segments=tuple(
            Segment(s["id"], s["paragraph"], s["start"], s["end"], s["text"])
            for s in data["segments"]
        ),
    )


def _flow(mapping: dict[str, Any]) -> Any:
    node = CommentedMap(mapping)
    node.fa.set_flow_style()
    return node


def segmentation_to_data(segmentation: Segmentation) -> dict[str, Any]:
    """One segment per line: the file reads like the text."""
    return {
        "schema_version": segmentation.schema_version,
        "doc_id": segmentation.doc_id,
        "text_sha256": segmentation.text_sha256,
        "segmenter": segmentation.segmenter,
        "segments": CommentedSeq(
            _flow({"id": s.id, "paragraph": s.paragraph, "start": s.start, "end": s.end,
                   "text": DoubleQuotedScalarString(s.text)})
            for s in segmentation.segments
        ),
    }


def dump_segmentation(segmentation: Segmentation, comment: str) -> str:
    return comment + dump_round_trip(segmentation_to_data(segmentation))
