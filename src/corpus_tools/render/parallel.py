"""The translations of a document, side by side by segment of its stored segmentation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from corpus_tools.model import Segmentation, Translation


@dataclass(frozen=True)
class TranslationColumn:
    heading: str  # says truthfully what the column is: reference or machine, and by whom
    target_language: str
    details: tuple[str, ...]  # provenance lines shown under the table


@dataclass(frozen=True)
class SegmentRow:
    segment_id: str
    paragraph: int
    source_text: str
    cells: tuple[str | None, ...]  # one per column; None: the translation lacks this segment


@dataclass(frozen=True)
class ParallelTable:
    source_language: str
    columns: tuple[TranslationColumn, ...]
    rows: tuple[SegmentRow, ...]


def column_heading(translation: Translation) -> str:
    """Name the kind of translation as its provenance states it, never upgrading a machine
    translation to a reference one."""
    kind = translation.provenance.get("kind")
    language = translation.target_language
    if kind == "reference":
        return f"{language} — reference translation (project contributors)"
    if kind == "machine":
        return f"{language} — machine translation: {translation.system}"
    return f"{language} — translation of unstated kind: {translation.system}"


def _person(person: dict[str, Any]) -> str:
    facts = [str(person["kind"])] if "kind" in person else []
    if "professional" in person:
        facts.append("professional" if person["professional"] else "not professional")
    text = str(person.get("id", "unnamed"))
    if facts:
        text += f" ({', '.join(facts)})"
    if person.get("note"):
        text += f": {person['note']}"
    return text


def provenance_details(translation: Translation) -> tuple[str, ...]:
    """The provenance fields a reviewer needs, as stated in the translation file."""
    provenance = translation.provenance
    lines = [f"system: {translation.system}", f"kind: {provenance.get('kind', 'not stated')}"]
    if "engine" in provenance:
        lines.append(f"engine: {provenance['engine']}")
    for key in ("package", "engine_versions", "settings"):
        value = provenance.get(key)
        if isinstance(value, dict) and value:
            lines.append(key.replace("_", " ") + ": "
                         + ", ".join(f"{k} {v}" for k, v in value.items()))
    translators = provenance.get("translators")
    if isinstance(translators, list) and translators:
        lines.append("translators: " + "; ".join(
            _person(p) for p in translators if isinstance(p, dict)))
    for key in ("date", "note"):
        if provenance.get(key):
            lines.append(f"{key}: {provenance[key]}")
    return tuple(lines)


def in_column_order(translations: Sequence[Translation]) -> list[Translation]:
    """By target language, the reference first, then by system."""
    return sorted(translations, key=lambda t: (t.target_language,
                                               t.provenance.get("kind") != "reference",
                                               t.system))


def parallel_table(segmentation: Segmentation, source_language: str,
                   translations: Sequence[Translation]) -> ParallelTable:
    ordered = in_column_order(translations)
    by_segment = [{s.id: s.text for s in t.segments} for t in ordered]
    return ParallelTable(
        source_language=source_language,
        columns=tuple(
            TranslationColumn(column_heading(t), t.target_language, provenance_details(t))
            for t in ordered
        ),
        rows=tuple(
            SegmentRow(segment.id, segment.paragraph, segment.text,
                       tuple(texts.get(segment.id) for texts in by_segment))
            for segment in segmentation.segments
        ),
    )
