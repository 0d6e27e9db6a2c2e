"""Validation benchmark on a synthetic corpus.

Reports, for N documents (default 10,000):
- full (cold) validation time as a ratio to merely parsing the same span files with the
  same YAML loader (target: within 2x);
- peak memory of both, and of the same runs on N/10 documents (target: flat);
- re-validation time with nothing changed and after editing one span file (target: well
  under a second, thanks to the content-hash cache).

Each measurement runs in a fresh child process that times only the measured call and
reports its own peak RSS.

    python -m benchmarks.bench_validate [--docs N] [--workdir DIR] [--json FILE]
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import harness
from benchmarks.synthetic import generate


def child(mode: str, root: Path) -> dict[str, Any]:
    from corpus_tools.checks.runner import validate
    from corpus_tools.io.yamlio import load_safe

    started = time.perf_counter()
    findings = -1
    if mode in ("parse", "parse-all"):
        # parse: the span files only; parse-all: every YAML file the validator reads
        folders = ["annotations/spans"] + (["corpus/segments", "corpus/translations",
                                            "corpus/documents"] if mode == "parse-all" else [])
        for folder in folders:
            for path in sorted((root / folder).glob("*.yaml")):
                load_safe(path.read_bytes().decode("utf-8"))
    else:
        findings = len(validate(root, use_cache=mode != "validate-nocache").findings)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"mode": mode, "seconds": seconds, "peak_mib": peak_kib / 1024, "findings": findings}


def edit_one_span_file(root: Path) -> None:
    path = sorted((root / "annotations" / "spans").glob("*.yaml"))[len(os.listdir(
        root / "annotations" / "spans")) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("author_stance: asserted", "author_stance: reported", 1),
                    encoding="utf-8")


def run(docs: int, workdir: Path) -> dict[str, Any]:
    large, small = workdir / f"n{docs}", workdir / f"n{docs // 10}"
    for root, n in ((large, docs), (small, max(docs // 10, 1))):
        if not (root / "corpus").exists():
            started = time.perf_counter()
            generate(root, n)
            print(f"generated {n} documents in {time.perf_counter() - started:.1f} s", flush=True)
        shutil.rmtree(root / ".cache", ignore_errors=True)
    time.sleep(2.1)  # let file mtimes age past the cache's racy window
    print(f"N = {docs}")
    parse = measure("parse", large)
    parse_all = measure("parse-all", large)
    cold = measure("validate", large)
    warm = measure("validate", large)
    edit_one_span_file(large)
    edited = measure("validate", large)
    print(f"N = {max(docs // 10, 1)}")
    parse_small = measure("parse", small)
    cold_small = measure("validate-nocache", small)
    report = {
        "documents": docs,
        "parse_seconds": parse["seconds"],
        "validate_cold_seconds": cold["seconds"],
        "validate_to_parse_ratio": cold["seconds"] / parse["seconds"],
        "parse_all_yaml_seconds": parse_all["seconds"],
        "validate_to_parse_all_ratio": cold["seconds"] / parse_all["seconds"],
        "revalidate_unchanged_seconds": warm["seconds"],
        "revalidate_one_edit_seconds": edited["seconds"],
        "peak_mib": {"parse": parse["peak_mib"], "validate": cold["peak_mib"],
                     "parse_tenth": parse_small["peak_mib"],
                     "validate_tenth": cold_small["peak_mib"]},
        "validate_memory_growth_10x": cold["peak_mib"] / cold_small["peak_mib"],
        "findings": cold["findings"],
    }
    print(json.dumps(report, indent=2))
    return report


def measure(mode: str, root: Path) -> dict[str, Any]:
    return harness.measure("benchmarks.bench_validate", mode, root)


if __name__ == "__main__":
    sys.exit(harness.main(run, child))
