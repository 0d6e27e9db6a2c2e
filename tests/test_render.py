"""``corpus-tools render``: piece splitting, page content, escaping, and a real browser."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import json
import os
import re
import select
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import REPO
from corpus_tools.add import add_document
from corpus_tools.checks.structure import parse_yaml_file
from corpus_tools.io.corpus import DocumentBundle, iter_documents, load_span_file
from corpus_tools.io.metadata import dump_meta
from corpus_tools.io.spanfile import dump_span_file, span_file_from_data
from corpus_tools.io.texts import target_text
from corpus_tools.io.translations import dump_translation
from corpus_tools.labels import ENTITY_LABELS
from corpus_tools.layout import Layout
from corpus_tools.model import (
    Alignment,
    Annotator,
    ArgosPackage,
    Attribution,
    Claim,
    Dropped,
    EntityMention,
    Evidenced,
    MachineProvenance,
    Provenance,
    ReferenceProvenance,
    Span,
    SpanFile,
    TranslatedSegment,
    Translation,
    Translator,
)
from corpus_tools.palette import TEXT_COLOUR
from corpus_tools.render import RenderError, UnknownSelection, render_corpus
from corpus_tools.render.hover import COUNTERPART_STYLE as COUNTERPART_CSS
from corpus_tools.render.hover import SELF_STYLE as SELF_CSS
from corpus_tools.render.hover import HoverLink, hover_css
from corpus_tools.render.layers import Mark, Piece, document_layers, split_pieces
from corpus_tools.render.palette import LABEL_COLOURS, contrast_ratio, label_css, rgb
from corpus_tools.render.parallel import column_heading, in_column_order
from corpus_tools.stats import coverage

CSP = "default-src 'none'; style-src 'unsafe-inline'"  # no script may run
CHROMIUM = Path("/usr/bin/chromium")
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "source", "track", "wbr"}


# --- a small DOM, from the standard library's parser ------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def by_id(self, element_id: str) -> Node:
        found = [n for n in self.walk() if n.attrs.get("id") == element_id]
        assert len(found) == 1, f"{len(found)} elements with id {element_id!r}"
        return found[0]

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [n for n in self.walk()
                if (tag is None or n.tag == tag) and (cls is None or cls in n.classes())]


class TreeBuilder(HTMLParser):
    """Builds a Node tree and fails on any end tag that does not close the open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID_ELEMENTS:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert [n.tag for n in builder.stack] == ["#document"], "unclosed elements"
    return builder.root


# --- piece splitting -------------------------------------------------------------------


def mark(name: str, start: int, end: int, kind: str = "entity", order: int = 0) -> Mark:
    return Mark(anchor=f"m-{name}", group=name, kind=kind, start=start, end=end,
                css_class=kind, tooltip=name, order=order)


def names(piece: Piece) -> list[str]:
    return [part.mark.group for part in piece.parts]


def check_tiling(text: str, marks: list[Mark], pieces: tuple[Piece, ...]) -> None:
    """The pieces tile the text in order, and each lists exactly the marks covering it."""
    assert "".join(p.text for p in pieces) == text
    position = 0
    for piece in pieces:
        assert piece.start == position < piece.end
        assert piece.text == text[piece.start:piece.end]
        covering = {m.anchor for m in marks if m.start <= piece.start and piece.end <= m.end}
        assert {part.mark.anchor for part in piece.parts} == covering
        position = piece.end
    assert position == len(text)
    for m in marks:
        parts = [part for piece in pieces for part in piece.parts if part.mark == m]
        assert sum(part.opens for part in parts) == 1 and parts[0].opens
        assert sum(part.closes for part in parts) == 1 and parts[-1].closes


def test_crossing_spans_are_cut_into_pieces_covered_by_both() -> None:
    text = "abcdefghij"
    marks = [mark("x", 0, 5), mark("y", 3, 8)]
    pieces = split_pieces(text, marks)
    assert [p.text for p in pieces] == ["abc", "de", "fgh", "ij"]
    assert [names(p) for p in pieces] == [["x"], ["x", "y"], ["y"], []]
    assert [(part.opens, part.closes) for part in pieces[1].parts] == [(False, True),
                                                                       (True, False)]
    check_tiling(text, marks, pieces)


def test_identical_spans_nest_content_claim_entity_and_keep_file_order() -> None:
    text = "They said so."
    marks = [mark("e1", 5, 9, "entity"), mark("a2", 5, 9, "cue", order=1),
             mark("a1", 5, 9, "cue", order=0), mark("c1", 5, 9, "claim"),
             mark("a3", 0, 13, "content")]
    pieces = split_pieces(text, marks)
    assert [p.text for p in pieces] == ["They ", "said", " so."]
    # Two attributions sharing one cue both wrap it, in file order, inside the content.
    assert names(pieces[1]) == ["a3", "a1", "a2", "c1", "e1"]
    assert all(part.opens and part.closes for part in pieces[1].parts[1:])
    check_tiling(text, marks, pieces)


def test_no_marks_one_piece_and_empty_text_none() -> None:
    assert split_pieces("plain", []) == (Piece(0, 5, "plain", ()),)
    assert split_pieces("", []) == ()


@pytest.mark.parametrize(("start", "end"), [(3, 3), (-1, 2), (4, 99), (5, 2)])
def test_a_span_outside_the_text_is_refused(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="empty or outside"):
        split_pieces("short text", [mark("bad", start, end)])


