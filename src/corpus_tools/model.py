"""The data model: plain frozen dataclasses, no I/O.

Offsets are 0-based, half-open, in Unicode code points of the NFC document text
(Python ``str`` indices), as ANNOTATION_SPEC.md requires.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """A continuous stretch of a document text, with the hints ``fix`` anchors it by."""

    start: int
    end: int
    text: str
    occurrence: int | None = None
    prefix: str | None = None
    suffix: str | None = None

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Alignment:
    """How a translation-side item renders the original (only translation-side files carry
    one). ``counterpart`` names items of the same layer in the original's span file (None:
    the field is absent); ``shift`` is one of ``labels.SHIFTS`` and ``shift_note`` says why."""

    counterpart: tuple[str, ...] | None = None
    shift: str | None = None
    shift_note: str | None = None


@dataclass(frozen=True)
class EntityMention:
    id: str
    label: str
    span: Span
    entity: str | None = None  # registry id
    note: str | None = None
    alignment: Alignment | None = None


@dataclass(frozen=True)
class Claim:
    id: str
    span: Span
    kind: str
    checkworthy: bool
    author_stance: str
    cluster: str | None = None
    note: str | None = None
    alignment: Alignment | None = None


@dataclass(frozen=True)
class Attribution:
    id: str
    cue: Span
    content: Span
    source_type: str
    quote_type: str
    source: Span | None = None
    source_mention: str | None = None  # id of the entity mention inside ``source``
    parent: str | None = None
    claims: tuple[str, ...] = ()
    note: str | None = None
    alignment: Alignment | None = None

    def roles(self) -> Iterator[tuple[str, Span]]:
        if self.source is not None:
            yield "source", self.source
        yield "cue", self.cue
        yield "content", self.content


@dataclass(frozen=True)
class Annotator:
    id: str
    kind: str  # human | language-model | tool
    role: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Provenance:
    status: str
    annotators: tuple[Annotator, ...] = ()
    guidelines_version: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class TranslationRef:
    """Which translation of a document: its target language and the system that made it."""

    language: str
    system: str


@dataclass(frozen=True)
class TextRef:
    """A text that can be annotated: a document's original text, or one of its translations
    (whose target text ``io.texts.target_text`` builds). Its text id is ``<doc_id>`` or
    ``<doc_id>.<language>.<system>``: the stem of its span file."""

    doc_id: str
    translation: TranslationRef | None = None

    @property
    def text_id(self) -> str:
        if self.translation is None:
            return self.doc_id
        return f"{self.doc_id}.{self.translation.language}.{self.translation.system}"

    @property
    def is_translation(self) -> bool:
        return self.translation is not None


@dataclass(frozen=True)
class Dropped:
    """An original item that the translation does not render, and why."""

    id: str
    note: str


@dataclass(frozen=True)
class SpanFile:
    """All annotations of one text (an original or a translation) by one annotation set."""

    doc_id: str
    text_sha256: str
    provenance: Provenance
    schema_version: str = "1.0"
    entities: tuple[EntityMention, ...] = ()
    claims: tuple[Claim, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    translation: TranslationRef | None = None  # set on translation-side files only
    dropped: tuple[Dropped, ...] = ()

    @property
    def text(self) -> TextRef:
        return TextRef(self.doc_id, self.translation)

    def ids(self) -> Iterator[str]:
        for layer in (self.entities, self.claims, self.attributions):
            for item in layer:
                yield item.id


@dataclass(frozen=True)
class RegistryEntry:
    id: str
    type: str
    names: dict[str, str] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class Registry:
    entries: tuple[RegistryEntry, ...] = ()
    schema_version: str = "1.0"

    def by_id(self) -> dict[str, RegistryEntry]:
        return {entry.id: entry for entry in self.entries}


@dataclass(frozen=True)
class Stated:
    """A metadata value as the text states it: the value with its evidence, or null with a
    reason."""

    value: str | None
    evidence: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class DocumentMeta:
    doc_id: str
    language: str
    title: Stated
    outlet: Stated
    author: Stated
    date: Stated
    original_language: Stated
    source_file: str
    sha256: str
    length_chars: int
    length_bytes: int
    schema_version: str = "1.0"
    note: str | None = None

    def stated_fields(self) -> Iterator[tuple[str, Stated]]:
        yield "title", self.title
        yield "outlet", self.outlet
        yield "author", self.author
        yield "date", self.date
        yield "original_language", self.original_language


@dataclass(frozen=True)
class Segment:
    """A sentence of a document: the unit translations are aligned by."""

    id: str
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Segmentation:
    doc_id: str
    text_sha256: str
    segmenter: str  # name and version of the tool that made it
    segments: tuple[Segment, ...] = ()
    schema_version: str = "1.0"


@dataclass(frozen=True)
class TranslatedSegment:
    id: str
    text: str
    note: str | None = None


@dataclass(frozen=True)
class Translation:
    """One document translated by one system, aligned to its stored segmentation.

    ``provenance["kind"]`` is ``reference`` (written by the project's contributors) or
    ``machine`` (with the package, versions and decoding settings that made it)."""

    doc_id: str
    source_language: str
    target_language: str
    system: str
    source_sha256: str
    provenance: dict[str, Any] = field(default_factory=dict, hash=False)
    segments: tuple[TranslatedSegment, ...] = ()
    schema_version: str = "1.0"

    @property
    def file_name(self) -> str:
        return f"{self.doc_id}.{self.target_language}.{self.system}.yaml"
