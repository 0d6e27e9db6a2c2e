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
    LAYER_ITEMS,
    LAYERS,
    MAPPED_TAGS,
    TRANSLATION_PROVENANCE,
)
from corpus_tools.export.tokenize import tokenize
from corpus_tools.hashing import sha256_text
from corpus_tools.io.annotated import AnnotatedDocument, AnnotatedText
from corpus_tools.io.corpus import DocumentBundle
from corpus_tools.labels import LANGUAGES
from corpus_tools.model import (
    Alignment,
    Attribution,
    Claim,
    EntityMention,
    Registry,
    Segment,
    Span,
    TextRef,
    TranslationRef,
)
from corpus_tools.tasks.sentences import SENTENCE_LABELS, sentence_labels
from corpus_tools.wire import attributes, feature_row, to_data

Row = dict[str, Any]


def _span(span: Span | None) -> Row | None:
    return None if span is None else feature_row(span)


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


def _alignment(alignment: Alignment | None) -> Row:
    """The alignment columns: null on an original's item, ``counterpart`` a list on a
    translation's (empty for an added item)."""
    if alignment is None:
        return {"counterpart": None, "shift": None, "shift_note": None}
    return {"counterpart": list(alignment.counterpart or ()), "shift": alignment.shift,
            "shift_note": alignment.shift_note}


def _text(text: AnnotatedText) -> Row:
    """The columns that say which text a row annotates."""
    return {"doc_id": text.doc_id, "text_id": text.text_id, "text_kind": text.kind,
            "language": text.language, "system": text.system}


def documents(annotated: AnnotatedDocument, registry: Registry) -> Iterator[Row]:
    doc = annotated.doc
    meta = doc.meta
    yield {
        "doc_id": meta.doc_id, "language": meta.language, "text": doc.text,
        "sha256": meta.sha256, **{name: stated.value for name, stated in meta.stated_fields()},
        "source_file": meta.source_file,
        "segments": _segments(doc.segmentation.segments),
        "translations": [{"system": t.system, "kind": t.provenance.kind,
                          "target_language": t.target_language,
                          "provenance": TRANSLATION_PROVENANCE.encode(to_data(t.provenance)),
                          "segments": [{"id": s.id, "text": s.text} for s in t.segments]}
                         for t in doc.translations],
        "entities": [feature_row(e) for e in doc.spans.entities],
        "claims": [feature_row(c) for c in doc.spans.claims],
        "attributions": [feature_row(a) for a in doc.spans.attributions],
        "annotation_provenance": ANNOTATION_PROVENANCE.encode(
            dataclasses.asdict(doc.spans.provenance)),
    }


def _segments(segments: tuple[Segment, ...]) -> list[Row]:
    return [feature_row(s) for s in segments]


def texts(annotated: AnnotatedDocument, registry: Registry) -> Iterator[Row]:
    """Every annotated text: the original, then each translation with a span file."""
    for text in annotated.texts:
        yield {"text_id": text.text_id, "doc_id": text.doc_id, "text_kind": text.kind,
               "language": text.language, "system": text.system, "text": text.text,
               "sha256": sha256_text(text.text),
               "segments": _segments(text.segments),
               "annotation_provenance": ANNOTATION_PROVENANCE.encode(
                   dataclasses.asdict(text.spans.provenance))}


def entities(annotated: AnnotatedDocument, registry: Registry) -> Iterator[Row]:
    entries = registry.by_id()
    for text in annotated.texts:
        find = _sentence_finder(text.segments)
        for e in text.spans.entities:
            entry = entries.get(e.entity) if e.entity else None
            yield {**_text(text), **feature_row(e),
                   "registry_name_en": entry.names.get("en") if entry else None,
                   "registry_name_nl": entry.names.get("nl") if entry else None,
                   **_sentence(find, e.span.start), **_alignment(e.alignment)}


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


def claims(annotated: AnnotatedDocument, registry: Registry) -> Iterator[Row]:
    for text in annotated.texts:
        find = _sentence_finder(text.segments)
        depths = _chain_depths(text.spans.attributions)
        attributed: dict[str, list[str]] = {}
        # outermost first; attributions at one depth in the order the span file lists them
        for a in sorted(text.spans.attributions, key=lambda a: depths[a.id]):
            for claim_id in a.claims:
                attributed.setdefault(claim_id, []).append(a.id)
        for c in text.spans.claims:
            yield {**_text(text), **feature_row(c), "attribution_ids": attributed.get(c.id, []),
                   **_sentence(find, c.span.start), **_alignment(c.alignment)}


