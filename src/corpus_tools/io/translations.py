"""Translations (corpus/translations/<doc-id>.<target>.<system>.yaml) to and from the data
model, as model.py declares them."""

from __future__ import annotations

from typing import Any

from corpus_tools.io.yamlio import dump_round_trip, laid_out
from corpus_tools.model import Translation
from corpus_tools.wire import from_data, to_data

REFERENCE_SYSTEM = "reference"


def translation_from_data(data: dict[str, Any]) -> Translation:
    result: Translation = from_data(Translation, data)
    return result


def translation_to_data(translation: Translation) -> dict[str, Any]:
    """One segment a line, its text double-quoted: the file reads like the text."""
    return to_data(translation, laid_out)


def dump_translation(translation: Translation, comment: str) -> str:
    return comment + dump_round_trip(translation_to_data(translation))
