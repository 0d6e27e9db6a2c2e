"""The data model: plain frozen dataclasses, no I/O.

Offsets are 0-based, half-open, in Unicode code points of the NFC document text
(Python ``str`` indices), as ANNOTATION_SPEC.md requires.

The classes of the files (span files, segmentations, metadata, the registry, translations)
are the one declaration of their formats: each field's type
(closed vocabularies as ``Literal``s, constrained strings as ``Annotated`` named types) and,
in its ``metadata``, what the file says about it. ``wire.py`` derives from them the JSON
Schema, the labels, the reader and writer and the dataset features; ``wire.py`` also
documents the metadata keys.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar


@dataclass(frozen=True)
class Named:
    """A named type of the JSON Schema (``definitions/<name>``) with its constraints; with
    an empty name, constraints written where the type is used."""

    name: str
    pattern: str | None = None
    minimum: int | None = None
    min_length: int | None = None
    min_items: int | None = None  # of an array, or of a mapping's keys
    required_keys: tuple[str, ...] = ()  # of a mapping
    description: str | None = None
    mappings: dict[str, dict[str, str | None]] | None = None


#: A class's layout in files (``__wire__``, see wire.py).
Layout = Mapping[str, Any]


def doc(description: str | None = None, **wire: Any) -> dict[str, Any]:
    """A field's metadata: its description and how the file lays it out (see wire.py)."""
    return {**({"description": description} if description else {}), **wire}


_NAME = "^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$"
DocId = Annotated[str, Named("DocId", pattern="^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$",
                             description="Lowercase letters, digits and hyphens, at most 80 "
                             "characters.")]
AnnotationId = Annotated[str, Named(
    "AnnotationId", pattern="^[A-Za-z][A-Za-z0-9_-]{0,63}$",
    description="Unique within the file across all layers, e.g. e12, c3, a7.")]
RegistryId = Annotated[str, Named("RegistryId", pattern=_NAME)]
ClusterId = Annotated[str, Named("ClusterId", pattern=_NAME)]
Sha256 = Annotated[str, Named("Sha256", pattern="^[0-9a-f]{64}$")]
Offset = Annotated[int, Named("Offset", minimum=0)]
SegmentId = Annotated[str, Named("SegmentId", pattern="^s[1-9][0-9]*$")]
SystemId = Annotated[str, Named("SystemId", pattern="^[a-z0-9](?:[a-z0-9.-]{0,78}[a-z0-9])?$")]

_ONTONOTES = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
              "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
              "CARDINAL")
_CONLL = ("PER", "MISC", "LOC", "ORG", "LOC", "LOC", "MISC", "MISC", "MISC", "MISC", "MISC")
_UNER = ("PER", None, "LOC", "ORG", "LOC", "LOC")
EntityLabel = Annotated[
    Literal["PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
            "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
            "CARDINAL"],
    Named("EntityLabel", description="OntoNotes 5.0 entity types.", mappings={
        # numeric and temporal types (and, for Universal NER, the miscellaneous ones) map
        # to None: tagged O
        "conll2003": dict.fromkeys(_ONTONOTES) | dict(zip(_ONTONOTES, _CONLL, strict=False)),
        "universal_ner": dict.fromkeys(_ONTONOTES) | dict(zip(_ONTONOTES, _UNER,
                                                               strict=False)),
    })]
LinkableEntityLabel = Annotated[
    Literal["PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW",
            "WORK_OF_ART"],
    Named("LinkableEntityLabel", description="Entity types that may link to the entity "
          "registry.")]
ClaimKind = Annotated[Literal["event", "quantity", "causal", "intent", "prediction",
                              "existence"], Named("ClaimKind")]
AuthorStance = Annotated[Literal["asserted", "reported", "endorsed", "disputed"],
                         Named("AuthorStance")]
SourceType = Annotated[Literal["named_person", "named_organization", "news_outlet",
                               "document", "anonymous", "unnamed_group", "author", "unknown"],
                       Named("SourceType")]
