"""Projection quality: each method's proposed translation-side spans against an
adjudicated translation-side annotation (the gold set).

    python -m benchmarks.bench_projection GOLD_DIR [--root .] [--methods positional eflomal]
                                          [--runs 5] [--json out.json] [--write]
    python -m benchmarks.bench_projection --stability [--root .]

GOLD_DIR holds translation-side span files named <doc>.<lang>.<system>.yaml (normally
annotations/spans); original span files there are skipped. Each method projects the
root's final spans of <doc> onto that translation; the proposals are scored with the
agreement module's matching (the gold file as reference): exact and overlap span F1 for
entities, claims and each attribution role, micro-averaged over the documents of each
direction (en->nl, nl->en) and over all. Also measured: coverage (the share of the
original's items that are projected rather than dropped; for the gold, the share it
aligns), the share of projected entities that are exactly right by how they were placed
(registry name, surface form, word aligner), and the wall time of projecting every gold
translation. eflomal samples from an unseeded random state, so it is run ``--runs`` times
and reported as mean (min–max). ``--write`` puts the tables into benchmarks/RESULTS.md and
the short table into README.md (generated blocks ``projection-tables`` and ``projection``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from corpus_tools.agreement import F1, Agreement, compare
from corpus_tools.export.generated import replace_block
from corpus_tools.hashing import sha256_text
from corpus_tools.io.corpus import CorpusError, load_span_file
from corpus_tools.io.yamlio import atomic_write
from corpus_tools.layout import UnsafeDocId, parse_text_id
from corpus_tools.model import SpanFile, TextRef
from corpus_tools.project.document import ProjectionError, load_translated, project_document
from corpus_tools.project.projector import PLACEMENTS, Projection

LAYERS = ("entities", "claims", "source", "cue", "content")
LAYER_NAMES = {"entities": "entities", "claims": "claims", "source": "attribution source",
               "cue": "attribution cue", "content": "attribution content"}
ITEM_LAYERS = ("entities", "claims", "attributions")
MATCHES = ("exact", "overlap")
STOCHASTIC = {"eflomal"}
ALL = "all"


class GoldError(Exception):
    pass


def gold_texts(gold_dir: Path) -> list[tuple[TextRef, Path]]:
    """The translation-side span files of ``gold_dir`` (named by text id), sorted."""
    found = []
    for path in sorted(gold_dir.glob("*.yaml")):
        try:
            text = parse_text_id(path.stem)
        except UnsafeDocId:
            continue
        if text.translation is not None:
            found.append((text, path))
    return found


def load_gold(root: Path, gold_dir: Path) -> list[tuple[str, SpanFile, SpanFile]]:
    """(direction, gold file, the original's final file) per gold translation."""
    texts = gold_texts(gold_dir)
    if not texts:
        raise GoldError(f"{gold_dir}: no translation-side span file (<doc>.<lang>.<system>.yaml)")
    gold = []
    for text, path in texts:
        try:
            target = load_translated(root, text)
            span_file = load_span_file(path)
            original = load_span_file(root / "annotations" / "spans" / f"{text.doc_id}.yaml")
        except (ProjectionError, CorpusError) as exc:
            raise GoldError(str(exc)) from None
        if span_file.text_sha256 != sha256_text(target.text):
            raise GoldError(f"{path}: annotated on another text than {text.text_id}'s target "
                            "text (text_sha256 differs); re-anchor it with `corpus-tools fix`")
        gold.append((f"{target.source_language}->{target.language}", span_file, original))
    return gold


def layer_scores(agreement: Agreement) -> dict[str, dict[str, F1]]:
    roles = agreement.roles
    scores = {"entities": agreement.entities, "claims": agreement.claims,
              **{role: roles[role] for role in ("source", "cue", "content") if role in roles}}
    return {layer: {"exact": s.exact, "overlap": s.overlap} for layer, s in scores.items()}


def _items(span_file: SpanFile, layer: str) -> tuple[Any, ...]:
    return getattr(span_file, layer)  # type: ignore[no-any-return]


def _aligned(span_file: SpanFile, layer: str) -> set[str]:
    return {c for item in _items(span_file, layer) if item.alignment is not None
            for c in item.alignment.counterpart or ()}


def _groups(gold: Sequence[tuple[str, SpanFile, SpanFile]]) -> dict[str, list[int]]:
    """Indices of the gold files per direction, and all of them."""
    groups: dict[str, list[int]] = {}
    for index, (direction, _, _) in enumerate(gold):
        groups.setdefault(direction, []).append(index)
    return {**dict(sorted(groups.items())), ALL: list(range(len(gold)))}


def coverage(files: Iterable[tuple[SpanFile, SpanFile]]) -> dict[str, float]:
    """Per layer: the share of the originals' items a translation-side file aligns."""
    aligned = dict.fromkeys(ITEM_LAYERS, 0)
    total = dict.fromkeys(ITEM_LAYERS, 0)
    for translated, original in files:
        for layer in ITEM_LAYERS:
            ids = {item.id for item in _items(original, layer)}
            aligned[layer] += len(_aligned(translated, layer) & ids)
            total[layer] += len(ids)
    return {layer: aligned[layer] / total[layer] if total[layer] else 1.0
            for layer in ITEM_LAYERS}


def placement_counts(pairs: Iterable[tuple[SpanFile, Projection]]) -> dict[str, list[int]]:
    """Per placement of a projected entity: [projected, exactly right] (the gold has an
    entity with the same start and end)."""
    counts = {placement: [0, 0] for placement in PLACEMENTS}
    for gold, projection in pairs:
        gold_spans = {(e.span.start, e.span.end) for e in gold.entities}
        for entity in projection.span_file.entities:
            count = counts[projection.placements[entity.id]]
            count[0] += 1
            count[1] += (entity.span.start, entity.span.end) in gold_spans
    return counts


def run_method(root: Path, gold: Sequence[tuple[str, SpanFile, SpanFile]], method: str
               ) -> dict[str, Any]:
    """One run of ``method`` over every gold translation."""
    started = time.perf_counter()
    projections = []
    for _, gold_file, _ in gold:
        translation = gold_file.translation
        assert translation is not None
        projections.append(project_document(root, gold_file.doc_id, translation.system, method))
    seconds = time.perf_counter() - started
    scores: dict[str, Any] = {}
    covered: dict[str, Any] = {}
    for group, indices in _groups(gold).items():
        agreement = compare((gold[i][1], projections[i].span_file) for i in indices)
        scores[group] = {layer: {match: f.to_json() for match, f in by_match.items()}
                         for layer, by_match in layer_scores(agreement).items()}
        covered[group] = coverage((projections[i].span_file, gold[i][2]) for i in indices)
    placements = placement_counts((g, p) for (_, g, _), p in zip(gold, projections, strict=True))
    return {"seconds": seconds, "scores": scores, "coverage": covered, "placements": placements}


def evaluate(root: Path, gold_dir: Path, methods: Sequence[str], runs: int = 1
             ) -> dict[str, Any]:
    """Per method, a list of runs (one for a deterministic method), each with F1 per
    direction and layer, coverage and entity placements; plus what the gold holds."""
    gold = load_gold(root, gold_dir)
    groups = _groups(gold)
    report: dict[str, Any] = {
        "gold": [g.text.text_id for _, g, _ in gold],
        "directions": {group: [gold[i][1].text.text_id for i in indices]
                       for group, indices in groups.items()},
        "gold_coverage": {group: coverage((gold[i][1], gold[i][2]) for i in indices)
                          for group, indices in groups.items()},
        "methods": {},
    }
    for method in methods:
        report["methods"][method] = [run_method(root, gold, method)
                                     for _ in range(runs if method in STOCHASTIC else 1)]
    return report


def _values(runs: list[dict[str, Any]], *path: str) -> list[float]:
    values = []
    for run in runs:
        node: Any = run
        for key in path:
            node = node[key]
        values.append(node if isinstance(node, int | float) else (node["f1"] or 0.0))
    return values


def _cell(values: list[float], digits: int = 3) -> str:
    """The value of a deterministic method; mean (min–max) over a stochastic one's runs."""
    mean = f"{statistics.mean(values):.{digits}f}"
    if len(values) == 1:
        return mean
    return f"{mean} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def _runs_note(method: str, runs: list[dict[str, Any]]) -> str:
    return f"mean (min–max) of {len(runs)} runs" if len(runs) > 1 else "deterministic, one run"


def method_tables(report: dict[str, Any], method: str) -> str:
    """One method's tables: F1 per layer and direction, coverage, entity placements."""
    runs = report["methods"][method]
    groups = list(report["directions"])
    first = runs[0]["scores"]
    lines = [f"**{method}** ({_runs_note(method, runs)}; "
             f"{_cell(_values(runs, 'seconds'), 1)} s for the {len(report['gold'])} translations)",
             "",
             "| layer | " + " | ".join(f"{g} exact | {g} overlap" for g in groups)
             + " | gold spans |",
             "|---|" + "---:|---:|" * len(groups) + "---:|"]
    for layer in LAYERS:
        if layer not in first[ALL]:
            continue
        cells = [_cell(_values(runs, "scores", group, layer, match))
                 for group in groups for match in MATCHES]
        gold_spans = first[ALL][layer]["exact"]["reference"]
        lines.append(f"| {LAYER_NAMES[layer]} | " + " | ".join(cells) + f" | {gold_spans} |")
    lines += ["", "| coverage | " + " | ".join(groups) + " |", "|---|" + "---:|" * len(groups)]
    for layer in ITEM_LAYERS:
        cells = [_cell(_values(runs, "coverage", group, layer)) for group in groups]
        gold_cells = [f"{report['gold_coverage'][group][layer]:.3f}" for group in groups]
        lines.append(f"| {layer} projected | " + " | ".join(cells) + " |")
        lines.append(f"| {layer} aligned in the gold | " + " | ".join(gold_cells) + " |")
    return "\n".join(lines) + "\n"


def placement_rows(report: dict[str, Any]) -> list[str]:
    """Per method and placement: projected entities and the share exactly right."""
    rows = []
    for method, runs in report["methods"].items():
        for placement in PLACEMENTS:
            projected = [run["placements"][placement][0] for run in runs]
            right = [run["placements"][placement][1] / n if n else 0.0
                     for run, n in zip(runs, projected, strict=True)]
            rows.append(f"| {method} | {placement} | {_cell(projected, 1 if len(runs) > 1 else 0)}"
                        f" | {_cell(right)} |")
    return rows


def _placement_table(report: dict[str, Any]) -> list[str]:
    return ["| method | entity placed by | entities projected | exactly right |",
            "|---|---|---:|---:|", *placement_rows(report)]


def results_tables(report: dict[str, Any]) -> str:
    """The tables of benchmarks/RESULTS.md."""
    directions = "; ".join(f"{group}: {', '.join(ids)}"
                           for group, ids in report["directions"].items() if group != ALL)
    parts = [f"Gold: the adjudicated translation-side files ({directions}). Exact and overlap "
             "span F1 per layer, micro-averaged over each direction's documents and over all; "
             "coverage is the share of the original's items projected (not dropped), beside "
             "the share the gold aligns.", ""]
    for method in report["methods"]:
        parts += [method_tables(report, method), ""]
    parts += ["Entities by how the projector placed them (exact: the gold has an entity with "
              "the same offsets):", "", *_placement_table(report)]
    return "\n".join(parts)


def summary_rows(report: dict[str, Any]) -> list[str]:
    """The card's rows: per method, overall exact / overlap F1 per layer."""
    rows = []
    for method, runs in report["methods"].items():
        scores = runs[0]["scores"][ALL]
        cells = [" / ".join(f"{statistics.mean(_values(runs, 'scores', ALL, layer, m)):.2f}"
                            for m in MATCHES)
                 for layer in LAYERS if layer in scores]
        coverage_cell = " / ".join(f"{statistics.mean(_values(runs, 'coverage', ALL, layer)):.2f}"
                                   for layer in ITEM_LAYERS)
        rows.append(f"| {method} | " + " | ".join(cells) + f" | {coverage_cell} |")
    return rows


def readme_block(report: dict[str, Any]) -> str:
    """The card's short table (README.md, block ``projection``)."""
    stochastic = [m for m, runs in report["methods"].items() if len(runs) > 1]
    runs_note = "".join(f" {m}: mean of {len(report['methods'][m])} runs (it has no seed)."
                        for m in stochastic)
    return "\n".join([
        f"Projection onto the {len(report['gold'])} reference translations, scored against "
        "their adjudicated translation-side annotation: span F1, exact / overlap, over both "
        f"directions.{runs_note} Reproduce with `python -m benchmarks.bench_projection "
        "annotations/spans --root . --runs 5`; per direction, coverage and timing in "
        "[benchmarks/RESULTS.md](benchmarks/RESULTS.md).",
        "",
        "| method | entities | claims | attribution source | attribution cue "
        "| attribution content | coverage (entities / claims / attributions) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *summary_rows(report),
        "",
        *_placement_table(report),
    ])


def write_tables(root: Path, report: dict[str, Any]) -> None:
    for path, name, content in (
            (root / "README.md", "projection", readme_block(report)),
            (root / "benchmarks" / "RESULTS.md", "projection-tables", results_tables(report))):
        atomic_write(path, replace_block(path.read_text(encoding="utf-8"), name, content))


def stability(root: Path, method: str) -> dict[str, dict[str, float | None]]:
    """Two runs of ``method`` over every reference translation of ``root``, scored against
    each other (1.0 everywhere for a deterministic method); no gold needed."""
    from corpus_tools.io.corpus import doc_ids

    pairs = [(project_document(root, doc_id, method=method).span_file,
              project_document(root, doc_id, method=method).span_file)
             for doc_id in doc_ids(root)]
    return {layer: {match: f.f1 for match, f in scores.items()}
            for layer, scores in layer_scores(compare(pairs)).items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold_dir", type=Path, metavar="GOLD_DIR", nargs="?")
    parser.add_argument("--root", type=Path, default=Path("."), help="corpus root")
    parser.add_argument("--methods", nargs="+", default=["positional", "eflomal"])
    parser.add_argument("--runs", type=int, default=5,
                        help="runs of each stochastic method (eflomal)")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--write", action="store_true",
                        help="write the tables into README.md and benchmarks/RESULTS.md")
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
    sys.stdout.write(results_tables(report) + "\n")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.write:
        write_tables(args.root, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
