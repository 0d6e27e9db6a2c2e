"""INCEpTION: UIMA CAS XMI, one ``<doc>.xmi`` per document, plus the ``typesystem.xml`` that
declares our layers as INCEpTION custom layers (``webanno.custom.*``). Written and read with
dkpro-cassis. Import also accepts ``TypeSystem.xml``, the name DKPro Core's XMI writer (and so
INCEpTION's XMI export) gives the file, and refuses a type system that lacks our layers.

UIMA counts offsets in UTF-16 code units. cassis converts between those and Python code
points when it writes and reads XMI; :func:`check_utf16_offsets` re-derives every offset in
the written XMI with our own converter, so an export whose offsets would land inside a
surrogate pair (emoji) is refused instead of shipped.

Mapping:

- entity mention -> ``webanno.custom.EntityMention`` (identifier, label, registry, note)
- claim          -> ``webanno.custom.Claim`` (identifier, kind, checkworthy, authorStance,
  cluster, note)
- attribution    -> ``webanno.custom.Attribution`` on the cue (identifier, sourceType,
  quoteType, note, parent, sourceMention), with an INCEpTION link feature ``roles``
  whose slots point at ``webanno.custom.AttributionArgument`` spans (roles ``source`` and
  ``content``) and at claims (role ``claim``)
- on translation-side texts, each of the three also carries ``counterpart`` (ids,
  space-separated; ``[]`` for none), ``shift`` and ``shiftNote``
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from cassis import Cas, TypeSystem, load_cas_from_xmi, load_typesystem
from typing_extensions import TypeForm

from corpus_tools.interchange.base import (
    ALIGNMENT_FIELDS,
    ExchangeDocument,
    InterchangeError,
    Layers,
    ReadResult,
    WriteResult,
    alignment_fields,
    alignment_from_fields,
)
from corpus_tools.interchange.offsets import Utf16Offsets
from corpus_tools.io.yamlio import atomic_write
from corpus_tools.layout import TEXT_ID_PATTERN
from corpus_tools.model import (
    Alignment,
    Attribution,
    AuthorStance,
    Claim,
    ClaimKind,
    EntityLabel,
    EntityMention,
    QuoteType,
    SourceType,
    Span,
)
from corpus_tools.wire import VocabularyError, narrow

TYPESYSTEM_FILE = "typesystem.xml"
#: the names import accepts: ours, and DKPro Core's (INCEpTION's XMI export)
TYPESYSTEM_NAMES = (TYPESYSTEM_FILE, "TypeSystem.xml")
PREFIX = "webanno.custom."
ENTITY, CLAIM = PREFIX + "EntityMention", PREFIX + "Claim"
ATTRIBUTION, ARGUMENT = PREFIX + "Attribution", PREFIX + "AttributionArgument"
ROLES_LINK = PREFIX + "AttributionRolesLink"
STRING, BOOLEAN = "uima.cas.String", "uima.cas.Boolean"
T = TypeVar("T")


@cache
def type_system() -> TypeSystem:
    ts = TypeSystem()
    entity = ts.create_type(ENTITY, description="A named-entity mention (corpus layer 1)")
    claim = ts.create_type(CLAIM, description="A check-worthy proposition (corpus layer 2)")
    ts.create_type(ARGUMENT, description="The source or content of an attribution")
    attribution = ts.create_type(ATTRIBUTION, description="An attribution, anchored on its cue "
                                 "(corpus layer 3)")
    link = ts.create_type(ROLES_LINK, supertypeName="uima.cas.TOP")
    for domain, name, kind in [
        (entity, "identifier", STRING), (entity, "label", STRING), (entity, "registry", STRING),
        (entity, "note", STRING),
        (claim, "identifier", STRING), (claim, "kind", STRING), (claim, "checkworthy", BOOLEAN),
        (claim, "authorStance", STRING), (claim, "cluster", STRING), (claim, "note", STRING),
        (attribution, "identifier", STRING), (attribution, "sourceType", STRING),
        (attribution, "quoteType", STRING), (attribution, "note", STRING),
        (attribution, "parent", ATTRIBUTION), (attribution, "sourceMention", ENTITY),
        (link, "role", STRING), (link, "target", "uima.tcas.Annotation"),
        *((domain, FEATURE[name], STRING) for domain in (entity, claim, attribution)
          for name in ALIGNMENT_FIELDS),
    ]:
        ts.create_feature(domain, name, kind)
    ts.create_feature(attribution, "roles", "uima.cas.FSArray", elementType=link,
                      multipleReferencesAllowed=True)
    return ts


#: Alignment fields of translation-side items, as UIMA feature names.
FEATURE = {"counterpart": "counterpart", "shift": "shift", "shift_note": "shiftNote"}


def _alignment(item: EntityMention | Claim | Attribution) -> dict[str, str]:
    return {FEATURE[name]: value for name, value in alignment_fields(item.alignment).items()}


def _read_alignment(path: Path, fs: Any) -> Alignment | None:
    try:
        return alignment_from_fields({name: getattr(fs, feature, None)
                                      for name, feature in FEATURE.items()})
    except VocabularyError as exc:
        raise InterchangeError(path, "import-unknown-label", f"{FEATURE['shift']}: {exc}",
                               item=_ident(fs)) from None


def build_cas(doc: ExchangeDocument) -> Cas:
    ts = type_system()
    cas = Cas(typesystem=ts)
    cas.sofa_string = doc.text
    cas.sofa_mime = "text/plain"
    Entity, ClaimType = ts.get_type(ENTITY), ts.get_type(CLAIM)
    ArgumentType, AttributionType = ts.get_type(ARGUMENT), ts.get_type(ATTRIBUTION)
    Link, FSArray = ts.get_type(ROLES_LINK), ts.get_type("uima.cas.FSArray")
    entities = {}
    for e in doc.layers.entities:
        entities[e.id] = Entity(begin=e.span.start, end=e.span.end, identifier=e.id,
                                label=e.label, registry=e.entity, note=e.note,
                                **_alignment(e))
        cas.add(entities[e.id])
    claims = {}
    for c in doc.layers.claims:
        claims[c.id] = ClaimType(begin=c.span.start, end=c.span.end, identifier=c.id,
                                 kind=c.kind, checkworthy=c.checkworthy,
                                 authorStance=c.author_stance, cluster=c.cluster, note=c.note,
                                 **_alignment(c))
        cas.add(claims[c.id])
    attributions = {}
    for a in doc.layers.attributions:
        attributions[a.id] = AttributionType(
            begin=a.cue.start, end=a.cue.end, identifier=a.id, sourceType=a.source_type,
            quoteType=a.quote_type, note=a.note, **_alignment(a),
            sourceMention=entities[a.source_mention] if a.source_mention else None)
        cas.add(attributions[a.id])
    for a in doc.layers.attributions:
        links = []
        for role, span in a.roles():
            if role != "cue":
                argument = ArgumentType(begin=span.start, end=span.end)
                cas.add(argument)
                links.append(Link(role=role, target=argument))
        links += [Link(role="claim", target=claims[c]) for c in a.claims]
        attributions[a.id].roles = FSArray(elements=links)
        if a.parent:
            attributions[a.id].parent = attributions[a.parent]
    return cas


def check_utf16_offsets(xmi: str, doc: ExchangeDocument, path: Path) -> None:
    """Every annotation in the XMI must sit at the UTF-16 offsets our own converter derives
    from the code-point offsets, and select the same text."""
    offsets = Utf16Offsets(doc.text)
    expected: dict[str, list[tuple[int, int]]] = {"EntityMention": [], "Claim": [],
                                                  "Attribution": []}
    for e in doc.layers.entities:
        expected["EntityMention"].append((e.span.start, e.span.end))
    for c in doc.layers.claims:
        expected["Claim"].append((c.span.start, c.span.end))
    for a in doc.layers.attributions:
        expected["Attribution"].append((a.cue.start, a.cue.end))
    found: dict[str, list[tuple[int, int]]] = {name: [] for name in expected}
    for element in ET.fromstring(xmi):
        local = element.tag.rsplit("}", 1)[-1]
        if local in found and "begin" in element.attrib:
            found[local].append((int(element.attrib["begin"]), int(element.attrib["end"])))
    for name, spans in expected.items():
        wanted = sorted((offsets.to_utf16(s), offsets.to_utf16(e)) for s, e in spans)
        if sorted(found[name]) != wanted:
            raise InterchangeError(path, "export-offsets", f"{name} offsets in the XMI are not "
                                   "the UTF-16 offsets of the annotations")


class Inception:
    name = "inception"
    carries_ids = True
    loses = "nothing the corpus format holds"

    def write(self, documents: Sequence[ExchangeDocument], out_dir: Path) -> WriteResult:
        files = [out_dir / TYPESYSTEM_FILE]
        atomic_write(files[0], type_system().to_xml())
        for doc in documents:
            path = out_dir / f"{doc.doc_id}.xmi"
            xmi = build_cas(doc).to_xmi()
            check_utf16_offsets(xmi, doc, path)
            atomic_write(path, xmi)
            files.append(path)
        return WriteResult(tuple(files))

    def read(self, in_dir: Path) -> ReadResult:
        ts = read_type_system(in_dir)
        documents = []
        for path in sorted(in_dir.glob("*.xmi")):
            if not TEXT_ID_PATTERN.fullmatch(path.stem):
                raise InterchangeError(path, "import-unknown-document",
                                       "file name is not a corpus document id")
            try:
                with path.open("rb") as handle:
                    cas = load_cas_from_xmi(handle, typesystem=ts)
            except Exception as exc:
                raise InterchangeError(path, "import-malformed", f"cannot load the CAS: "
                                       f"{exc}") from None
            documents.append(ExchangeDocument(path.stem, cas.sofa_string or "",
                                              _layers(cas, path), str(path)))
        return ReadResult(tuple(documents))


def read_type_system(in_dir: Path) -> TypeSystem:
    """The directory's type system, checked to declare every type and feature of ours."""
    found = sorted(p for p in in_dir.iterdir() if p.name in TYPESYSTEM_NAMES)
    if len(found) != 1:
        raise InterchangeError(in_dir, "import-malformed", f"needs exactly one of "
                               f"{' or '.join(TYPESYSTEM_NAMES)}, found {len(found)}")
    ts_path = found[0]
    try:
        with ts_path.open("rb") as handle:
            ts = load_typesystem(handle)
    except Exception as exc:  # cassis raises many kinds; each becomes one line
        raise InterchangeError(ts_path, "import-malformed", f"cannot load the type "
                               f"system: {exc}") from None
    missing = []
    for ours in type_system().get_types():
        if not ours.name.startswith(PREFIX):
            continue
        if not ts.contains_type(ours.name):
            missing.append(ours.name)
            continue
        theirs = {f.name for f in ts.get_type(ours.name).all_features}
        missing += [f"{ours.name}:{f.name}" for f in ours.features if f.name not in theirs]
    if missing:
        raise InterchangeError(ts_path, "import-foreign-type-system", f"lacks {len(missing)} "
                               f"of this corpus's types and features ({', '.join(missing[:3])}"
                               f"{' …' if len(missing) > 3 else ''}); import reads only XMI "
                               "made with the layers of corpus-tools export --to inception")
    return ts


