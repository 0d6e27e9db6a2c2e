"""``fix``: fills and repairs offsets, re-pins, keeps comments, never guesses or drops."""

from __future__ import annotations

import hashlib
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_tools.checks.runner import validate
from corpus_tools.fix import fix_file
from corpus_tools.io.yamlio import load_safe
from corpus_tools.layout import Layout

EN = "annotations/spans/demo-en.yaml"


def strip_offsets(text: str) -> str:
    """Remove every `start: N, ` / `end: N, ` from flow-style span mappings."""
    import re

    return re.sub(r"(start|end): \d+, ", "", text)


def test_fix_restores_stripped_offsets(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    path = root / EN
    original = path.read_text(encoding="utf-8")
    path.write_text(strip_offsets(original), encoding="utf-8")
    notes = fix_file(path, Layout(root))
    assert notes and all(n.kind == "filled" for n in notes)
    assert path.read_text(encoding="utf-8") == original  # comments and layout included
    assert fix_file(path, Layout(root)) == []  # idempotent


def test_check_mode_writes_nothing(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    path = root / EN
    path.write_text(strip_offsets(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = path.read_bytes()
    notes = fix_file(path, Layout(root), write=False)
    assert any(n.is_change for n in notes)
    assert path.read_bytes() == before


def test_reanchor_and_repin_after_text_edit(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    validate(root)  # the checkout has seen the text the spans were made on
    text_path = root / "corpus/documents/demo-en.txt"
    text = text_path.read_text(encoding="utf-8")
    text_path.write_text(text.replace("Analysts expect", "Analysts now expect"),
                         encoding="utf-8")
    notes = fix_file(root / EN, Layout(root))
    kinds = {n.kind for n in notes}
    assert kinds == {"re-anchored", "re-pinned"}
    data = load_safe((root / EN).read_text(encoding="utf-8"))
    assert data["text_sha256"] == hashlib.sha256(text_path.read_bytes()).hexdigest()
    # only the metadata digest, the segmentation and the translation point to the old text
    checks = {f.check for f in validate(root, use_cache=False).findings}
    assert checks == {"metadata-mismatch", "stale-segments", "stale-translation"}


def test_spans_next_to_an_edit_go_to_a_person(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    validate(root)
    text_path = root / "corpus/documents/demo-en.txt"
    text_path.write_bytes(b"BREAKING. " + text_path.read_bytes())
    notes = fix_file(root / EN, Layout(root))
    assert {(n.span_id, n.kind) for n in notes if not n.is_change} == {("e1", "edited"),
                                                                      ("a1", "edited")}
    assert {n.kind for n in notes} == {"re-anchored", "edited"}  # and not re-pinned


def test_ambiguous_and_gone_quotes_are_reported_and_pin_kept(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    validate(root)
    text_path = root / "corpus/documents/demo-en.txt"
    text = text_path.read_text(encoding="utf-8")
    # "Reuters" vanishes; "US" is now three times in the text, twice in new text before it
    text_path.write_text("US and US. " + text.replace("Reuters", "AP"), encoding="utf-8")
    before = load_safe((root / EN).read_text(encoding="utf-8"))["text_sha256"]
    notes = fix_file(root / EN, Layout(root))
    unresolved = {(n.span_id, n.kind) for n in notes if not n.is_change}
    assert ("e1", "edited") in unresolved
    assert ("e7", "edited") in unresolved
    assert ("a2", "edited") in unresolved  # the source span "Reuters"
    after = load_safe((root / EN).read_text(encoding="utf-8"))
    assert after["text_sha256"] == before  # not re-pinned while spans are unresolved
    assert len(after["entities"]) == 11  # nothing dropped


def test_a_new_quote_in_an_edited_text_is_anchored_there(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    validate(root)
    text_path = root / "corpus/documents/demo-en.txt"
    text_path.write_text(text_path.read_text(encoding="utf-8").replace(
        "Reuters", "Reuters and AP"), encoding="utf-8")
    path = root / EN
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - {id: e8,", '  - {id: e12, label: ORG, text: "AP"}\n  - {id: e8,'), encoding="utf-8")
    notes = fix_file(path, Layout(root))
    assert ("e12", "filled") in {(n.span_id, n.kind) for n in notes}


def test_occurrence_and_context_disambiguate(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    path = root / EN
    text = path.read_text(encoding="utf-8")
    text = text.replace('{id: e1, label: GPE, start: 0, end: 2, text: "US",',
                        '{id: e1, label: GPE, text: "the", occurrence: 2,')
    prefix = "carry more than 4,000 sailors. President Donald Trump said "
    text = text.replace('{id: e3, label: DATE, start: 40, end: 46, text: "Monday"}',
                        f'{{id: e3, label: DATE, text: "the", prefix: "{prefix}"}}')
    path.write_text(text, encoding="utf-8")
    fix_file(path, Layout(root))
    data = load_safe(path.read_text(encoding="utf-8"))
    doc = (root / "corpus/documents/demo-en.txt").read_text(encoding="utf-8")
    first = doc.index("the")
    assert data["entities"][0]["start"] == doc.index("the", first + 1)
    assert data["entities"][2]["start"] == doc.index("the operation")


def test_fix_never_touches_unparsable_files(make_corpus) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("yaml-syntax")
    before = (root / EN).read_bytes()
    notes = fix_file(root / EN, Layout(root))
    assert [n.kind for n in notes] == ["skipped"]
    assert (root / EN).read_bytes() == before


# --- property-based: random texts, random spans -------------------------------------

ALPHABET = string.ascii_letters + " .,'\n" + "éëïöüĳ" + "😀🇻🇪👍🏽" + "שלוםمرحبا"
words = st.text(alphabet=ALPHABET, min_size=1, max_size=12)


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(st.text(alphabet=ALPHABET, min_size=5, max_size=200))
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 30)))
        piece = text[start:end]
        if piece.strip() == piece and piece:
            spans.append((start, end))
    return text, spans


def write_corpus(root: Path, text: str, spans: list[tuple[int, int]], *, hints: bool) -> Path:
    from corpus_tools.anchor import occurrences
    from corpus_tools.io.spanfile import dump_span_file, empty_span_file
    from corpus_tools.model import EntityMention, Span

    (root / "corpus/documents").mkdir(parents=True, exist_ok=True)
    (root / "annotations/spans").mkdir(parents=True, exist_ok=True)
    (root / "corpus/documents/doc.txt").write_text(text, encoding="utf-8")
    entities = []
    for index, (start, end) in enumerate(spans):
        quote = text[start:end]
        occurrence = occurrences(text, quote).index(start) + 1 if hints else None
        entities.append(EntityMention(f"e{index}", "PERSON",
                                      Span(start, end, quote, occurrence=occurrence)))
    digest = hashlib.sha256(text.encode()).hexdigest()
    span_file = empty_span_file("doc", digest)
    from dataclasses import replace

    span_file = replace(span_file, entities=tuple(entities))
    path = root / "annotations/spans/doc.yaml"
    path.write_text(dump_span_file(span_file, "# a comment that must survive\n"),
                    encoding="utf-8")
    return path


def remove_offsets(path: Path) -> None:
    import re

    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\n\s+(start|end): \d+", "", text), encoding="utf-8")


PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(case=text_and_spans())
def test_property_fix_restores_offsets_with_hints(  # type: ignore[no-untyped-def]
    tmp_path_factory, case
) -> None:
    text, spans = case
    root = tmp_path_factory.mktemp("prop")
    path = write_corpus(root, text, spans, hints=True)
    original = path.read_text(encoding="utf-8")
    remove_offsets(path)
    notes = fix_file(path, Layout(root))
    assert all(n.is_change for n in notes)
    assert path.read_text(encoding="utf-8") == original
    assert fix_file(path, Layout(root)) == []  # idempotent
    assert path.read_text(encoding="utf-8").startswith("# a comment that must survive\n")


@PROPERTY
@given(case=text_and_spans())
def test_property_fix_without_hints_restores_unique_and_reports_the_rest(  # type: ignore[no-untyped-def]
    tmp_path_factory, case
) -> None:
    from corpus_tools.anchor import occurrences

    text, spans = case
    root = tmp_path_factory.mktemp("prop")
    path = write_corpus(root, text, spans, hints=False)
    remove_offsets(path)
    notes = fix_file(path, Layout(root))
    once = path.read_text(encoding="utf-8")
    data = load_safe(once)
    for index, (start, end) in enumerate(spans):
        entity = data["entities"][index]
        assert entity["text"] == text[start:end]  # nothing dropped or reordered
        if len(occurrences(text, text[start:end])) == 1:
            assert (entity["start"], entity["end"]) == (start, end)
        else:
            assert "start" not in entity
            assert any(n.span_id == f"e{index}" and n.kind == "ambiguous" for n in notes)
    fix_file(path, Layout(root))
    assert path.read_text(encoding="utf-8") == once  # idempotent
    assert once.startswith("# a comment that must survive\n")
