"""The benchmarks keep working: the synthetic corpus is valid and the script reports.

Timing targets are measured by running the benchmarks, never asserted here."""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks.bench_validate import run
from benchmarks.synthetic import generate

from corpus_tools.checks.runner import validate
from corpus_tools.stats import collect

REPO = Path(__file__).resolve().parents[1]


def test_synthetic_corpus_is_valid_and_dense(tmp_path: Path) -> None:
    generate(tmp_path, 6)
    assert validate(tmp_path, use_cache=False).findings == []
    totals = collect(tmp_path).totals()
    assert totals["documents"] == 6
    per_thousand_chars = totals["entities"] / totals["characters"] * 1000
    assert 8 < per_thousand_chars < 25
    assert totals["claims"] > 0 and totals["attributions"] > 0


def test_validation_benchmark_reports(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    report = run(20, tmp_path)
    assert set(report) == {"20", "2"}
    for sizes in report.values():
        assert sizes["findings"] == [0, 0]  # one process and --jobs 2
        assert sizes["validate_to_parse_ratio"] > 0
        assert sizes["validate_jobs2_to_parse_ratio"] > 0
        assert sizes["revalidate_unchanged_process_seconds"] > 0  # the CLI process ran
        assert sizes["revalidate_one_edit_process_seconds"] > 0
        assert set(sizes["peak_mib"]) == {"parse", "validate",
                                          "validate_jobs2_largest_process"}


def test_build_baseline_writes_the_same_rows(tmp_path: Path) -> None:
    """The independent baseline of bench_build writes as many rows as the export, per
    config both have in the same shape."""
    import pyarrow.parquet as pq
    from benchmarks.baseline_build import build

    from corpus_tools.export.build import export

    generate(tmp_path, 6)
    export(tmp_path)
    baseline = build(tmp_path)
    for config in ("documents", "entities", "claims", "attributions", "parallel", "folds"):
        ours = sum(pq.read_metadata(path).num_rows
                   for path in (tmp_path / "data" / config).glob("*.parquet"))
        assert (config, baseline[config]) == (config, ours)