QuoteType = Annotated[Literal["direct", "indirect", "mixed"], Named("QuoteType")]
Language = Annotated[Literal["en", "nl"], Named("Language")]
Shift = Annotated[Literal["added", "merged", "split", "changed"], Named(
    "Shift", description="A translation shift: added (nothing in the original corresponds; "
    "counterpart []), merged (one item renders several original items), split (several "
    "items render one original item), changed (aligned, but the layer's attributes differ "
    "from the counterpart's).")]
AnnotationStatus = Literal["unannotated", "single-pass", "independent-pass", "adjudicated"]
AnnotatorKind = Literal["human", "language-model", "tool"]
AnnotatorRole = Literal["first-pass", "second-pass", "adjudicator", "repair"]
NonEmpty = Annotated[str, Named("", min_length=1)]  # unnamed: an inline constraint
Ordinal = Annotated[int, Named("", minimum=1)]

_ANCHOR = "Anchoring hint for fix: "
_NOTE = doc("Free-text annotator note (exported with the annotation).")


@dataclass(frozen=True)
class Span:
    """A continuous stretch of a document text, with the hints ``fix`` anchors it by."""

    __wire__: ClassVar[Layout] = {
        "description": "A continuous span of the document text.",
        "required": ("text", "start", "end")}

    start: Offset = field(metadata=doc(
        "0-based code-point offset of the first character (inclusive). `corpus-tools fix` "
        "fills it from `text`."))
    end: Offset = field(metadata=doc(
        "0-based code-point offset after the last character (exclusive)."))
    text: NonEmpty = field(metadata=doc("The exact surface string: document[start:end].",
                                        quoted=True))
    occurrence: Ordinal | None = field(default=None, metadata=doc(
        _ANCHOR + "the n-th (1-based) occurrence of `text` (after prefix/suffix filtering).",
        feature=False))
    prefix: NonEmpty | None = field(default=None, metadata=doc(
        _ANCHOR + "text immediately before the span (W3C TextQuoteSelector).",
        quoted=True, feature=False))
    suffix: NonEmpty | None = field(default=None, metadata=doc(
        _ANCHOR + "text immediately after the span (W3C TextQuoteSelector).",
        quoted=True, feature=False))

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Alignment:
    """How a translation-side item renders the original (only translation-side files carry
    one). ``counterpart`` names items of the same layer in the original's span file (None:
    the field is absent); ``shift`` is one of ``labels.SHIFTS`` and ``shift_note`` says why."""

    counterpart: tuple[AnnotationId, ...] | None = field(default=None, metadata=doc(
        "Translation-side files only: id(s) of the item(s) of the same layer in the "
        "original's span file that this item renders ([] with shift: added).",
        unique=True, flow=True))
    shift: Shift | None = None
    shift_note: NonEmpty | None = field(default=None, metadata=doc(
        "Why the shift: required with shift."))


@dataclass(frozen=True)
class EntityMention:
    __wire__: ClassVar[Layout] = {
        "description": "A named or numeric/temporal entity mention."}

    id: AnnotationId
    label: EntityLabel
    span: Span = field(metadata=doc(flat=True))
    entity: RegistryId | None = field(default=None, metadata=doc(
        "Entity registry id (annotations/registry.yaml).", feature="registry_id"))
    note: str | None = field(default=None, metadata=_NOTE)
    alignment: Alignment | None = field(default=None, metadata=doc(flat=True))


@dataclass(frozen=True)
class Claim:
    __wire__: ClassVar[Layout] = {
        "description": "A checkable proposition."}

    id: AnnotationId
    span: Span = field(metadata=doc(flat=True))
    kind: ClaimKind
    checkworthy: bool
    author_stance: AuthorStance
    cluster: ClusterId | None = field(default=None, metadata=doc(
        "Corpus-wide id shared by claims making the same proposition."))
    note: str | None = field(default=None, metadata=_NOTE)
    alignment: Alignment | None = field(default=None, metadata=doc(flat=True))


