"""What every benchmark shares: measurements in fresh child processes (each reports its
own time and peak memory), and the command line."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

Child = Callable[[str, Path], dict[str, Any]]
Run = Callable[[int, Path], dict[str, Any]]


def measure(module: str, mode: str, root: Path) -> dict[str, Any]:
    """Run ``python -m module --child mode root`` and return the JSON it prints last."""
    output = subprocess.run(
        [sys.executable, "-m", module, "--child", mode, str(root)],
        check=True, capture_output=True, text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"},
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    print(f"  {mode:<17} {result['seconds']:9.3f} s  peak {result['peak_mib']:7.1f} MiB",
          flush=True)
    return result


def main(run: Run, child: Child, default_docs: int = 10_000) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=default_docs)
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
        report = run(args.docs, args.workdir)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0
