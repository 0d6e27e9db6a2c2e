"""The flat configs keep every link of the nested annotations and carry the columns the
documentation promises: all attribution links of a claim, the sentences an attribution's
content spans, Universal NER tags and the entity registry."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from corpus_tools.export.build import build
from corpus_tools.io.annotated import iter_annotated
from corpus_tools.io.corpus import load_registry
from corpus_tools.io.dataset import data_file
from corpus_tools.labels import UNIVERSAL_NER
from test_export import REPO, copy_corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_corpus(tmp_path_factory.mktemp("flat"))
    build(root)
    return root


def rows(root: Path, config: str) -> list[dict]:  # type: ignore[type-arg]
    return pq.read_table(root / data_file(config)).to_pylist()


def texts() -> list:  # type: ignore[type-arg]
    """Every annotated text, originals and translations."""
    return [t for d in iter_annotated(REPO) for t in d.texts]


def test_claims_keep_every_attribution_link(built: Path) -> None:
    links = {(t.text_id, claim, a.id) for t in texts()
             for a in t.spans.attributions for claim in a.claims}
    claims = rows(built, "claims")
    exported = [(r["text_id"], r["id"], a) for r in claims for a in r["attribution_ids"]]
    assert len(exported) == len(set(exported)) and set(exported) == links
    # claims linked by more than one attribution, which a single id would lose
    per_claim = Counter((doc, claim) for doc, claim, _ in links)
    multiple = sum(1 for r in claims if len(r["attribution_ids"]) > 1)
    assert multiple == sum(1 for n in per_claim.values() if n > 1) > 0
    depth = {(r["text_id"], r["id"]): r["chain_depth"] for r in rows(built, "attributions")}
    for r in claims:  # outermost first
        depths = [depth[r["text_id"], a] for a in r["attribution_ids"]]
        assert depths == sorted(depths), r["id"]


def test_attributions_give_the_sentences_of_their_content(built: Path) -> None:
    segments = {(t.text_id, s.id): s for t in texts() for s in t.segments}
    past_the_cue = 0
    for r in rows(built, "attributions"):
        content, ids = r["content"], r["content_sentence_ids"]
        spans = [segments[r["text_id"], i] for i in ids]
        assert spans and all(s.start < content["end"] and content["start"] < s.end
                             for s in spans), r["id"]
        assert spans[0].start <= content["start"] and content["end"] <= spans[-1].end, r["id"]
        cue = segments[r["text_id"], r["sentence_id"]]
        assert cue.start <= r["cue"]["start"] < cue.end and r["sentence"] == cue.text
        past_the_cue += ids != [r["sentence_id"]]
    assert past_the_cue > 0  # the case the column exists for occurs in the corpus


def test_uner_tags_rebuild_the_mapped_entities(built: Path) -> None:
    from seqeval.metrics.sequence_labeling import get_entities

    expected = {(t.text_id, e.span.start, e.span.end, UNIVERSAL_NER[e.label])
                for t in texts() for e in t.spans.entities
                if UNIVERSAL_NER[e.label] is not None}
    found = set()
    for r in rows(built, "ner"):
        for label, first, last in get_entities(r["uner_tags"]):
            found.add((r["text_id"], r["token_starts"][first], r["token_ends"][last], label))
    assert found == expected and {label for *_, label in found} == {"PER", "ORG", "LOC"}


def test_registry_config_lists_every_entry_with_its_mentions(built: Path) -> None:
    registry = load_registry(REPO)
    published = rows(built, "registry")
    assert [r["id"] for r in published] == [e.id for e in registry.entries]
    assert [r["type"] for r in published] == [e.type for e in registry.entries]
    for row, entry in zip(published, registry.entries, strict=True):
        assert row["names"] == {code: entry.names.get(code) for code in ("en", "nl")}
    # mentions in the originals (the entries' counts say so)
    linked = Counter((r["registry_id"], r["language"]) for r in rows(built, "entities")
                     if r["registry_id"] and r["text_kind"] == "original")
    assert {(r["id"], code): n for r in published for code, n in r["mentions"].items()
            if n} == dict(linked)
