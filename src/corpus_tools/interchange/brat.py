"""brat standoff: ``<doc>.txt`` + ``<doc>.ann`` per document, and the ``annotation.conf`` /
``visual.conf`` that make brat show our types, roles and attributes.

Mapping (offsets are code points in brat too):

- entity mention  -> ``T`` line typed by its label; registry link -> ``N`` line
  ``Reference Tn Registry:<id>``
- claim           -> ``T`` line typed ``Claim``; ``A`` lines ``Kind``, ``AuthorStance`` and the
  binary ``Checkworthy``; cluster -> ``N`` line ``Reference Tn Cluster:<id>``
- attribution     -> an ``E`` line ``Attribution:<cue T> Source:<T> Content:<T> Claim:<T>
  Claim2:<T> … Parent:<E>``, with ``A`` lines ``SourceType`` and ``QuoteType``; the source's
  entity mention -> ``R`` line ``Mention Arg1:<source T> Arg2:<entity T>``
- note            -> ``#`` line ``AnnotatorNotes``

brat ids are ``T1``, ``E1`` …, so our ids do not survive: import renumbers in document order.
A span that crosses a line break is written as fragments split at the break, as brat's own
editor does, and joined again on import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

from typing_extensions import TypeForm

from corpus_tools.interchange.base import (
    ExchangeDocument,
    InterchangeError,
    Layers,
    ReadResult,
    WriteResult,
)
from corpus_tools.io.yamlio import atomic_write
from corpus_tools.labels import ENTITY_LABELS
from corpus_tools.layout import TEXT_ID_PATTERN
from corpus_tools.model import (
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
from corpus_tools.palette import CLAIM_COLOUR, ENTITY_COLOURS, ROLE_COLOURS
from corpus_tools.wire import VocabularyError, in_vocabulary, narrow, vocabulary

CLAIM, SOURCE, CONTENT, ATTRIBUTION = "Claim", "Source", "Content", "Attribution"
MENTION = "Mention"
REGISTRY_DB, CLUSTER_DB = "Registry", "Cluster"
T = TypeVar("T")
#: brat attribute name -> (what it annotates, the model's vocabulary of its values; None
#: for a binary attribute)
ATTRIBUTES: dict[str, tuple[str, Any]] = {
    "Kind": (CLAIM, ClaimKind),
    "AuthorStance": (CLAIM, AuthorStance),
    "Checkworthy": (CLAIM, None),
    "SourceType": (ATTRIBUTION, SourceType),
    "QuoteType": (ATTRIBUTION, QuoteType),
}


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` split at line breaks into non-empty pieces."""
    pieces, piece_start = [], start
    while True:
        newline = text.find("\n", piece_start, end)
        stop = end if newline == -1 else newline
        if stop > piece_start:
            pieces.append((piece_start, stop))
        if newline == -1:
            return pieces
        piece_start = newline + 1


def _one_line(value: str) -> str:
    return " ".join(value.split("\n")).replace("\t", " ")


@dataclass
class _AnnWriter:
    text: str
    lines: list[str] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    shared: dict[tuple[str, int, int, str | None], str] = field(default_factory=dict)

    def new_id(self, prefix: str) -> str:
        self.counters[prefix] += 1
        return f"{prefix}{self.counters[prefix]}"

    def textbound(self, kind: str, span: Span, *, share: bool = False,
                  link: str | None = None) -> str:
        """A ``T`` line; with ``share``, one line per kind, span and ``link`` (the source's
        entity mention, which belongs to the span line)."""
        key = (kind, span.start, span.end, link)
        if share and key in self.shared:
            return self.shared[key]
        tid = self.new_id("T")
        pieces = fragments(self.text, span.start, span.end)
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        quoted = " ".join(self.text[s:e] for s, e in pieces)
        self.lines.append(f"{tid}\t{kind} {offsets}\t{quoted}")
        if share:
            self.shared[key] = tid
        return tid

    def add(self, prefix: str, body: str) -> None:
        self.lines.append(f"{self.new_id(prefix)}\t{body}")