@dataclass(frozen=True)
class Attribution:
    __wire__: ClassVar[Layout] = {
        "description": "Who says so: source, cue and content (PARC 3.0).",
        "order": ("id", "source", "cue", "content", "source_type", "quote_type", "parent",
                  "claims", "note", "alignment")}

    id: AnnotationId
    cue: Span
    content: Span
    source_type: SourceType
    quote_type: QuoteType
    source: Span | None = field(default=None, metadata=doc(
        definition="SourceSpan",
        definition_description="The span naming who the content is attributed to."))
    source_mention: AnnotationId | None = field(default=None, metadata=doc(
        "Id of the entity mention inside this source span, when the source is a named "
        "entity.", inside="source", name="mention"))
    parent: AnnotationId | None = field(default=None, metadata=doc(
        "Attribution whose content contains this one."))
    claims: tuple[AnnotationId, ...] = field(default=(), metadata=doc(
        "Claims whose spans lie within the content.", unique=True))
    note: str | None = field(default=None, metadata=_NOTE)
    alignment: Alignment | None = field(default=None, metadata=doc(flat=True))

    def roles(self) -> Iterator[tuple[str, Span]]:
        if self.source is not None:
            yield "source", self.source
        yield "cue", self.cue
        yield "content", self.content


@dataclass(frozen=True)
class Annotator:
    id: NonEmpty
    kind: AnnotatorKind
    role: AnnotatorRole | None = None
    note: str | None = None


@dataclass(frozen=True)
class Provenance:
    __wire__: ClassVar[Layout] = {
        "description": "How the annotations in this file were made."}

    status: AnnotationStatus
    annotators: tuple[Annotator, ...] = field(default=(), metadata=doc(required=True))
    guidelines_version: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class TranslationRef:
    """Which translation of a document: its target language and the system that made it."""

    __wire__: ClassVar[Layout] = {
        "description": "Set on a translation-side file only: the translation "
        "corpus/translations/<doc_id>.<language>.<system>.yaml whose target text the spans "
        "annotate."}

    language: Language = field(metadata=doc("Target language of the translation."))
    system: SystemId = field(metadata=doc(
        "The translation's system: reference, or a machine system's id."))


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

    #: a definition of its own, undescribed
    __wire__: ClassVar[Layout] = {"description": None}

    id: AnnotationId = field(metadata=doc("Id of the item in the original's span file."))
    note: NonEmpty = field(metadata=doc("Why the translation has no counterpart."))


@dataclass(frozen=True)
class SpanFile:
    """All annotations of one text (an original or a translation) by one annotation set."""

    __wire__: ClassVar[Layout] = {
        "title": "corpus-tools span file",
        "description": "One file per text (a document's original, or one of its "
        "translations): named entities, claims and attributions anchored to the text by "
        "code-point offsets. A translation-side file names its translation and aligns every "
        "item with the original's. Semantics: ANNOTATION_SPEC and annotations/GUIDELINES.md; "
        "the target text of a translation: annotations/README.md.",
        "order": ("schema_version", "doc_id", "translation", "text_sha256", "provenance",
                  "entities", "claims", "attributions", "dropped"),
    }

    doc_id: DocId
    text_sha256: Sha256 = field(metadata=doc(
        "SHA-256 of the text the spans were made on (for a translation: of its target text, "
        "UTF-8); a different text makes the annotations stale."))
    provenance: Provenance
    schema_version: str = field(default="1.0", metadata=doc(
        "Version of this schema the file follows.", required=True, version="spans"))
    entities: tuple[EntityMention, ...] = field(default=(), metadata=doc(required=True))
    claims: tuple[Claim, ...] = field(default=(), metadata=doc(required=True))
    attributions: tuple[Attribution, ...] = field(default=(), metadata=doc(required=True))
    translation: TranslationRef | None = field(default=None, metadata=doc(flow=True))
    dropped: tuple[Dropped, ...] = field(default=(), metadata=doc(
        "Translation-side files only: items of the original that the translation does not "
        "render, each with why."))

    @property
    def text(self) -> TextRef:
        return TextRef(self.doc_id, self.translation)

    def ids(self) -> Iterator[str]:
        for layer in (self.entities, self.claims, self.attributions):
            for item in layer:
                yield item.id


