"""Translation benchmark: batched CTranslate2 calls versus ``argostranslate.translate``.

On the same package and the same segments (by default every segment of the corpus's
Dutch documents), reports the time argostranslate takes translating segment by segment,
document by document, against one batched pass; the share of identical output strings;
and a cached re-run of the whole pipeline, which must make no model call.

Without --package it builds a random package of a real model's size (6 layers, 512
dimensions) whose outputs depend on their input and are 10 to 30 words long, so decoding
costs about what it does in a real argos model (the output is nonsense). Give it a real
package file to measure that instead. It lists every output that differs between the two
paths.

    python -m benchmarks.bench_translate [--package PATH.argosmodel] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
#: The decoder's input-dependent share in the benchmark model: every segment of the corpus
#: decodes to its own output, 10 to 30 words long (larger weights stop ending at all).
INPUT_WEIGHT = 0.005


def run(package_file: Path | None, repeat: int, workdir: Path) -> dict[str, Any]:
    from benchmarks.argos_tiny import ModelSize, build_package
    from corpus_tools.io.yamlio import load_safe
    from corpus_tools.translate.engine import BatchTranslator
    from corpus_tools.translate.packages import install_package
    from corpus_tools.translate.pipeline import translate_corpus

    root = workdir / "corpus"
    shutil.copytree(REPO / "corpus", root / "corpus")
    shutil.copytree(REPO / "annotations", root / "annotations")
    if package_file is None:
        started = time.perf_counter()
        package_file = build_package(workdir / "bench.argosmodel", size=ModelSize(
            layers=6, d_model=512, ffn=2048, heads=8, scale=1.0, fixed_output_length=20,
            input_weight=INPUT_WEIGHT))
        print(f"built a benchmark package in {time.perf_counter() - started:.1f} s", flush=True)
    package = install_package(root, package_file)
    documents: dict[str, list[str]] = {}
    for path in sorted((root / "corpus" / "segments").glob("*.yaml")):
        meta = load_safe((root / "corpus/documents" / f"{path.stem}.meta.yaml").read_text())
        if meta["language"] == package.from_code:
            segments = load_safe(path.read_text(encoding="utf-8"))["segments"]
            documents[path.stem] = [s["text"] for s in segments] * repeat
    texts = [t for doc in documents.values() for t in doc]

    from argostranslate import translate as argos

    argos.get_installed_languages.cache_clear()
    languages = {language.code: language for language in argos.get_installed_languages()}
    reference = languages[package.from_code].get_translation(languages[package.to_code])
    reference.translate(texts[0])  # load the model outside the timing, as below
    started = time.perf_counter()
    argos_outputs = [reference.translate(t) for doc in documents.values() for t in doc]
    argos_seconds = time.perf_counter() - started

    engine = BatchTranslator(package)
    started = time.perf_counter()
    batched = engine.translate(texts)
    batched_seconds = time.perf_counter() - started
    identical = sum(a == b for a, b in zip(argos_outputs, batched, strict=True))
    differing = [{"input": t, "argostranslate": a, "batched": b}
                 for t, a, b in zip(texts, argos_outputs, batched, strict=True) if a != b]

    first = translate_corpus(root, list(documents), progress=False)
    started = time.perf_counter()
    second = translate_corpus(root, list(documents), progress=False)
    cached_seconds = time.perf_counter() - started
    report = {
        "package": package.code,
        "documents": len(documents),
        "segments": len(texts),
        "distinct_inputs": len(set(texts)),
        "distinct_outputs": len(set(batched)),
        "min_output_words": min((len(b.split()) for b in batched), default=0),
        "mean_output_words": sum(len(b.split()) for b in batched) / max(len(batched), 1),
        "max_output_words": max((len(b.split()) for b in batched), default=0),
        "argostranslate_seconds": argos_seconds,
        "batched_seconds": batched_seconds,
        "speedup": argos_seconds / batched_seconds,
        "identical_outputs": identical,
        "identical_share": identical / max(len(texts), 1),
        "differing_outputs": differing,
        "first_run_model_calls": first.model_calls,
        "cached_run_model_calls": second.model_calls,
        "cached_run_seconds": cached_seconds,
    }
    print(json.dumps(report, indent=2))
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--package", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=1, help="translate every segment N times")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        report = run(args.package, args.repeat, Path(scratch))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