@pytest.mark.parametrize("text", [
    "Vlag 🇳🇱 en duim 👍🏽 — 家族 👨‍👩‍👧 ok",  # flags, skin tones, ZWJ families: several code points
    "שלום עולם, said the מנהל in ירושלים.",  # right-to-left inside left-to-right
    "قال الرئيس إن “الوضع” خطير",  # Arabic with curly quotes
    "Het kabinet-Rutte zei ’s ochtends dat de ĳzeren coöperatie “geen” één‑op‑één ruil wil.",
])
def test_every_character_survives_in_order(text: str) -> None:
    marks = [mark(f"m{i}", i, min(len(text), i + w), order=i)
             for i, w in zip(range(0, len(text) - 1, 3), [2, 5, 9, 1, 4] * 20, strict=False)]
    marks.append(mark("all", 0, len(text), "content"))
    pieces = split_pieces(text, marks)
    check_tiling(text, marks, pieces)
    # A cut inside an emoji sequence is fine: the code points still come back in order.
    assert "".join(p.text for p in pieces).encode("utf-8") == text.encode("utf-8")


@st.composite
def texts_and_marks(draw: st.DrawFn) -> tuple[str, list[Mark]]:
    text = draw(st.text(alphabet=st.sampled_from("ab \n😀שׁ&<\"é"), min_size=1, max_size=40))
    bounds = st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text)))
    spans = [(s, e) for s, e in draw(st.lists(bounds, max_size=12)) if s < e]
    kinds = st.sampled_from(["entity", "claim", "source", "cue", "content"])
    return text, [mark(f"k{i}", s, e, draw(kinds), order=i) for i, (s, e) in enumerate(spans)]


@given(texts_and_marks())
def test_any_spans_tile_the_text(case: tuple[str, list[Mark]]) -> None:
    text, marks = case
    check_tiling(text, marks, split_pieces(text, marks))


def test_a_span_that_does_not_quote_the_text_is_refused() -> None:
    spans = SpanFile("d", "0" * 64, Provenance("single-pass"),
                     entities=(EntityMention("e1", "GPE", Span(0, 2, "UK")),))
    with pytest.raises(RenderError, match="e1: the span \\[0, 2\\) does not quote the text"):
        document_layers("d", "US officials", spans)


# --- palette and headings ----------------------------------------------------------------


def test_every_label_has_its_own_readable_colour_and_css_rule() -> None:
    assert list(LABEL_COLOURS) == list(ENTITY_LABELS)
    assert len(set(LABEL_COLOURS.values())) == len(ENTITY_LABELS)
    css = label_css()
    for label, colour in LABEL_COLOURS.items():
        assert contrast_ratio(TEXT_COLOUR, colour) >= 7.0, label  # WCAG AAA
        assert f".ent-{label}{{background-color:{colour}}}" in css


def test_column_headings_say_reference_or_machine_as_the_provenance_does() -> None:
    reference = ReferenceProvenance((Translator("t", "human"),), "2026-11-21")
    machine = MachineProvenance("argostranslate", ArgosPackage("translate-en_nl", "1.9"),
                                {"argostranslate": "1.9.6", "ctranslate2": "4.5.0"}, {},
                                "2026-11-21")
    # the heading follows the provenance, whatever the system is named
    assert (column_heading(Translation("d", "en", "nl", "argos-en-nl-1.9", "0" * 64, reference))
            == "nl — reference translation (project contributors)")
    assert (column_heading(Translation("d", "en", "nl", "reference", "0" * 64, machine))
            == "nl — machine translation: reference")


def test_hover_rules_light_the_named_keys_and_refuse_unsafe_ones() -> None:
    css = hover_css([HoverLink("k-v1-t-e1", ("k-v1-o-e1", "k-v1-o-e2")),
                     HoverLink("k-v1-o-e9", ()),
                     HoverLink("k-m-c1", ("k-m-c1",), "aligned-1-s3")], "outline: red;")
    assert css == (":root:has(.k-v1-t-e1:is(.inner:hover, tr:hover, tr:focus-within, "
                   ":focus)) :is(.k-v1-o-e1, .k-v1-o-e2) { outline: red; }\n"
                   "#aligned-1-s3:has(.k-m-c1:is(.inner:hover, tr:hover, tr:focus-within, "
                   ":focus)) :is(.k-m-c1) { outline: red; }\n")
    assert hover_rules(css) == {("k-v1-t-e1", "outline: red;"): {"k-v1-o-e1", "k-v1-o-e2"},
                                ("k-m-c1", "outline: red;"): {"k-m-c1"}}
    for unsafe in ("k-e1 *{x:y}", "k-e1 e2", "k-</style>", "e1"):
        with pytest.raises(ValueError, match="unsafe hover key"):
            hover_css([HoverLink("k-v1-t-e1", (unsafe,))], "outline: red;")
    for scope in ("1abc", "a b", "x){}", ""):
        with pytest.raises(ValueError, match="unsafe hover scope"):
            hover_css([HoverLink("k-v1-t-e1", ("k-v1-o-e1",), scope)], "outline: red;")


# --- whole pages -------------------------------------------------------------------------


def bundles_of(root: Path) -> dict[str, DocumentBundle]:
    return {b.meta.doc_id: b for b in iter_documents(root)}


def annotated_translations(root: Path, bundle: DocumentBundle, annotation_set: str = "spans"
                           ) -> list[tuple[Translation, SpanFile]]:
    """The document's translations that have a span file in the set, in column order."""
    layout = Layout(root)
    found = []
    for translation in in_column_order(bundle.translations):
        text_id = f"{bundle.meta.doc_id}.{translation.target_language}.{translation.system}"
        path = layout.span_path(text_id, annotation_set)
        if path.is_file():
            found.append((translation, load_span_file(path)))
    return found


HOVER_RULE = re.compile(
    r"(:root|#[\w-]+):has\(\.(k-[\w-]+):is\([^)]*\)\) :is\(([^)]*)\) \{ ([^}]*) \}")


def hover_rules(html: str) -> dict[tuple[str, str], set[str]]:
    """(trigger key, declarations) -> the keys it lights, read back from the page's CSS."""
    rules: dict[tuple[str, str], set[str]] = {}
    for _, trigger, lit, declarations in HOVER_RULE.findall(html):
        rules.setdefault((trigger, declarations), set()).update(
            re.findall(r"\.(k-[\w-]+)", lit))
    return rules


