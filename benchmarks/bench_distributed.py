"""The per-document steps on a local Dask cluster, against one process and --jobs 2.

For N synthetic documents (default 1,000; one warning and one error added), each run in
a fresh child process on the same corpus: cold validation (no cache) and the export,
first in one process, then with a pool of 2 local processes (--jobs 2), then with a
distributed.LocalCluster of 2 worker processes whose executor's ``map`` is handed to the
library as ``map_batches``. The workers call the same functions the pool calls
(checks.validator.check_batch, export.build.rows_of_documents); findings are sorted and
Parquet written on the driver by the same code. The script fails unless every run's
findings and built files (data/, README.md, croissant.json) are byte-identical, and unless
dask.dataframe reads back as many rows of every config as the export wrote. The cluster's
start (and its workers' first import of corpus_tools) is timed apart from the steps.

    python -m benchmarks.bench_distributed [--docs N] [--workdir DIR] [--json FILE]
"""

from __future__ import annotations

import importlib
import json
import resource
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any, TypeVar

from benchmarks import harness
from benchmarks.synthetic import generate

_Batch = TypeVar("_Batch")
_Result = TypeVar("_Result")

MODES = ("jobs1", "jobs2", "dask")
BUILT = ("data", "README.md", "croissant.json")
PLACEHOLDER_README = "# synthetic\n"


def dask_bag_map(pool: Executor | None = None, workers: int = 2) -> Callable[
        [Callable[[_Batch], _Result], list[_Batch]], Iterable[_Result]]:
    """A map for ``map_batches`` without a cluster: a dask.bag, one batch a partition,
    computed by dask's process scheduler (which pickles work as a cluster does), in
    ``pool`` if given (its processes then outlive a run, as a cluster's workers do)."""
    import dask.bag

    def map_batches(function: Callable[[_Batch], _Result],
                    batches: list[_Batch]) -> list[_Result]:
        bag = dask.bag.from_sequence(batches, npartitions=max(len(batches), 1))
        result: list[_Result] = bag.map(function).compute(scheduler="processes", pool=pool,
                                                          num_workers=workers)
        return result

    return map_batches


def built_digest(root: Path) -> str:
    """One hash over every built file's path and bytes."""
    from corpus_tools.hashing import sha256_parts

    parts: list[bytes] = []
    for name in BUILT:
        path = root / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                parts += [file.relative_to(root).as_posix().encode(), file.read_bytes()]
    return sha256_parts(parts)


def dask_row_counts(root: Path) -> dict[str, int]:
    """Rows of every config in data/, read by dask.dataframe."""
    import dask.dataframe

    return {config.name: len(dask.dataframe.read_parquet(str(config / "*.parquet")))
            for config in sorted((root / "data").iterdir())}


def child(mode: str, root: Path) -> dict[str, Any]:
    # Imports are not timed in any mode.
    from corpus_tools.checks.runner import validate
    from corpus_tools.export.build import export
    from corpus_tools.hashing import sha256_text

    report: dict[str, Any] = {"mode": mode, "cluster_start_seconds": 0.0}
    jobs, map_batches, close = (2 if mode == "jobs2" else 1), None, None
    if mode == "dask":
        from distributed import Client, LocalCluster

        started = time.perf_counter()
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
        # Worker processes are spawned, not forked: they import the package once here.
        client.run(importlib.import_module, "corpus_tools.export.build")
        report["cluster_start_seconds"] = time.perf_counter() - started
        map_batches, jobs = client.get_executor(pure=False).map, 2

        def close() -> None:
            client.close()
            cluster.close()

    started = time.perf_counter()
    findings = validate(root, use_cache=False, jobs=jobs, map_batches=map_batches).findings
    report["validate_seconds"] = time.perf_counter() - started
    started = time.perf_counter()
    result = export(root, jobs=jobs, map_batches=map_batches)
    report["export_seconds"] = time.perf_counter() - started
    report["seconds"] = report["validate_seconds"] + report["export_seconds"]
    if close is not None:
        close()
    report["findings"] = len(findings)
    report["findings_sha256"] = sha256_text(repr(findings))
    report["built_sha256"] = built_digest(root)
    report["rows"] = result.counts
    if mode == "dask":
        report["dask_dataframe_rows"] = dask_row_counts(root)
    # The pool's and the cluster's worker processes have ended: the largest of them counts.
    report["peak_mib"] = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                             resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return report


def reset(root: Path) -> None:
    """The corpus as generated: no data/, no card, no croissant.json, no cache."""
    for name in ("data", ".cache"):
        shutil.rmtree(root / name, ignore_errors=True)
    (root / "croissant.json").unlink(missing_ok=True)
    (root / "README.md").write_text(PLACEHOLDER_README, encoding="utf-8")


def add_findings(root: Path) -> None:
    """A warning (a document left untranslated) and an error (a wrong length in metadata)
    that do not stop the export, so the findings compared are not an empty list."""
    for path in (root / "corpus" / "translations").glob("doc-000001.*.yaml"):
        path.unlink()
    meta = root / "corpus" / "documents" / "doc-000002.meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("length_chars: ",
                                                             "length_chars: 1"),
                    encoding="utf-8")


def run(docs: int, workdir: Path) -> dict[str, Any]:
    root = workdir / f"n{docs}"
    if not (root / "corpus").exists():
        generate(root, docs)
        add_findings(root)
    print(f"N = {docs}", flush=True)
    results: dict[str, dict[str, Any]] = {}
    for mode in MODES:
        reset(root)
        results[mode] = harness.measure("benchmarks.bench_distributed", mode, root)
    one, dask = results["jobs1"], results["dask"]
    if one["findings"] < 2:
        raise SystemExit("the corpus should have findings to compare")
    for mode, result in results.items():
        for key in ("findings_sha256", "built_sha256", "rows"):
            if result[key] != one[key]:
                raise SystemExit(f"{mode}: {key} differs from one process's")
    if dask["dask_dataframe_rows"] != one["rows"]:
        raise SystemExit(f"dask.dataframe reads {dask['dask_dataframe_rows']} rows, "
                         f"the export wrote {one['rows']}")
    report = {
        "documents": docs,
        "findings": one["findings"],
        "rows": one["rows"],
        "identical": True,
        **{f"{mode}_{step}_seconds": results[mode][f"{step}_seconds"]
           for mode in MODES for step in ("validate", "export")},
        "dask_cluster_start_seconds": dask["cluster_start_seconds"],
        **{f"{mode}_to_jobs1_ratio": results[mode]["seconds"] / one["seconds"]
           for mode in ("jobs2", "dask")},
        "dask_with_start_to_jobs1_ratio":
            (dask["seconds"] + dask["cluster_start_seconds"]) / one["seconds"],
        "dask_to_jobs2_ratio": dask["seconds"] / results["jobs2"]["seconds"],
        "peak_mib": {mode: results[mode]["peak_mib"] for mode in MODES},
    }
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    sys.exit(harness.main(run, child, default_docs=1_000))