def write_ann(doc: ExchangeDocument) -> str:
    out = _AnnWriter(doc.text)
    tail: list[tuple[str, str]] = []  # A, R, N and # lines come after T and E lines
    entity_t: dict[str, str] = {}
    for entity in doc.layers.entities:
        tid = entity_t[entity.id] = out.textbound(entity.label, entity.span)
        if entity.entity:
            tail.append(("N", f"Reference {tid} {REGISTRY_DB}:{entity.entity}\t{entity.entity}"))
        if entity.note:
            tail.append(("#", f"AnnotatorNotes {tid}\t{_one_line(entity.note)}"))
    claim_t: dict[str, str] = {}
    for claim in doc.layers.claims:
        tid = claim_t[claim.id] = out.textbound(CLAIM, claim.span)
        tail.append(("A", f"Kind {tid} {claim.kind}"))
        tail.append(("A", f"AuthorStance {tid} {claim.author_stance}"))
        if claim.checkworthy:
            tail.append(("A", f"Checkworthy {tid}"))
        if claim.cluster:
            tail.append(("N", f"Reference {tid} {CLUSTER_DB}:{claim.cluster}\t{claim.cluster}"))
        if claim.note:
            tail.append(("#", f"AnnotatorNotes {tid}\t{_one_line(claim.note)}"))
    event_id = {a.id: f"E{n}" for n, a in enumerate(doc.layers.attributions, start=1)}
    mentions: set[tuple[str, str]] = set()
    events: list[str] = []
    for attribution in doc.layers.attributions:
        eid = event_id[attribution.id]
        args = [f"{ATTRIBUTION}:{out.textbound(ATTRIBUTION, attribution.cue, share=True)}"]
        if attribution.source is not None:
            source_t = out.textbound(SOURCE, attribution.source, share=True,
                                     link=attribution.source_mention)
            args.append(f"{SOURCE}:{source_t}")
            mention = attribution.source_mention
            if mention and (source_t, mention) not in mentions:
                mentions.add((source_t, mention))
                tail.append(("R", f"{MENTION} Arg1:{source_t} "
                                  f"Arg2:{entity_t[mention]}"))
        args.append(f"{CONTENT}:{out.textbound(CONTENT, attribution.content, share=True)}")
        for index, claim_id in enumerate(attribution.claims, start=1):
            args.append(f"{CLAIM}{index if index > 1 else ''}:{claim_t[claim_id]}")
        if attribution.parent:
            args.append(f"Parent:{event_id[attribution.parent]}")
        events.append(f"{eid}\t{' '.join(args)}")
        tail.append(("A", f"SourceType {eid} {attribution.source_type}"))
        tail.append(("A", f"QuoteType {eid} {attribution.quote_type}"))
        if attribution.note:
            tail.append(("#", f"AnnotatorNotes {eid}\t{_one_line(attribution.note)}"))
    out.lines.extend(events)
    for prefix, body in tail:
        out.add(prefix, body)
    return "\n".join(out.lines) + "\n" if out.lines else ""


def annotation_conf() -> str:
    labels = "|".join(ENTITY_LABELS)
    attributes = []
    for name, (target, values) in ATTRIBUTES.items():
        value_part = f", Value:{'|'.join(vocabulary(values))}" if values else ""
        attributes.append(f"{name}\tArg:{target}{value_part}")
    return "\n".join([
        "# Generated by corpus-tools: the corpus's annotation layers for brat.",
        "[entities]", *ENTITY_LABELS, CLAIM, SOURCE, CONTENT,
        "", "[relations]",
        f"{MENTION}\tArg1:{SOURCE}, Arg2:{labels}",
        "<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>",
        "", "[events]",
        f"{ATTRIBUTION}\t{SOURCE}?:{SOURCE}, {CONTENT}:{CONTENT}, {CLAIM}*:{CLAIM}, "
        f"Parent?:{ATTRIBUTION}",
        "", "[attributes]", *attributes, "",
    ])


def visual_conf() -> str:
    labels = [f"{label} | {label}" for label in ENTITY_LABELS]
    drawing = [f"{label}\tbgColor:{colour}" for label, colour in ENTITY_COLOURS.items()]
    return "\n".join([
        "# Generated by corpus-tools: colours match the review pages (corpus-tools render).",
        "[labels]", *labels,
        f"{CLAIM} | Claim", f"{SOURCE} | Source (who says so) | Source",
        f"{ATTRIBUTION} | Attribution cue | Cue", f"{CONTENT} | Content (what is said) | Content",
        f"{MENTION} | Source mention | Mention",
        "", "[drawing]",
        "SPAN_DEFAULT\tfgColor:black, bgColor:lightgray, borderColor:darken",
        "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5",
        "ATTRIBUTE_DEFAULT\tglyph:*",
        *drawing,
        f"{CLAIM}\tbgColor:{CLAIM_COLOUR}",
        f"{SOURCE}\tbgColor:{ROLE_COLOURS['source']}, fgColor:white",
        f"{ATTRIBUTION}\tbgColor:{ROLE_COLOURS['cue']}, fgColor:white",
        f"{CONTENT}\tbgColor:{ROLE_COLOURS['content']}, fgColor:white",
        "Checkworthy\tglyph:✓", "",
    ])