def check_hover_scopes(dom: Node, html: str) -> None:
    """Each rule's scope element holds its trigger and every mark it lights."""
    for scope, trigger, lit, _ in HOVER_RULE.findall(html):
        if scope != ":root":
            keys = keys_in(dom.by_id(scope.removeprefix("#")))
            assert {trigger, *re.findall(r"\.(k-[\w-]+)", lit)} <= keys, (scope, trigger)


def item_ids(spans: SpanFile) -> list[str]:
    return [item.id for item in (*spans.entities, *spans.claims, *spans.attributions)]


def mark_count(spans: SpanFile) -> int:
    return (len(spans.entities) + len(spans.claims)
            + sum(len(list(a.roles())) for a in spans.attributions))


def key_of(node: Node) -> str | None:
    """The hover key of a mark element or table row: its class k-<...>."""
    keys = [c for c in node.classes() if c.startswith("k-")]
    assert len(keys) <= 1, keys
    return keys[0] if keys else None


def keys_in(node: Node) -> set[str]:
    return {key for n in node.walk() if (key := key_of(n)) is not None}


def check_aligned_views(dom: Node, html: str, root: Path, bundle: DocumentBundle,
                        annotation_set: str) -> list[Node]:
    """Each translation with a span file has a view: its rows are the segment pairs, each side
    holds every character of its segment and the marks of every item of its span file, one
    tab stop per mark, and the page's CSS lights each item's counterparts both ways."""
    expected = annotated_translations(root, bundle, annotation_set)
    views = dom.all("section", "aligned-view")
    assert [v.attrs["data-text-id"] for v in views] == [
        spans.text.text_id for _, spans in expected]
    rules = hover_rules(html)
    check_hover_scopes(dom, html)
    segments = bundle.segmentation.segments
    for number, (view, (translation, spans)) in enumerate(zip(views, expected, strict=True), 1):
        assert view.attrs["id"] == f"aligned-{number}"
        source_key, target_key = f"k-v{number}-o-", f"k-v{number}-t-"
        target = target_text(translation, bundle.segmentation, bundle.text)
        rows = view.all("tr")[1:]
        assert [r.attrs["id"] for r in rows] == [f"aligned-{number}-{s.id}" for s in segments]
        for row, segment, translated in zip(rows, segments, target.segments, strict=True):
            cells = row.all("td")
            assert [c.text() for c in cells] == [segment.id, segment.text, translated.text]
            assert cells[1].attrs["lang"] == bundle.meta.language
            assert cells[2].attrs["lang"] == translation.target_language
        sources = [cell for row in rows for cell in row.all("td", "side-original")]
        targets = [cell for row in rows for cell in row.all("td", "side-translation")]
        assert set().union(*map(keys_in, sources)) == {source_key + i
                                                       for i in item_ids(bundle.spans)}
        assert set().union(*map(keys_in, targets)) == {target_key + i for i in item_ids(spans)}
        stops = [n for cell in sources + targets for n in cell.walk() if "tabindex" in n.attrs]
        assert len(stops) == mark_count(bundle.spans) + mark_count(spans)
        assert all(n.attrs["tabindex"] == "0" and "m-start" in n.classes() for n in stops)
        lit_by: dict[str, set[str]] = {}
        for item in (*spans.entities, *spans.claims, *spans.attributions):
            counterparts = (item.alignment.counterpart or ()) if item.alignment else ()
            lit = {source_key + c for c in counterparts}
            assert rules.get((target_key + item.id, COUNTERPART_CSS), set()) == lit, item.id
            assert rules[(target_key + item.id, SELF_CSS)] == {target_key + item.id}
            for c in counterparts:
                lit_by.setdefault(c, set()).add(target_key + item.id)
        for item_id in item_ids(bundle.spans):
            assert rules.get((source_key + item_id, COUNTERPART_CSS), set()) == lit_by.get(
                item_id, set()), item_id
        dropped = {d.id for d in spans.dropped}
        for cell in sources:
            for node in cell.walk():
                key = key_of(node)
                if key is not None:
                    item_id = str(key).removeprefix(source_key)
                    assert ("dropped" in node.classes()) == (item_id in dropped)
                    assert ("unaligned" in node.classes()) == (
                        item_id not in lit_by and item_id not in dropped)
    return views


