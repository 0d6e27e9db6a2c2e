"""A document's span file as render data: marks, the pieces of text between span boundaries,
and the rows of the claims and attributions tables.

Spans overlap and nest freely (an entity in a claim in an attribution content; two
attributions sharing one cue), so the text is cut at every span boundary and each piece is
wrapped in one element per span covering it. Every element then closes inside its piece:
the HTML is well-formed whatever the spans do, and every character appears exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from corpus_tools.model import Attribution, Claim, Span, SpanFile
from corpus_tools.render.errors import RenderError
from corpus_tools.render.palette import label_class

# Outermost first when two spans cover exactly the same text.
KIND_RANK = {"content": 0, "source": 1, "cue": 2, "claim": 3, "entity": 4}
ROLES = ("source", "cue", "content")


@dataclass(frozen=True)
class Mark:
    """One span to draw: where it is, how it looks and what it says about itself."""

    anchor: str  # the element id of its first piece, for #links from the tables
    group: str  # the annotation id; hovering one mark highlights every mark of the group
    kind: str  # entity | claim | source | cue | content
    start: int
    end: int
    css_class: str
    tooltip: str
    tag_before: str | None = None  # shown (by CSS) before its first piece, e.g. "a3 cue"
    tag_after: str | None = None  # shown after its last piece, e.g. "GPE"
    order: int = 0  # position in its layer: ties between identical spans keep file order


@dataclass(frozen=True)
class MarkPart:
    """A mark's element around one piece; ``opens``/``closes``: its first/last piece."""

    mark: Mark
    opens: bool
    closes: bool


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    text: str
    parts: tuple[MarkPart, ...]  # outermost first


@dataclass(frozen=True)
class RoleLink:
    anchor: str
    text: str


@dataclass(frozen=True)
class ClaimRow:
    claim: Claim
    anchor: str
    attributed_by: tuple[str, ...]  # ids of the attributions that list this claim


@dataclass(frozen=True)
class AttributionRow:
    attribution: Attribution
    source: RoleLink | None
    cue: RoleLink
    content: RoleLink
    source_mention: RoleLink | None  # the entity mention inside the source, when linked
    parent_anchor: str | None  # the parent's table row


@dataclass(frozen=True)
class DocumentLayers:
    pieces: tuple[Piece, ...]
    marks: tuple[Mark, ...]
    claims: tuple[ClaimRow, ...]
    attributions: tuple[AttributionRow, ...]
    entity_labels: dict[str, int]  # label -> mentions, in label order of first use


def mark_anchor(item_id: str, role: str | None = None) -> str:
    return f"m-{item_id}" if role is None else f"m-{item_id}-{role}"


def row_anchor(item_id: str) -> str:
    return f"row-{item_id}"


def _nesting_key(mark: Mark) -> tuple[int, int, int, int]:
    return mark.start, -mark.end, KIND_RANK.get(mark.kind, len(KIND_RANK)), mark.order


def split_pieces(text: str, marks: Iterable[Mark], cuts: Iterable[int] = ()) -> tuple[Piece, ...]:
    """Cut ``text`` at every mark boundary and at ``cuts`` (e.g. segment edges); each piece
    lists the marks covering it.

    The pieces tile the text in order (their texts join to ``text``). Raises ValueError
    for a mark that is empty or outside the text.
    """
    ordered = sorted(marks, key=_nesting_key)
    for mark in ordered:
        if not 0 <= mark.start < mark.end <= len(text):
            raise ValueError(
                f"{mark.anchor}: span [{mark.start}, {mark.end}) is empty or outside the text "
                f"of {len(text)} characters"
            )
    edges = {0, len(text)} | {m.start for m in ordered} | {m.end for m in ordered}
    edges |= {c for c in cuts if 0 < c < len(text)}
    pieces = []
    for start, end in pairwise(sorted(edges)):
        parts = tuple(
            MarkPart(mark, opens=mark.start == start, closes=mark.end == end)
            for mark in ordered
            if mark.start <= start and end <= mark.end
        )
        pieces.append(Piece(start, end, text[start:end], parts))
    return tuple(pieces)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _entity_marks(span_file: SpanFile) -> list[Mark]:
    marks = []
    for order, entity in enumerate(span_file.entities):
        tooltip = f"{entity.id} · {entity.label}"
        if entity.entity is not None:
            tooltip += f" · registry: {entity.entity}"
        marks.append(Mark(
            anchor=mark_anchor(entity.id), group=entity.id, kind="entity",
            start=entity.span.start, end=entity.span.end,
            css_class=f"ent {label_class(entity.label)}", tooltip=tooltip,
            tag_after=entity.label, order=order,
        ))
    return marks