def _label(path: Path, fs: Any, type_name: str, tp: TypeForm[T], name: str) -> T:
    """The string feature ``name``, as a member of the vocabulary ``tp``."""
    value = getattr(fs, name, None)
    item = getattr(fs, "identifier", None) or f"xmi:id {fs.xmiID}"
    if value is None:
        raise InterchangeError(path, "import-missing-attribute",
                               f"{type_name.removeprefix(PREFIX)} has no {name}", item=item)
    try:
        return narrow(tp, value)
    except VocabularyError as exc:
        raise InterchangeError(path, "import-unknown-label", f"{name}: {exc}",
                               item=item) from None


def _span(cas: Cas, fs: Any) -> Span:
    return Span(fs.begin, fs.end, cas.sofa_string[fs.begin:fs.end])


def _ident(fs: Any) -> str:
    # Annotations an annotator adds in INCEpTION have no identifier yet; the xmi:id stands
    # in until import assigns ours.
    return str(getattr(fs, "identifier", None) or f"xmi{fs.xmiID}")


def _layers(cas: Cas, path: Path) -> Layers:
    entities = tuple(
        EntityMention(_ident(fs), _label(path, fs, ENTITY, EntityLabel, "label"),
                      _span(cas, fs), entity=fs.registry, note=fs.note,
                      alignment=_read_alignment(path, fs))
        for fs in cas.select(ENTITY))
    claims = tuple(
        Claim(_ident(fs), _span(cas, fs), kind=_label(path, fs, CLAIM, ClaimKind, "kind"),
              checkworthy=bool(fs.checkworthy),
              author_stance=_label(path, fs, CLAIM, AuthorStance, "authorStance"),
              cluster=fs.cluster, note=fs.note, alignment=_read_alignment(path, fs))
        for fs in cas.select(CLAIM))
    attributions = []
    for fs in cas.select(ATTRIBUTION):
        slots: dict[str, list[Any]] = {"source": [], "content": [], "claim": []}
        for link in (fs.roles.elements if fs.roles is not None else []):
            if link.role not in slots or link.target is None:
                raise InterchangeError(path, "import-reference", f"role {link.role!r} must be "
                                       "source, content or claim, with a target",
                                       item=_ident(fs))
            slots[link.role].append(link.target)
        if len(slots["content"]) != 1 or len(slots["source"]) > 1:
            raise InterchangeError(path, "import-reference", "an attribution needs exactly one "
                                   "content slot and at most one source slot", item=_ident(fs))
        source = slots["source"][0] if slots["source"] else None
        attributions.append(Attribution(
            id=_ident(fs), cue=_span(cas, fs), content=_span(cas, slots["content"][0]),
            source_type=_label(path, fs, ATTRIBUTION, SourceType, "sourceType"),
            quote_type=_label(path, fs, ATTRIBUTION, QuoteType, "quoteType"),
            source=_span(cas, source) if source is not None else None,
            source_mention=_ident(fs.sourceMention) if fs.sourceMention is not None else None,
            parent=_ident(fs.parent) if fs.parent is not None else None,
            claims=tuple(_ident(c) for c in slots["claim"]), note=fs.note,
            alignment=_read_alignment(path, fs)))
    return Layers(entities, claims, tuple(attributions))
