"""``corpus-tools render``: a static, self-contained HTML review page per document.

Each page shows the metadata as stated, the annotation set's provenance, the text with
its entity, claim and attribution spans, the claims and attributions tables, a legend, and
its translations side by side by segment: a translation with a span file in the set with
both sides' spans and their counterparts lit on hover, the others as plain text.
``index.html`` lists the pages and the translation-side span files with their coverage.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from corpus_tools.io.corpus import CorpusError, DocumentBundle, iter_documents, load_span_file
from corpus_tools.io.corpus import doc_ids as corpus_doc_ids
from corpus_tools.io.texts import NoTargetText, target_text
from corpus_tools.io.yamlio import atomic_write
from corpus_tools.layout import FINAL_SET, Layout, UnsafeDocId
from corpus_tools.model import SpanFile, TextRef, Translation, TranslationRef
from corpus_tools.render.aligned import AlignedView, aligned_view
from corpus_tools.render.errors import RenderError, UnknownSelection
from corpus_tools.render.layers import document_layers
from corpus_tools.render.page import IndexRow, TranslationIndexRow, document_page, index_page
from corpus_tools.render.parallel import in_column_order, parallel_table

__all__ = ["INDEX_NAME", "RenderError", "UnknownSelection", "render_corpus"]

INDEX_NAME = "index.html"


def _load_span_file(path: Path) -> SpanFile:
    try:
        return load_span_file(path)
    except CorpusError as exc:
        raise RenderError(str(exc)) from None


def _select(layout: Layout, doc_ids: Sequence[str] | None, annotation_set: str) -> list[str]:
    """The documents to render, in the order asked for (default: every document the set
    annotates, sorted)."""
    try:
        set_dir = layout.set_dir(annotation_set)
    except UnsafeDocId:
        raise UnknownSelection(f"{annotation_set!r}: not a valid annotation set name") from None
    if not set_dir.is_dir():
        raise UnknownSelection(f"{annotation_set}: no such annotation set "
                               f"({layout.relative(set_dir)} does not exist)")
    known = corpus_doc_ids(layout.root)
    if doc_ids is None:
        wanted = [d for d in known if layout.span_path(d, annotation_set).is_file()]
    else:
        wanted = list(dict.fromkeys([doc_ids] if isinstance(doc_ids, str) else doc_ids))
        unknown = [d for d in wanted if d not in known]
        if unknown:
            raise UnknownSelection(f"{', '.join(unknown)}: no such document")
        unannotated = [d for d in wanted if not layout.span_path(d, annotation_set).is_file()]
        if unannotated:
            raise UnknownSelection(f"{', '.join(unannotated)}: no span file in annotation "
                                   f"set {annotation_set}")
    if INDEX_NAME.removesuffix(".html") in wanted:
        raise RenderError("index: this document id would overwrite the index page")
    return wanted


def _bundles(layout: Layout, wanted: list[str], annotation_set: str) -> list[DocumentBundle]:
    found: dict[str, DocumentBundle] = {}
    try:
        for bundle in iter_documents(layout.root):
            doc_id = bundle.meta.doc_id
            if doc_id not in wanted:
                continue
            if annotation_set != FINAL_SET:
                spans = _load_span_file(layout.span_path(doc_id, annotation_set))
                bundle = dataclasses.replace(bundle, spans=spans)
            found[doc_id] = bundle
            if len(found) == len(wanted):
                break
    except CorpusError as exc:
        raise RenderError(str(exc)) from None
    return [found[d] for d in wanted]


def _aligned_views(layout: Layout, bundle: DocumentBundle, annotation_set: str
                   ) -> tuple[list[AlignedView], list[Translation]]:
    """The translations with a span file in the set, as side-by-side views, and the others."""
    views: list[AlignedView] = []
    plain: list[Translation] = []
    for translation in in_column_order(bundle.translations):
        text = TextRef(bundle.meta.doc_id,
                       TranslationRef(translation.target_language, translation.system))
        path = layout.span_path(text.text_id, annotation_set)
        if not path.is_file():
            plain.append(translation)
            continue
        spans = _load_span_file(path)
        try:
            target = target_text(translation, bundle.segmentation, bundle.text)
        except NoTargetText as exc:
            raise RenderError(f"{exc}; run `corpus-tools validate`") from None
        views.append(aligned_view(len(views) + 1, bundle.text, bundle.spans,
                                  bundle.segmentation.segments, translation, target, spans))
    return views, plain


def render_corpus(root: Path, out_dir: Path, doc_ids: Sequence[str] | None = None,
                  annotation_set: str = FINAL_SET) -> list[Path]:
    """Write ``<out_dir>/<doc_id>.html`` per document and ``<out_dir>/index.html``.

    Returns the written pages, index first. Raises UnknownSelection (a RenderError) for an
    unknown document or annotation set, and RenderError for a file that is not valid, a span
    that does not quote the text, or an output that cannot be written. Every page is
    rendered before any is written, so a failure leaves no half-updated output.
    """
    layout = Layout(root)
    wanted = _select(layout, doc_ids, annotation_set)
    pages: dict[Path, str] = {}
    rows = []
    translation_rows = []
    for bundle in _bundles(layout, wanted, annotation_set):
        doc_id = bundle.meta.doc_id
        layers = document_layers(doc_id, bundle.text, bundle.spans)
        views, plain = _aligned_views(layout, bundle, annotation_set)
        parallel = parallel_table(bundle.segmentation, bundle.meta.language, plain)
        name = f"{doc_id}.html"
        pages[out_dir / name] = document_page(bundle, layers, parallel, views, annotation_set)
        translation_rows += [TranslationIndexRow.of(view, f"{name}#{view.anchor}")
                             for view in views]
        rows.append(IndexRow(
            doc_id=doc_id, href=name, title=bundle.meta.title.value, language=bundle.meta.language,
            entities=len(bundle.spans.entities), claims=len(bundle.spans.claims),
            attributions=len(bundle.spans.attributions), translations=len(bundle.translations),
        ))
    index = out_dir / INDEX_NAME
    written = {index: index_page(rows, translation_rows, annotation_set), **pages}
    try:
        for path, html in written.items():
            atomic_write(path, html)
    except OSError as exc:
        raise RenderError(f"{out_dir}: cannot write: {exc.strerror or exc}") from None
    return list(written)