# --- reading -----------------------------------------------------------------------------

@dataclass
class _TextBound:
    tid: str
    kind: str
    span: Span
    line: int


@dataclass
class _Event:
    eid: str
    trigger: str
    args: list[tuple[str, str]]
    line: int


@dataclass
class _AnnFile:
    path: Path
    text: str
    #: every id in the file and what it is ("Source span", "Mention relation" …)
    kinds: dict[str, str] = field(default_factory=dict)
    textbounds: dict[str, _TextBound] = field(default_factory=dict)
    events: dict[str, _Event] = field(default_factory=dict)
    relations: list[tuple[str, str, str, int]] = field(default_factory=list)
    #: target id -> attribute name -> (value, line, A id)
    attributes: dict[str, dict[str, tuple[str | None, int, str]]] = field(
        default_factory=lambda: defaultdict(dict))
    #: target id -> normalisation database -> (referenced id, line, N id)
    references: dict[str, dict[str, tuple[str, int, str]]] = field(
        default_factory=lambda: defaultdict(dict))
    #: target id -> (note text, line, # id)
    notes: dict[str, tuple[str, int, str]] = field(default_factory=dict)

    def error(self, code: str, message: str, line: int,
              item: str | None = None) -> InterchangeError:
        return InterchangeError(self.path, code, message, line=line, item=item)

    def unsupported(self, what: str, line: int, item: str, advice: str) -> InterchangeError:
        return self.error("import-unsupported", f"{what} is valid brat but has no place in the "
                          f"corpus format; {advice}", line, item)

    def value(self, tp: TypeForm[T], attributes: dict[str, tuple[str | None, int, str]],
              name: str) -> T:
        """The value of an attribute, as a member of the vocabulary ``tp``."""
        value, line, ident = attributes[name]
        try:
            return narrow(tp, value)
        except VocabularyError as exc:
            raise self.error("import-unknown-label", f"{name}: {exc}", line, ident) from None

    def note(self, ident: str) -> str | None:
        found = self.notes.get(ident)
        return found[0] if found else None

    def reference(self, ident: str, db: str) -> str | None:
        found = self.references.get(ident, {}).get(db)
        return found[0] if found else None


def _parse_span(ann: _AnnFile, tid: str, offsets: str, quoted: str, line: int) -> Span:
    try:
        pieces = [tuple(int(x) for x in part.split(" ")) for part in offsets.split(";")]
        if any(len(p) != 2 for p in pieces):
            raise ValueError
    except ValueError:
        raise ann.error("import-malformed", f"bad offsets {offsets!r}", line, tid) from None
    text = ann.text
    for s, e in pieces:
        if not 0 <= s < e <= len(text):
            raise ann.error("import-offset-range", f"offsets {s} {e} outside the text "
                            f"({len(text)} characters)", line, tid)
    for (_, end), (start, _) in pairwise(pieces):
        if start < end or text[end:start].strip():
            raise ann.error("import-discontinuous", "a discontinuous span (fragments with text "
                            "between them) has no equivalent in the corpus format", line, tid)
    expected = " ".join(text[s:e] for s, e in pieces)
    if " ".join(quoted.split()) != " ".join(expected.split()):
        raise ann.error("import-span-text", f"quoted text {quoted[:40]!r} is not the text at "
                        f"{offsets} ({expected[:40]!r})", line, tid)
    start, end = pieces[0][0], pieces[-1][1]
    return Span(start, end, text[start:end])


