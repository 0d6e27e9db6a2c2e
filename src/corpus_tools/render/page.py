"""HTML pages from render data, through Jinja2 templates with autoescaping on.

Document text, quotes, metadata and provenance only ever reach the page as template
variables, so Jinja2 escapes them; the only unescaped input is the package's own CSS.
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
from corpus_tools.render.layers import DocumentLayers
from corpus_tools.render.palette import LABEL_COLOURS, label_class, label_css
from corpus_tools.render.parallel import ParallelTable


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


@functools.cache
def stylesheet() -> Markup:
    css = files("corpus_tools.render").joinpath("style.css").read_text(encoding="utf-8")
    css += label_css()
    if "</" in css:  # would end the <style> element early
        raise ValueError("style.css must not contain '</'")
    return Markup(css)


def page_title(bundle: DocumentBundle) -> str:
    return bundle.meta.title.value or bundle.meta.doc_id


def document_page(bundle: DocumentBundle, layers: DocumentLayers, parallel: ParallelTable,
                  annotation_set: str) -> str:
    meta = bundle.meta
    return environment().get_template("document.html.j2").render(
        version=__version__,
        css=stylesheet(),
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
    )


def index_page(rows: list[IndexRow], annotation_set: str) -> str:
    return environment().get_template("index.html.j2").render(
        version=__version__,
        css=stylesheet(),
        rows=rows,
        annotation_set=annotation_set,
        legend_labels=LEGEND_LABELS,
    )
