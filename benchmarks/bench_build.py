"""Build and load benchmark on a synthetic corpus.

For N documents (default 10,000), in fresh child processes: the export (streamed,
sharded-by-config Parquet writing from the corpus files) against a baseline that
generates the same rows and writes each table at once with plain pyarrow; then the first
and second ``datasets.load_dataset`` of each; and peak memory of the export at N and N/10.
Validation, which `corpus-tools build` runs first, is measured by bench_validate.

    python -m benchmarks.bench_build [--docs N] [--workdir DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.synthetic import generate


def child(mode: str, root: Path) -> dict[str, Any]:
    started = time.perf_counter()
    if mode == "export":
        from corpus_tools.export.build import export

        export(root)
    elif mode == "pyarrow":
        import pyarrow as pa
        import pyarrow.parquet as pq

        from corpus_tools.export.features import FEATURES
        from corpus_tools.export.rows import ROWS
        from corpus_tools.io.corpus import iter_documents, load_registry

        registry = load_registry(root)
        tables: dict[str, list[dict[str, Any]]] = {name: [] for name in FEATURES}
        for doc in iter_documents(root):
            for name, features in FEATURES.items():
                tables[name] += [features.encode_example(r) for r in ROWS[name](doc, registry)]
        for name, features in FEATURES.items():
            target = root / "baseline" / name / "test.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pylist(tables[name], schema=features.arrow_schema),
                           target)
    else:  # load-ours / load-baseline: every config, through datasets
        import datasets

        from corpus_tools.export.card import data_file
        from corpus_tools.export.features import FEATURES

        for name in FEATURES:
            if mode == "load-ours":
                datasets.load_dataset(str(root), name, split="test",
                                      cache_dir=str(root / ".hf-ours"))
            else:
                datasets.load_dataset("parquet", data_files=str(root / "baseline" / name /
                                                                 "test.parquet"),
                                      split="train", cache_dir=str(root / ".hf-baseline"))
        assert data_file("documents")
    return {"mode": mode, "seconds": time.perf_counter() - started,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(mode: str, root: Path) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_build", "--child", mode, str(root)],
        check=True, capture_output=True, text=True,
        env={"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
             **{k: v for k, v in __import__("os").environ.items()}},
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    print(f"  {mode:<14} {result['seconds']:9.2f} s  peak {result['peak_mib']:7.1f} MiB",
          flush=True)
    return result


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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "ROOT"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return 0
    if args.workdir is None:
        with tempfile.TemporaryDirectory() as scratch:
            report = run(args.docs, Path(scratch))
    else:
        shutil.rmtree(args.workdir / "unused", ignore_errors=True)
        report = run(args.docs, args.workdir)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
