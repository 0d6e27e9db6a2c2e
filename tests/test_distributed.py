"""The per-document steps through a Dask map (dask.bag on dask's process scheduler, which
pickles work to other processes as a cluster does): the same findings and the same built
files as one process, so the functions a cluster's workers call (checks.validator.check_batch,
export.build.rows_of_documents) stay callable from any map. Dask is in the test extra: a
checkout without it fails here, it does not skip."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import dask  # noqa: F401  (an ImportError here is a failure, not a skip)
import pytest
from benchmarks.bench_distributed import dask_bag_map

from conftest import materialise
from corpus_tools.checks.runner import validate
from corpus_tools.export.build import build
from corpus_tools.workers import once_per_run
from test_export import copy_corpus
from test_parallel import tree

Map = Callable[[Callable[[Any], Any], list[Any]], Iterable[Any]]


@pytest.fixture(scope="module")
def workers() -> Iterator[ProcessPoolExecutor]:
    """Two spawned processes (as a cluster's are: nothing inherited) that serve every run
    of this module, as a cluster's long-lived workers do."""
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


def on_dask(pool: ProcessPoolExecutor, handed: list[int]) -> Map:
    """A Dask map over ``pool``, recording how many batches each call hands to Dask."""
    map_batches = dask_bag_map(pool)

    def counted(function: Callable[[Any], Any], batches: list[Any]) -> Iterable[Any]:
        handed.append(len(batches))
        return map_batches(function, batches)

    return counted


def test_validation_on_dask_finds_what_one_process_finds(
        tmp_path: Path, workers: ProcessPoolExecutor) -> None:
    root = materialise(tmp_path / "c", "stale-annotations")
    one = validate(root, use_cache=False)
    assert one.findings
    handed: list[int] = []
    assert validate(root, use_cache=False, map_batches=on_dask(workers, handed)) == one
    assert handed and handed[0] >= 1


def test_a_later_run_on_the_same_workers_sees_the_edited_registry(
        tmp_path: Path, workers: ProcessPoolExecutor) -> None:
    root = materialise(tmp_path / "c")
    handed: list[int] = []
    before = validate(root, use_cache=False, map_batches=on_dask(workers, handed))
    assert before == validate(root, use_cache=False)
    registry = root / "annotations" / "registry.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "  - id: venezuela\n    type: GPE", "  - id: venezuela\n    type: ORG"),
        encoding="utf-8")
    after = validate(root, use_cache=False, map_batches=on_dask(workers, handed))
    assert after == validate(root, use_cache=False)
    assert {f.check for f in after.findings} - {f.check for f in before.findings} == {
        "registry-type-mismatch"}


def test_cached_validation_on_dask_fills_the_cache(
        tmp_path: Path, workers: ProcessPoolExecutor) -> None:
    root = materialise(tmp_path / "c", "stale-annotations")
    cold = validate(root, map_batches=on_dask(workers, []))
    handed: list[int] = []
    # Every unit the workers checked is in the driver's cache now: nothing is handed out.
    assert validate(root, map_batches=on_dask(workers, handed)) == cold
    assert handed == []
    assert validate(root, use_cache=False) == cold


def test_build_on_dask_writes_the_files_of_one_process(
        tmp_path: Path, workers: ProcessPoolExecutor) -> None:
    one, on_cluster = copy_corpus(tmp_path / "one"), copy_corpus(tmp_path / "dask")
    build(one)
    handed: list[int] = []
    result = build(on_cluster, map_batches=on_dask(workers, handed))
    assert tree(on_cluster) == tree(one)
    assert len(handed) == 2  # validation's units, then the documents' rows
    assert result.counts["documents"] == 5


def test_a_worker_sets_up_once_per_run() -> None:
    made: list[str] = []

    def make(run: str) -> str:
        made.append(run)
        return run

    assert once_per_run("test", ("root", "a"), lambda: make("a")) == "a"
    assert once_per_run("test", ("root", "a"), lambda: make("again")) == "a"
    # A later run in the same (long-lived) worker process sets up afresh.
    assert once_per_run("test", ("root", "b"), lambda: make("b")) == "b"
    assert made == ["a", "b"]