def _parse_line(ann: _AnnFile, raw: str, line: int) -> None:
    """One line as brat itself splits it: ``ID<TAB>DATA[<TAB>TAIL]``. The tail is the quoted
    text of a ``T`` line, the note of a ``#`` line and the display text of an ``N`` line,
    which brat's save prefixes with one more tab each time."""
    ident, _, rest = raw.partition("\t")
    data, has_tail, after = rest.partition("\t")
    tail = after if has_tail else None
    if ident == "*":
        raise ann.unsupported(f"an equivalence line ({data.split(' ')[0]} {data[:40]!r})", line,
                              ident, "link the mentions to one registry entry instead "
                              f"(N… Reference T… {REGISTRY_DB}:<id>)")
    if ident in ann.kinds:
        raise ann.error("import-malformed", f"a second line with id {ident}", line, ident)
    if ident.startswith("T") and tail is not None:
        kind, _, offsets = data.partition(" ")
        ann.textbounds[ident] = _TextBound(ident, kind, _parse_span(ann, ident, offsets, tail,
                                                                    line), line)
        ann.kinds[ident] = f"{kind} span"
    elif ident.startswith("E") and tail is None:
        pairs = [p.split(":", 1) for p in data.split()]
        if not pairs or any(len(p) != 2 for p in pairs):
            raise ann.error("import-malformed", "expected TYPE:TRIGGER ROLE:ID …", line, ident)
        (kind, trigger), *args = pairs
        if kind != ATTRIBUTION:
            raise ann.error("import-unknown-label", f"unknown event type {kind!r}", line, ident)
        ann.events[ident] = _Event(ident, trigger, [(r, i) for r, i in args], line)
        ann.kinds[ident] = f"{ATTRIBUTION} event"
    elif ident.startswith("R") and tail is None:
        parts = data.split()
        if len(parts) != 3 or not parts[1].startswith("Arg1:") or not parts[2].startswith("Arg2:"):
            raise ann.error("import-malformed", "expected TYPE Arg1:ID Arg2:ID", line, ident)
        if parts[0] != MENTION:
            raise ann.error("import-unknown-label", f"unknown relation type {parts[0]!r}",
                            line, ident)
        ann.relations.append((ident, parts[1][5:], parts[2][5:], line))
        ann.kinds[ident] = f"{MENTION} relation"
    elif ident[:1] in "AM" and tail is None:
        parts = data.split()
        if len(parts) not in (2, 3):
            raise ann.error("import-malformed", "expected NAME TARGET [VALUE]", line, ident)
        name, target = parts[0], parts[1]
        if name not in ATTRIBUTES:
            raise ann.error("import-unknown-label", f"unknown attribute {name!r}", line, ident)
        value = parts[2] if len(parts) == 3 else None
        binary = ATTRIBUTES[name][1] is None
        if (value is None) != binary:
            raise ann.error("import-unknown-label", f"{name} takes "
                            f"{'no value (it is binary)' if binary else 'a value'}", line, ident)
        ann.attributes[target][name] = (value, line, ident)
        ann.kinds[ident] = f"{name} attribute"
    elif ident.startswith("N"):
        parts = data.split()
        if len(parts) != 3 or parts[0] != "Reference" or ":" not in parts[2]:
            raise ann.error("import-malformed", "expected Reference TARGET DB:ID", line, ident)
        db, _, value = parts[2].partition(":")
        if db not in (REGISTRY_DB, CLUSTER_DB):
            raise ann.error("import-unknown-label", f"unknown normalisation database {db!r} "
                            f"(expected {REGISTRY_DB} or {CLUSTER_DB})", line, ident)
        if db in ann.references[parts[1]]:
            raise ann.unsupported(f"a second {db} reference on {parts[1]}", line, ident,
                                  "keep one")
        ann.references[parts[1]][db] = (value, line, ident)
        ann.kinds[ident] = "normalisation"
    elif ident.startswith("#"):
        parts = data.split()
        if len(parts) != 2:
            raise ann.error("import-malformed", "expected TYPE TARGET", line, ident)
        if parts[0] != "AnnotatorNotes":
            raise ann.unsupported(f"a {parts[0]} comment", line, ident,
                                  "only AnnotatorNotes are read")
        if parts[1] in ann.notes:
            raise ann.unsupported(f"a second note on {parts[1]}", line, ident,
                                  "join the notes into one")
        ann.notes[parts[1]] = ((tail or "").lstrip("\t"), line, ident)
    else:
        raise ann.error("import-malformed", f"not a brat standoff line: {raw[:60]!r}", line,
                        ident or None)


