"""The dataset's configs and their features: the one place to add a config or a column.

Every closed label set is a ClassLabel, with names in the order of the JSON Schema.
"""

from __future__ import annotations

from datasets import ClassLabel, Features, List, Translation, Value

from corpus_tools.labels import (
    AUTHOR_STANCES,
    CLAIM_KINDS,
    CONLL2003,
    ENTITY_LABELS,
    LANGUAGES,
    QUOTE_TYPES,
    SOURCE_TYPES,
)

DEFAULT_CONFIG = "documents"

NER_TAGS = ["O", *(f"{prefix}-{label}" for label in ENTITY_LABELS for prefix in ("B", "I"))]
CONLL_LABELS = sorted({v for v in CONLL2003.values() if v is not None})
CONLL_TAGS = ["O", *(f"{prefix}-{label}" for label in CONLL_LABELS for prefix in ("B", "I"))]

string, int32, boolean = Value("string"), Value("int32"), Value("bool")
language = ClassLabel(names=list(LANGUAGES))
span = {"start": int32, "end": int32, "text": string}

ENTITY = {"id": string, "label": ClassLabel(names=list(ENTITY_LABELS)), **span,
          "registry_id": string}
CLAIM = {"id": string, **span, "kind": ClassLabel(names=list(CLAIM_KINDS)),
         "checkworthy": boolean, "author_stance": ClassLabel(names=list(AUTHOR_STANCES)),
         "cluster": string}
ATTRIBUTION = {
    "id": string,
    "source": {**span, "mention": string},
    "cue": span,
    "content": span,
    "source_type": ClassLabel(names=list(SOURCE_TYPES)),
    "quote_type": ClassLabel(names=list(QUOTE_TYPES)),
    "parent": string,
    "claims": List(string),
}
SENTENCE = {"sentence_id": string, "sentence": string}

FEATURES: dict[str, Features] = {
    "documents": Features({
        "doc_id": string, "language": language, "text": string, "sha256": string,
        "title": string, "outlet": string, "author": string, "date": string,
        "original_language": string, "source_file": string,
        "segments": List({"id": string, "paragraph": int32, **span}),
        "translations": List({"system": string, "kind": string, "target_language": language,
                              "provenance": string,
                              "segments": List({"id": string, "text": string})}),
        "entities": List(ENTITY),
        "claims": List(CLAIM),
        "attributions": List(ATTRIBUTION),
        "annotation_provenance": string,
    }),
    "entities": Features({"doc_id": string, "language": language, **ENTITY,
                          "registry_name_en": string, "registry_name_nl": string, **SENTENCE}),
    "claims": Features({"doc_id": string, "language": language, **CLAIM,
                        "attribution_id": string, **SENTENCE}),
    "attributions": Features({"doc_id": string, "language": language, **ATTRIBUTION,
                              "chain_depth": int32, **SENTENCE}),
    "ner": Features({
        "doc_id": string, "language": language, "sentence_id": string,
        "tokens": List(string), "token_starts": List(int32), "token_ends": List(int32),
        "ner_tags": List(ClassLabel(names=NER_TAGS)),
        "conll_tags": List(ClassLabel(names=CONLL_TAGS)),
    }),
    "parallel": Features({
        "doc_id": string, "segment_id": string, "source_language": language,
        "system": string, "kind": string,
        "translation": Translation(languages=list(LANGUAGES)),
        "provenance": string,
    }),
}
