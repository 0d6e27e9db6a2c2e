"""Export and import benchmark on a synthetic corpus.

For N documents (default 1,000), in fresh child processes: export to each format and
import it back as a new set (which validates every file before writing and the corpus
after), against a baseline that does the least a round trip must: load every span file
and write it again. Reports time and peak-memory ratios to the baseline.

    python -m benchmarks.bench_interchange [--docs N] [--workdir DIR] [--json FILE]
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

FORMAT_NAMES = ("brat", "labelstudio", "inception")


def child(mode: str, root: Path) -> dict[str, Any]:
    started = time.perf_counter()
    if mode == "baseline":
        from corpus_tools.io.corpus import doc_ids, load_span_file
        from corpus_tools.io.spanfile import dump_span_file
        from corpus_tools.layout import Layout

        layout = Layout(root)
        out = root / "baseline-out"
        out.mkdir(exist_ok=True)
        for doc_id in doc_ids(root):
            span_file = load_span_file(layout.span_path(doc_id))
            (out / f"{doc_id}.yaml").write_text(dump_span_file(span_file, ""), encoding="utf-8")
    else:
        from corpus_tools.interchange.exchange import export_corpus, import_corpus

        action, name = mode.split("-", 1)
        if action == "export":
            export_corpus(root, name, root / f"out-{name}", force=True)
        else:
            import_corpus(root, name, root / f"out-{name}", annotator=f"bench-{name}")
    return {"mode": mode, "seconds": time.perf_counter() - started,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run(docs: int, workdir: Path) -> dict[str, Any]:
    root = workdir / f"n{docs}"
    if not (root / "corpus").exists():
        generate(root, docs)
    for name in FORMAT_NAMES:  # a re-run starts from no imported set
        shutil.rmtree(root / "annotations" / "passes" / f"bench-{name}", ignore_errors=True)
    print(f"N = {docs}", flush=True)
    baseline = harness.measure("benchmarks.bench_interchange", "baseline", root)
    report: dict[str, Any] = {"documents": docs, "baseline_seconds": baseline["seconds"],
                              "baseline_peak_mib": baseline["peak_mib"], "formats": {}}
    for name in FORMAT_NAMES:
        export = harness.measure("benchmarks.bench_interchange", f"export-{name}", root)
        imported = harness.measure("benchmarks.bench_interchange", f"import-{name}", root)
        report["formats"][name] = {
            "export_seconds": export["seconds"],
            "import_seconds": imported["seconds"],
            "export_ratio": export["seconds"] / baseline["seconds"],
            "import_ratio": imported["seconds"] / baseline["seconds"],
            "export_peak_ratio": export["peak_mib"] / baseline["peak_mib"],
            "import_peak_ratio": imported["peak_mib"] / baseline["peak_mib"],
        }
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    sys.exit(harness.main(run, child, default_docs=1_000))
