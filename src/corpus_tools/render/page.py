"""HTML pages from render data, through Jinja2 templates with autoescaping on.

Document text, quotes, metadata and provenance only ever reach the page as template
variables, so Jinja2 escapes them; the only unescaped input is CSS: the package's own, and
the hover rules built from schema-checked annotation ids (render/hover.py). The page runs
no script.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from corpus_tools import __version__
from corpus_tools.io.corpus import DocumentBundle
from corpus_tools.labels import ENTITY_LABELS
from corpus_tools.render.aligned import AlignedView
from corpus_tools.render.hover import COUNTERPART_STYLE, SELF_STYLE, HoverLink, hover_css
from corpus_tools.render.layers import DocumentLayers
from corpus_tools.render.palette import LABEL_COLOURS, label_class, label_css
from corpus_tools.render.parallel import ParallelTable
from corpus_tools.stats import Coverage

#: The key prefix of the marks in the document text (views use k-v<n>-o- and k-v<n>-t-).
TEXT_KEY = "k-m-"


@dataclass(frozen=True)
class LegendLabel:
    label: str
    css_class: str
    colour: str


@dataclass(frozen=True)
class IndexRow:
    doc_id: str
    href: str
    title: str | None  # None: the text states no title
    language: str
    entities: int
    claims: int
    attributions: int
    translations: int


@dataclass(frozen=True)
class TranslationIndexRow:
    text_id: str
    href: str
    language: str
    entities: int
    claims: int
    attributions: int
    coverage: dict[str, Coverage]  # per layer: original items with a counterpart
    dropped: int
    added: int

    @classmethod
    def of(cls, view: AlignedView, href: str) -> TranslationIndexRow:
        return cls(view.text_id, href, view.target_language, len(view.spans.entities),
                   len(view.spans.claims), len(view.spans.attributions), view.coverage,
                   len(view.dropped), len(view.added))


LEGEND_LABELS = tuple(
    LegendLabel(label, label_class(label), LABEL_COLOURS[label]) for label in ENTITY_LABELS
)


@functools.cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("corpus_tools.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,  # a misspelt field fails the render instead of vanishing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _safe_css(css: str) -> Markup:
    if "</" in css:  # would end the <style> element early
        raise ValueError("CSS must not contain '</'")
    return Markup(css)


@functools.cache
def stylesheet() -> Markup:
    css = files("corpus_tools.render").joinpath("style.css").read_text(encoding="utf-8")
    return _safe_css(css + label_css())


def hover_stylesheet(layers: DocumentLayers, views: list[AlignedView]) -> Markup:
    """The document's hover rules: a span (or its table row) lights all of its own marks and
    row; in a side-by-side view, a span lights itself and its counterparts on the other side."""
    groups = dict.fromkeys(mark.group for mark in layers.marks)
    css = hover_css((HoverLink(TEXT_KEY + g, (TEXT_KEY + g,)) for g in groups), SELF_STYLE)
    for view in views:
        css += hover_css(view.self_links, SELF_STYLE)
        css += hover_css(view.counterpart_links, COUNTERPART_STYLE)
    return _safe_css(css)


def page_title(bundle: DocumentBundle) -> str:
    return bundle.meta.title.value or bundle.meta.doc_id


def document_page(bundle: DocumentBundle, layers: DocumentLayers, parallel: ParallelTable,
                  views: list[AlignedView], annotation_set: str) -> str:
    meta = bundle.meta
    return environment().get_template("document.html.j2").render(
        version=__version__,
        css=stylesheet(),
        hover_css=hover_stylesheet(layers, views),
        text_key=TEXT_KEY,
        title=page_title(bundle),
        meta=meta,
        stated_fields=[(name.replace("_", " ").capitalize(), value)
                       for name, value in meta.stated_fields()],
        annotation_set=annotation_set,
        spans=bundle.spans,
        provenance=bundle.spans.provenance,
        stale_pin=bundle.spans.text_sha256 != meta.sha256,
        legend_labels=LEGEND_LABELS,
        layers=layers,
        parallel=parallel,
        views=views,
        all_translations=bool(bundle.translations),
    )


def index_page(rows: list[IndexRow], translation_rows: list[TranslationIndexRow],
               annotation_set: str) -> str:
    return environment().get_template("index.html.j2").render(
        version=__version__,
        css=stylesheet(),
        hover_css=Markup(""),
        rows=rows,
        translation_rows=translation_rows,
        layer_names=("entities", "claims", "attributions"),
        annotation_set=annotation_set,
        legend_labels=LEGEND_LABELS,
    )
