"""--jobs: the same findings and the same files whatever the number of worker processes;
and sharded Parquet that every reader of data/ still reads whole."""

from __future__ import annotations

import json
from pathlib import Path

import datasets
import pyarrow.parquet as pq
import pytest

from conftest import invalid_fixture_names, materialise
from corpus_tools.checks.runner import validate
from corpus_tools.cli import main
from corpus_tools.export.build import build, export
from corpus_tools.export.features import FEATURES
from corpus_tools.export.publish import files_to_upload
from corpus_tools.export.rows import Row
from corpus_tools.io.dataset import SPLIT, data_files
from test_export import copy_corpus

BUILT = [*(f"data/{config}" for config in FEATURES), "README.md", "croissant.json"]


def tree(root: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for name in BUILT:
        path = root / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            files[file.relative_to(root).as_posix()] = file.read_bytes()
    return files


def test_validation_is_the_same_with_two_workers_on_every_fixture(tmp_path: Path) -> None:
    for check in [None, *invalid_fixture_names()]:
        root = materialise(tmp_path / (check or "base"), check)
        one, two = validate(root, use_cache=False), validate(root, use_cache=False, jobs=2)
        assert two == one, check
    assert one.findings  # the last fixture has findings: the comparison saw some


def test_cached_validation_with_workers_fills_the_cache(tmp_path: Path) -> None:
    root = materialise(tmp_path / "c", "stale-annotations")
    cold = validate(root, jobs=2)
    assert cold.findings
    # Every unit was answered by the workers and written to the cache: the next run, even
    # in one process, parses no YAML.
    import corpus_tools.checks.validator as validator

    real = validator.parse_yaml_file
    parsed: list[str] = []

    def counting(data: bytes, kind: str) -> object:
        parsed.append(kind)
        return real(data, kind)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validator, "parse_yaml_file", counting)
        assert validate(root, jobs=1) == cold
    assert parsed == []


def test_build_is_the_same_with_one_and_two_workers(tmp_path: Path) -> None:
    one, two = copy_corpus(tmp_path / "one"), copy_corpus(tmp_path / "two")
    build(one, jobs=1)
    assert main(["build", "--root", str(two), "--jobs", "2"]) == 0
    assert tree(one) == tree(two)
    assert len(tree(one)) == len(BUILT)  # one file per config: nothing sharded


def read_all(root: Path, config: str, cache: Path) -> list[Row]:
    dataset = datasets.load_dataset(str(root), config, split=SPLIT, cache_dir=str(cache))
    assert isinstance(dataset, datasets.Dataset)
    return list(dataset)


def test_sharded_build_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    whole, sharded = copy_corpus(tmp_path / "whole"), copy_corpus(tmp_path / "sharded")
    export(whole)
    export(sharded, jobs=2, shard_rows=40)
    counts = {config: pq.read_metadata(whole / data_files(whole, config)[0]).num_rows
              for config in FEATURES}
    for config in FEATURES:
        shards = data_files(sharded, config)
        assert len(shards) == -(-counts[config] // 40), config  # ceil: full shards but one
        assert shards[0].endswith(f"-00000-of-{len(shards):05d}.parquet")
        assert sum(pq.read_metadata(sharded / name).num_rows for name in shards) \
            == counts[config]
    config = max(counts, key=counts.__getitem__)
    assert len(data_files(sharded, config)) > 2
    assert read_all(sharded, config, tmp_path / "a") == read_all(whole, config, tmp_path / "b")
    card = (sharded / "README.md").read_text(encoding="utf-8")
    assert f"path: data/{config}/{SPLIT}-*.parquet" in card
    croissant = json.loads((sharded / "croissant.json").read_text(encoding="utf-8"))
    kinds = {item["@id"]: item["@type"] for item in croissant["distribution"]}
    assert kinds[f"parquet-{config}"] == "cr:FileSet"
    assert set(data_files(sharded, config)) <= set(files_to_upload(sharded))
    assert validate(sharded, use_cache=False).findings == []  # every shard is current


def test_sharded_croissant_validates(tmp_path: Path) -> None:
    import mlcroissant as mlc

    root = copy_corpus(tmp_path / "c")
    export(root, shard_rows=200)
    dataset = mlc.Dataset(jsonld=str(root / "croissant.json"))
    assert [r.name for r in dataset.metadata.record_sets] == list(FEATURES)
