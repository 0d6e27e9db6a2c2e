"""Rows of every config, generated document by document (so writing is streamed)."""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from corpus_tools.export.features import (
    ANNOTATION_PROVENANCE,
    MAPPED_TAGS,
    TRANSLATION_PROVENANCE,
)
from corpus_tools.export.tokenize import tokenize
from corpus_tools.io.corpus import DocumentBundle
from corpus_tools.labels import LANGUAGES
from corpus_tools.model import Registry, Segment, Span
from corpus_tools.tasks.sentences import SENTENCE_LABELS, sentence_labels

Row = dict[str, Any]


def _span(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def _sentence_finder(segments: tuple[Segment, ...]) -> Callable[[int], Segment | None]:
    starts = [s.start for s in segments]

    def find(offset: int) -> Segment | None:
        index = bisect.bisect_right(starts, offset) - 1
        if index >= 0 and segments[index].start <= offset < segments[index].end:
            return segments[index]
        return None

    return find


def _sentence(find: Callable[[int], Segment | None], offset: int) -> dict[str, str | None]:
    segment = find(offset)
    return {"sentence_id": segment.id if segment else None,
            "sentence": segment.text if segment else None}


def _entity(e: Any) -> Row:
    return {"id": e.id, "label": e.label, **_span(e.span),  # type: ignore[dict-item]
            "registry_id": e.entity, "note": e.note}


def _claim(c: Any) -> Row:
    return {"id": c.id, **_span(c.span), "kind": c.kind,  # type: ignore[dict-item]
            "checkworthy": c.checkworthy, "author_stance": c.author_stance,
            "cluster": c.cluster, "note": c.note}


def _attribution(a: Any) -> Row:
    source = _span(a.source)
    return {"id": a.id,
            "source": None if source is None else {**source, "mention": a.source_mention},
            "cue": _span(a.cue), "content": _span(a.content), "source_type": a.source_type,
            "quote_type": a.quote_type, "parent": a.parent, "claims": list(a.claims),
            "note": a.note}


def documents(doc: DocumentBundle, registry: Registry) -> Iterator[Row]:
    meta = doc.meta
    yield {
        "doc_id": meta.doc_id, "language": meta.language, "text": doc.text,
        "sha256": meta.sha256, "title": meta.title.value, "outlet": meta.outlet.value,
        "author": meta.author.value, "date": meta.date.value,
        "original_language": meta.original_language.value, "source_file": meta.source_file,
        "segments": [{"id": s.id, "paragraph": s.paragraph, "start": s.start, "end": s.end,
                      "text": s.text} for s in doc.segmentation.segments],
        "translations": [{"system": t.system, "kind": t.provenance.get("kind"),
                          "target_language": t.target_language,
                          "provenance": TRANSLATION_PROVENANCE.encode(t.provenance),
                          "segments": [{"id": s.id, "text": s.text} for s in t.segments]}
                         for t in doc.translations],
        "entities": [_entity(e) for e in doc.spans.entities],
        "claims": [_claim(c) for c in doc.spans.claims],
        "attributions": [_attribution(a) for a in doc.spans.attributions],
        "annotation_provenance": ANNOTATION_PROVENANCE.encode(
            dataclasses.asdict(doc.spans.provenance)),
    }


def entities(doc: DocumentBundle, registry: Registry) -> Iterator[Row]:
    find, entries = _sentence_finder(doc.segmentation.segments), registry.by_id()
    for e in doc.spans.entities:
        entry = entries.get(e.entity) if e.entity else None
        yield {"doc_id": doc.meta.doc_id, "language": doc.meta.language, **_entity(e),
               "registry_name_en": entry.names.get("en") if entry else None,
               "registry_name_nl": entry.names.get("nl") if entry else None,
               **_sentence(find, e.span.start)}


def _chain_depths(attributions: tuple[Any, ...]) -> dict[str, int]:
    """Attribution id -> number of attributions above it in its chain (0 = outermost)."""
    parents = {a.id: a.parent for a in attributions}

    def depth(attribution_id: str) -> int:
        level, current, seen = 0, parents.get(attribution_id), {attribution_id}
        while current is not None and current not in seen:
            seen.add(current)
            level, current = level + 1, parents.get(current)
        return level

    return {a.id: depth(a.id) for a in attributions}


def claims(doc: DocumentBundle, registry: Registry) -> Iterator[Row]:
    find = _sentence_finder(doc.segmentation.segments)
    depths = _chain_depths(doc.spans.attributions)
    attributed: dict[str, list[str]] = {}
    # outermost first; attributions at one depth in the order the span file lists them
    for a in sorted(doc.spans.attributions, key=lambda a: depths[a.id]):
        for claim_id in a.claims:
            attributed.setdefault(claim_id, []).append(a.id)
    for c in doc.spans.claims:
        yield {"doc_id": doc.meta.doc_id, "language": doc.meta.language, **_claim(c),
               "attribution_ids": attributed.get(c.id, []), **_sentence(find, c.span.start)}


def _overlapping(segments: tuple[Segment, ...], start: int, end: int) -> list[str]:
    """Ids of the segments that share at least one character with [start, end)."""
    first = bisect.bisect_right([s.end for s in segments], start)
    return [s.id for s in itertools.takewhile(lambda s: s.start < end, segments[first:])]


def attributions(doc: DocumentBundle, registry: Registry) -> Iterator[Row]:
    segments = doc.segmentation.segments
    find, depths = _sentence_finder(segments), _chain_depths(doc.spans.attributions)
    for a in doc.spans.attributions:
        yield {"doc_id": doc.meta.doc_id, "language": doc.meta.language, **_attribution(a),
               "chain_depth": depths[a.id], **_sentence(find, a.cue.start),
               "content_sentence_ids": _overlapping(segments, a.content.start,
                                                    a.content.end)}


def ner(doc: DocumentBundle, registry: Registry) -> Iterator[Row]:
    """BIO tags over OntoNotes-18 per segment, and over each mapped label set; a token
    takes the label of the entity its first character lies in (entities are token-aligned
    by construction, see tokenize)."""
    ordered = sorted(doc.spans.entities, key=lambda e: e.span.start)  # they never overlap
    starts = [e.span.start for e in ordered]
    for segment in doc.segmentation.segments:
        tokens = tokenize(doc.text, segment.start, segment.end)
        tags: list[str] = []
        mapped: dict[str, list[str]] = {column: [] for column in MAPPED_TAGS}
        for _, start, _ in tokens:
            index = bisect.bisect_right(starts, start) - 1
            entity = ordered[index] if index >= 0 and start < ordered[index].span.end else None
            prefix = "B" if entity is not None and start == entity.span.start else "I"
            tags.append("O" if entity is None else f"{prefix}-{entity.label}")
            for column, mapping in MAPPED_TAGS.items():
                label = None if entity is None else mapping[entity.label]
                mapped[column].append("O" if label is None else f"{prefix}-{label}")
        yield {"doc_id": doc.meta.doc_id, "language": doc.meta.language,
               "sentence_id": segment.id, "tokens": [t for t, _, _ in tokens],
               "token_starts": [s for _, s, _ in tokens], "token_ends": [e for _, _, e in tokens],
               "ner_tags": tags, **mapped}


def count_mentions(doc: DocumentBundle, counts: Counter[tuple[str, str]]) -> None:
    """Add the document's linked entity mentions to counts[(registry id, language)]."""
    counts.update((e.entity, doc.meta.language) for e in doc.spans.entities if e.entity)


def registry_entries(registry: Registry, counts: Counter[tuple[str, str]]) -> Iterator[Row]:
    """The registry config: one row per entry, with its mention counts per language."""
    for entry in registry.entries:
        yield {"id": entry.id, "type": entry.type,
               "names": {code: entry.names.get(code) for code in LANGUAGES},
               "mentions": {code: counts[entry.id, code] for code in LANGUAGES}}


def parallel(doc: DocumentBundle, registry: Registry) -> Iterator[Row]:
    source = {s.id: s.text for s in doc.segmentation.segments}
    for t in doc.translations:
        provenance = TRANSLATION_PROVENANCE.encode(t.provenance)
        for segment in t.segments:
            yield {"doc_id": doc.meta.doc_id, "segment_id": segment.id,
                   "source_language": t.source_language, "system": t.system,
                   "kind": t.provenance.get("kind"),
                   "translation": {t.source_language: source.get(segment.id, ""),
                                   t.target_language: segment.text},
                   "provenance": provenance}


def sentences(doc: DocumentBundle, registry: Registry) -> Iterator[Row]:
    """Every segment, negatives included, with labels derived from the span layers."""
    for labelled in sentence_labels(doc.segmentation.segments, doc.spans.claims,
                                    doc.spans.attributions):
        segment = labelled.segment
        yield {"doc_id": doc.meta.doc_id, "language": doc.meta.language,
               "sentence_id": segment.id, "start": segment.start, "end": segment.end,
               "text": segment.text, **{name: labelled.label(name) for name in SENTENCE_LABELS}}


def folds(doc: DocumentBundle, registry: Registry) -> Iterator[Row]:
    """Leave-one-document-out: each document is the test set of the fold named by it."""
    yield {"doc_id": doc.meta.doc_id, "language": doc.meta.language, "fold": doc.meta.doc_id}


#: Configs written document by document; ``registry`` is written after the last document,
#: from the mention counts gathered on the way.
ROWS: dict[str, Callable[[DocumentBundle, Registry], Iterator[Row]]] = {
    "documents": documents, "entities": entities, "claims": claims,
    "attributions": attributions, "ner": ner, "parallel": parallel,
    "sentences": sentences, "folds": folds,
}
