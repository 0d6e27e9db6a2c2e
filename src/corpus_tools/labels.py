"""Closed label sets and label mappings, read from the span-file JSON Schema.

Adding a label means editing the schema (and bumping its version); nothing here changes.
"""

from __future__ import annotations

from typing import Any

from corpus_tools.schema import load_schema

_DEFS: dict[str, Any] = load_schema("spans")["definitions"]


def _enum(name: str) -> tuple[str, ...]:
    return tuple(_DEFS[name]["enum"])


ENTITY_LABELS = _enum("EntityLabel")
LINKABLE_ENTITY_LABELS = _enum("LinkableEntityLabel")
CLAIM_KINDS = _enum("ClaimKind")
AUTHOR_STANCES = _enum("AuthorStance")
SOURCE_TYPES = _enum("SourceType")
QUOTE_TYPES = _enum("QuoteType")
#: How a translation-side item departs from a one-to-one rendering of its counterpart.
SHIFTS = _enum("Shift")
LANGUAGES = tuple(load_schema("metadata")["definitions"]["Language"]["enum"])

#: Every closed label set, by the name of the field that carries it.
LABEL_SETS: dict[str, tuple[str, ...]] = {
    "label": ENTITY_LABELS,
    "type": LINKABLE_ENTITY_LABELS,
    "kind": CLAIM_KINDS,
    "author_stance": AUTHOR_STANCES,
    "source_type": SOURCE_TYPES,
    "quote_type": QUOTE_TYPES,
    "shift": SHIFTS,
}

#: OntoNotes label -> CoNLL-2003 label (None: dropped, as for numeric/temporal types).
CONLL2003: dict[str, str | None] = dict(_DEFS["EntityLabel"]["x-mappings"]["conll2003"])
#: OntoNotes label -> Universal NER label (None: dropped).
UNIVERSAL_NER: dict[str, str | None] = dict(_DEFS["EntityLabel"]["x-mappings"]["universal_ner"])