@dataclass(frozen=True)
class RegistryEntry:
    id: RegistryId
    type: LinkableEntityLabel
    names: Annotated[dict[Language, NonEmpty], Named("", min_items=1)] = field(
        default_factory=dict, metadata=doc("Canonical name per language.", required=True,
                                           flow=True))
    # the registry config publishes names, not annotators' notes
    note: str | None = field(default=None, metadata=doc(feature=False))


@dataclass(frozen=True)
class Registry:
    __wire__: ClassVar[Layout] = {
        "title": "corpus-tools entity registry",
        "description": "Corpus-wide entities that mentions link to across documents and "
        "languages.",
        "order": ("schema_version", "entries"),
    }

    entries: tuple[RegistryEntry, ...] = field(default=(), metadata=doc(required=True,
                                                                         name="entities"))
    schema_version: str = field(default="1.0", metadata=doc(required=True, version="registry"))

    def by_id(self) -> dict[str, RegistryEntry]:
        return {entry.id: entry for entry in self.entries}


StatedValue = TypeVar("StatedValue")


@dataclass(frozen=True)
class Evidenced(Generic[StatedValue]):
    """A metadata value the text states, with the passage that states it."""

    value: StatedValue
    evidence: NonEmpty = field(metadata=doc(
        "Verbatim passage of the text that states the value."))


@dataclass(frozen=True)
class Unstated:
    """A metadata value the text does not state: null, with the reason."""

    value: None = field(default=None, metadata=doc(required=True))
    reason: NonEmpty = field(kw_only=True, metadata=doc("Why the value is unknown."))


#: A metadata value as the text states it: the value with its evidence, or null with a
#: reason (the schema's oneOf of the two).
Stated = Evidenced[StatedValue] | Unstated
IsoDate = Annotated[str, Named("", pattern=r"^\d{4}-\d{2}-\d{2}$")]


@dataclass(frozen=True)
class DocumentMeta:
    __wire__: ClassVar[Layout] = {
        "title": "corpus-tools document metadata",
        "description": "What the text itself states about the document; every stated value "
        "quotes its evidence.",
        "order": ("schema_version", "doc_id", "language", "title", "outlet", "author", "date",
                  "original_language", "source_file", "sha256", "length_chars",
                  "length_bytes", "note"),
    }

    doc_id: DocId
    language: Language
    title: Stated[NonEmpty] = field(metadata=doc("The headline as the text gives it."))
    outlet: Stated[NonEmpty] = field(metadata=doc("Outlet or source as the text names it."))
    author: Stated[NonEmpty] = field(metadata=doc("Author as the text names it."))
    date: Stated[IsoDate] = field(metadata=doc(
        "Publication date (ISO 8601) as the text states it."))
    original_language: Stated[Language] = field(metadata=doc(
        "Language of the original where the text shows it is a translation."))
    source_file: NonEmpty = field(metadata=doc("Name of the file the text was added from."))
    sha256: Sha256
    length_chars: Ordinal
    length_bytes: Ordinal
    schema_version: str = field(default="1.0", metadata=doc(required=True, version="metadata"))
    note: str | None = None

    def stated_fields(self) -> Iterator[tuple[str, Evidenced[Any] | Unstated]]:
        """Each value as the text states it, in declaration order."""
        for model_field in fields(self):
            value = getattr(self, model_field.name)
            if isinstance(value, Evidenced | Unstated):
                yield model_field.name, value


@dataclass(frozen=True)
class Segment:
    """A sentence of a document: the unit translations are aligned by."""

    id: SegmentId
    paragraph: Ordinal = field(metadata=doc("1-based paragraph (non-blank line) number."))
    start: Offset
    end: Offset
    text: NonEmpty = field(metadata=doc(quoted=True))


