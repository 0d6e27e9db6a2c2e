"""The features of the dataset's configs (``io.dataset.CONFIG_NAMES`` names them): the one
place to add a column.

Every closed label set is a ClassLabel, with names in the order of its declaration; the
span layers' columns (entities, claims, attributions, alignment), their attributes in the
alignments config, and spans and segments are derived from the model's declaration
(``layer_features``, ``wire.attributes``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, get_origin

from datasets import ClassLabel, Features, List, Translation, Value

from corpus_tools.export.schema_features import SchemaBlock
from corpus_tools.io.annotated import TEXT_KINDS
from corpus_tools.io.dataset import CONFIG_NAMES
from corpus_tools.labels import (
    CONLL2003,
    ENTITY_LABELS,
    LANGUAGES,
    UNIVERSAL_NER,
)
from corpus_tools.model import (
    Alignment,
    Attribution,
    Claim,
    DocumentMeta,
    EntityMention,
    RegistryEntry,
    Segment,
    Span,
)
from corpus_tools.wire import (
    WireField,
    alternatives,
    attributes,
    bare_type,
    feature_fields,
    inside,
    is_model,
    layers,
    mapping_types,
    sequence_item,
    vocabulary,
)

#: The annotation layers (``layer``) and their item classes, as the span file declares them.
LAYER_ITEMS = layers()
LAYERS = tuple(LAYER_ITEMS)

DEFAULT_CONFIG = "documents"


def bio_tags(labels: list[str] | tuple[str, ...]) -> list[str]:
    return ["O", *(f"{prefix}-{label}" for label in labels for prefix in ("B", "I"))]


NER_TAGS = bio_tags(ENTITY_LABELS)
#: The ner config's tag columns that follow one of the schema's label mappings
#: (OntoNotes label -> mapped label, None: tagged O).
MAPPED_TAGS: dict[str, dict[str, str | None]] = {
    "conll_tags": CONLL2003, "uner_tags": UNIVERSAL_NER,
}

string, int32, boolean = Value("string"), Value("int32"), Value("bool")
language = ClassLabel(names=list(LANGUAGES))

def _feature(tp: Any, owner: type, wire_field: WireField | None = None) -> Any:
    """The feature of a declared type: a closed vocabulary is a ClassLabel."""
    tp = bare_type(tp)
    if is_model(tp):
        extra = inside(owner, wire_field) if wire_field is not None else ()
        return {**layer_features(tp), **{f.key: _feature(f.type, owner) for f in extra}}
    if (item := sequence_item(tp)) is not None:
        return List(_feature(item, owner))
    if (entry := mapping_types(tp)) is not None and vocabulary(entry[0]):
        return {key: _feature(entry[1], owner) for key in vocabulary(entry[0])}
    if get_origin(tp) is Literal:
        return ClassLabel(names=list(vocabulary(tp)))
    return {str: string, int: int32, bool: boolean}[tp]


def layer_features(cls: type) -> dict[str, Any]:
    """The columns of a model class, derived from its declaration (wire.feature_fields)."""
    return {column: _feature(wire_field.type, cls, wire_field)
            for column, _, wire_field in feature_fields(cls)}


SEGMENT = layer_features(Segment)
span = layer_features(Span)  # start, end, text
ENTITY = layer_features(EntityMention)
CLAIM = layer_features(Claim)
ATTRIBUTION = layer_features(Attribution)
SENTENCE = {"sentence_id": string, "sentence": string}
#: Which text a row annotates: every flat config's rows carry it, so one filter selects
#: originals or translations.
TEXT = {"text_id": string, "text_kind": ClassLabel(names=list(TEXT_KINDS)),
        "language": language, "system": string}
#: How a translation-side item renders the original (null on originals' rows).
ALIGNMENT = layer_features(Alignment)


def aligned_item(item_classes: Iterable[type]) -> dict[str, Any]:
    """One side of an aligned pair (alignments config): the item's span (an attribution's
    cue), an attribution's other roles, the segments it overlaps, and the attributes
    (``wire.attributes``) of every layer (null where the item's layer has none)."""
    return {"text_id": string, "id": string, **span, "source": span, "content": span,
            "segment_ids": List(string),
            **{column: _feature(wire_field.type, cls) for cls in item_classes
               for column, wire_field in attributes(cls)}}


ALIGNED_ITEM = aligned_item(LAYER_ITEMS.values())


def stated_features(cls: type) -> dict[str, Any]:
    """The columns of a metadata class's stated fields (each a value with its evidence, or
    null with a reason): the value as the text states it, or null."""
    return {column: string for column, _, wire_field in feature_fields(cls)
            if alternatives(wire_field.type)}


STATED = stated_features(DocumentMeta)
#: Provenance blocks, structured as the JSON Schemas derived from the model declare them.
TRANSLATION_PROVENANCE = SchemaBlock("translation", "provenance")
ANNOTATION_PROVENANCE = SchemaBlock("spans", "provenance")

_BY_CONFIG: dict[str, Features] = {
    "documents": Features({
        "doc_id": string, "language": language, "text": string, "sha256": string,
        **STATED, "source_file": string,
        "segments": List(SEGMENT),
        "translations": List({"system": string, "kind": string, "target_language": language,
                              "provenance": TRANSLATION_PROVENANCE.features,
                              "segments": List({"id": string, "text": string})}),
        "entities": List(ENTITY),
        "claims": List(CLAIM),
        "attributions": List(ATTRIBUTION),
        "annotation_provenance": ANNOTATION_PROVENANCE.features,
    }),
    "texts": Features({
        "text_id": string, "doc_id": string, **{k: v for k, v in TEXT.items() if k != "text_id"},
        "text": string, "sha256": string,
        "segments": List(SEGMENT),
        "annotation_provenance": ANNOTATION_PROVENANCE.features,
    }),
    "entities": Features({"doc_id": string, **TEXT, **ENTITY,
                          "registry_name_en": string, "registry_name_nl": string, **SENTENCE,
                          **ALIGNMENT}),
    "registry": Features({**layer_features(RegistryEntry),
                          "mentions": {code: int32 for code in LANGUAGES}}),
    "claims": Features({"doc_id": string, **TEXT, **CLAIM,
                        "attribution_ids": List(string), **SENTENCE, **ALIGNMENT}),
    "attributions": Features({"doc_id": string, **TEXT, **ATTRIBUTION,
                              "chain_depth": int32, **SENTENCE,
                              "content_sentence_ids": List(string), **ALIGNMENT}),
    "ner": Features({
        "doc_id": string, **TEXT, "sentence_id": string,
        "tokens": List(string), "token_starts": List(int32), "token_ends": List(int32),
        "ner_tags": List(ClassLabel(names=NER_TAGS)),
        **{column: List(ClassLabel(names=bio_tags(sorted(
            {v for v in mapping.values() if v is not None}))))
           for column, mapping in MAPPED_TAGS.items()},
    }),
    "parallel": Features({
        "doc_id": string, "segment_id": string, "source_language": language,
        "target_language": language, "system": string, "kind": string,
        "translation": Translation(languages=list(LANGUAGES)),
        "provenance": TRANSLATION_PROVENANCE.features,
        "target_text_id": string,
        **{f"{side}_{layer}": List({**layer_features(item), **ALIGNMENT})
           for side in ("source", "target") for layer, item in LAYER_ITEMS.items()},
    }),
    "alignments": Features({
        "doc_id": string, "system": string, "source_language": language,
        "target_language": language, "layer": ClassLabel(names=list(LAYERS)),
        "original": ALIGNED_ITEM, "translation": ALIGNED_ITEM,
        "shift": ALIGNMENT["shift"], "shift_note": string,
    }),
    "sentences": Features({
        "doc_id": string, **TEXT, "sentence_id": string, **span,
        "has_claim": boolean, "has_checkworthy_claim": boolean, "has_attribution": boolean,
    }),
    "folds": Features({"doc_id": string, "language": language, "fold": string}),
}
if set(_BY_CONFIG) != set(CONFIG_NAMES):
    raise AssertionError(f"features of configs {sorted(set(_BY_CONFIG) ^ set(CONFIG_NAMES))}: "
                         "declare each config once, in io.dataset.CONFIG_NAMES")
#: Each config's features, in the order of io.dataset.CONFIG_NAMES (the card's).
FEATURES: dict[str, Features] = {name: _BY_CONFIG[name] for name in CONFIG_NAMES}

#: What every column means, by name; a (config, column) entry overrides it where a name
#: means something else in that config. The card's field tables are rendered from these,
#: and a test fails when a column has no description.
DESCRIPTIONS: dict[str, str] = {
    "doc_id": "document id (lowercase a-z, 0-9, '-'), the file stem in corpus/documents",
    "language": "language of the annotated text: the document's, or the translation's "
    "target language (ClassLabel: en, nl)",
    "text_id": "id of the annotated text: the doc id for an original, "
    "`<doc_id>.<language>.<system>` for a translation (the stem of its span file; the texts "
    "config holds the text)",
    "text_kind": "which kind of text the row annotates: original or translation (ClassLabel)",
    "system": "the translation system of the annotated text (`reference` or a machine "
    "system's name); null for an original",
    "text": "the exact text of the span (equals the annotated text at [start, end))",
    "sha256": "SHA-256 of the document text's UTF-8 bytes",
    "title": "title as the text states it, or null",
    "outlet": "outlet as the text states it, or null",
    "author": "author as the text states it, or null",
    "date": "date as the text states it (ISO 8601), or null",
    "original_language": "language the text was first written in, where the text says",
    "source_file": "name of the file the text was supplied as",
    "segments": "sentences within paragraphs: id, paragraph number, offsets, text",
    "translations": "one item per translation: system, kind (reference or machine), "
    "target language, provenance (see `provenance`) and segment-aligned texts",
    "entities": "entity mentions (see the entities config)",
    "claims": "claims (see the claims config)",
    "attributions": "attributions (see the attributions config)",
    "annotation_provenance": "how the span file was made: status, annotators (id, kind, "
    "role, note), guidelines version, note (the span-file schema's `provenance`)",
    "id": "annotation id, unique within its document",
    "label": "OntoNotes 18 entity label (ClassLabel)",
    "start": "start offset, code points into the annotated text (the document text, or a "
    "translation's target text: see the texts config) (0-based, inclusive)",
    "end": "end offset, code points into the annotated text (exclusive)",
    "registry_id": "id of the corpus-wide registry entry the mention refers to, or null",
    "registry_name_en": "the registry entry's English name",
    "registry_name_nl": "the registry entry's Dutch name (null where none is recorded)",
    "sentence_id": "id of the segment (sentence) holding the span's first character (a "
    "translation's segments keep the original's ids)",
    "sentence": "text of that segment",
    "kind": "claim kind: event, quantity, causal, intent, prediction, existence (ClassLabel)",
    "checkworthy": "whether the claim is worth checking (CheckThat! sense)",
    "author_stance": "the document author's stance: asserted, reported, endorsed, disputed "
    "(ClassLabel)",
    "cluster": "id of the proposition the claim states, shared by every claim that states it, "
    "across documents and languages; every id is listed in the guidelines' cluster table "
    "(GUIDELINES.md C36), and a cluster may have a single member until another document "
    "states the same proposition",
    "note": "the annotator's note on the annotation, or null; a linkable mention left "
    "without a registry id says why here (GUIDELINES.md R1)",
    "attribution_ids": "ids of every attribution that lists the claim (its content holds "
    "the claim), outermost first; empty for a claim the author makes",
    "content_sentence_ids": "ids of every segment (sentence) the attribution's content "
    "overlaps, in text order; the content may run past the cue's sentence",
    "source": "who says so: offsets, text and the id of the entity mention inside it; null "
    "where the cue names no source",
    "cue": "the words that mark the attribution (said, according to, volgens, …)",
    "content": "what is attributed",
    "source_type": "named_person, named_organization, news_outlet, document, anonymous, "
    "unnamed_group, author or unknown (ClassLabel)",
    "quote_type": "direct, indirect or mixed (ClassLabel)",
    "parent": "id of the attribution whose content holds this one (chains), or null",
    "chain_depth": "number of attributions above this one in its chain (0 = outermost)",
    "tokens": "tokens of the segment (runs of letters and digits; other characters alone)",
    "token_starts": "start offset of each token in the annotated text",
    "token_ends": "end offset of each token in the annotated text",
    "ner_tags": "BIO tags over the OntoNotes 18 labels (ClassLabel)",
    "conll_tags": "BIO tags over the CoNLL-2003 labels by the schema's mapping (ClassLabel)",
    "uner_tags": "BIO tags over the Universal NER labels (PER, ORG, LOC) by the schema's "
    "mapping; labels it does not map are O (ClassLabel)",
    "type": "the entity's OntoNotes label (ClassLabel over the linkable labels)",
    "names": "the entity's canonical name per language ({en, nl}); the corpus's registry "
    "names every entry in every corpus language (null only in a corpus whose registry does "
    "not)",
    "mentions": "number of entity mentions in the original texts linked to the entry, per "
    "document language ({en, nl})",
    "counterpart": "ids of the items of the same layer in the original that this "
    "translation-side item renders (empty for an item the translation adds); null on an "
    "original's rows",
    "shift": "how a translation-side item departs from a one-to-one rendering of its "
    "counterpart: added, merged, split or changed (ClassLabel); null where it does not, and on "
    "an original's rows",
    "shift_note": "why the translation-side item shifts (given with every shift), or null",
    "target_text_id": "text id of the translation, `<doc_id>.<language>.<system>` (the "
    "source side's is the doc id)",
    "target_language": "language of the translation (ClassLabel: en, nl)",
    "layer": "the annotation layer: entities, claims or attributions (ClassLabel)",
    "original": "the original's item (null for an item the translation adds): text id, id, "
    "span (an attribution's cue) with offsets into the original text, source and content "
    "(attributions), ids of every segment the item overlaps, and its layer's attributes "
    f"({'; '.join(', '.join(c for c, _ in attributes(i)) for i in LAYER_ITEMS.values())}; "
    "null where the layer has none)",
    "translation": "the segment in both languages: {en, nl}",
    "segment_id": "id of the aligned segment (the source segmentation's id)",
    "source_language": "language of the original text (ClassLabel: en, nl)",

    "provenance": "who or what made the translation, how and when (the translation schema's "
    "`provenance`; members of the other kind are null): kind, translators (reference), "
    "engine, package, engine_versions and settings (machine: lists of {name, value}, "
    "values as JSON text), date, note",
    "has_claim": "whether a claim starts in the sentence",
    "has_checkworthy_claim": "whether a check-worthy claim starts in the sentence (the "
    "check-worthiness task's label)",
    "has_attribution": "whether an attribution's cue starts in the sentence",
    "fold": "the leave-one-document-out fold that tests on this document (named by it); "
    "that fold trains on every other document, in both languages",
}
def _in_segment(side: str, layer: str, language: str) -> str:
    """The description of a parallel config's column of one side's spans."""
    which = ("attributions whose source, cue and content all lie in the segment"
             if layer == "attributions" else f"{layer} lying in the segment")
    return (f"the {language} text's {which}, offsets relative to the segment's start "
            f"(`translation[{side}_language]` at [start, end) is the span)"
            + (", each with counterpart, shift and shift_note; null where the translation "
               "has no span file" if side == "target" else "")
            + ("; an attribution whose roles run over two segments is in no pair (see the "
               "attributions and alignments configs)" if layer == "attributions" else ""))


CONFIG_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("texts", "text"): "the annotated text: the document text, or a translation's target "
    "text (its segments joined with the original's own separators: every source segment "
    "replaced by its translation, everything between, before and after kept)",
    ("texts", "sha256"): "SHA-256 of the text's UTF-8 bytes (the span file pins it)",
    ("texts", "segments"): "the text's sentences: id (the original's ids), paragraph "
    "number, offsets into this text, text",
    ("texts", "annotation_provenance"): "how the text's span file was made: status, "
    "annotators (id, kind, role, note), guidelines version, note",
    **dict.fromkeys([("parallel", "system"), ("alignments", "system")],
                    "which translation: `reference` or the machine system's name"),
    **{("parallel", f"{side}_{layer}"): _in_segment(side, layer, language)
       for side, language in (("source", "original"), ("target", "translated"))
       for layer in LAYERS},
    ("alignments", "translation"): "the translation's item (null for an original item the "
    "translation drops), as `original` but with offsets into the translation's target text "
    "(the texts config)",
    ("alignments", "shift"): "the translation item's shift: added, merged, split or "
    "changed (ClassLabel), or null",
    ("alignments", "shift_note"): "why: the translation item's shift_note, or for an "
    "original item the translation drops, the note that says why",
    ("documents", "text"): "the document text, byte-exact (NFC, LF line endings)",
    ("documents", "language"): "language of the text (ClassLabel: en, nl)",
    ("parallel", "kind"): "`reference` (written by a project contributor) or `machine`",
    ("sentences", "sentence_id"): "id of the segment (sentence)",
    ("sentences", "text"): "the sentence's text (equals the document text at [start, end))",
    ("registry", "id"): "registry id (kebab-case English canonical name); entity mentions "
    "link to it by `registry_id`",
    ("attributions", "sentence_id"): "id of the segment (sentence) holding the cue's first "
    "character (see content_sentence_ids for the content's)",
    ("attributions", "sentence"): "text of the segment holding the cue's first character",
}


#: What the declaration says of the layers' columns (their fields' ``description``): a
#: column added to a layer is described without an entry above.
DECLARED_DESCRIPTIONS: dict[str, str] = {
    column: str(wire_field.meta["description"]) for item in LAYER_ITEMS.values()
    for column, _, wire_field in feature_fields(item) if "description" in wire_field.meta}


def describe(config: str, column: str) -> str | None:
    return (CONFIG_DESCRIPTIONS.get((config, column)) or DESCRIPTIONS.get(column)
            or DECLARED_DESCRIPTIONS.get(column))
