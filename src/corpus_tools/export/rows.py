"""Rows of every config, generated document by document (so writing is streamed)."""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterator
from typing import Any

from corpus_tools.export.tokenize import tokenize
from corpus_tools.io.corpus import DocumentBundle
from corpus_tools.labels import CONLL2003
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
    return {"id": e.id, "label": e.label, **_span(e.span), "registry_id": e.entity}  # type: ignore[dict-item]


def _claim(c: Any) -> Row:
    return {"id": c.id, **_span(c.span), "kind": c.kind,  # type: ignore[dict-item]
            "checkworthy": c.checkworthy, "author_stance": c.author_stance,
            "cluster": c.cluster}


def _attribution(a: Any) -> Row:
    source = _span(a.source)
    return {"id": a.id,
            "source": None if source is None else {**source, "mention": a.source_mention},
            "cue": _span(a.cue), "content": _span(a.content), "source_type": a.source_type,
            "quote_type": a.quote_type, "parent": a.parent, "claims": list(a.claims)}


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
                          "provenance": json.dumps(t.provenance, sort_keys=True,
                                                   ensure_ascii=False),
                          "segments": [{"id": s.id, "text": s.text} for s in t.segments]}
                         for t in doc.translations],
        "entities": [_entity(e) for e in doc.spans.entities],
        "claims": [_claim(c) for c in doc.spans.claims],
        "attributions": [_attribution(a) for a in doc.spans.attributions],
        "annotation_provenance": json.dumps(
            {"status": doc.spans.provenance.status,
             "annotators": [vars(a) for a in doc.spans.provenance.annotators],
             "guidelines_version": doc.spans.provenance.guidelines_version},
            sort_keys=True, ensure_ascii=False),
    }


def entities(doc: DocumentBundle, registry: Registry) -> Iterator[Row]:
    find, entries = _sentence_finder(doc.segmentation.segments), registry.by_id()
    for e in doc.spans.entities:
        entry = entries.get(e.entity) if e.entity else None
        yield {"doc_id": doc.meta.doc_id, "language": doc.meta.language, **_entity(e),
               "registry_name_en": entry.names.get("en") if entry else None,
               "registry_name_nl": entry.names.get("nl") if entry else None,
               **_sentence(find, e.span.start)}


def claims(doc: DocumentBundle, registry: Registry) -> Iterator[Row]:
    find = _sentence_finder(doc.segmentation.segments)
    attributed: dict[str, str] = {}
    for a in doc.spans.attributions:
        for claim_id in a.claims:
            attributed.setdefault(claim_id, a.id)  # the outermost (first listed) attribution
    for c in doc.spans.claims:
        yield {"doc_id": doc.meta.doc_id, "language": doc.meta.language, **_claim(c),
               "attribution_id": attributed.get(c.id), **_sentence(find, c.span.start)}


def attributions(doc: DocumentBundle, registry: Registry) -> Iterator[Row]:
    find = _sentence_finder(doc.segmentation.segments)
    parents = {a.id: a.parent for a in doc.spans.attributions}

    def depth(attribution_id: str) -> int:
        level, current, seen = 0, parents.get(attribution_id), {attribution_id}
        while current is not None and current not in seen:
            seen.add(current)
            level, current = level + 1, parents.get(current)
        return level

    for a in doc.spans.attributions:
        yield {"doc_id": doc.meta.doc_id, "language": doc.meta.language, **_attribution(a),
               "chain_depth": depth(a.id), **_sentence(find, a.cue.start)}


def ner(doc: DocumentBundle, registry: Registry) -> Iterator[Row]:
    """BIO tags over OntoNotes-18 per segment; a token takes the label of the entity its
    first character lies in (entities are token-aligned by construction, see tokenize)."""
    ordered = sorted(doc.spans.entities, key=lambda e: e.span.start)  # they never overlap
    starts = [e.span.start for e in ordered]
    for segment in doc.segmentation.segments:
        tokens = tokenize(doc.text, segment.start, segment.end)
        tags, conll = [], []
        for _, start, _ in tokens:
            index = bisect.bisect_right(starts, start) - 1
            entity = ordered[index] if index >= 0 and start < ordered[index].span.end else None
            if entity is None:
                tags.append("O")
                conll.append("O")
                continue
            prefix = "B" if start == entity.span.start else "I"
            tags.append(f"{prefix}-{entity.label}")
            mapped = CONLL2003[entity.label]
            conll.append("O" if mapped is None else f"{prefix}-{mapped}")
        yield {"doc_id": doc.meta.doc_id, "language": doc.meta.language,
               "sentence_id": segment.id, "tokens": [t for t, _, _ in tokens],
               "token_starts": [s for _, s, _ in tokens], "token_ends": [e for _, _, e in tokens],
               "ner_tags": tags, "conll_tags": conll}


def parallel(doc: DocumentBundle, registry: Registry) -> Iterator[Row]:
    source = {s.id: s.text for s in doc.segmentation.segments}
    for t in doc.translations:
        provenance = json.dumps(t.provenance, sort_keys=True, ensure_ascii=False)
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


ROWS: dict[str, Callable[[DocumentBundle, Registry], Iterator[Row]]] = {
    "documents": documents, "entities": entities, "claims": claims,
    "attributions": attributions, "ner": ner, "parallel": parallel,
    "sentences": sentences, "folds": folds,
}
