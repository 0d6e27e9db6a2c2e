"""Projection quality: each method's proposed translation-side spans against an
adjudicated translation-side annotation (the gold set).

    python -m benchmarks.bench_projection GOLD_DIR [--root .] [--methods positional eflomal]
                                          [--runs 3] [--json out.json]
    python -m benchmarks.bench_projection --stability [--root .]

GOLD_DIR holds translation-side span files named <doc>.<lang>.<system>.yaml (normally
annotations/spans); original span files there are skipped. Each method projects the
root's final spans of <doc> onto that translation; the proposals are scored with the
agreement module's matching (the gold file as reference): exact and overlap span F1 for
entities, claims and each attribution role, micro-averaged over the documents. Spans
the gold file gives by quote only (``text`` with ``occurrence``) are anchored first.
eflomal samples from an unseeded random state, so its methods are run ``--runs`` times
and reported as mean, min and max.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from corpus_tools.agreement import F1, Agreement, compare
from corpus_tools.anchor import Anchored, anchor
from corpus_tools.io.spanfile import span_file_from_data
from corpus_tools.io.yamlio import load_safe
from corpus_tools.model import SpanFile
from corpus_tools.project.document import load_target, project_document
from corpus_tools.project.pairs import TargetText

LAYERS = ("entities", "claims", "source", "cue", "content")
STOCHASTIC = {"eflomal"}


class GoldError(Exception):
    pass


def _anchor_spans(node: Any, text: str, where: str) -> None:
    """Fill ``start``/``end`` of every span in ``node`` given by quote only."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            _anchor_spans(item, text, f"{where}[{index}]")
    elif isinstance(node, dict):
        if "text" in node and isinstance(node["text"], str):
            found = anchor(text, node["text"], start=node.get("start"), end=node.get("end"),
                           occurrence=node.get("occurrence"), prefix=node.get("prefix"),
                           suffix=node.get("suffix"))
            if not isinstance(found, Anchored):
                raise GoldError(f"{where} {node.get('id', '')}: {found.message}")
            node["start"], node["end"] = found.start, found.end
        for key, value in node.items():
            if isinstance(value, dict | list):
                _anchor_spans(value, text, f"{where}.{key}")


def load_gold(path: Path, target: TargetText) -> SpanFile:
    data = load_safe(path.read_text(encoding="utf-8"))
    if data.get("text_sha256") != hashlib.sha256(target.text.encode("utf-8")).hexdigest():
        raise GoldError(f"{path}: annotated on another text than {target.text_id}'s target "
                        "text (text_sha256 differs); re-anchor it with `corpus-tools fix`")
    for layer in ("entities", "claims", "attributions"):
        data.setdefault(layer, [])
        _anchor_spans(data[layer], target.text, f"{path.name}: {layer}")
    return span_file_from_data(data)


def gold_files(gold_dir: Path) -> list[tuple[Path, str, str]]:
    """(path, doc id, system) of each translation-side file: <doc>.<lang>.<system>.yaml."""
    found = []
    for path in sorted(gold_dir.glob("*.*.*.yaml")):
        doc_id, _language, system = path.name.removesuffix(".yaml").rsplit(".", 2)
        found.append((path, doc_id, system))
    return found


def layer_scores(agreement: Agreement) -> dict[str, dict[str, F1]]:
    roles = agreement.roles
    scores = {"entities": agreement.entities, "claims": agreement.claims,
              **{role: roles[role] for role in ("source", "cue", "content") if role in roles}}
    return {layer: {"exact": s.exact, "overlap": s.overlap} for layer, s in scores.items()}


def evaluate(root: Path, gold_dir: Path, methods: Sequence[str], runs: int = 1
             ) -> dict[str, Any]:
    """Per method: F1 per layer and match (mean over runs, and min/max), plus counts."""
    files = gold_files(gold_dir)
    if not files:
        raise GoldError(f"{gold_dir}: no translation-side span file (<doc>.<lang>.<system>.yaml)")
    gold = {}
    for path, doc_id, system in files:
        gold[path] = load_gold(path, load_target(root, doc_id, system))
    report: dict[str, Any] = {"documents": [p.name for p, _, _ in files], "methods": {}}
    for method in methods:
        per_run = []
        for _ in range(runs if method in STOCHASTIC else 1):
            pairs = [(gold[path], project_document(root, doc_id, system, method).span_file)
                     for path, doc_id, system in files]
            per_run.append(layer_scores(compare(pairs)))
        result: dict[str, Any] = {"runs": len(per_run)}
        for layer in LAYERS:
            if layer not in per_run[0]:
                continue
            result[layer] = {}
            for match in ("exact", "overlap"):
                values = [r[layer][match].f1 or 0.0 for r in per_run]
                first = per_run[0][layer][match]
                result[layer][match] = {"f1": statistics.mean(values), "min": min(values),
                                        "max": max(values), "reference": first.reference,
                                        "predicted_first_run": first.predicted}
        report["methods"][method] = result
    return report


def stability(root: Path, method: str) -> dict[str, dict[str, float | None]]:
    """Two runs of ``method`` over every reference translation of ``root``, scored against
    each other (1.0 everywhere for a deterministic method); no gold needed."""
    from corpus_tools.io.corpus import doc_ids

    pairs = [(project_document(root, doc_id, method=method).span_file,
              project_document(root, doc_id, method=method).span_file)
             for doc_id in doc_ids(root)]
    return {layer: {match: f.f1 for match, f in scores.items()}
            for layer, scores in layer_scores(compare(pairs)).items()}


def format_table(report: dict[str, Any]) -> str:
    lines = [f"gold: {', '.join(report['documents'])}", "",
             "| method | layer | exact F1 | overlap F1 | gold spans |", "|---|---|---:|---:|---:|"]
    for method, result in report["methods"].items():
        for layer in LAYERS:
            if layer not in result:
                continue
            cells = []
            for match in ("exact", "overlap"):
                s = result[layer][match]
                spread = f" ({s['min']:.3f}–{s['max']:.3f})" if result["runs"] > 1 else ""
                cells.append(f"{s['f1']:.3f}{spread}")
            lines.append(f"| {method} | {layer} | {cells[0]} | {cells[1]} | "
                         f"{result[layer]['exact']['reference']} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold_dir", type=Path, metavar="GOLD_DIR", nargs="?")
    parser.add_argument("--root", type=Path, default=Path("."), help="corpus root")
    parser.add_argument("--methods", nargs="+", default=["positional", "eflomal"])
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of each stochastic method (eflomal)")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--stability", action="store_true",
                        help="instead: agreement of two runs of each method with each other "
                        "over the root's reference translations")
    args = parser.parse_args(argv)
    if args.stability:
        for method in args.methods:
            for layer, scores in stability(args.root, method).items():
                exact, overlap = (f"{v:.3f}" if v is not None else "n/a"
                                  for v in (scores["exact"], scores["overlap"]))
                print(f"{method} {layer}: exact {exact} overlap {overlap}")
        return 0
    if args.gold_dir is None:
        parser.error("GOLD_DIR is required (unless --stability)")
    try:
        report = evaluate(args.root, args.gold_dir, args.methods, args.runs)
    except GoldError as exc:
        print(f"bench_projection: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(format_table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
