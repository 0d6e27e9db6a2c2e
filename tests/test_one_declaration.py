"""The span-file format is declared once, in model.py: the committed JSON Schema, the
reader and writer, the labels and the dataset features all follow from that declaration.

The later tests add an optional attribute to claims the way a contributor would — one
field with its type, vocabulary and description — and show that every derived artefact
picks it up without another edit: the schema, reader and writer, the features and rows of
the layer's configs and of the alignments config, the translation-alignment check, and
what agreement and evaluation score."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import jsonschema
import pytest
from datasets import ClassLabel

from corpus_tools import labels, model, wire
from corpus_tools.checks.alignment import check_attributes
from corpus_tools.checks.spans import AlignmentContext, SpanContext
from corpus_tools.export.features import (
    ALIGNED_ITEM,
    CLAIM,
    DESCRIPTIONS,
    FEATURES,
    aligned_item,
    describe,
    layer_features,
)
from corpus_tools.export.rows import aligned_item_row
from corpus_tools.io.annotated import AnnotatedText
from corpus_tools.io.spanfile import span_file_from_data, span_file_to_data
from corpus_tools.model import Alignment, Provenance, Segment, Span, TextRef, doc
from corpus_tools.schema import load_schema, schema_path
from corpus_tools.tasks.predictions import PredictionError, _RowReader


def test_committed_schemas_follow_the_declaration() -> None:
    """Fails when model.py changed and `python -m corpus_tools.wire --write` was not run."""
    assert wire.stale_schemas() == []
    assert json.loads(schema_path("spans").read_text(encoding="utf-8")) == \
        wire.json_schema("spans")


def test_labels_and_features_are_the_declared_vocabularies() -> None:
    definitions = load_schema("spans")["definitions"]
    assert tuple(definitions["ClaimKind"]["enum"]) == labels.CLAIM_KINDS
    assert tuple(definitions["Shift"]["enum"]) == labels.SHIFTS
    assert definitions["EntityLabel"]["x-mappings"]["conll2003"] == labels.CONLL2003
    assert CLAIM["kind"] == ClassLabel(names=list(labels.CLAIM_KINDS))
    assert list(FEATURES["claims"]).count("note") == 1


def test_narrowing_checks_membership_in_the_declared_vocabulary() -> None:
    assert wire.narrow(model.ClaimKind, "event") == "event"
    assert wire.in_vocabulary("tool", model.AnnotatorKind)
    assert not wire.in_vocabulary("PER", model.EntityLabel)
    assert not wire.in_vocabulary(None, model.Shift)
    with pytest.raises(wire.VocabularyError) as named:
        wire.narrow(model.ClaimKind, "evnt")
    assert str(named.value) == ("'evnt' is not in ClaimKind (event, quantity, causal, intent, "
                                "prediction, existence)")
    assert named.value.allowed == labels.CLAIM_KINDS
    with pytest.raises(wire.VocabularyError) as unnamed:
        wire.narrow(model.AnnotatorKind, "x")
    assert str(unnamed.value) == "'x' is not one of human, language-model, tool"


# --- one new optional attribute, declared once ------------------------------------------

Confidence = Literal["low", "medium", "high"]


@dataclass(frozen=True)
class Claim(model.Claim):
    confidence: Confidence | None = field(default=None, metadata=doc(
        "How sure the annotator is that the span states a checkable proposition."))


@dataclass(frozen=True)
class SpanFile(model.SpanFile):
    claims: tuple[Claim, ...] = field(default=(), metadata=doc(required=True))


@pytest.fixture
def declared_with_confidence(monkeypatch: pytest.MonkeyPatch) -> None:
    _, extra, order = wire.DECLARED["spans"]
    monkeypatch.setitem(wire.DECLARED, "spans", (SpanFile, extra, order))


def _file(confidence: str) -> dict[str, Any]:
    sample = SpanFile("d", "0" * 64, Provenance("single-pass"), schema_version="1.1",
                      claims=(Claim("c1", Span(0, 5, "Rates"), "event", True, "asserted"),))
    data = wire.to_data(sample)
    data["claims"][0]["confidence"] = confidence
    return data


@pytest.mark.usefixtures("declared_with_confidence")
def test_a_new_claim_attribute_reaches_schema_reader_writer_and_features() -> None:
    schema = wire.json_schema("spans")
    claim_schema = schema["definitions"]["Claim"]
    assert claim_schema["properties"]["confidence"] == {
        "type": "string", "enum": ["low", "medium", "high"],
        "description": "How sure the annotator is that the span states a checkable "
                       "proposition."}
    assert "confidence" not in claim_schema["required"]
    # the committed schema does not know the field yet: the staleness test would fail
    assert wire.stale_schemas() == [schema_path("spans")]
    jsonschema.validate(_file("high"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_file("certain"), schema)
    with pytest.raises(jsonschema.ValidationError, match="confidence"):
        jsonschema.validate(_file("high"), load_schema("spans"))

    read = wire.from_data(SpanFile, _file("high"))
    assert read.claims[0].confidence == "high"
    written = wire.to_data(read)
    assert written["claims"][0]["confidence"] == "high"
    assert "confidence" not in wire.to_data(replace(read, claims=(
        replace(read.claims[0], confidence=None),)))["claims"][0]

    features = layer_features(Claim)
    assert features["confidence"] == ClassLabel(names=["low", "medium", "high"])
    assert list(features) == [*CLAIM, "confidence"]
    assert wire.feature_row(read.claims[0])["confidence"] == "high"


def test_the_span_file_reader_and_writer_are_inverse() -> None:
    data = _file("high")
    del data["claims"][0]["confidence"]
    assert span_file_to_data(span_file_from_data(data)) == data


def _claim(confidence: str | None, counterpart: str | None = None) -> Claim:
    return Claim("c1", Span(0, 5, "Rates"), "event", True, "asserted", confidence=confidence,
                 alignment=None if counterpart is None else Alignment((counterpart,)))


def test_a_new_claim_attribute_reaches_the_alignments_config() -> None:
    """wire.attributes: what an aligned item shares with its counterpart."""
    declared = [column for column, _ in wire.attributes(model.Claim)]
    assert declared[:4] == ["kind", "checkworthy", "author_stance", "cluster"]
    assert [column for column, _ in wire.attributes(Claim)] == [*declared, "confidence"]
    assert wire.closed_attributes(Claim) == (  # scored by kappa
        *wire.closed_attributes(model.Claim), "confidence")
    item = aligned_item((model.EntityMention, Claim, model.Attribution))
    assert item["confidence"] == ClassLabel(names=["low", "medium", "high"])
    after = list(ALIGNED_ITEM).index(declared[-1]) + 1  # after the claim's attributes
    assert list(item) == [*list(ALIGNED_ITEM)[:after], "confidence",
                          *list(ALIGNED_ITEM)[after:]]
    text = AnnotatedText(TextRef("d"), "en", "Rates rose.", (Segment("s1", 1, 0, 11,
                                                                     "Rates rose."),),
                         SpanFile("d", "0" * 64, Provenance("single-pass"),
                                  claims=(_claim("high"),)))
    row = aligned_item_row(text, _claim("high"))
    assert row["confidence"] == "high" and row["kind"] == "event" and row["label"] is None
    assert row["segment_ids"] == ["s1"]


def test_a_new_claim_attribute_is_checked_against_the_counterpart() -> None:
    original = SpanFile("d", "0" * 64, Provenance("single-pass"), claims=(_claim("low"),))

    def issues(confidence: str) -> list[str]:
        translation = SpanFile("d", "1" * 64, Provenance("single-pass"),
                               claims=(_claim(confidence, counterpart="c1"),),
                               translation=model.TranslationRef("nl", "reference"))
        ctx = SpanContext(translation, "d.nl.reference", None, None, None, AlignmentContext(
            "d.yaml", original, False, None, None))
        return [issue.message for issue in check_attributes(ctx)]

    assert issues("low") == []
    assert issues("high") == ["confidence 'high' but counterpart c1 has 'low'; align it, or "
                              "mark `shift: changed` with a shift_note"]


def test_a_layer_column_without_a_description_takes_the_declared_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(DESCRIPTIONS, "cluster")
    assert describe("claims", "cluster") == ("Corpus-wide id shared by claims making the same "
                                             "proposition.")


def test_a_new_claim_attribute_is_read_from_prediction_rows() -> None:
    reader = _RowReader(Path("rows.jsonl"), {})
    row = {"kind": "event", "checkworthy": True, "author_stance": 1, "confidence": "high"}
    assert reader.attributes(3, row, FEATURES["claims"], Claim) == {
        "kind": "event", "checkworthy": True, "author_stance": "reported",
        "confidence": "high"}
    del row["confidence"]  # optional: absent is None
    assert reader.attributes(3, row, FEATURES["claims"], Claim)["confidence"] is None
    with pytest.raises(PredictionError) as refused:
        reader.attributes(3, {**row, "confidence": "sure"}, FEATURES["claims"], Claim)
    assert str(refused.value) == "rows.jsonl:3: confidence: 'sure' is not one of low, medium, high"
    with pytest.raises(PredictionError, match="missing column 'kind'"):
        reader.attributes(3, {"author_stance": "reported"}, FEATURES["claims"], Claim)
