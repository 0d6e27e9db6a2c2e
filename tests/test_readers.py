"""Readers other than `datasets` get what `datasets` users get: label names, integer
offsets, structured provenance, straight from the committed data/."""

from __future__ import annotations

from pathlib import Path

import datasets
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from huggingface_hub import DatasetCardData

from corpus_tools.export.features import FEATURES, NER_TAGS, TRANSLATION_PROVENANCE
from corpus_tools.export.parquet import stored_features
from corpus_tools.io.corpus import iter_documents
from corpus_tools.io.dataset import SPLIT, data_file
from corpus_tools.labels import ENTITY_LABELS
from test_export import REPO


def parquet(config: str) -> str:
    return str(REPO / data_file(config))


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)


def test_datasets_casts_label_names_to_the_declared_class_label(tmp_path: Path) -> None:
    """The measurement the storage relies on: string columns (top level, in lists and in
    structs) load as the ClassLabel the card declares, names mapped to their indices."""
    features = datasets.Features({
        "language": datasets.ClassLabel(names=["en", "nl"]),
        "tags": datasets.List(datasets.ClassLabel(names=["O", "B-X"])),
        "span": {"label": datasets.ClassLabel(names=["A", "B"])},
    })
    (tmp_path / "data").mkdir()
    pq.write_table(pa.table({"language": ["nl", "en"], "tags": [["O", "B-X"], ["B-X"]],
                             "span": [{"label": "B"}, {"label": "A"}]}),
                   tmp_path / "data/x.parquet")
    card = DatasetCardData(configs=[{"config_name": "default",
                                     "data_files": [{"split": SPLIT, "path": "data/x.parquet"}]}])
    datasets.info.DatasetInfosDict({"default": datasets.DatasetInfo(
        features=features, config_name="default")}).to_dataset_card_data(card)
    (tmp_path / "README.md").write_text(f"---\n{card.to_yaml()}\n---\n", encoding="utf-8")
    loaded = datasets.load_dataset(str(tmp_path), split=SPLIT, cache_dir=str(tmp_path / "c"))
    assert loaded.features == features
    assert loaded[:] == {"language": [1, 0], "tags": [[0, 1], [1]],
                         "span": [{"label": 1}, {"label": 0}]}


@pytest.mark.parametrize("config", list(FEATURES))
def test_labels_are_stored_as_names(config: str) -> None:
    assert pq.read_schema(parquet(config)).remove_metadata() == \
        stored_features(FEATURES[config]).arrow_schema.remove_metadata()


def test_polars_reads_label_names() -> None:
    import polars as pl

    entities = pl.read_parquet(parquet("entities"))
    assert entities.schema["label"] == pl.String
    assert set(entities["label"].unique()) <= set(ENTITY_LABELS)
    assert set(entities["language"].unique()) == {"en", "nl"}
    ner = pl.read_parquet(parquet("ner"))
    tags = set(ner["ner_tags"].explode().unique())
    assert "B-PERSON" in tags and tags <= set(NER_TAGS)
    assert set(ner["uner_tags"].explode().unique()) >= {"O", "B-PER", "I-PER"}


def test_duckdb_reads_label_names() -> None:
    import duckdb

    by_label = dict(duckdb.sql(f"SELECT label, count(*) FROM '{parquet('entities')}' "
                               "WHERE text_kind = 'original' GROUP BY label").fetchall())
    expected: dict[str, int] = {}
    for doc in iter_documents(REPO):
        for entity in doc.spans.entities:
            expected[entity.label] = expected.get(entity.label, 0) + 1
    assert by_label == expected
    kinds = duckdb.sql(f"SELECT DISTINCT source_type FROM '{parquet('attributions')}'")
    assert "named_person" in {kind for (kind,) in kinds.fetchall()}


def test_load_dataset_still_gives_class_labels(tmp_path: Path) -> None:
    entities = datasets.load_dataset(str(REPO), "entities", split=SPLIT,
                                     cache_dir=str(tmp_path / "c"))
    assert isinstance(entities.features["label"], datasets.ClassLabel)
    first = pq.read_table(parquet("entities")).slice(0, 1).to_pylist()[0]
    assert entities.features["label"].int2str(entities[0]["label"]) == first["label"]


def test_pandas_slices_text_with_nullable_offsets() -> None:
    """With pandas' default NumPy dtypes a struct with nulls gives float offsets; the
    card's `dtype_backend="pyarrow"` keeps them integers."""
    import pandas as pd

    # offsets are into the annotated text: the texts config, joined by text_id
    texts = pd.read_parquet(parquet("texts"), columns=["text_id", "text"],
                            dtype_backend="pyarrow").set_index("text_id")["text"]
    attributions = pd.read_parquet(parquet("attributions"), dtype_backend="pyarrow")
    source = attributions["source"].struct.explode()
    assert source["start"].isna().any()  # the nulls this is about
    checked = 0
    for text_id, start, end, text in zip(attributions["text_id"], source["start"],
                                         source["end"], source["text"], strict=True):
        if pd.isna(start):
            continue
        assert texts[text_id][start:end] == text
        checked += 1
    assert checked > 0


def test_provenance_is_structured() -> None:
    import polars as pl

    parallel = pl.read_parquet(parquet("parallel"))
    translators = parallel["provenance"].struct.field("translators").explode()
    assert set(translators.struct.field("kind")) == {"language-model"}
    documents = pl.read_parquet(parquet("documents"))
    status = documents["annotation_provenance"].struct.field("status")
    assert set(status) == {d.spans.provenance.status for d in iter_documents(REPO)}


def test_machine_provenance_fits_its_structure() -> None:
    """The corpus has no machine translation yet: its provenance (open maps included)
    must still fit the published structure."""
    machine = {"kind": "machine", "engine": "argostranslate",
               "package": {"name": "translate-nl_en", "version": "1.9"},
               "engine_versions": {"argostranslate": "1.11.0", "ctranslate2": "4.6.0"},
               "settings": {"beam_size": 4, "replace_unknowns": False}, "date": "2026-11-21"}
    row = TRANSLATION_PROVENANCE.encode(machine)
    assert row["settings"] == [{"name": "beam_size", "value": "4"},
                               {"name": "replace_unknowns", "value": "false"}]
    assert row["translators"] is None and row["package"]["sha256"] is None
    schema = datasets.Features({"provenance": TRANSLATION_PROVENANCE.features}).arrow_schema
    assert pa.Table.from_pylist([{"provenance": row}], schema=schema).num_rows == 1