def claim_summary(claim: Claim) -> str:
    summary = (f"{claim.id} · claim · kind {claim.kind} · checkworthy "
               f"{_yes_no(claim.checkworthy)} · author stance {claim.author_stance}")
    return summary + (f" · cluster {claim.cluster}" if claim.cluster else "")


def _claim_marks(span_file: SpanFile) -> list[Mark]:
    return [
        Mark(anchor=mark_anchor(claim.id), group=claim.id, kind="claim",
             start=claim.span.start, end=claim.span.end, css_class="claim",
             tooltip=claim_summary(claim), tag_before=claim.id, order=order)
        for order, claim in enumerate(span_file.claims)
    ]


def _attribution_marks(span_file: SpanFile) -> list[Mark]:
    marks = []
    for order, attribution in enumerate(span_file.attributions):
        summary = (f"source type {attribution.source_type} · "
                   f"quote type {attribution.quote_type}")
        if attribution.parent:
            summary += f" · inside {attribution.parent}"
        for role, span in attribution.roles():
            marks.append(Mark(
                anchor=mark_anchor(attribution.id, role), group=attribution.id, kind=role,
                start=span.start, end=span.end, css_class=f"role role-{role}",
                tooltip=f"{attribution.id} {role} · {summary}",
                tag_before=f"{attribution.id} {role}", order=order,
            ))
    return marks


def span_marks(span_file: SpanFile) -> list[Mark]:
    """Every span of the file as a mark: entities, claims, then attribution roles."""
    return _entity_marks(span_file) + _claim_marks(span_file) + _attribution_marks(span_file)


def check_quotes(doc_id: str, text: str, span_file: SpanFile) -> None:
    """Refuse spans whose quote is not the text at their offsets: a page that highlights
    the wrong words would mislead the reviewer."""
    spans: list[tuple[str, Span]] = [(e.id, e.span) for e in span_file.entities]
    spans += [(c.id, c.span) for c in span_file.claims]
    spans += [(f"{a.id} {role}", span) for a in span_file.attributions for role, span in a.roles()]
    for name, span in spans:
        if not 0 <= span.start < span.end <= len(text) or text[span.start:span.end] != span.text:
            raise RenderError(
                f"{doc_id}: {name}: the span [{span.start}, {span.end}) does not quote the text; "
                "run `corpus-tools validate`"
            )


def _link(item_id: str, role: str | None, span: Span) -> RoleLink:
    return RoleLink(mark_anchor(item_id, role), span.text)


def document_layers(doc_id: str, text: str, span_file: SpanFile) -> DocumentLayers:
    """Everything the document page draws from one span file."""
    check_quotes(doc_id, text, span_file)
    marks = span_marks(span_file)
    entity_ids = {e.id: e for e in span_file.entities}
    attribution_ids = {a.id for a in span_file.attributions}
    claim_rows = tuple(
        ClaimRow(claim, mark_anchor(claim.id),
                 tuple(a.id for a in span_file.attributions if claim.id in a.claims))
        for claim in span_file.claims
    )
    attribution_rows = []
    for a in span_file.attributions:
        mention = entity_ids.get(a.source_mention) if a.source_mention else None
        attribution_rows.append(AttributionRow(
            attribution=a,
            source=_link(a.id, "source", a.source) if a.source is not None else None,
            cue=_link(a.id, "cue", a.cue),
            content=_link(a.id, "content", a.content),
            source_mention=(_link(mention.id, None, mention.span)
                            if mention is not None else None),
            parent_anchor=row_anchor(a.parent) if a.parent in attribution_ids else None,
        ))
    labels: dict[str, int] = {}
    for entity in span_file.entities:
        labels[entity.label] = labels.get(entity.label, 0) + 1
    return DocumentLayers(
        pieces=split_pieces(text, marks),
        marks=tuple(sorted(marks, key=_nesting_key)),
        claims=claim_rows,
        attributions=tuple(attribution_rows),
        entity_labels=labels,
    )