def check_document_page(path: Path, bundle: DocumentBundle, root: Path = REPO,
                        annotation_set: str = "spans") -> Node:
    html = path.read_text(encoding="utf-8")
    dom = parse(html)
    metas = dom.all("meta")
    assert any(m.attrs.get("charset") == "utf-8" for m in metas)
    assert any(m.attrs.get("http-equiv") == "Content-Security-Policy"
               and m.attrs.get("content") == CSP for m in metas)
    # Self-contained: nothing to fetch, links only within the output folder.
    for node in dom.walk():
        assert node.tag not in {"link", "img", "iframe", "object", "embed"}, node.tag
        assert "src" not in node.attrs and "style" not in node.attrs
        href = node.attrs.get("href")
        if href is not None:
            assert href.startswith("#") or (href.endswith(".html") and "/" not in href), href
    assert not dom.all("script")  # highlighting is CSS alone
    assert "@import" not in html and "url(" not in html

    text = dom.by_id("doc-text")
    assert text.text() == bundle.text  # every character once, in order, nothing added
    assert text.attrs["dir"] == "auto"
    anchors = {n.attrs["id"] for n in text.walk() if n.attrs.get("id")} - {"doc-text"}
    spans = bundle.spans
    expected = {f"m-{e.id}" for e in spans.entities} | {f"m-{c.id}" for c in spans.claims}
    expected |= {f"m-{a.id}-{role}" for a in spans.attributions for role, _ in a.roles()}
    assert anchors == expected
    for entity in spans.entities:
        element = dom.by_id(f"m-{entity.id}")
        assert f"ent-{entity.label}" in element.classes()
        assert element.text().startswith(bundle.text[entity.span.start:entity.span.end][:1])
    for claim in spans.claims:
        row = dom.by_id(f"row-{claim.id}")
        assert [c.text() for c in row.all("td")][2:5] == [
            claim.kind, "yes" if claim.checkworthy else "no", claim.author_stance]
        assert dom.by_id(f"m-{claim.id}").attrs["data-before"] == claim.id
    for attribution in spans.attributions:
        row = dom.by_id(f"row-{attribution.id}")
        hrefs = {a.attrs["href"] for a in row.all("a")}
        assert {f"#m-{attribution.id}-{role}" for role, _ in attribution.roles()} <= hrefs
        assert {f"#m-{c}" for c in attribution.claims} <= hrefs
        for role, _ in attribution.roles():
            tag = dom.by_id(f"m-{attribution.id}-{role}").attrs["data-before"]
            assert tag == f"{attribution.id} {role}"

    legend = dom.by_id("legend")
    assert [li.attrs["data-label"] for li in legend.all("li") if "data-label" in li.attrs] == list(
        ENTITY_LABELS)
    legend_text = legend.text()
    assert all(label in legend_text for label in ENTITY_LABELS)
    assert {li.attrs.get("data-layer") for li in legend.all("li")} >= {"claim", "source", "cue",
                                                                        "content"}

    provenance = dom.by_id("annotation-set").text()
    assert annotation_set in provenance and spans.provenance.status in provenance
    for annotator in spans.provenance.annotators:
        assert annotator.id in provenance and annotator.kind in provenance

    assert [li.attrs.get("data-mark") for li in legend.all("li") if "data-mark" in li.attrs] == [
        "counterpart", "dropped", "added", "unaligned"]

    views = check_aligned_views(dom, html, root, bundle, annotation_set)
    plain = [t for t in in_column_order(bundle.translations)
             if f"{bundle.meta.doc_id}.{t.target_language}.{t.system}"
             not in {v.attrs["data-text-id"] for v in views}]
    if not plain:
        assert not [n for n in dom.walk() if n.attrs.get("id") == "parallel"]
        return dom
    table = dom.by_id("parallel")
    rows = table.all("tr")[1:]
    assert [r.attrs["id"] for r in rows] == [f"seg-{s.id}" for s in bundle.segmentation.segments]
    headings = [th.text() for th in table.all("th")][2:]
    assert headings == [column_heading(t) for t in plain]
    for row, segment in zip(rows, bundle.segmentation.segments, strict=True):
        cells = row.all("td")
        assert cells[1].text() == segment.text
        assert all(c.attrs.get("dir") == "auto" for c in cells[1:])
    return dom


def check_translation_index(index: Node, root: Path, bundles: dict[str, DocumentBundle]) -> None:
    """The index lists every translation-side span file of the set with its counts and the
    coverage `stats` computes, and links to its view."""
    rows = [r for r in index.by_id("translation-spans").all("tr") if "data-text" in r.attrs]
    expected = [(doc_id, number, translation, spans) for doc_id, bundle in bundles.items()
                for number, (translation, spans) in enumerate(
                    annotated_translations(root, bundle), 1)]
    assert [r.attrs["data-text"] for r in rows] == [e[3].text.text_id for e in expected]
    for row, (doc_id, number, translation, spans) in zip(rows, expected, strict=True):
        assert row.all("a")[0].attrs["href"] == f"{doc_id}.html#aligned-{number}"
        cells = [c.text() for c in row.all("td")]
        assert cells[1:5] == [translation.target_language, str(len(spans.entities)),
                              str(len(spans.claims)), str(len(spans.attributions))]
        covered = coverage(spans, bundles[doc_id].spans)
        for layer, cell in zip(("entities", "claims", "attributions"), cells[5:8], strict=True):
            share = covered[layer].share
            assert cell.startswith(f"{covered[layer].aligned}/{covered[layer].total}")
            assert share is None or cell.endswith(f"({share:.0%})")
        assert cells[8:] == [str(len(spans.dropped)), str(sum(
            1 for i in (*spans.entities, *spans.claims, *spans.attributions)
            if i.alignment is not None and i.alignment.counterpart == ()))]


def test_fixture_corpus_renders_every_document_and_an_index(make_corpus: Callable[..., Path],
                                                            tmp_path: Path) -> None:
    root = make_corpus()
    out = tmp_path / "site"
    written = render_corpus(root, out)
    assert written == [out / "index.html", out / "demo-en.html", out / "demo-nl.html"]
    bundles = bundles_of(root)
    for doc_id, bundle in bundles.items():
        dom = check_document_page(out / f"{doc_id}.html", bundle, root)
        assert [h.text() for h in dom.by_id("translations").all("h3")] == [
            f"{bundle.translations[0].target_language} — reference translation (project "
            "contributors), side by side with its annotations"]
    index = parse((out / "index.html").read_text(encoding="utf-8"))
    check_translation_index(index, root, bundles)
    rows = {r.attrs["data-doc"]: r for r in index.all("tr") if "data-doc" in r.attrs}
    assert set(rows) == set(bundles)
    for doc_id, bundle in bundles.items():
        cells = [c.text() for c in rows[doc_id].all("td")]
        assert rows[doc_id].all("a")[0].attrs["href"] == f"{doc_id}.html"
        assert cells[2:] == [bundle.meta.language, str(len(bundle.spans.entities)),
                             str(len(bundle.spans.claims)), str(len(bundle.spans.attributions)),
                             str(len(bundle.translations))]
    assert [li.attrs["data-label"] for li in index.by_id("legend").all("li")
            if "data-label" in li.attrs] == list(ENTITY_LABELS)


