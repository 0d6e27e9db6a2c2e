"""Validation benchmark on a synthetic corpus.

Reports, for N documents (default 10,000):
- full (cold) validation time, in one process and with --jobs 2, as a ratio to parsing
  every YAML file the validator reads with PyYAML's C loader, which shares no code with
  corpus-tools (target: within 2x in one process);
- peak memory of both, and of the same runs on N/10 documents;
- re-validation time with nothing changed and after editing one span file (target: under
  0.3 s, thanks to the cache's index), both as the call and as the whole
  `corpus-tools validate` process (interpreter start-up and imports included).

Each measurement runs in a fresh child process that times only the measured call and
reports its own peak RSS.

    python -m benchmarks.bench_validate [--docs N] [--workdir DIR] [--json FILE]
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import harness
from benchmarks.synthetic import generate

YAML_FOLDERS = ["annotations/spans", "corpus/segments", "corpus/translations",
                "corpus/documents"]


def child(mode: str, root: Path) -> dict[str, Any]:
    started = time.perf_counter()
    findings = -1
    if mode == "cli":
        # The process a user waits for, end to end.
        subprocess.run([sys.executable, "-m", "corpus_tools.cli", "validate", str(root),
                        "--jobs", "1"], check=True, capture_output=True)
        seconds = time.perf_counter() - started
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return {"mode": mode, "seconds": seconds, "peak_mib": peak_kib / 1024,
                "findings": findings}
    if mode == "parse":
        import yaml

        # The baseline: libyaml through PyYAML, no corpus-tools code, every YAML file the
        # validator reads (span files, segmentations, translations, metadata, registry).
        paths = [root / "annotations" / "registry.yaml"]
        paths += [path for folder in YAML_FOLDERS
                  for path in sorted((root / folder).glob("*.yaml"))]
        for path in paths:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    else:
        from corpus_tools.checks.runner import validate

        jobs = 2 if mode.endswith("-j2") else 1
        findings = len(validate(root, use_cache=not mode.startswith("validate-nocache"),
                                jobs=jobs).findings)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if mode.endswith("-j2"):  # the workers' peak too (the largest of them)
        peak_kib = max(peak_kib, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {"mode": mode, "seconds": seconds, "peak_mib": peak_kib / 1024, "findings": findings}


def edit_one_span_file(root: Path, offset: int = 0) -> None:
    paths = sorted((root / "annotations" / "spans").glob("*.yaml"))
    path = paths[(len(paths) // 2 + offset) % len(paths)]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("author_stance: asserted", "author_stance: reported", 1),
                    encoding="utf-8")


def run(docs: int, workdir: Path) -> dict[str, Any]:
    report: dict[str, Any] = {}
    for n in (docs, max(docs // 10, 1)):
        root = workdir / f"n{n}"
        if not (root / "corpus").exists():
            started = time.perf_counter()
            generate(root, n)
            print(f"generated {n} documents in {time.perf_counter() - started:.1f} s", flush=True)
        shutil.rmtree(root / ".cache", ignore_errors=True)
        time.sleep(2.1)  # let file mtimes age past the cache's racy window
        print(f"N = {n}")
        parse = measure("parse", root)
        cold = measure("validate", root)
        warm = measure("validate", root)
        warm_cli = measure("cli", root)
        edit_one_span_file(root)
        edited = measure("validate", root)
        edit_one_span_file(root, offset=1)
        edited_cli = measure("cli", root)
        shutil.rmtree(root / ".cache", ignore_errors=True)
        cold_j2 = measure("validate-j2", root)
        report[str(n)] = {
            "parse_seconds": parse["seconds"],
            "validate_cold_seconds": cold["seconds"],
            "validate_to_parse_ratio": cold["seconds"] / parse["seconds"],
            "validate_cold_jobs2_seconds": cold_j2["seconds"],
            "validate_jobs2_to_parse_ratio": cold_j2["seconds"] / parse["seconds"],
            "revalidate_unchanged_seconds": warm["seconds"],
            "revalidate_one_edit_seconds": edited["seconds"],
            "revalidate_unchanged_process_seconds": warm_cli["seconds"],
            "revalidate_one_edit_process_seconds": edited_cli["seconds"],
            "peak_mib": {"parse": parse["peak_mib"], "validate": cold["peak_mib"],
                         "validate_jobs2_largest_process": cold_j2["peak_mib"]},
            "findings": [cold["findings"], cold_j2["findings"]],
        }
    print(json.dumps(report, indent=2))
    return report


def measure(mode: str, root: Path) -> dict[str, Any]:
    return harness.measure("benchmarks.bench_validate", mode, root)


if __name__ == "__main__":
    sys.exit(harness.main(run, child))