@dataclass(frozen=True)
class Segmentation:
    __wire__: ClassVar[Layout] = {
        "title": "corpus-tools segmentation",
        "description": "A document split into paragraphs and sentences; translations align "
        "to these segment ids.",
        "order": ("schema_version", "doc_id", "text_sha256", "segmenter", "segments"),
    }

    doc_id: DocId
    text_sha256: Sha256 = field(metadata=doc("SHA-256 of the text the segments were made on."))
    segmenter: NonEmpty = field(metadata=doc("Tool and version that made the segmentation."))
    segments: tuple[Segment, ...] = field(default=(), metadata=doc(required=True,
                                                                    flow_items=True))
    schema_version: str = field(default="1.0", metadata=doc(required=True, version="segments"))


TranslatorKind = Literal["human", "language-model"]


@dataclass(frozen=True)
class Translator:
    id: NonEmpty
    kind: TranslatorKind
    professional: bool | None = None
    note: str | None = None


@dataclass(frozen=True)
class ReferenceProvenance:
    __wire__: ClassVar[Layout] = {
        "description": "A reference translation written by the project's contributors: "
        "never machine output.",
        "order": ("kind", "translators", "date", "note"),
    }

    translators: Annotated[tuple[Translator, ...], Named("", min_items=1)]
    date: IsoDate
    kind: Literal["reference"] = field(default="reference", metadata=doc(required=True))
    note: str | None = None


@dataclass(frozen=True)
class ArgosPackage:
    """The argostranslate package a machine translation was made with."""

    name: NonEmpty
    version: NonEmpty
    sha256: Sha256 | None = field(default=None, metadata=doc(
        "SHA-256 of the .argosmodel archive it was installed from; absent when that archive "
        "is unknown."))


@dataclass(frozen=True)
class MachineProvenance:
    __wire__: ClassVar[Layout] = {
        "description": "Machine translation: the package, the software versions and the "
        "decoding settings.",
        "order": ("kind", "engine", "package", "engine_versions", "settings", "date", "note"),
    }

    engine: Literal["argostranslate"]
    package: ArgosPackage
    # mappings are not hashable: the provenance is hashed by its other fields
    engine_versions: Annotated[dict[str, str], Named(
        "", required_keys=("argostranslate", "ctranslate2"))] = field(hash=False)
    settings: dict[str, Any] = field(hash=False, metadata=doc(
        "Decoding settings as passed to CTranslate2."))
    date: IsoDate
    kind: Literal["machine"] = field(default="machine", metadata=doc(required=True))
    note: str | None = None


@dataclass(frozen=True)
class TranslatedSegment:
    id: SegmentId
    text: str = field(metadata=doc(
        "The translated segment; empty only where a machine system produced nothing (a "
        "finding of untranslated-segment).", quoted=True))
    note: str | None = None


@dataclass(frozen=True)
class Translation:
    """One document translated by one system, aligned to its stored segmentation, with
    the provenance that says how it was made: a reference translation (written by the
    project's contributors) or a machine one (the package, versions and decoding
    settings)."""

    __wire__: ClassVar[Layout] = {
        "title": "corpus-tools translation",
        "description": "One document translated by one system, aligned to the document's "
        "stored segmentation; the provenance says exactly how it was made.",
        "order": ("schema_version", "doc_id", "source_language", "target_language", "system",
                  "source_sha256", "provenance", "segments"),
    }

    doc_id: DocId
    source_language: Language
    target_language: Language
    system: SystemId = field(metadata=doc(
        "reference for the contributors' reference translation; argos-<from>-<to>-<version> "
        "for argostranslate packages."))
    source_sha256: Sha256 = field(metadata=doc(
        "SHA-256 of the source text the segments were translated from."))
    provenance: ReferenceProvenance | MachineProvenance
    segments: tuple[TranslatedSegment, ...] = field(default=(), metadata=doc(
        required=True, flow_items=True))
    schema_version: str = field(default="1.0", metadata=doc(required=True,
                                                              version="translation"))

    @property
    def file_name(self) -> str:
        return f"{self.doc_id}.{self.target_language}.{self.system}.yaml"
