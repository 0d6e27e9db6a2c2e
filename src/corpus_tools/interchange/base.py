"""What every interchange format shares: the documents it carries, the errors it raises,
and the one interface a format implements."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from corpus_tools.model import Alignment, Attribution, Claim, EntityMention, Shift, SpanFile
from corpus_tools.wire import narrow, wire_fields

#: A translation-side item's alignment as string fields, for formats with free-text
#: per-annotation fields: ``counterpart`` is space-separated ids, ``[]`` for none.
ALIGNMENT_FIELDS = tuple(f.key for f in wire_fields(Alignment))
NO_COUNTERPART = "[]"


def alignment_fields(alignment: Alignment | None) -> dict[str, str]:
    if alignment is None:
        return {}
    fields = {"shift": alignment.shift, "shift_note": alignment.shift_note}
    if alignment.counterpart is not None:
        fields["counterpart"] = " ".join(alignment.counterpart) or NO_COUNTERPART
    return {name: value for name, value in fields.items() if value is not None}


def alignment_from_fields(fields: Mapping[str, str | None]) -> Alignment | None:
    """The alignment the fields give; VocabularyError for a shift the model does not
    declare."""
    if all(fields.get(name) is None for name in ALIGNMENT_FIELDS):
        return None
    counterpart = fields.get("counterpart")
    ids = None if counterpart is None else tuple(
        i for i in counterpart.split() if i != NO_COUNTERPART)
    shift = fields.get("shift")
    return Alignment(ids, None if shift is None else narrow(Shift, shift),
                     fields.get("shift_note"))


@dataclass(frozen=True)
class Layers:
    """The three annotation layers of one document, without file header or provenance."""

    entities: tuple[EntityMention, ...] = ()
    claims: tuple[Claim, ...] = ()
    attributions: tuple[Attribution, ...] = ()

    @classmethod
    def of(cls, span_file: SpanFile) -> Layers:
        return cls(span_file.entities, span_file.claims, span_file.attributions)


@dataclass(frozen=True)
class ExchangeDocument:
    """One text as a format carries it: its text and its annotations. ``doc_id`` is the text
    id: a document's, or a translation's (``<doc>.<language>.<system>``), whose text is
    the translation's target text."""

    doc_id: str
    text: str
    layers: Layers
    source: str = ""  # the file it was read from (for messages)


@dataclass(frozen=True)
class ReadResult:
    documents: tuple[ExchangeDocument, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class WriteResult:
    files: tuple[Path, ...]
    warnings: tuple[str, ...] = field(default=())


class InterchangeError(Exception):
    """Bad input to an import, or an export that cannot be written: one line naming the
    file, the line, the annotation and the problem id."""

    def __init__(self, file: Path | str, code: str, message: str, *, line: int | None = None,
                 item: str | None = None) -> None:
        super().__init__(message)
        self.file, self.code, self.message = str(file), code, message
        self.line, self.item = line, item

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        item = f" {self.item}:" if self.item else ""
        return f"{where}: [{self.code}]{item} {self.message}"


class Format(Protocol):
    """An annotation tool's file format. Offsets in :class:`Layers` are always code points;
    a format converts to and from its own unit."""

    name: str
    #: Whether annotation ids survive a round trip; if not, import renumbers them.
    carries_ids: bool
    #: What a round trip through the format loses, for the docs and the import warning.
    loses: str

    def write(self, documents: Sequence[ExchangeDocument], out_dir: Path) -> WriteResult: ...

    def read(self, in_dir: Path) -> ReadResult: ...
