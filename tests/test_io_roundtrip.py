"""Round trips for every file format, over English, Dutch, emoji and right-to-left text."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import BASE
from corpus_tools.checks.structure import schema_issues
from corpus_tools.io.metadata import dump_meta, meta_from_data
from corpus_tools.io.registry import dump_registry, registry_from_data
from corpus_tools.io.spanfile import dump_span_file, span_file_from_data
from corpus_tools.io.yamlio import dump_round_trip, load_round_trip, load_safe
from corpus_tools.model import (
    Alignment,
    Annotator,
    ArgosPackage,
    Attribution,
    Claim,
    DocumentMeta,
    Dropped,
    EntityMention,
    Evidenced,
    MachineProvenance,
    Provenance,
    ReferenceProvenance,
    Registry,
    RegistryEntry,
    Span,
    SpanFile,
    TranslationRef,
    Translator,
    Unstated,
)

REFERENCE = ReferenceProvenance((Translator("t", "human"),), "2026-11-21")

SAMPLES = {
    "english": "President Trump said: “We just have to take care of Venezuela.”",
    "dutch": "Volgens de regering-Trumps functionarissen zeiden ‘bronnen’ dat België ñ ë ĳ…",
    "emoji": "Maduro 🇻🇪 vs Trump 🇺🇸 — 👍🏽 family 👨‍👩‍👧 \"quoted\" 'single' \\ backslash",
    "rtl": "قالت مصادر إن فنزويلا ‏(Venezuela)‏ — אמר טראמפ: \"שלום\"",
}


def span_file_over(text: str) -> SpanFile:
    words = text.split()
    first, last = words[0], words[-1]
    s1 = text.index(first)
    s2 = text.rindex(last)
    middle = text[s1 : s2 + len(last)]
    return SpanFile(
        doc_id="sample",
        text_sha256="0" * 64,
        provenance=Provenance("single-pass", (Annotator("a", "human", "first-pass", "ok"),),
                              "1.0", "note with ü and 🇻🇪"),
        entities=(EntityMention("e1", "PERSON", Span(s1, s1 + len(first), first), "some-id",
                                note=last),),
        claims=(Claim("c1", Span(s1, s2 + len(last), middle, occurrence=1, prefix=" ",
                                 suffix=last), "event", True, "disputed", "cluster-1"),),
        attributions=(Attribution("a1", cue=Span(s1, s1 + len(first), first),
                                  content=Span(s2, s2 + len(last), last),
                                  source_type="named_person", quote_type="mixed",
                                  source=Span(s1, s1 + len(first), first), source_mention="e1",
                                  parent=None, claims=("c1",), note=middle),),
    )


@pytest.mark.parametrize("name", SAMPLES)
def test_span_file_round_trip(name: str) -> None:
    original = span_file_over(SAMPLES[name])
    text = dump_span_file(original, "# comment\n")
    data = load_safe(text)
    assert schema_issues(data, "spans") == []
    assert span_file_from_data(data) == original
    # the serialised form is stable: dump(load(dump(x))) == dump(x)
    assert dump_round_trip(load_round_trip(text)) == text


def translation_side_over(text: str) -> SpanFile:
    """A translation-side file over ``text``: every alignment field, every shift, a drop."""
    sample = span_file_over(text)
    return replace(
        sample,
        schema_version="1.1",
        translation=TranslationRef("nl", "argos-en-nl-1.9"),
        entities=tuple(replace(e, alignment=Alignment(("e1", "e2"), "merged", text))
                       for e in sample.entities),
        claims=tuple(replace(c, alignment=Alignment((), "added", "no counterpart: " + text))
                     for c in sample.claims),
        attributions=tuple(replace(a, alignment=Alignment(("a1",))) for a in sample.attributions),
        dropped=(Dropped("c9", text), Dropped("e7", "“recent days” left out")),
    )


@pytest.mark.parametrize("name", SAMPLES)
def test_translation_side_span_file_round_trip(name: str) -> None:
    original = translation_side_over(SAMPLES[name])
    text = dump_span_file(original, "# comment\n")
    data = load_safe(text)
    assert schema_issues(data, "spans") == []
    assert span_file_from_data(data) == original
    assert span_file_from_data(data).text.text_id == "sample.nl.argos-en-nl-1.9"
    assert dump_round_trip(load_round_trip(text)) == text
    assert "counterpart: [e1, e2]" in text  # flow style: one item, one line of ids


def test_translation_side_fields_are_not_in_schema_1_0() -> None:
    data = load_safe(dump_span_file(replace(translation_side_over(SAMPLES["dutch"]),
                                            schema_version="1.0"), ""))
    unknown = {issue.path[-1] for issue in schema_issues(data, "spans")
               if issue.check == "unknown-field"}
    assert unknown == {"translation", "dropped", "counterpart", "shift", "shift_note"}


@pytest.mark.parametrize("name", SAMPLES)
def test_target_text_joins_translated_segments_with_the_originals_separators(
        name: str) -> None:
    from corpus_tools.io.texts import NoTargetText, target_text, translation_text
    from corpus_tools.model import Segment, Segmentation, TranslatedSegment, Translation

    original = "\nFirst sentence.  Second one.\n\nThird.\n"
    spans = [(1, 16), (18, 29), (31, 37)]
    segmentation = Segmentation("sample", "0" * 64, "test", tuple(
        Segment(f"s{i}", 1 + (i == 3), start, end, original[start:end])
        for i, (start, end) in enumerate(spans, 1)))
    rendered = [SAMPLES[name], "Tweede.", SAMPLES[name][::-1]]
    translation = Translation("sample", "en", "nl", "reference", "0" * 64, REFERENCE, tuple(
        TranslatedSegment(f"s{i}", t) for i, t in enumerate(rendered, 1)))
    built = target_text(translation, segmentation, original)
    assert built.text == f"\n{rendered[0]}  Tweede.\n\n{rendered[2]}\n"
    assert translation_text(translation, segmentation, original) == built.text
    assert [built.text[s.start:s.end] for s in built.segments] == rendered
    with pytest.raises(NoTargetText):
        target_text(replace(translation, segments=translation.segments[::-1]), segmentation,
                    original)


@pytest.mark.parametrize("name", SAMPLES)
def test_metadata_round_trip(name: str) -> None:
    meta = DocumentMeta(
        doc_id="sample", language="nl", title=Evidenced(SAMPLES[name], SAMPLES[name]),
        outlet=Unstated(reason=SAMPLES[name]), author=Unstated(reason="none"),
        date=Evidenced("2025-09-30", "30 september 2025"),
        original_language=Evidenced("en", "Bron: x"), source_file="x 🇻🇪.txt",
        sha256="a" * 64, length_chars=10, length_bytes=12, note=SAMPLES[name],
    )
    text = dump_meta(meta, "")
    assert schema_issues(load_safe(text), "metadata") == []
    assert meta_from_data(load_safe(text)) == meta


@pytest.mark.parametrize("name", SAMPLES)
def test_registry_round_trip(name: str) -> None:
    registry = Registry((RegistryEntry("x", "PERSON", {"en": SAMPLES[name], "nl": "n"},
                                       SAMPLES[name]),))
    text = dump_registry(registry, "")
    assert schema_issues(load_safe(text), "registry") == []
    assert registry_from_data(load_safe(text)) == registry


@pytest.mark.parametrize("path", sorted(BASE.rglob("*.yaml")), ids=lambda p: p.name)
def test_committed_yaml_is_a_fixed_point(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert dump_round_trip(load_round_trip(text)) == text


def test_repository_yaml_is_a_fixed_point() -> None:
    root = Path(__file__).resolve().parents[1]
    files = [*root.glob("corpus/documents/*.yaml"), *root.glob("annotations/**/*.yaml")]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert dump_round_trip(load_round_trip(text)) == text, path


@pytest.mark.parametrize("name", SAMPLES)
def test_translation_round_trip(name: str) -> None:
    from corpus_tools.io.translations import dump_translation, translation_from_data
    from corpus_tools.model import TranslatedSegment, Translation

    translation = Translation(
        doc_id="sample", source_language="en", target_language="nl", system="argos-en-nl-1.9",
        source_sha256="b" * 64,
        provenance=MachineProvenance(
            "argostranslate", ArgosPackage("translate-en_nl", "1.9", "c" * 64),
            {"argostranslate": "1.11.0", "ctranslate2": "4.6.0"},
            {"beam_size": 4, "note": SAMPLES[name]}, "2026-11-21", note=SAMPLES[name]),
        segments=(TranslatedSegment("s1", SAMPLES[name]),
                  TranslatedSegment("s2", SAMPLES[name][::-1], note=SAMPLES[name])),
    )
    text = dump_translation(translation, "# c\n")
    assert schema_issues(load_safe(text), "translation") == []
    assert translation_from_data(load_safe(text)) == translation
    assert dump_round_trip(load_round_trip(text)) == text


def test_atomic_write_gives_new_files_the_umask_mode_and_keeps_a_replaced_files_mode(
        tmp_path: Path) -> None:
    from corpus_tools.io.yamlio import atomic_write, atomic_writer

    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.yaml"
        atomic_write(fresh, "a: 1\n")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.yaml"
        kept.write_text("old\n", encoding="utf-8")
        kept.chmod(0o640)
        atomic_write(kept, "new\n")
        assert (kept.stat().st_mode & 0o777, kept.read_text(encoding="utf-8")) == (0o640, "new\n")
        with pytest.raises(RuntimeError), atomic_writer(kept) as handle:
            handle.write(b"half")
            raise RuntimeError("interrupted")
        assert kept.read_text(encoding="utf-8") == "new\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.yaml", "kept.yaml"]
    finally:
        os.umask(umask)
