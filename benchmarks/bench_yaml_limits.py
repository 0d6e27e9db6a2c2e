"""What reading YAML costs, limits included: every YAML file of a synthetic corpus read by
the project's reader (libyaml events with the limits, anchors and duplicate keys checked in
the same pass), against PyYAML's C loader (no limits, no duplicate-key check) and against
the previous path (an event pre-scan for the limits, then ruamel's safe loader). Best of
three each, in one process.

    python -m benchmarks.bench_yaml_limits [--docs N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from benchmarks.synthetic import generate
from corpus_tools.io import yamlio

FOLDERS = ["annotations/spans", "corpus/segments", "corpus/translations", "corpus/documents"]


def _best_of_three(load: Callable[[str], Any], texts: list[str]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for text in texts:
            load(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "corpus"
        generate(root, args.docs)
        texts = [path.read_text(encoding="utf-8") for folder in FOLDERS
                 for path in sorted((root / folder).glob("*.yaml"))]
    c_loader = _best_of_three(lambda text: yaml.load(text, Loader=yaml.CSafeLoader), texts)
    reader = _best_of_three(yamlio.load_safe, texts)
    previous = _best_of_three(yamlio._load_ruamel_safe, texts)
    scan = _best_of_three(yamlio.check_limits, texts)
    print(f"{len(texts)} YAML files of {args.docs} documents:\n"
          f"  PyYAML CSafeLoader (no limits)           {c_loader:6.2f} s  1.00\n"
          f"  corpus-tools reader (limits in the pass) {reader:6.2f} s  {reader / c_loader:.2f}\n"
          f"  previous: limit pre-scan + ruamel safe   {previous:6.2f} s  "
          f"{previous / c_loader:.2f} (the pre-scan alone {scan:.2f} s)")


if __name__ == "__main__":
    main()