def _check_notes_and_references(ann: _AnnFile) -> None:
    """Notes may sit on any brat id and normalisations on any span; the corpus format has
    notes on entity mentions, claims and attributions, registry links on entity mentions and
    clusters on claims. Anything else is refused rather than dropped."""
    def described(ident: str, line: int, item: str) -> str:
        if ident not in ann.kinds:
            raise ann.error("import-reference", f"refers to {ident}, which does not exist",
                            line, item)
        return f"{ident} ({ann.kinds[ident]})"

    def kind(ident: str) -> str | None:
        tb = ann.textbounds.get(ident)
        return tb.kind if tb else None

    for ident, (_, line, note_id) in ann.notes.items():
        where = described(ident, line, note_id)
        if ident not in ann.events and kind(ident) not in (*ENTITY_LABELS, CLAIM):
            raise ann.unsupported(f"a note on {where}", line, note_id, "put it on an entity "
                                  "mention, a claim or an Attribution event")
    for ident, databases in ann.references.items():
        for db, (_, line, norm_id) in databases.items():
            where = described(ident, line, norm_id)
            owner = ENTITY_LABELS if db == REGISTRY_DB else (CLAIM,)
            if kind(ident) not in owner:
                raise ann.error("import-reference", f"a {db} reference belongs on "
                                f"{'an entity mention' if db == REGISTRY_DB else 'a claim'}, "
                                f"not on {where}", line, norm_id)


def _build_layers(ann: _AnnFile) -> Layers:
    def target(ident: str, line: int, item: str) -> None:
        if ident not in ann.textbounds and ident not in ann.events:
            raise ann.error("import-reference", f"refers to {ident}, which does not exist",
                            line, item)

    for ident, attrs in ann.attributes.items():
        for _, line, _ in attrs.values():
            target(ident, line, ident)
    entities: list[EntityMention] = []
    claims: list[Claim] = []
    for tb in ann.textbounds.values():
        note = ann.note(tb.tid)
        if in_vocabulary(tb.kind, EntityLabel):
            entities.append(EntityMention(tb.tid, tb.kind, tb.span,
                                          ann.reference(tb.tid, REGISTRY_DB), note))
        elif tb.kind == CLAIM:
            attrs = ann.attributes.get(tb.tid, {})
            for required in ("Kind", "AuthorStance"):
                if required not in attrs:
                    raise ann.error("import-missing-attribute", f"claim has no {required} "
                                    "attribute", tb.line, tb.tid)
            claims.append(Claim(tb.tid, tb.span, kind=ann.value(ClaimKind, attrs, "Kind"),
                                checkworthy="Checkworthy" in attrs,
                                author_stance=ann.value(AuthorStance, attrs, "AuthorStance"),
                                cluster=ann.reference(tb.tid, CLUSTER_DB), note=note))
        elif tb.kind not in (SOURCE, CONTENT, ATTRIBUTION):
            raise ann.error("import-unknown-label", f"unknown type {tb.kind!r}", tb.line, tb.tid)
    _check_notes_and_references(ann)
    mention_of: dict[str, str] = {}
    for rid, source_t, entity_t, line in ann.relations:
        source_tb, entity_tb = ann.textbounds.get(source_t), ann.textbounds.get(entity_t)
        if source_tb is None or entity_tb is None or source_tb.kind != SOURCE \
                or entity_tb.kind not in ENTITY_LABELS:
            raise ann.error("import-reference", "Mention must link a Source span to an entity",
                            line, rid)
        mention_of[source_t] = entity_t
    used: set[str] = set()
    attributions = []
    for event in ann.events.values():
        target(event.trigger, event.line, event.eid)
        roles: dict[str, list[str]] = defaultdict(list)
        for role, ident in event.args:
            target(ident, event.line, event.eid)
            roles[role.rstrip("0123456789")].append(ident)
        unknown = set(roles) - {SOURCE, CONTENT, CLAIM, "Parent"}
        if unknown:
            raise ann.error("import-unknown-label", f"unknown role {sorted(unknown)[0]!r}",
                            event.line, event.eid)
        if len(roles[CONTENT]) != 1 or len(roles[SOURCE]) > 1 or len(roles["Parent"]) > 1:
            raise ann.error("import-reference", "an attribution needs exactly one Content and "
                            "at most one Source and one Parent", event.line, event.eid)
        attrs = ann.attributes.get(event.eid, {})
        for required in ("SourceType", "QuoteType"):
            if required not in attrs:
                raise ann.error("import-missing-attribute", f"attribution has no {required} "
                                "attribute", event.line, event.eid)
        expected = {SOURCE: SOURCE, CONTENT: CONTENT, CLAIM: CLAIM}
        for role, idents in roles.items():
            for ident in idents:
                kind = ann.textbounds[ident].kind if ident in ann.textbounds else "event"
                wanted = expected.get(role, "event")
                if kind != wanted or (role == "Parent" and ident not in ann.events):
                    raise ann.error("import-reference", f"{role} argument {ident} is a {kind}, "
                                    f"not a {wanted}", event.line, event.eid)
        trigger = ann.textbounds.get(event.trigger)
        if trigger is None or trigger.kind != ATTRIBUTION:
            raise ann.error("import-reference", f"trigger {event.trigger} is not an "
                            f"{ATTRIBUTION} span", event.line, event.eid)
        source_tid = roles[SOURCE][0] if roles[SOURCE] else None
        used.update([event.trigger, *roles[SOURCE], *roles[CONTENT]])
        attributions.append(Attribution(
            id=event.eid,
            cue=trigger.span,
            content=ann.textbounds[roles[CONTENT][0]].span,
            source_type=ann.value(SourceType, attrs, "SourceType"),
            quote_type=ann.value(QuoteType, attrs, "QuoteType"),
            source=ann.textbounds[source_tid].span if source_tid else None,
            source_mention=mention_of.get(source_tid) if source_tid else None,
            parent=roles["Parent"][0] if roles["Parent"] else None,
            claims=tuple(roles[CLAIM]),
            note=ann.note(event.eid),
        ))
    for tb in ann.textbounds.values():
        if tb.kind in (SOURCE, CONTENT, ATTRIBUTION) and tb.tid not in used:
            raise ann.error("import-orphan-role", f"{tb.kind} span is not part of any "
                            "Attribution event", tb.line, tb.tid)
    return Layers(tuple(entities), tuple(claims), tuple(attributions))