def test_the_real_corpus_renders_all_five_documents(tmp_path: Path) -> None:
    written = render_corpus(REPO, tmp_path)
    bundles = bundles_of(REPO)
    assert len(bundles) == 5
    assert written == [tmp_path / "index.html", *(tmp_path / f"{d}.html" for d in bundles)]
    for doc_id, bundle in bundles.items():
        check_document_page(tmp_path / f"{doc_id}.html", bundle)
    index = parse((tmp_path / "index.html").read_text(encoding="utf-8"))
    check_translation_index(index, REPO, bundles)
    assert len(index.by_id("translation-spans").all("tr")) == 1 + 5  # all five translations


def test_shared_cue_and_nested_attributions_keep_their_links() -> None:
    bundle = bundles_of(REPO)["moonofalabama-nl-aanval-venezuela"]
    layers = document_layers(bundle.meta.doc_id, bundle.text, bundle.spans)
    # a3 and a4 share their source span exactly; a5 is nested in a4's content.
    shared = [p for p in layers.pieces if {"a3", "a4"} <= {part.mark.group for part in p.parts
                                                          if part.mark.kind == "source"}]
    assert shared and "".join(p.text for p in shared) == "The Wall Street Journal"
    a5 = next(r for r in layers.attributions if r.attribution.id == "a5")
    assert a5.parent_anchor == "row-a4"


def test_another_annotation_set_renders_its_own_files_and_provenance(tmp_path: Path) -> None:
    written = render_corpus(REPO, tmp_path, annotation_set="pass-b")
    layout = Layout(REPO)
    expected = sorted(p.stem for p in layout.span_files("pass-b"))
    assert [p.name for p in written] == ["index.html", *(f"{d}.html" for d in expected)]
    bundles = bundles_of(REPO)
    for doc_id in expected:
        spans = render_spans(layout, doc_id, "pass-b")
        bundle = dataclasses.replace(bundles[doc_id], spans=spans)
        check_document_page(tmp_path / f"{doc_id}.html", bundle, REPO, "pass-b")


def render_spans(layout: Layout, doc_id: str, annotation_set: str) -> SpanFile:
    data, issues = parse_yaml_file(layout.span_path(doc_id, annotation_set).read_bytes(), "spans")
    assert not issues
    return span_file_from_data(data)


@pytest.mark.parametrize(("doc_ids", "annotation_set", "message"), [
    (["no-such-doc"], "spans", "no-such-doc: no such document"),
    (["demo-en", "nope", "zilch"], "spans", "nope, zilch: no such document"),
    (["../demo-en"], "spans", "../demo-en: no such document"),
    (None, "pass-z", "pass-z: no such annotation set"),
    (None, "../spans", "'../spans': not a valid annotation set name"),
])
def test_unknown_documents_and_sets_are_one_line_errors(
        make_corpus: Callable[..., Path], tmp_path: Path, doc_ids: list[str] | None,
        annotation_set: str, message: str) -> None:
    with pytest.raises(UnknownSelection) as caught:
        render_corpus(make_corpus(), tmp_path / "out", doc_ids, annotation_set)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_a_document_missing_from_the_set_and_an_unwritable_output_are_errors(
        tmp_path: Path) -> None:
    missing = "rookgordijn-trump-rubio: no span file in annotation set pass-b"
    with pytest.raises(UnknownSelection, match=missing):
        render_corpus(REPO, tmp_path / "a", ["rookgordijn-trump-rubio"], "pass-b")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(RenderError, match="cannot write") as caught:
        render_corpus(REPO, blocker, ["zerohedge-regime-change-goal"])
    assert not isinstance(caught.value, UnknownSelection)  # not a usage error


