"""Build and load benchmark on a synthetic corpus.

For N documents (default 10,000), in fresh child processes: the export (streamed,
sharded-by-config Parquet writing from the corpus files) against benchmarks/baseline_build.py,
which does not import corpus_tools (PyYAML's C loader, equivalent tables written whole
with plain pyarrow); then the first and second ``datasets.load_dataset`` of each, and the
parse of the dataset card that each of our ``load_dataset`` calls begins with; and peak
memory of both at N and N/10.
Validation, which `corpus-tools build` runs first, is measured by bench_validate.

    python -m benchmarks.bench_build [--docs N] [--workdir DIR] [--json FILE]
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import harness
from benchmarks.synthetic import generate


def child(mode: str, root: Path) -> dict[str, Any]:
    # The export's imports are not timed, as the baseline's (at module level) are not.
    import datasets
    from huggingface_hub import DatasetCard

    from corpus_tools.export.build import export

    started = time.perf_counter()
    if mode == "export":
        export(root)
    elif mode == "load-ours":  # every config, through datasets
        for name in loadable_configs(root):
            datasets.load_dataset(str(root), name, split="test",
                                  cache_dir=str(root / ".hf-ours"))
    elif mode == "card":  # the card parse each of those load_dataset calls starts with
        for _ in loadable_configs(root):
            DatasetCard.load(root / "README.md")
    else:  # load-baseline: every table the baseline wrote
        for table in sorted((root / "baseline").iterdir()):
            datasets.load_dataset("parquet", data_files=str(table / "test.parquet"),
                                  split="train", cache_dir=str(root / ".hf-baseline"))
    return {"mode": mode, "seconds": time.perf_counter() - started,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def loadable_configs(root: Path) -> list[str]:
    """The configs with rows: datasets cannot load a config with no rows (the synthetic
    corpus has no translation-side spans, so alignments is empty)."""
    import pyarrow.parquet as pq

    from corpus_tools.export.features import FEATURES

    return [name for name in FEATURES
            if sum(pq.read_metadata(path).num_rows
                   for path in (root / "data" / name).glob("*.parquet"))]


def run(docs: int, workdir: Path) -> dict[str, Any]:
    results: dict[str, dict[str, Any]] = {}
    for n in (max(docs // 10, 1), docs):
        root = workdir / f"n{n}"
        if not (root / "corpus").exists():
            generate(root, n)
            (root / "README.md").write_text("# synthetic\n", encoding="utf-8")
        print(f"N = {n}", flush=True)
        for cache in (".hf-ours", ".hf-baseline"):  # a first load is a first load, on reruns too
            shutil.rmtree(root / cache, ignore_errors=True)
        for mode in ("export", "baseline", "load-ours", "load-ours", "card", "load-baseline",
                     "load-baseline"):
            key = f"{n}:{mode}" + (":second" if f"{n}:{mode}" in results else "")
            results[key] = (harness.measure("benchmarks.baseline_build", "baseline", root)
                            if mode == "baseline" else measure(mode, root))
    n = docs
    report = {
        "documents": docs,
        "export_seconds": results[f"{n}:export"]["seconds"],
        "baseline_seconds": results[f"{n}:baseline"]["seconds"],
        "export_to_baseline_ratio": results[f"{n}:export"]["seconds"]
        / results[f"{n}:baseline"]["seconds"],
        "first_load_seconds": results[f"{n}:load-ours"]["seconds"],
        "second_load_seconds": results[f"{n}:load-ours:second"]["seconds"],
        "baseline_first_load_seconds": results[f"{n}:load-baseline"]["seconds"],
        "baseline_second_load_seconds": results[f"{n}:load-baseline:second"]["seconds"],
        "first_load_ratio": results[f"{n}:load-ours"]["seconds"]
        / results[f"{n}:load-baseline"]["seconds"],
        "second_load_ratio": results[f"{n}:load-ours:second"]["seconds"]
        / results[f"{n}:load-baseline:second"]["seconds"],
        # huggingface_hub parses the whole card (pure-Python yaml.safe_load) on every call
        "card_parse_seconds": results[f"{n}:card"]["seconds"],
        "card_parse_share_of_second_load": results[f"{n}:card"]["seconds"]
        / results[f"{n}:load-ours:second"]["seconds"],
        "peak_mib": {"export": results[f"{n}:export"]["peak_mib"],
                     "baseline": results[f"{n}:baseline"]["peak_mib"],
                     "export_tenth": results[f"{max(n // 10, 1)}:export"]["peak_mib"],
                     "baseline_tenth": results[f"{max(n // 10, 1)}:baseline"]["peak_mib"]},
    }
    report["export_memory_growth_10x"] = (report["peak_mib"]["export"]
                                          / report["peak_mib"]["export_tenth"])
    report["baseline_memory_growth_10x"] = (report["peak_mib"]["baseline"]
                                           / report["peak_mib"]["baseline_tenth"])
    print(json.dumps(report, indent=2))
    return report


def measure(mode: str, root: Path) -> dict[str, Any]:
    return harness.measure("benchmarks.bench_build", mode, root)


if __name__ == "__main__":
    sys.exit(harness.main(run, child))
