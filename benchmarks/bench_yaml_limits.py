"""What the YAML limits (the event pre-scan for aliases and depth before every load) cost:
cold validation of a synthetic corpus with the pre-scan against the same run without it,
in one process, best of three each.

    python -m benchmarks.bench_yaml_limits [--docs N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import generate
from corpus_tools.checks.runner import validate
from corpus_tools.io import yamlio


def _best_of_three(root: Path) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        validate(root, use_cache=False)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "corpus"
        generate(root, args.docs)
        validate(root, use_cache=False)  # warm-up: language profiles, compiled schemas
        real = yamlio.check_limits
        yamlio.check_limits = lambda text: None  # the baseline: the same run, no pre-scan
        try:
            without = _best_of_three(root)
        finally:
            yamlio.check_limits = real
        with_limits = _best_of_three(root)
    print(f"cold validation of {args.docs} documents: {without:.2f} s without the YAML "
          f"limits, {with_limits:.2f} s with them: ratio {with_limits / without:.2f}")


if __name__ == "__main__":
    main()
