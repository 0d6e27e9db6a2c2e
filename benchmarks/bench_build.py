"""Build and load benchmark on a synthetic corpus.

For N documents (default 10,000), in fresh child processes: the export (streamed,
sharded-by-config Parquet writing from the corpus files) against a baseline that
generates the same rows and writes each table at once with plain pyarrow; then the first
and second ``datasets.load_dataset`` of each; and peak memory of the export at N and N/10.
Validation, which `corpus-tools build` runs first, is measured by bench_validate.

    python -m benchmarks.bench_build [--docs N] [--workdir DIR] [--json FILE]
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import harness
from benchmarks.synthetic import generate


def child(mode: str, root: Path) -> dict[str, Any]:
    started = time.perf_counter()
    if mode == "export":
        from corpus_tools.export.build import export

        export(root)
    elif mode == "pyarrow":
        from collections import Counter

        import pyarrow as pa
        import pyarrow.parquet as pq

        from corpus_tools.export.features import FEATURES
        from corpus_tools.export.parquet import stored_features
        from corpus_tools.export.rows import ROWS, count_mentions, registry_entries
        from corpus_tools.io.annotated import iter_annotated
        from corpus_tools.io.corpus import load_registry

        registry = load_registry(root)
        stored = {name: stored_features(features) for name, features in FEATURES.items()}
        tables: dict[str, list[dict[str, Any]]] = {name: [] for name in FEATURES}
        mentions: Counter[tuple[str, str]] = Counter()
        for annotated in iter_annotated(root):
            for name, rows in ROWS.items():
                tables[name] += [stored[name].encode_example(r)
                                 for r in rows(annotated, registry)]
            count_mentions(annotated.doc, mentions)
        tables["registry"] = [stored["registry"].encode_example(r)
                              for r in registry_entries(registry, mentions)]
        for name, features in stored.items():
            target = root / "baseline" / name / "test.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pylist(tables[name], schema=features.arrow_schema),
                           target)
    else:  # load-ours / load-baseline: every config, through datasets
        import datasets

        from corpus_tools.export.features import FEATURES

        for name in FEATURES:
            if mode == "load-ours":
                datasets.load_dataset(str(root), name, split="test",
                                      cache_dir=str(root / ".hf-ours"))
            else:
                datasets.load_dataset("parquet", data_files=str(root / "baseline" / name /
                                                                 "test.parquet"),
                                      split="train", cache_dir=str(root / ".hf-baseline"))
    return {"mode": mode, "seconds": time.perf_counter() - started,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run(docs: int, workdir: Path) -> dict[str, Any]:
    results: dict[str, dict[str, Any]] = {}
    for n in (max(docs // 10, 1), docs):
        root = workdir / f"n{n}"
        if not (root / "corpus").exists():
            generate(root, n)
            (root / "README.md").write_text("# synthetic\n", encoding="utf-8")
        print(f"N = {n}", flush=True)
        for mode in ("export", "pyarrow", "load-ours", "load-ours", "load-baseline",
                     "load-baseline"):
            key = f"{n}:{mode}" + (":second" if f"{n}:{mode}" in results else "")
            results[key] = measure(mode, root)
    n = docs
    report = {
        "documents": docs,
        "export_seconds": results[f"{n}:export"]["seconds"],
        "pyarrow_seconds": results[f"{n}:pyarrow"]["seconds"],
        "export_to_pyarrow_ratio": results[f"{n}:export"]["seconds"]
        / results[f"{n}:pyarrow"]["seconds"],
        "first_load_seconds": results[f"{n}:load-ours"]["seconds"],
        "second_load_seconds": results[f"{n}:load-ours:second"]["seconds"],
        "baseline_first_load_seconds": results[f"{n}:load-baseline"]["seconds"],
        "baseline_second_load_seconds": results[f"{n}:load-baseline:second"]["seconds"],
        "first_load_ratio": results[f"{n}:load-ours"]["seconds"]
        / results[f"{n}:load-baseline"]["seconds"],
        "peak_mib": {"export": results[f"{n}:export"]["peak_mib"],
                     "pyarrow": results[f"{n}:pyarrow"]["peak_mib"],
                     "export_tenth": results[f"{max(n // 10, 1)}:export"]["peak_mib"],
                     "pyarrow_tenth": results[f"{max(n // 10, 1)}:pyarrow"]["peak_mib"]},
    }
    report["export_memory_growth_10x"] = (report["peak_mib"]["export"]
                                          / report["peak_mib"]["export_tenth"])
    report["pyarrow_memory_growth_10x"] = (report["peak_mib"]["pyarrow"]
                                           / report["peak_mib"]["pyarrow_tenth"])
    print(json.dumps(report, indent=2))
    return report


def measure(mode: str, root: Path) -> dict[str, Any]:
    return harness.measure("benchmarks.bench_build", mode, root)


if __name__ == "__main__":
    sys.exit(harness.main(run, child))