def read_document(ann_path: Path, text: str) -> ExchangeDocument:
    ann = _AnnFile(ann_path, text)
    try:
        content = ann_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InterchangeError(ann_path, "import-malformed", f"cannot read: {exc}") from None
    for number, raw in enumerate(content.splitlines(), start=1):
        if raw.strip():
            _parse_line(ann, raw, number)
    return ExchangeDocument(ann_path.stem, text, _build_layers(ann), str(ann_path))


def read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InterchangeError(path, "import-malformed", f"cannot read as UTF-8: {exc}") from None


class Brat:
    name = "brat"
    carries_ids = False
    loses = ("annotation ids (brat numbers its own: T1, E1 …; import renumbers in document "
             "order); line breaks and tabs inside notes; a translation-side item's "
             "counterpart, shift and shift_note")

    def write(self, documents: Sequence[ExchangeDocument], out_dir: Path) -> WriteResult:
        files = []
        for doc in documents:
            for suffix, payload in ((".txt", doc.text), (".ann", write_ann(doc))):
                files.append(out_dir / f"{doc.doc_id}{suffix}")
                atomic_write(files[-1], payload)
        for name, payload in (("annotation.conf", annotation_conf()),
                              ("visual.conf", visual_conf())):
            files.append(out_dir / name)
            atomic_write(files[-1], payload)
        return WriteResult(tuple(files))

    def read(self, in_dir: Path) -> ReadResult:
        documents, warnings = [], []
        for ann_path in sorted(in_dir.glob("*.ann")):
            if not TEXT_ID_PATTERN.fullmatch(ann_path.stem):
                raise InterchangeError(ann_path, "import-unknown-document",
                                       "file name is not a corpus document id")
            text_path = ann_path.with_suffix(".txt")
            if not text_path.exists():
                raise InterchangeError(ann_path, "import-malformed", f"no {text_path.name} "
                                       "beside it")
            documents.append(read_document(ann_path, read_text(text_path)))
        for text_path in sorted(in_dir.glob("*.txt")):
            if not text_path.with_suffix(".ann").exists():
                warnings.append(f"{text_path}: no .ann file beside it; skipped")
        return ReadResult(tuple(documents), tuple(warnings))
