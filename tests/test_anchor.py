from __future__ import annotations

from corpus_tools.anchor import Anchored, Unresolved, anchor, occurrences

TEXT = "Trump said Trump would go. Trumps plan: Trump."


def test_occurrences_include_overlaps() -> None:
    assert occurrences("aaaa", "aa") == [0, 1, 2]
    assert occurrences("abc", "") == []


def test_valid_offsets_are_kept() -> None:
    assert anchor(TEXT, "Trump", start=11, end=16) == Anchored(11, 16)


def test_unique_quote_is_found() -> None:
    assert anchor(TEXT, "would go") == Anchored(17, 25)


def test_ambiguous_quote_is_reported_not_guessed() -> None:
    result = anchor(TEXT, "Trump")
    assert isinstance(result, Unresolved) and result.reason == "ambiguous"
    assert "occurs 4 times" in result.message


def test_occurrence_is_one_based() -> None:
    assert anchor(TEXT, "Trump", occurrence=2) == Anchored(11, 16)
    missing = anchor(TEXT, "Trump", occurrence=9)
    assert isinstance(missing, Unresolved) and missing.reason == "not-found"


def test_prefix_and_suffix_disambiguate() -> None:
    assert anchor(TEXT, "Trump", prefix="plan: ") == Anchored(40, 45)
    assert anchor(TEXT, "Trump", suffix="s plan") == Anchored(27, 32)
    assert anchor(TEXT, "Trump", prefix="said ", suffix=" would") == Anchored(11, 16)


def test_stale_offsets_are_reanchored_when_unique() -> None:
    edited = "Breaking: " + TEXT
    assert anchor(edited, "would go", start=17, end=25) == Anchored(27, 35)


def test_gone_quote() -> None:
    result = anchor(TEXT, "Maduro")
    assert isinstance(result, Unresolved) and result.reason == "not-found"
