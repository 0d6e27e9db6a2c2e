"""Level 2 (and registry links, level 3): one span file against its document text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from corpus_tools.checks.base import CheckSuite, Issue, stale_pin
from corpus_tools.labels import LINKABLE_ENTITY_LABELS
from corpus_tools.model import Registry, Segment, Span, SpanFile

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class AlignmentContext:
    """What a translation-side span file is aligned against."""

    original_file: str  # the original's span file, relative, for messages
    original: SpanFile | None  # None when that file is missing or not schema-valid
    original_missing: bool
    #: The source segmentation (offsets into the original) and the translated segments
    #: (offsets into the target text); None when they cannot be read.
    original_segments: tuple[Segment, ...] | None
    segments: tuple[Segment, ...] | None


@dataclass(frozen=True)
class SpanContext:
    span_file: SpanFile
    file_stem: str  # the text id the file is named for
    text: str | None  # None when the text (or a translation's target text) is unavailable
    text_sha256: str | None
    registry: Registry | None
    alignment: AlignmentContext | None = None  # set for translation-side files
    repair: str = "corpus-tools fix"  # the command that re-anchors and re-pins this file


SPAN_CHECKS: CheckSuite[SpanContext] = CheckSuite()


def all_spans(span_file: SpanFile) -> Iterator[tuple[Path, str, Span]]:
    """Every span in the file with its YAML path and the id of the annotation owning it."""
    for index, entity in enumerate(span_file.entities):
        yield ("entities", index), entity.id, entity.span
    for index, claim in enumerate(span_file.claims):
        yield ("claims", index), claim.id, claim.span
    for index, attribution in enumerate(span_file.attributions):
        for role, span in attribution.roles():
            yield ("attributions", index, role), f"{attribution.id}", span


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _in_range(span: Span, text: str) -> bool:
    return 0 <= span.start < span.end <= len(text)


@SPAN_CHECKS.register("doc-id-mismatch", 2, "doc_id differs from the file name")
def check_doc_id(ctx: SpanContext) -> Iterator[Issue]:
    sf = ctx.span_file
    if sf.text.text_id != ctx.file_stem:
        named = (f" and translation name text {sf.text.text_id!r}"
                 if sf.translation is not None else "")
        yield Issue(
            "doc-id-mismatch",
            f"doc_id {sf.doc_id!r}{named} but the file is named {ctx.file_stem!r}.yaml",
            ("doc_id",),
        )


@SPAN_CHECKS.register("provenance-status", 2,
                      "provenance.status says unannotated but the file holds spans, or the reverse",
                      severity="warning")
def check_provenance_status(ctx: SpanContext) -> Iterator[Issue]:
    span_file = ctx.span_file
    count = len(span_file.entities) + len(span_file.claims) + len(span_file.attributions)
    status = span_file.provenance.status
    if status == "unannotated" and count:
        yield Issue("provenance-status", f"status is 'unannotated' but the file holds {count} "
                    "annotation(s); set the status (and the annotators) to what was done",
                    ("provenance", "status"))
    elif status != "unannotated" and not count:
        yield Issue("provenance-status", f"status is {status!r} but the file holds no "
                    "annotations; an empty file is 'unannotated'", ("provenance", "status"))


@SPAN_CHECKS.register("offset-range", 2, "start/end outside the text, or start >= end")
def check_offset_range(ctx: SpanContext) -> Iterator[Issue]:
    for path, owner, span in all_spans(ctx.span_file):
        if span.start >= span.end:
            yield Issue("offset-range", f"start {span.start} is not before end {span.end}",
                        (*path, "start"), span_id=owner)
        elif ctx.text is not None and span.end > len(ctx.text):
            yield Issue("offset-range",
                        f"end {span.end} is past the end of the text ({len(ctx.text)} characters)",
                        (*path, "end"), span_id=owner)


@SPAN_CHECKS.register("text-mismatch", 2, "the quoted text differs from document[start:end]")
def check_text_mismatch(ctx: SpanContext) -> Iterator[Issue]:
    if ctx.text is None:
        return
    for path, owner, span in all_spans(ctx.span_file):
        if _in_range(span, ctx.text) and ctx.text[span.start : span.end] != span.text:
            yield Issue(
                "text-mismatch",
                f"text {_short(span.text)} but document[{span.start}:{span.end}] is "
                f"{_short(ctx.text[span.start:span.end])}; run `corpus-tools fix`",
                (*path, "text"), span_id=owner,
            )


@SPAN_CHECKS.register("span-whitespace", 2, "a span begins or ends with whitespace")
def check_span_whitespace(ctx: SpanContext) -> Iterator[Issue]:
    for path, owner, span in all_spans(ctx.span_file):
        if span.text != span.text.strip():
            yield Issue("span-whitespace",
                        f"span text {_short(span.text)} begins or ends with whitespace",
                        (*path, "text"), span_id=owner)


@SPAN_CHECKS.register("entity-overlap", 2, "two entity spans overlap")
def check_entity_overlap(ctx: SpanContext) -> Iterator[Issue]:
    ordered = sorted(enumerate(ctx.span_file.entities), key=lambda item: item[1].span.start)
    for (_, first), (index, second) in pairwise(ordered):
        if first.span.overlaps(second.span):
            yield Issue("entity-overlap",
                        f"entity {second.id} [{second.span.start},{second.span.end}) overlaps "
                        f"{first.id} [{first.span.start},{first.span.end})",
                        ("entities", index), span_id=second.id)


@SPAN_CHECKS.register("duplicate-id", 2, "an id is used twice (across all layers of a file)")
def check_duplicate_ids(ctx: SpanContext) -> Iterator[Issue]:
    seen: set[str] = set()
    sf = ctx.span_file
    located = [
        *((("entities", i), e.id) for i, e in enumerate(sf.entities)),
        *((("claims", i), c.id) for i, c in enumerate(sf.claims)),
        *((("attributions", i), a.id) for i, a in enumerate(sf.attributions)),
    ]
    for path, item_id in located:
        if item_id in seen:
            yield Issue("duplicate-id", f"id {item_id!r} is used more than once",
                        (*path, "id"), span_id=item_id)
        seen.add(item_id)


@SPAN_CHECKS.register("dangling-reference", 2,
                      "a parent, claim or source mention id that names nothing of its kind")
def check_references(ctx: SpanContext) -> Iterator[Issue]:
    entity_ids = {e.id for e in ctx.span_file.entities}
    claim_ids = {c.id for c in ctx.span_file.claims}
    attribution_ids = {a.id for a in ctx.span_file.attributions}
    for index, a in enumerate(ctx.span_file.attributions):
        if a.parent is not None and a.parent not in attribution_ids:
            yield Issue("dangling-reference", f"parent {a.parent!r} is not an attribution",
                        ("attributions", index, "parent"), span_id=a.id)
        for claim in a.claims:
            if claim not in claim_ids:
                yield Issue("dangling-reference", f"linked claim {claim!r} is not a claim",
                            ("attributions", index, "claims"), span_id=a.id)
        if a.source_mention is not None and a.source_mention not in entity_ids:
            yield Issue("dangling-reference",
                        f"source mention {a.source_mention!r} is not an entity mention",
                        ("attributions", index, "source", "mention"), span_id=a.id)


@SPAN_CHECKS.register("attribution-cycle", 2, "a cycle in the attribution parent chain")
def check_cycles(ctx: SpanContext) -> Iterator[Issue]:
    parents = {a.id: a.parent for a in ctx.span_file.attributions}
    for index, a in enumerate(ctx.span_file.attributions):
        seen = [a.id]
        current = a.parent
        while current is not None and current in parents:
            if current == a.id:
                yield Issue("attribution-cycle",
                            "parent chain returns to itself: " + " -> ".join([*seen, current]),
                            ("attributions", index, "parent"), span_id=a.id)
                break
            if current in seen:
                break  # a cycle further up: reported on its own members
            seen.append(current)
            current = parents[current]


@SPAN_CHECKS.register("parent-containment", 2,
                      "a nested attribution's spans lie outside its parent's content")
def check_parent_containment(ctx: SpanContext) -> Iterator[Issue]:
    by_id = {a.id: a for a in ctx.span_file.attributions}
    for index, a in enumerate(ctx.span_file.attributions):
        parent = by_id.get(a.parent) if a.parent is not None else None
        if parent is None or parent.id == a.id:
            continue
        for role, span in a.roles():
            if not parent.content.contains(span):
                yield Issue("parent-containment",
                            f"{role} [{span.start},{span.end}) lies outside the content "
                            f"[{parent.content.start},{parent.content.end}) of parent {parent.id}",
                            ("attributions", index, role), span_id=a.id)


@SPAN_CHECKS.register("claim-containment", 2,
                      "a claim linked to an attribution lies outside its content")
def check_claim_containment(ctx: SpanContext) -> Iterator[Issue]:
    claims = {c.id: c for c in ctx.span_file.claims}
    for index, a in enumerate(ctx.span_file.attributions):
        for claim_id in a.claims:
            claim = claims.get(claim_id)
            if claim is not None and not a.content.contains(claim.span):
                yield Issue("claim-containment",
                            f"claim {claim_id} [{claim.span.start},{claim.span.end}) lies outside "
                            f"the content [{a.content.start},{a.content.end})",
                            ("attributions", index, "claims"), span_id=a.id)


@SPAN_CHECKS.register("mention-containment", 2,
                      "a source's linked entity mention lies outside the source span")
def check_mention_containment(ctx: SpanContext) -> Iterator[Issue]:
    entities = {e.id: e for e in ctx.span_file.entities}
    for index, a in enumerate(ctx.span_file.attributions):
        mention = entities.get(a.source_mention) if a.source_mention else None
        if mention is not None and a.source is not None and not a.source.contains(mention.span):
            yield Issue("mention-containment",
                        f"mention {mention.id} [{mention.span.start},{mention.span.end}) lies "
                        f"outside the source [{a.source.start},{a.source.end})",
                        ("attributions", index, "source", "mention"), span_id=a.id)


@SPAN_CHECKS.register("source-type", 2,
                      "source_type 'unknown' if and only if the attribution has no source span")
def check_source_type(ctx: SpanContext) -> Iterator[Issue]:
    for index, a in enumerate(ctx.span_file.attributions):
        if a.source is None and a.source_type != "unknown":
            yield Issue("source-type",
                        f"no source span, so source_type must be 'unknown', not {a.source_type!r}",
                        ("attributions", index, "source_type"), span_id=a.id)
        elif a.source is not None and a.source_type == "unknown":
            yield Issue("source-type",
                        "source_type 'unknown' but a source span is given; type the source",
                        ("attributions", index, "source_type"), span_id=a.id)


@SPAN_CHECKS.register("claim-nesting", 2,
                      "claims cross, or nest with the same author_stance")
def check_claim_nesting(ctx: SpanContext) -> Iterator[Issue]:
    claims = list(enumerate(ctx.span_file.claims))
    for i, (_, outer) in enumerate(claims):
        for index, inner in claims[i + 1 :]:
            if not outer.span.overlaps(inner.span):
                continue
            nested = outer.span.contains(inner.span) or inner.span.contains(outer.span)
            if not nested:
                yield Issue("claim-nesting", f"claim {inner.id} crosses claim {outer.id}",
                            ("claims", index), span_id=inner.id)
            elif outer.author_stance == inner.author_stance:
                yield Issue("claim-nesting",
                            f"claims {outer.id} and {inner.id} nest with the same author_stance "
                            f"{inner.author_stance!r}; nest only where the stance differs",
                            ("claims", index), span_id=inner.id)


@SPAN_CHECKS.register("registry-link-label", 2,
                      "a mention of a non-linkable type (DATE, CARDINAL, ...) has a registry link")
def check_link_label(ctx: SpanContext) -> Iterator[Issue]:
    for index, e in enumerate(ctx.span_file.entities):
        if e.entity is not None and e.label not in LINKABLE_ENTITY_LABELS:
            yield Issue("registry-link-label",
                        f"{e.label} mentions do not link to the registry "
                        f"(linkable: {', '.join(LINKABLE_ENTITY_LABELS)})",
                        ("entities", index, "entity"), span_id=e.id)


@SPAN_CHECKS.register("stale-annotations", 3,
                      "the text's SHA-256 differs from the one the span file pins")
def check_stale(ctx: SpanContext) -> Iterator[Issue]:
    yield from stale_pin("stale-annotations", ctx.span_file.text_sha256, ctx.text_sha256,
                         "annotation", f"run `{ctx.repair}` to re-anchor and re-pin")


@SPAN_CHECKS.register("registry-unknown-entity", 3, "a mention links to an id not in the registry")
def check_registry_ids(ctx: SpanContext) -> Iterator[Issue]:
    known = ctx.registry.by_id() if ctx.registry is not None else {}
    for index, e in enumerate(ctx.span_file.entities):
        if e.entity is not None and e.entity not in known:
            yield Issue("registry-unknown-entity",
                        f"registry id {e.entity!r} is not in annotations/registry.yaml",
                        ("entities", index, "entity"), span_id=e.id)


@SPAN_CHECKS.register("registry-type-mismatch", 3,
                      "a mention's label differs from its registry entry's type")
def check_registry_types(ctx: SpanContext) -> Iterator[Issue]:
    known = ctx.registry.by_id() if ctx.registry is not None else {}
    for index, e in enumerate(ctx.span_file.entities):
        entry = known.get(e.entity) if e.entity is not None else None
        # Non-linkable labels are registry-link-label's finding, not a type mismatch.
        linkable = e.label in LINKABLE_ENTITY_LABELS
        if entry is not None and linkable and entry.type != e.label:
            yield Issue("registry-type-mismatch",
                        f"label {e.label} but registry entry {entry.id!r} has type {entry.type}",
                        ("entities", index, "label"), span_id=e.id)
