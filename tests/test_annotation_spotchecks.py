"""Spot checks of the final set, a handful of annotations per document, so an accidental
edit shows up. Each was checked by a language model against the text and the guidelines
rule named (no person verified them)."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from corpus_tools.checks.structure import parse_yaml_file
from corpus_tools.io.spanfile import span_file_from_data
from corpus_tools.model import Attribution, Claim, EntityMention, SpanFile

SPANS = Path(__file__).resolve().parents[1] / "annotations" / "spans"
DOCS = ("zerohedge-regime-change-goal", "white-house-push-to-oust-maduro",
        "moonofalabama-nl-aanval-venezuela", "trump-refuses-to-rule-out-troops",
        "rookgordijn-trump-rubio")


@cache
def load(doc: str) -> SpanFile:
    data, issues = parse_yaml_file((SPANS / f"{doc}.yaml").read_bytes(), "spans")
    assert not issues
    return span_file_from_data(data)


def entity(doc: str, text: str, start: int) -> EntityMention:
    (found,) = [e for e in load(doc).entities if e.span.text == text and e.span.start == start]
    return found


def claim(doc: str, text: str) -> Claim:
    (found,) = [c for c in load(doc).claims if c.span.text == text]
    return found


def attribution(doc: str, cue: str, content_prefix: str) -> Attribution:
    (found,) = [a for a in load(doc).attributions
                if a.cue.text == cue and a.content.text.startswith(content_prefix)]
    return found


@pytest.mark.parametrize("doc", DOCS)
def test_every_layer_is_non_empty(doc: str) -> None:
    span_file = load(doc)
    assert span_file.entities and span_file.claims and span_file.attributions


def test_provenance_matches_the_passes() -> None:
    statuses = Counter(load(doc).provenance.status for doc in DOCS)
    assert statuses == {"adjudicated": 2, "single-pass": 3}
    for doc in DOCS:
        assert all(a.kind == "language-model" for a in load(doc).provenance.annotators)


def test_zerohedge() -> None:
    doc = "zerohedge-regime-change-goal"
    a = attribution(doc, "told", "the real goal of the US military buildup")
    assert (a.source and a.source.text) == "US officials" and a.source_type == "anonymous"
    assert claim(doc, "Maduro is the leader of a drug cartel").author_stance == "disputed"
    alleged = attribution(doc, "allegedly", "running drugs in the Caribbean")
    assert alleged.source is None and alleged.source_type == "unknown"
    report = attribution(doc, "reads:", "Several current and former military officials")
    assert report.source_type == "news_outlet" and report.quote_type == "direct"
    assert entity(doc, "$50 million", 2175).label == "MONEY"
    assert entity(doc, "Marco Rubio", 318).entity == "marco-rubio"


def test_white_house() -> None:
    doc = "white-house-push-to-oust-maduro"
    reported = attribution(doc, "reportedly", "want President Donald Trump")
    assert reported.source is None and reported.source_type == "unknown"
    excerpt = attribution(doc, "From", "The push by top aides")
    assert excerpt.source_type == "news_outlet" and excerpt.quote_type == "direct"
    officials = attribution(doc, "say", "The push by top aides")
    assert officials.parent == excerpt.id and officials.source_type == "anonymous"
    assert entity(doc, "Edmundo González", 2560).entity == "edmundo-gonzalez"
    assert entity(doc, "more than 6,500", 1115).label == "CARDINAL"
    strategy = claim(doc, "The administration has intensified its broader counternarcotics "
                          "strategy against Venezuela")
    assert strategy.checkworthy is False  # adjudication D1


def test_moon_of_alabama() -> None:
    doc = "moonofalabama-nl-aanval-venezuela"
    herald = attribution(doc, "zo vertelden", "De regering-Trump heeft besloten")
    assert herald.source_type == "anonymous" and herald.parent is not None
    assert entity(doc, "Trump", 1887).label == "PERSON"  # in "regering-Trump"
    assert entity(doc, "S-300", 3972).label == "PRODUCT"
    assert entity(doc, "ongeveer 20", 6635).label == "CARDINAL"
    assert entity(doc, "Wall Street Journal", 3272).entity == "the-wall-street-journal"
    assert claim(doc, "Het Amerikaanse leger is niet in staat om het binnen te vallen, te "
                      "bezetten en te controleren").kind == "event"  # adjudication D2
    led = [c for c in load(doc).claims if c.span.text.startswith("wordt geleid door")]
    assert [c.author_stance for c in led] == ["disputed"]  # H16


def test_trump_troops() -> None:
    doc = "trump-refuses-to-rule-out-troops"
    quote = attribution(doc, "said", "No, I don’t rule out that")
    assert quote.quote_type == "direct" and quote.source_type == "named_person"
    assert quote.content.text.endswith("anything,")  # final punctuation inside the quote
    indicated = attribution(doc, "indicated", "he wants talks with the US")
    according = attribution(doc, "according to", "Maduro has indicated")
    assert indicated.parent == according.id
    assert entity(doc, "Kristi Noem", 2090).entity == "kristi-noem"
    assert entity(doc, "Tren de Aragua", 2141).label == "ORG"
    assert entity(doc, "at least 21", 1273).label == "CARDINAL"


def test_rookgordijn() -> None:
    doc = "rookgordijn-trump-rubio"
    report = attribution(doc, "volgens", "Meer dan 80%")
    assert report.source_type == "document"
    assert (report.source and report.source.text) == (
        "het World Drug Report 2025 van de Verenigde Naties")
    assert entity(doc, "Verenigde Staten", 52).entity == "united-states"
    assert entity(doc, "Meer dan 80%", 2175).label == "PERCENT"
    assert entity(doc, "Trump", 259).label == "PERSON"  # in "Trump-regering"
    assert claim(doc, "de leider te zijn van het Kartel van de Zonnen").author_stance == "disputed"
    accusation = attribution(doc, "beschuldiging", "de Venezolaanse regering banden heeft")
    assert accusation.source is None and accusation.source_type == "unknown"  # K7


def test_cross_lingual_registry_links() -> None:
    linked = {doc: {e.entity for e in load(doc).entities} for doc in DOCS}
    for entry in ("united-states", "venezuela", "nicolas-maduro", "donald-trump"):
        assert all(entry in ids for ids in linked.values()), entry
    assert "miami-herald" in linked["moonofalabama-nl-aanval-venezuela"]
    assert "miami-herald" in linked["rookgordijn-trump-rubio"]


def test_claim_clusters_link_documents_and_languages() -> None:
    clusters: dict[str, set[str]] = {}
    for doc in DOCS:
        for c in load(doc).claims:
            if c.cluster:
                clusters.setdefault(c.cluster, set()).add(doc)
    assert len(clusters["us-goal-regime-change"]) >= 2
    assert {"zerohedge-regime-change-goal", "moonofalabama-nl-aanval-venezuela"} <= clusters[
        "drugs-pretext-for-attack"]
