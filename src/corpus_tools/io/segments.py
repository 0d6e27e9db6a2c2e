"""Segmentations (corpus/segments/<doc-id>.yaml) to and from the data model, as
model.py declares them."""

from __future__ import annotations

from typing import Any

from corpus_tools.io.yamlio import dump_round_trip, laid_out
from corpus_tools.model import Segmentation
from corpus_tools.wire import from_data, to_data


def segmentation_from_data(data: dict[str, Any]) -> Segmentation:
    result: Segmentation = from_data(Segmentation, data)
    return result


def segmentation_to_data(segmentation: Segmentation) -> dict[str, Any]:
    """One segment per line: the file reads like the text."""
    return to_data(segmentation, laid_out)


def dump_segmentation(segmentation: Segmentation, comment: str) -> str:
    return comment + dump_round_trip(segmentation_to_data(segmentation))