def _overlapping(segments: tuple[Segment, ...], start: int, end: int) -> list[str]:
    """Ids of the segments that share at least one character with [start, end)."""
    first = bisect.bisect_right([s.end for s in segments], start)
    return [s.id for s in itertools.takewhile(lambda s: s.start < end, segments[first:])]


def attributions(annotated: AnnotatedDocument, registry: Registry) -> Iterator[Row]:
    for text in annotated.texts:
        segments = text.segments
        find, depths = _sentence_finder(segments), _chain_depths(text.spans.attributions)
        for a in text.spans.attributions:
            yield {**_text(text), **feature_row(a), "chain_depth": depths[a.id],
                   **_sentence(find, a.cue.start),
                   "content_sentence_ids": _overlapping(segments, a.content.start,
                                                        a.content.end),
                   **_alignment(a.alignment)}


def ner(annotated: AnnotatedDocument, registry: Registry) -> Iterator[Row]:
    """BIO tags over OntoNotes-18 per segment, and over each mapped label set; a token
    takes the label of the entity its first character lies in (entities are token-aligned
    by construction, see tokenize)."""
    for text in annotated.texts:
        ordered = sorted(text.spans.entities, key=lambda e: e.span.start)  # never overlap
        starts = [e.span.start for e in ordered]
        for segment in text.segments:
            tokens = tokenize(text.text, segment.start, segment.end)
            tags: list[str] = []
            mapped: dict[str, list[str]] = {column: [] for column in MAPPED_TAGS}
            for _, start, _ in tokens:
                index = bisect.bisect_right(starts, start) - 1
                entity = (ordered[index] if index >= 0 and start < ordered[index].span.end
                          else None)
                prefix = "B" if entity is not None and start == entity.span.start else "I"
                tags.append("O" if entity is None else f"{prefix}-{entity.label}")
                for column, mapping in MAPPED_TAGS.items():
                    label = None if entity is None else mapping[entity.label]
                    mapped[column].append("O" if label is None else f"{prefix}-{label}")
            yield {**_text(text), "sentence_id": segment.id,
                   "tokens": [t for t, _, _ in tokens],
                   "token_starts": [s for _, s, _ in tokens],
                   "token_ends": [e for _, _, e in tokens], "ner_tags": tags, **mapped}


def count_mentions(doc: DocumentBundle, counts: Counter[tuple[str, str]]) -> None:
    """Add the document's linked entity mentions to counts[(registry id, language)]."""
    counts.update((e.entity, doc.meta.language) for e in doc.spans.entities if e.entity)


def registry_entries(registry: Registry, counts: Counter[tuple[str, str]]) -> Iterator[Row]:
    """The registry config: one row per entry, with its mention counts per language."""
    for entry in registry.entries:
        yield {**feature_row(entry),
               "mentions": {code: counts[entry.id, code] for code in LANGUAGES}}


def _shifted(span: Span, offset: int) -> Span:
    return dataclasses.replace(span, start=span.start - offset, end=span.end - offset)


#: An item of one of the annotation layers.
Item = EntityMention | Claim | Attribution


def _relative(item: Item, offset: int) -> Item:
    """``item`` with every span moved to offsets relative to ``offset``."""
    if isinstance(item, Attribution):
        source = None if item.source is None else _shifted(item.source, offset)
        return dataclasses.replace(item, source=source,
                                   cue=_shifted(item.cue, offset),
                                   content=_shifted(item.content, offset))
    return dataclasses.replace(item, span=_shifted(item.span, offset))


def _item_spans(item: Item) -> list[Span]:
    return [span for _, span in item.roles()] if isinstance(item, Attribution) else [item.span]



def _by_segment(text: AnnotatedText) -> dict[tuple[str, str], list[Row]]:
    """(layer, segment id) -> rows of the layer's items lying wholly in the segment, with
    offsets relative to the segment's start."""
    find = _sentence_finder(text.segments)
    found: dict[tuple[str, str], list[Row]] = {}
    for layer in LAYERS:
        for item in getattr(text.spans, layer):
            spans = _item_spans(item)
            segment = find(min(s.start for s in spans))
            if segment is None or max(s.end for s in spans) > segment.end:
                continue
            found.setdefault((layer, segment.id), []).append(
                {**feature_row(_relative(item, segment.start)),
                 **_alignment(item.alignment)})
    return found


