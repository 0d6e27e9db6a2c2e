"""Round trips through brat, Label Studio and INCEpTION, over the corpus and over English,
Dutch, emoji and right-to-left text; offsets in each format's own unit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import REPO
from corpus_tools.interchange import FORMATS
from corpus_tools.interchange.base import ExchangeDocument, Format, InterchangeError, Layers
from corpus_tools.interchange.brat import fragments
from corpus_tools.interchange.canonical import assign_ids, canonical_hints
from corpus_tools.interchange.offsets import OffsetError, Utf16Offsets
from corpus_tools.io.corpus import iter_documents
from corpus_tools.model import Alignment
from interchange_samples import (
    TEXT,
    unicode_document,
    unicode_translation_document,
    with_every_attribute,
)


def canonical(doc: ExchangeDocument, fmt: Format) -> Layers:
    """What a round trip must preserve: everything, with ids compared only where the format
    carries them and anchoring hints in their one canonical form."""
    layers, _ = assign_ids(canonical_hints(doc.layers, doc.text), keep=fmt.carries_ids)
    return layers


def corpus_documents() -> list[ExchangeDocument]:
    return [ExchangeDocument(b.meta.doc_id, b.text, Layers.of(b.spans))
            for b in iter_documents(REPO)]


def round_trip(fmt: Format, docs: list[ExchangeDocument],
               tmp_path: Path) -> dict[str, ExchangeDocument]:
    fmt.write(docs, tmp_path)
    return {doc.doc_id: doc for doc in fmt.read(tmp_path).documents}


# --- offsets ---------------------------------------------------------------------------------

def test_utf16_offsets_count_astral_characters_twice() -> None:
    text = "a🇻🇪b שלום é"
    offsets = Utf16Offsets(text)
    assert [offsets.to_utf16(i) for i in range(len(text) + 1)] == \
        [len(text[:i].encode("utf-16-le")) // 2 for i in range(len(text) + 1)]
    assert all(offsets.to_code_point(offsets.to_utf16(i)) == i for i in range(len(text) + 1))
    assert not offsets.is_identity and Utf16Offsets("België שלום").is_identity


def test_utf16_offset_inside_a_surrogate_pair_is_an_error() -> None:
    offsets = Utf16Offsets("a🙂b")
    with pytest.raises(OffsetError, match="surrogate"):
        offsets.to_code_point(2)
    with pytest.raises(OffsetError):
        offsets.to_utf16(4)


def test_brat_fragments_split_at_line_breaks() -> None:
    assert fragments("ab\n\ncd\ne", 0, 8) == [(0, 2), (4, 6), (7, 8)]
    assert fragments("abc", 1, 3) == [(1, 3)]


# --- round trips ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(FORMATS))
def test_round_trip_over_unicode_text(name: str, tmp_path: Path) -> None:
    fmt = FORMATS[name]
    doc = with_every_attribute(unicode_document())
    back = round_trip(fmt, [doc], tmp_path)[doc.doc_id]
    assert back.text == TEXT
    assert canonical(back, fmt) == canonical(doc, fmt)
    if fmt.carries_ids:
        assert [e.id for e in back.layers.entities] == [e.id for e in doc.layers.entities]


def without_alignment(layers: Layers) -> Layers:
    return Layers(tuple(replace(e, alignment=None) for e in layers.entities),
                  tuple(replace(c, alignment=None) for c in layers.claims),
                  tuple(replace(a, alignment=None) for a in layers.attributions))


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_round_trip_of_a_translation_side_text(name: str, tmp_path: Path) -> None:
    """A translation is a text like any other; its alignment fields survive wherever the
    format has a place for them, and the format says where it has none."""
    fmt = FORMATS[name]
    doc = unicode_translation_document()
    back = round_trip(fmt, [doc, unicode_document()], tmp_path)
    assert sorted(back) == ["unicode-sample", "unicode-sample.nl.reference"]
    assert back[doc.doc_id].text == TEXT
    expected, got = canonical(doc, fmt), canonical(back[doc.doc_id], fmt)
    if "counterpart" in fmt.loses:
        assert got == without_alignment(expected) and got != expected
    else:
        assert got == expected
        assert got.entities[2].alignment == Alignment((), "added", "אין מקבילה — لا مقابل")


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_round_trip_over_the_corpus(name: str, tmp_path: Path) -> None:
    fmt = FORMATS[name]
    docs = corpus_documents()
    back = round_trip(fmt, docs, tmp_path)
    assert sorted(back) == sorted(d.doc_id for d in docs)
    for doc in docs:
        assert canonical(back[doc.doc_id], fmt) == canonical(doc, fmt), doc.doc_id


def test_a_changed_annotation_does_not_survive_the_comparison(tmp_path: Path) -> None:
    """The round-trip comparison can fail: a different label is noticed."""
    fmt = FORMATS["labelstudio"]
    doc = unicode_document()
    back = round_trip(fmt, [doc], tmp_path)[doc.doc_id]
    changed = replace(doc, layers=replace(doc.layers, entities=(
        replace(doc.layers.entities[0], label="ORG"), *doc.layers.entities[1:])))
    assert canonical(back, fmt) != canonical(changed, fmt)


# --- offsets in each format's own unit ---------------------------------------------------------

def test_inception_xmi_offsets_are_utf16(tmp_path: Path) -> None:
    doc = unicode_document()
    FORMATS["inception"].write([doc], tmp_path)
    root = ET.parse(tmp_path / f"{doc.doc_id}.xmi").getroot()
    offsets = Utf16Offsets(TEXT)
    text_utf16 = TEXT.encode("utf-16-le")
    begins = {}
    for element in root:
        if element.tag.endswith("EntityMention"):
            begin, end = int(element.attrib["begin"]), int(element.attrib["end"])
            covered = text_utf16[2 * begin: 2 * end].decode("utf-16-le")
            begins[covered] = begin
    venezuela = TEXT.index("Venezuela")
    # one flag (two astral code points) precedes it: two UTF-16 units more than code points
    assert begins["Venezuela"] == venezuela + 2 == offsets.to_utf16(venezuela)
    assert set(begins) == {e.span.text for e in doc.layers.entities}


def test_brat_and_label_studio_offsets_are_code_points(tmp_path: Path) -> None:
    doc = unicode_document()
    FORMATS["brat"].write([doc], tmp_path / "brat")
    ann = (tmp_path / "brat" / f"{doc.doc_id}.ann").read_text(encoding="utf-8")
    venezuela = TEXT.index("Venezuela")
    assert f"GPE {venezuela} {venezuela + 9}\tVenezuela" in ann
    FORMATS["labelstudio"].write([doc], tmp_path / "ls")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text(encoding="utf-8"))
    region = next(r for r in tasks[0]["annotations"][0]["result"] if r["id"] == "e2")
    assert (region["value"]["start"], region["value"]["text"]) == (venezuela, "Venezuela")


def test_label_studio_import_converts_utf16_offsets_of_older_versions(tmp_path: Path) -> None:
    doc = unicode_document()
    fmt = FORMATS["labelstudio"]
    fmt.write([doc], tmp_path)
    path = tmp_path / "tasks.json"
    tasks = json.loads(path.read_text(encoding="utf-8"))
    offsets = Utf16Offsets(TEXT)
    for item in tasks[0]["annotations"][0]["result"]:
        value = item.get("value", {})
        if "start" in value:
            value["start"], value["end"] = (offsets.to_utf16(value["start"]),
                                            offsets.to_utf16(value["end"]))
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    read = fmt.read(tmp_path)
    assert canonical(read.documents[0], fmt) == canonical(doc, fmt)
    assert any("UTF-16 offsets" in w for w in read.warnings)


# --- what brat loses, and says it loses ---------------------------------------------------------

def test_brat_renumbers_ids_and_says_so(tmp_path: Path) -> None:
    doc = unicode_document()
    renamed = replace(doc, layers=assign_ids(
        Layers(*(tuple(replace(x, id=f"x{x.id}") for x in layer)  # type: ignore[attr-defined]
                 for layer in (doc.layers.entities, doc.layers.claims)), ()), keep=True)[0])
    back = round_trip(FORMATS["brat"], [renamed], tmp_path)[doc.doc_id]
    ids, _ = assign_ids(back.layers, keep=False)
    assert [e.id for e in ids.entities] == [f"e{i}" for i in range(1, 7)]
    assert "ids" in FORMATS["brat"].loses and not FORMATS["brat"].carries_ids


def test_every_format_states_what_it_loses() -> None:
    for fmt in FORMATS.values():
        assert fmt.loses, fmt.name


def test_interchange_error_is_one_line() -> None:
    error = InterchangeError("x.ann", "import-malformed", "bad", line=3, item="T1")
    assert str(error) == "x.ann:3: [import-malformed] T1: bad"
