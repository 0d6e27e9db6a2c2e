"""Agreement on hand-made cases with known answers."""

from __future__ import annotations

import json
import shutil

import pytest

from corpus_tools.agreement import Agreement, Kappa, compare
from corpus_tools.cli import main
from corpus_tools.model import Attribution, Claim, EntityMention, Provenance, Span, SpanFile


def sp(start: int, end: int) -> Span:
    return Span(start, end, "x" * (end - start))


def span_file(entities=(), claims=(), attributions=()) -> SpanFile:  # type: ignore[no-untyped-def]
    return SpanFile("doc", "0" * 64, Provenance("single-pass"), entities=tuple(entities),
                    claims=tuple(claims), attributions=tuple(attributions))


def test_kappa_known_values() -> None:
    assert Kappa((("A", "A"), ("A", "A"), ("B", "B"), ("A", "B"))).kappa == pytest.approx(0.5)
    assert Kappa((("A", "A"), ("B", "B"))).kappa == pytest.approx(1.0)
    assert Kappa((("A", "B"), ("B", "A"))).kappa == pytest.approx(-1.0)
    assert Kappa((("X", "X"), ("X", "X"))).kappa is None  # chance agreement is 1
    assert Kappa().kappa is None and Kappa().observed is None


def test_entity_layer() -> None:
    a = span_file(entities=[EntityMention("e1", "PERSON", sp(0, 5)),
                            EntityMention("e2", "GPE", sp(10, 15)),
                            EntityMention("e3", "ORG", sp(20, 25))])
    b = span_file(entities=[EntityMention("e1", "PERSON", sp(0, 5)),
                            EntityMention("e2", "GPE", sp(10, 14)),
                            EntityMention("e3", "PERSON", sp(20, 25)),
                            EntityMention("e4", "DATE", sp(30, 35))])
    result = compare([(a, b)]).entities
    assert (result.exact.matched, result.exact.reference, result.exact.predicted) == (2, 3, 4)
    assert result.exact.f1 == pytest.approx(4 / 7)
    assert result.exact.precision == pytest.approx(0.5)
    assert result.exact.recall == pytest.approx(2 / 3)
    assert result.overlap.f1 == pytest.approx(6 / 7)
    label = result.attributes["label"]
    assert label.observed == pytest.approx(0.5) and label.kappa == pytest.approx(0.0)


def test_overlap_matching_is_one_to_one() -> None:
    a = span_file(entities=[EntityMention("e1", "ORG", sp(0, 10))])
    b = span_file(entities=[EntityMention("e1", "ORG", sp(0, 4)),
                            EntityMention("e2", "ORG", sp(5, 10))])
    overlap = compare([(a, b)]).entities.overlap
    assert (overlap.matched, overlap.reference, overlap.predicted) == (1, 1, 2)


def test_claim_attributes() -> None:
    a = span_file(claims=[Claim("c1", sp(0, 9), "event", True, "reported"),
                          Claim("c2", sp(10, 19), "intent", False, "disputed")])
    b = span_file(claims=[Claim("c1", sp(0, 9), "event", True, "asserted"),
                          Claim("c2", sp(10, 19), "prediction", False, "disputed")])
    claims = compare([(a, b)]).claims
    assert claims.exact.f1 == 1.0
    assert claims.attributes["kind"].observed == 0.5
    assert claims.attributes["kind"].kappa == pytest.approx(1 / 3)
    assert claims.attributes["checkworthy"].kappa == pytest.approx(1.0)
    assert claims.attributes["author_stance"].observed == 0.5


def test_attribution_roles_and_attributes() -> None:
    a = span_file(attributions=[Attribution("a1", cue=sp(5, 9), content=sp(10, 20),
                                            source=sp(0, 4), source_type="named_person",
                                            quote_type="direct")])
    b = span_file(attributions=[Attribution("a1", cue=sp(5, 9), content=sp(10, 19),
                                            source_type="unknown", quote_type="indirect")])
    result = compare([(a, b)])
    assert result.roles["source"].exact.f1 == 0.0
    assert result.roles["cue"].exact.f1 == 1.0
    assert result.roles["content"].exact.f1 == 0.0
    assert result.roles["content"].overlap.f1 == 1.0
    assert result.attributions.attributes["source_type"].observed == 0.0
    assert result.attributions.attributes["quote_type"].observed == 0.0


def test_identical_sets_agree_fully(make_corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    shutil.copytree(root / "annotations/spans", root / "annotations/passes/second")
    assert main(["agreement", "spans", "second", "--root", str(root), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == ["demo-en", "demo-en.nl.reference", "demo-nl",
                                   "demo-nl.en.reference"]
    assert report["entities"]["exact"]["f1"] == 1.0
    assert report["claims"]["attributes"]["author_stance"]["observed"] == 1.0
    assert report["attributions"]["roles"]["content"]["exact"]["f1"] == 1.0
    assert main(["agreement", "spans", "second", "--root", str(root)]) == 0
    assert "entities" in capsys.readouterr().out


def test_unknown_set_is_a_usage_error(make_corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_corpus()
    assert main(["agreement", "spans", "nope", "--root", str(root)]) == 2
    assert "neither a directory nor an annotation set" in capsys.readouterr().err


def test_agreement_accumulates_over_documents() -> None:
    a = span_file(entities=[EntityMention("e1", "PERSON", sp(0, 5))])
    b = span_file(entities=[EntityMention("e1", "PERSON", sp(0, 4))])
    total: Agreement = compare([(a, a), (a, b)])
    assert (total.entities.exact.matched, total.entities.exact.reference) == (1, 2)


def test_disagreements_are_listed_for_adjudication() -> None:
    a = span_file(entities=[EntityMention("e1", "PERSON", sp(0, 5)),
                            EntityMention("e2", "GPE", sp(10, 15)),
                            EntityMention("e3", "ORG", sp(20, 25))],
                  claims=[Claim("c1", sp(0, 9), "event", True, "reported")])
    b = span_file(entities=[EntityMention("e1", "ORG", sp(0, 5)),
                            EntityMention("e2", "GPE", sp(10, 14)),
                            EntityMention("e4", "DATE", sp(30, 35))],
                  claims=[Claim("c1", sp(0, 9), "event", True, "disputed")])
    found = {(d.layer, d.what, (d.a or "").split(" ")[0], (d.b or "").split(" ")[0])
             for d in compare([(a, b)]).disagreements}
    assert found == {
        ("entities", "label", "e1", "e1"),
        ("entities", "boundary", "e2", "e2"),
        ("entities", "only-in-a", "e3", ""),
        ("entities", "only-in-b", "", "e4"),
        ("claims", "author_stance", "c1", "c1"),
    }


def test_attribution_disagreements() -> None:
    a = span_file(attributions=[Attribution("a1", cue=sp(5, 9), content=sp(10, 20),
                                            source=sp(0, 4), source_type="named_person",
                                            quote_type="direct")])
    b = span_file(attributions=[Attribution("b1", cue=sp(5, 9), content=sp(10, 19),
                                            source=sp(0, 4), source_type="named_person",
                                            quote_type="direct")])
    (only,) = compare([(a, b)]).disagreements
    assert only.layer == "attributions" and only.what == "content"
