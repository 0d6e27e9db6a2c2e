"""Closed label sets and label mappings, as the model declares them (``model.py``).

Adding a label means editing its ``Literal`` there (and bumping the schema version);
nothing here changes.
"""

from __future__ import annotations

from corpus_tools import model
from corpus_tools.wire import mappings, vocabulary

ENTITY_LABELS = vocabulary(model.EntityLabel)
LINKABLE_ENTITY_LABELS = vocabulary(model.LinkableEntityLabel)
CLAIM_KINDS = vocabulary(model.ClaimKind)
AUTHOR_STANCES = vocabulary(model.AuthorStance)
SOURCE_TYPES = vocabulary(model.SourceType)
QUOTE_TYPES = vocabulary(model.QuoteType)
#: How a translation-side item departs from a one-to-one rendering of its counterpart.
SHIFTS = vocabulary(model.Shift)
LANGUAGES = vocabulary(model.Language)
ANNOTATOR_KINDS = vocabulary(model.AnnotatorKind)

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
CONLL2003: dict[str, str | None] = mappings(model.EntityLabel)["conll2003"]
#: OntoNotes label -> Universal NER label (None: dropped).
UNIVERSAL_NER: dict[str, str | None] = mappings(model.EntityLabel)["universal_ner"]