def test_a_subset_in_the_order_asked(make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    written = render_corpus(make_corpus(), tmp_path, ["demo-nl", "demo-en", "demo-nl"])
    assert [p.name for p in written] == ["index.html", "demo-nl.html", "demo-en.html"]


def test_machine_translations_are_labelled_machine_and_gaps_stay_empty(
        make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    root = make_corpus()
    bundle = bundles_of(root)["demo-en"]
    segments = bundle.segmentation.segments
    machine = Translation(
        doc_id="demo-en", source_language="en", target_language="nl",
        system="argos-en-nl-1.9", source_sha256=bundle.segmentation.text_sha256,
        provenance=MachineProvenance(
            "argostranslate", ArgosPackage("translate-en_nl", "1.9"),
            {"argostranslate": "1.9.6", "ctranslate2": "4.5.0"}, {"beam_size": 4},
            "2026-11-21"),
        # the second segment is missing: its cell must stay empty, not shift the others
        segments=tuple(TranslatedSegment(s.id, f"MT {s.id}") for s in segments if s.id != "s2"),
    )
    path = Layout(root).translations_dir / machine.file_name
    path.write_text(dump_translation(machine, ""), encoding="utf-8")
    render_corpus(root, tmp_path, ["demo-en"])
    bundle = bundles_of(root)["demo-en"]
    dom = check_document_page(tmp_path / "demo-en.html", bundle, root)
    # The reference has a span file: a side-by-side view; the machine output a plain column.
    assert [v.attrs["data-text-id"] for v in dom.all("section", "aligned-view")] == [
        "demo-en.nl.reference"]
    table = dom.by_id("parallel")
    assert [th.text() for th in table.all("th")][2:] == [
        "nl — machine translation: argos-en-nl-1.9"]
    cells = {r.attrs["id"]: r.all("td") for r in table.all("tr")[1:]}
    assert cells["seg-s1"][2].text() == "MT s1"
    assert cells["seg-s2"][2].text() == "" and "missing" in cells["seg-s2"][2].classes()
    assert cells["seg-s3"][2].text() == "MT s3"
    details = dom.by_id("translations").all("ul", "provenance-details")[0].text()
    assert "package: name translate-en_nl, version 1.9" in details
    assert "engine versions: argostranslate 1.9.6, ctranslate2 4.5.0" in details


HOSTILE = ('Officials said <script>alert(1)</script> was found & removed, and the "quoted" '
           "report's authors in the capital of the country agreed on Monday.\n\n"
           "A second paragraph says the government will answer next week.\n")


def test_document_text_metadata_and_provenance_are_escaped(
        make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    root = make_corpus()
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    add_document(root, source, "en", "hostile")
    layout = Layout(root)
    bundle = bundles_of(root)["hostile"]
    script = HOSTILE.index("<script>")
    quote = "<script>alert(1)</script>"
    spans = dataclasses.replace(
        bundle.spans,
        provenance=Provenance("single-pass", (Annotator(
            "tester", "human", "first-pass", '<img src=x onerror="alert(3)"> & co'),),
            note="</style><script>alert(4)</script>"),
        entities=(EntityMention("e1", "ORG", Span(script, script + len(quote), quote)),),
        claims=(Claim("c1", Span(script - 5, script + len(quote) + 10,
                                 HOSTILE[script - 5:script + len(quote) + 10]),
                      "event", True, "reported"),),
        attributions=(Attribution(
            "a1", source=Span(0, 9, "Officials"), cue=Span(10, 14, "said"),
            content=Span(script, script + len(quote), quote), source_type="anonymous",
            quote_type="indirect", claims=("c1",)),),
    )
    layout.span_path("hostile").write_text(dump_span_file(spans, ""), encoding="utf-8")
    title = '<script>alert(2)</script> & "Title"'
    meta = dataclasses.replace(bundle.meta, title=Evidenced(title, evidence=title))
    layout.meta_path("hostile").write_text(dump_meta(meta, ""), encoding="utf-8")

    render_corpus(root, tmp_path / "site", ["hostile"])
    html = (tmp_path / "site" / "hostile.html").read_text(encoding="utf-8")
    dom = parse(html)
    scripts = dom.all("script")
    assert not scripts
    assert not dom.all("img") and not dom.all("b")
    assert dom.by_id("doc-text").text() == HOSTILE
    assert dom.by_id("m-e1").text() == quote and dom.by_id("m-a1-content").text() == quote
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert dom.all("h1")[0].text() == title and dom.all("title")[0].text().startswith(title)
    assert '<img src=x onerror="alert(3)"> & co' in dom.by_id("annotation-set").text()
    assert dom.by_id("row-c1").all("td")[1].text() == HOSTILE[script - 5:script + len(quote) + 10]
    index = parse((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    assert not index.all("script") and title in index.text()


HOSTILE_SEGMENT = ' <script>alert(5)</script> & "</style><b>bold</b>"'


def test_a_hostile_translation_segment_and_notes_are_escaped_on_the_translation_side(
        make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    root = make_corpus()
    layout = Layout(root)
    bundle = bundles_of(root)["demo-en"]
    [(translation, spans)] = annotated_translations(root, bundle)
    last = translation.segments[-1]
    hostile = dataclasses.replace(translation, segments=(
        *translation.segments[:-1], TranslatedSegment(last.id, last.text + HOSTILE_SEGMENT)))
    layout.translation_path(spans.text).write_text(dump_translation(hostile, ""),
                                                   encoding="utf-8")
    target = target_text(hostile, bundle.segmentation, bundle.text)
    quote = "<script>alert(5)</script>"
    start = target.text.index(quote)
    note = '<img src=x onerror="alert(6)"> & note'
    added = EntityMention("e12", "ORG", Span(start, start + len(quote), quote),
                          alignment=Alignment((), "added", note))
    spans = dataclasses.replace(
        spans, text_sha256=hashlib.sha256(target.text.encode()).hexdigest(),
        entities=(*(e for e in spans.entities if e.id != "e11"), added),
        dropped=(Dropped("e11", note),))
    layout.span_path(spans.text.text_id).write_text(dump_span_file(spans, ""), encoding="utf-8")

    render_corpus(root, tmp_path / "site", ["demo-en"])
    html = (tmp_path / "site" / "demo-en.html").read_text(encoding="utf-8")
    dom = check_document_page(tmp_path / "site" / "demo-en.html", bundles_of(root)["demo-en"],
                              root)
    assert not dom.all("script") and not dom.all("img") and not dom.all("b")
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in html and "</style><b>" not in html
    view = dom.by_id("aligned-1")
    assert view.by_id(f"aligned-1-{last.id}").all("td")[2].text() == last.text + HOSTILE_SEGMENT
    [mark_element] = [n for n in view.walk() if key_of(n) == "k-v1-t-e12"]
    assert mark_element.text() == quote and {"added", "inner"} <= mark_element.classes()
    assert mark_element.attrs["data-after"] == "ORG added"
    assert note in str(mark_element.attrs["title"])
    dropped = [n for n in view.walk() if key_of(n) == "k-v1-o-e11"]
    assert dropped and all("dropped" in n.classes() for n in dropped)
    notes = view.all("ul", "alignment-notes")[0]
    assert [li.text() for li in notes.all("li")] == [f"e11 dropped: {note}", f"e12 added: {note}"]


def test_an_index_document_id_cannot_overwrite_the_index(
        make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    root = make_corpus()
    source = tmp_path / "index.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    add_document(root, source, "en", "index")
    with pytest.raises(RenderError, match="index: this document id would overwrite"):
        render_corpus(root, tmp_path / "site")


# --- a real browser ----------------------------------------------------------------------


def chromium_or_skip() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("CORPUS_TOOLS_REQUIRE_CHROMIUM") == "1":
        pytest.fail(f"{CHROMIUM} is missing and CORPUS_TOOLS_REQUIRE_CHROMIUM=1: "
                    "install it with `apt-get install -y chromium`")
    pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium); "
                "set CORPUS_TOOLS_REQUIRE_CHROMIUM=1 to make this a failure")


def run_chromium(chromium: Path, scratch: Path, page: Path, *action: str) -> str:
    profile = scratch / f"profile-{len(list(scratch.iterdir()))}"
    result = subprocess.run(
        [str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--hide-scrollbars",
         "--window-size=1280,2000", *action, page.as_uri()],
        capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "HOME": str(scratch)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


Pixels = npt.NDArray[np.int16]


def matching(pixels: Pixels, colour: tuple[int, int, int], tolerance: int) -> npt.NDArray[np.bool_]:
    """Per pixel: is it ``colour``, each channel within ``tolerance``?"""
    close: npt.NDArray[np.bool_] = np.abs(pixels - np.array(colour, dtype=np.int16)) <= tolerance
    every_channel: npt.NDArray[np.bool_] = np.all(close, axis=2)
    return every_channel


def rows_with(pixels: Pixels, colour: tuple[int, int, int]) -> range:
    """The rows from the first to the last that hold ``colour`` (a container's left rule)."""
    rows = np.flatnonzero(matching(pixels, colour, 0).sum(axis=1) >= 2)
    assert rows.size, f"no pixel of {colour}"
    return range(int(rows[0]), int(rows[-1]) + 1)


def count(pixels: Pixels, rows: range, colour: tuple[int, int, int],
          tolerance: int = 2) -> int:
    return int(matching(pixels[rows.start:rows.stop], colour, tolerance).sum())


def test_chromium_paints_the_spans_and_the_legend(tmp_path: Path) -> None:
    chromium = chromium_or_skip()
    from PIL import Image

    doc_id = "zerohedge-regime-change-goal"
    render_corpus(REPO, tmp_path / "site", [doc_id])
    page = tmp_path / "site" / f"{doc_id}.html"
    bundle = bundles_of(REPO)[doc_id]
    scratch = tmp_path / "chromium"
    scratch.mkdir()

    dom = parse(run_chromium(chromium, scratch, page, "--dump-dom"))
    assert dom.by_id("doc-text").text() == bundle.text
    for entity in bundle.spans.entities:
        assert f"ent-{entity.label}" in dom.by_id(f"m-{entity.id}").classes()
    assert len([li for li in dom.by_id("legend").all("li") if "data-label" in li.attrs]) == len(
        ENTITY_LABELS)

    shot = scratch / "page.png"
    run_chromium(chromium, scratch, page, f"--screenshot={shot}")
    with Image.open(shot) as image:
        pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    assert pixels.shape == (2000, 1280, 3)
    # The legend and the text each have a left rule of their own colour (style.css), which
    # tells their rows apart in the screenshot.
    legend_rows = rows_with(pixels, rgb("#4a5a6a"))
    text_rows = rows_with(pixels, rgb("#2f5d8a"))
    assert legend_rows.stop <= text_rows.start
    for label, colour in LABEL_COLOURS.items():
        assert count(pixels, legend_rows, rgb(colour)) >= 150, f"legend swatch of {label}"
    # Labels of the entities in the first paragraphs, which fit in the window.
    early = {e.label for e in bundle.spans.entities if e.span.end <= 400}
    assert {"GPE", "PERSON", "ORG", "LOC"} <= early
    for label in early:
        painted = count(pixels, text_rows, rgb(LABEL_COLOURS[label]))
        assert painted >= 150, f"{label} spans painted {painted} pixels"
    absent = set(ENTITY_LABELS) - {e.label for e in bundle.spans.entities}
    for label in absent:  # a colour the text does not use is not painted there
        if len(set(rgb(LABEL_COLOURS[label]))) == 1:
            continue  # a grey: anti-aliased text edges may produce it anywhere
        assert count(pixels, text_rows, rgb(LABEL_COLOURS[label]), tolerance=0) == 0, label
    assert count(pixels, text_rows, rgb("#1d4ed8"), tolerance=8) >= 200  # claim underlines
    assert count(pixels, text_rows, rgb("#f6f1e7"), tolerance=0) >= 2000  # content tint


class DevTools:
    """Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON
    messages ending in NUL, commands on the child's fd 3, replies on its fd 4), so a test
    can move the mouse and read computed styles with no client library."""

    def __init__(self, chromium: Path, scratch: Path) -> None:
        command_read, self._command_write = os.pipe()
        self._reply_read, reply_write = os.pipe()

        def wire_pipes() -> None:  # runs in the child, before exec
            os.dup2(command_read, 3)
            os.dup2(reply_write, 4)

        self._process = subprocess.Popen(
            [str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--remote-debugging-pipe", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--hide-scrollbars",
             f"--user-data-dir={scratch / 'devtools-profile'}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire_pipes, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env={**os.environ, "HOME": str(scratch)},
        )
        os.close(command_read)
        os.close(reply_write)
        self._buffer = b""
        self._last_id = 0
        self._session: str | None = None
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.send("Target.attachToTarget", targetId=target,
                                  flatten=True)["sessionId"]

    def send(self, method: str, **params: object) -> dict[str, Any]:
        self._last_id += 1
        message: dict[str, object] = {"id": self._last_id, "method": method, "params": params}
        if self._session is not None:
            message["sessionId"] = self._session
        os.write(self._command_write, json.dumps(message).encode() + b"\0")
        while True:  # events arrive between replies; skip them
            while b"\0" not in self._buffer:
                ready, _, _ = select.select([self._reply_read], [], [], 30)
                chunk = os.read(self._reply_read, 1 << 16) if ready else b""
                assert chunk, f"Chromium stopped answering ({method})"
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._last_id:
                assert "error" not in reply, reply["error"]
                result: dict[str, Any] = reply["result"]
                return result

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def open(self, page: Path) -> None:
        self.send("Emulation.setDeviceMetricsOverride", width=1280, height=1000,
                  deviceScaleFactor=1, mobile=False)
        self.send("Page.navigate", url=page.as_uri())
        for _ in range(200):
            if self.evaluate("document.readyState") == "complete":
                return
            time.sleep(0.05)
        raise AssertionError(f"{page} did not load")

    def close(self) -> None:
        self._process.kill()
        self._process.wait(timeout=30)
        os.close(self._command_write)
        os.close(self._reply_read)


def query(selector: str) -> str:
    return f"document.querySelector({json.dumps(selector)})"


def with_key(key: str) -> str:
    return f".{key}"


def outlines(browser: DevTools, key: str) -> set[str]:
    """The computed outline (style and colour) of every element of one mark or row."""
    found = browser.evaluate(
        f"[...document.querySelectorAll({json.dumps(with_key(key))})]"
        ".map(e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineColor)")
    assert found, f"no element with key {key}"
    return set(found)


LIT = {"solid rgb(162, 28, 175)"}  # --counterpart-outline in style.css
SELF_LIT = {"solid rgb(17, 17, 17)"}  # --self-outline


def hover(browser: DevTools, selector: str) -> None:
    """Move the mouse to the middle of the element's first line box."""
    x, y = browser.evaluate(
        f"(() => {{ const e = {query(selector)}; e.scrollIntoView({{block: 'center'}});"
        " const r = e.getClientRects()[0]; return [r.x + r.width / 2, r.y + r.height / 2]; })()")
    browser.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)


def magenta_pixels(browser: DevTools, key: str) -> int:
    """Pixels of the counterpart outline's colour around the first element of ``key`` (the
    clip is in page coordinates)."""
    from PIL import Image

    box = browser.evaluate(f"(() => {{ const r = {query(with_key(key))}"
                           ".getBoundingClientRect();"
                           " return [r.x + scrollX, r.y + scrollY, r.width, r.height]; })()")
    x, y, width, height = box
    shot = browser.send("Page.captureScreenshot", format="png", clip={
        "x": x - 8, "y": y - 8, "width": width + 16, "height": height + 16, "scale": 1})
    with Image.open(io.BytesIO(base64.b64decode(shot["data"]))) as image:
        pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    return int(matching(pixels, rgb("#a21caf"), 2).sum())


def test_chromium_lights_a_spans_counterparts_on_hover_and_focus(tmp_path: Path) -> None:
    chromium = chromium_or_skip()
    doc_id = "white-house-push-to-oust-maduro"
    render_corpus(REPO, tmp_path / "site", [doc_id])
    bundle = bundles_of(REPO)[doc_id]
    [(_, spans)] = annotated_translations(REPO, bundle)
    entity = next(e for e in spans.entities if e.alignment and e.alignment.shift == "changed")
    [original_entity] = entity.alignment.counterpart if entity.alignment else ()
    bystander = next(e.id for e in bundle.spans.entities if e.id != original_entity)
    # A translation claim with an entity inside: hovering the entity means the entity.
    claim = next(c for c in spans.claims if c.alignment and c.alignment.counterpart
                 and any(c.span.contains(e.span) for e in spans.entities))
    inner = next(e for e in spans.entities if claim.span.contains(e.span))
    scratch = tmp_path / "chromium"
    scratch.mkdir()
    browser = DevTools(chromium, scratch)
    try:
        browser.open(tmp_path / "site" / f"{doc_id}.html")
        assert browser.evaluate("document.scripts.length") == 0
        source_entity = f"k-v1-o-{original_entity}"
        assert outlines(browser, source_entity) == {"none rgb(26, 26, 26)"}
        before = magenta_pixels(browser, source_entity)

        # Hover the translation's entity: its counterpart in the original lights up.
        hover(browser, f".k-v1-t-{entity.id}.inner")
        assert outlines(browser, source_entity) == LIT
        assert outlines(browser, f"k-v1-t-{entity.id}") == SELF_LIT
        assert outlines(browser, f"k-v1-o-{bystander}") == {"none rgb(26, 26, 26)"}
        assert before == 0 and magenta_pixels(browser, source_entity) >= 20

        # And the other way: the original's entity lights the translation's.
        hover(browser, f".{source_entity}.inner")
        assert outlines(browser, f"k-v1-t-{entity.id}") == LIT

        # The innermost span under the pointer is the one hovered: the claim around the
        # entity does not light its counterpart.
        claim_counterparts = [f"k-v1-o-{c}" for c in claim.alignment.counterpart or ()]
        hover(browser, f".k-v1-t-{inner.id}.inner")
        assert all(outlines(browser, k) == {"none rgb(26, 26, 26)"} for k in claim_counterparts)

        # Keyboard focus (the mark's tab stop) lights the counterparts as hovering does.
        browser.send("Input.dispatchMouseEvent", type="mouseMoved", x=1279, y=0)
        browser.evaluate(f"{query(with_key(f'k-v1-t-{claim.id}') + '[tabindex]')}.focus()")
        assert all(outlines(browser, k) == LIT for k in claim_counterparts)

        # The document text: hovering a claim lights its row in the claims table.
        first_claim = bundle.spans.claims[0].id
        browser.evaluate("document.activeElement.blur()")
        assert outlines(browser, f"k-m-{first_claim}") == {"none rgb(26, 26, 26)"}
        hover(browser, f"#doc-text .k-m-{first_claim}.inner")
        assert outlines(browser, f"k-m-{first_claim}") == SELF_LIT
    finally:
        browser.close()


def test_cli_render_writes_pages_and_refuses_unknown_documents(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from corpus_tools.cli import main

    out = tmp_path / "pages"
    assert main(["render", "--out", str(out), "--root", str(REPO),
                 "rookgordijn-trump-rubio"]) == 0
    assert (out / "index.html").exists() and (out / "rookgordijn-trump-rubio.html").exists()
    assert "wrote 2 pages" in capsys.readouterr().out
    assert main(["render", "nope", "--out", str(out), "--root", str(REPO)]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