def parallel(annotated: AnnotatedDocument, registry: Registry) -> Iterator[Row]:
    """Each aligned segment pair of each translation, with both sides' spans that lie in
    it (a side without a span file: null)."""
    doc, original = annotated.doc, annotated.original
    source = {s.id: s.text for s in doc.segmentation.segments}
    source_items = _by_segment(original)
    for t in doc.translations:
        provenance = TRANSLATION_PROVENANCE.encode(to_data(t.provenance))
        target = annotated.annotated(t)
        target_items = _by_segment(target) if target is not None else None
        for segment in t.segments:
            yield {"doc_id": doc.meta.doc_id, "segment_id": segment.id,
                   "source_language": t.source_language,
                   "target_language": t.target_language, "system": t.system,
                   "kind": t.provenance.kind,
                   "translation": {t.source_language: source.get(segment.id, ""),
                                   t.target_language: segment.text},
                   "provenance": provenance,
                   "target_text_id": TextRef(doc.meta.doc_id, TranslationRef(
                       t.target_language, t.system)).text_id,
                   **{f"{side}_{layer}": None if items is None
                      else items.get((layer, segment.id), [])
                      for side, items in (("source", source_items), ("target", target_items))
                      for layer in LAYERS}}


def aligned_item_row(text: AnnotatedText, item: Item) -> Row:
    """One side of an aligned pair: span (an attribution's cue), roles, segments and the
    attributes of its layer."""
    spans = _item_spans(item)
    segment_ids: list[str] = []
    for span in spans:
        segment_ids += [i for i in _overlapping(text.segments, span.start, span.end)
                        if i not in segment_ids]
    order = {s.id: n for n, s in enumerate(text.segments)}
    if isinstance(item, Attribution):
        span, source, content = item.cue, _span(item.source), _span(item.content)
    else:
        span, source, content = item.span, None, None
    item_class: type = type(item)
    return {"text_id": text.text_id, "id": item.id, **feature_row(span), "source": source,
            "content": content, "segment_ids": sorted(segment_ids, key=order.__getitem__),
            **_NO_ATTRIBUTES,
            **{column: getattr(item, f.name) for column, f in attributes(item_class)}}


#: Every layer's attribute columns: null in the rows of another layer's items.
_NO_ATTRIBUTES: Row = dict.fromkeys(column for item_class in LAYER_ITEMS.values()
                                    for column, _ in attributes(item_class))


def alignments(annotated: AnnotatedDocument, registry: Registry) -> Iterator[Row]:
    """One row per (original item, translation item) link of each annotated translation,
    in the original's order; an original item the translation drops has a null
    translation, an item the translation adds a null original (after the layer's links)."""
    original = annotated.original
    for target in annotated.translations:
        head = {"doc_id": original.doc_id, "system": target.system,
                "source_language": original.language, "target_language": target.language}
        dropped = {d.id: d.note for d in target.spans.dropped}
        for layer in LAYERS:
            renderings: dict[str, list[Any]] = {}
            added = []
            for item in getattr(target.spans, layer):
                counterpart = item.alignment.counterpart if item.alignment else None
                if not counterpart:
                    added.append(item)
                for original_id in counterpart or ():
                    renderings.setdefault(original_id, []).append(item)
            for item in getattr(original.spans, layer):
                for rendering in renderings.get(item.id, []) or [None]:
                    alignment = rendering.alignment if rendering is not None else None
                    yield {**head, "layer": layer,
                           "original": aligned_item_row(original, item),
                           "translation": (None if rendering is None
                                           else aligned_item_row(target, rendering)),
                           "shift": alignment.shift if alignment else None,
                           "shift_note": (alignment.shift_note if alignment
                                          else dropped.get(item.id))}
            for item in added:
                alignment = item.alignment
                yield {**head, "layer": layer, "original": None,
                       "translation": aligned_item_row(target, item),
                       "shift": alignment.shift if alignment else None,
                       "shift_note": alignment.shift_note if alignment else None}


def sentences(annotated: AnnotatedDocument, registry: Registry) -> Iterator[Row]:
    """Every segment of every annotated text, negatives included, with labels derived
    from the span layers."""
    for text in annotated.texts:
        for labelled in sentence_labels(text.segments, text.spans.claims,
                                        text.spans.attributions):
            segment = labelled.segment
            yield {**_text(text), "sentence_id": segment.id, "start": segment.start,
                   "end": segment.end, "text": segment.text,
                   **{name: labelled.label(name) for name in SENTENCE_LABELS}}


def folds(annotated: AnnotatedDocument, registry: Registry) -> Iterator[Row]:
    """Leave-one-document-out: each document is the test set of the fold named by it."""
    meta = annotated.doc.meta
    yield {"doc_id": meta.doc_id, "language": meta.language, "fold": meta.doc_id}


#: Configs written document by document; ``registry`` is written after the last document,
#: from the mention counts gathered on the way.
ROWS: dict[str, Callable[[AnnotatedDocument, Registry], Iterator[Row]]] = {
    "documents": documents, "texts": texts, "entities": entities, "claims": claims,
    "attributions": attributions, "ner": ner, "parallel": parallel,
    "alignments": alignments, "sentences": sentences, "folds": folds,
}
