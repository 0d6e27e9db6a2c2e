"""The translations of a document, side by side by segment of its stored segmentation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from corpus_tools.model import MachineProvenance, Segmentation, Translation, Translator
from corpus_tools.wire import to_data


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
    language = translation.target_language
    if translation.provenance.kind == "reference":
        return f"{language} — reference translation (project contributors)"
    return f"{language} — machine translation: {translation.system}"


def _person(person: Translator) -> str:
    facts: list[str] = [person.kind]
    if person.professional is not None:
        facts.append("professional" if person.professional else "not professional")
    text = f"{person.id} ({', '.join(facts)})"
    if person.note:
        text += f": {person.note}"
    return text


def provenance_details(translation: Translation) -> tuple[str, ...]:
    """The provenance fields a reviewer needs, as stated in the translation file."""
    provenance = translation.provenance
    lines = [f"system: {translation.system}", f"kind: {provenance.kind}"]
    if isinstance(provenance, MachineProvenance):
        lines.append(f"engine: {provenance.engine}")
        for key, value in (("package", to_data(provenance.package)),
                           ("engine versions", provenance.engine_versions),
                           ("settings", provenance.settings)):
            if value:
                lines.append(f"{key}: " + ", ".join(f"{k} {v}" for k, v in value.items()))
    else:
        lines.append("translators: " + "; ".join(map(_person, provenance.translators)))
    for key, stated in (("date", provenance.date), ("note", provenance.note)):
        if stated:
            lines.append(f"{key}: {stated}")
    return tuple(lines)


def in_column_order(translations: Sequence[Translation]) -> list[Translation]:
    """By target language, the reference first, then by system."""
    return sorted(translations, key=lambda t: (t.target_language,
                                               t.provenance.kind != "reference",
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
