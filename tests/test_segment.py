"""Segmentation: deterministic, tiles the text, stored files round-trip and are never
overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_tools.checks.segments import tiling_problems
from corpus_tools.cli import main
from corpus_tools.io.segments import dump_segmentation, segmentation_from_data
from corpus_tools.io.yamlio import dump_round_trip, load_round_trip, load_safe
from corpus_tools.segment import segment_text, segmentation_of

REPO = Path(__file__).resolve().parents[1]
SAMPLES = {
    "english": ("en", "Mr. Rubio said so. The U.S. sent 8 ships!\n\n‘Yes,’ he said. Done?"),
    "dutch": ("nl", "Volgens de VS is het zo. Dat meldt o.a. de krant.\n  1. Venezuela.\n"),
    "emoji": ("en", "Ships 🚢 arrived. Everyone cheered 🎉🇻🇪! Then silence."),
    "rtl": ("en", "He said שלום עולם. Then مرحبا بالعالم was heard."),
}


@pytest.mark.parametrize("name", SAMPLES)
def test_segments_tile_and_round_trip(name: str) -> None:
    language, text = SAMPLES[name]
    segmentation = segmentation_of("sample", text, language)
    assert segmentation.segments and tiling_problems(text, segmentation.segments) == []
    assert segmentation_of("sample", text, language) == segmentation  # deterministic
    dumped = dump_segmentation(segmentation, "# c\n")
    assert segmentation_from_data(load_safe(dumped)) == segmentation
    assert dump_round_trip(load_round_trip(dumped)) == dumped


def test_paragraphs_are_lines() -> None:
    segments = segment_text("One. Two.\n\nThree.\n", "en")
    assert [(s.paragraph, s.text) for s in segments] == [(1, "One."), (1, "Two."), (2, "Three.")]


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="ab .!?\n‘’“”é🇻🇪של", max_size=120))
def test_property_segments_always_tile(text: str) -> None:
    assert tiling_problems(text, segment_text(text, "en")) == []


def test_tiling_problems_are_found() -> None:
    text = "One. Two."
    (first, second) = segment_text(text, "en")
    assert tiling_problems(text, (first,)) != []  # "Two." left out
    assert tiling_problems(text, (second, first)) != []  # out of order


def test_repository_segmentations_are_current() -> None:
    for path in sorted((REPO / "corpus" / "segments").glob("*.yaml")):
        stored = segmentation_from_data(load_safe(path.read_text(encoding="utf-8")))
        text = (REPO / "corpus" / "documents" / f"{stored.doc_id}.txt").read_text(encoding="utf-8")
        language = load_safe((REPO / "corpus" / "documents" / f"{stored.doc_id}.meta.yaml")
                             .read_text(encoding="utf-8"))["language"]
        assert segment_text(text, language) == stored.segments


def test_segment_cli_never_overwrites(make_corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus("missing-segments")
    assert main(["segment", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "demo-en: wrote corpus/segments/demo-en.yaml" in out
    assert "demo-nl: kept the stored segmentation" in out
    assert main(["validate", str(root)]) == 0
    assert main(["segment", "../evil", "--root", str(root)]) == 1
    assert "unsafe document id" in capsys.readouterr().err
