"""The build benchmark's baseline, independent of corpus_tools (it must not import it):
read every file the build reads with PyYAML's C loader and write equivalent tables with
plain pyarrow, one Parquet file per config, each table held whole and written at once.

Equivalent, not identical: the same rows (documents, texts, entities, claims,
attributions, registry entries, parallel segment pairs, sentences, word-level NER tags,
folds) with their fields, but types inferred by pyarrow, labels as strings, tokens split
at whitespace and no checks. It is the least a build has to do, so a lower bound.

    python -m benchmarks.baseline_build --child baseline ROOT
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

LAYERS = ("entities", "claims", "attributions")
FOLDS = 5


def _load(path: Path) -> Any:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)


def _flat(item: dict[str, Any]) -> dict[str, Any]:
    """Nested mappings and lists as JSON strings, so every layer's rows share one schema."""
    return {key: json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value
            for key, value in item.items()}


def _ner(text: str, entities: list[dict[str, Any]]) -> dict[str, list[str]]:
    tokens, tags, position = [], [], 0
    starts = {e["start"]: e for e in entities}
    inside: dict[str, Any] | None = None
    for token in text.split():
        start = text.index(token, position)
        position = start + len(token)
        if inside is not None and start >= inside["end"]:
            inside = None
        if start in starts:
            inside = starts[start]
            tags.append(f"B-{inside['label']}")
        else:
            tags.append(f"I-{inside['label']}" if inside is not None else "O")
        tokens.append(token)
    return {"tokens": tokens, "ner_tags": tags}


def build(root: Path) -> dict[str, int]:
    documents_dir = root / "corpus" / "documents"
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in (
        "documents", "texts", *LAYERS, "registry", "parallel", "sentences", "ner", "folds")}
    translations: dict[str, list[Path]] = {}
    for path in sorted((root / "corpus" / "translations").glob("*.yaml")):
        translations.setdefault(path.name.split(".", 1)[0], []).append(path)
    for index, text_path in enumerate(sorted(documents_dir.glob("*.txt"))):
        doc_id = text_path.stem
        text = text_path.read_text(encoding="utf-8")
        meta = _load(documents_dir / f"{doc_id}.meta.yaml")
        spans = _load(root / "annotations" / "spans" / f"{doc_id}.yaml")
        segments = _load(root / "corpus" / "segments" / f"{doc_id}.yaml")["segments"]
        row = {"doc_id": doc_id, "language": meta["language"], "text": text,
               "sha256": meta["sha256"]}
        row.update({key: value["value"] for key, value in meta.items()
                    if isinstance(value, dict) and "value" in value})
        for layer in LAYERS:
            row[layer] = [_flat(item) for item in spans.get(layer, [])]
            tables[layer] += [{"doc_id": doc_id, **_flat(item)}
                              for item in spans.get(layer, [])]
        tables["documents"].append(row)
        tables["texts"].append({"text_id": doc_id, "kind": "original", "text": text,
                                "sha256": hashlib.sha256(text.encode()).hexdigest()})
        tables["sentences"] += [{"doc_id": doc_id, **segment} for segment in segments]
        tables["ner"].append({"doc_id": doc_id, **_ner(text, spans.get("entities", []))})
        tables["folds"].append({"doc_id": doc_id, "fold": index % FOLDS})
        for translation_path in translations.get(doc_id, []):
            translation = _load(translation_path)
            targets = {s["id"]: s["text"] for s in translation["segments"]}
            target = " ".join(targets.values())
            tables["texts"].append({"text_id": translation_path.stem, "kind": "translation",
                                    "text": target,
                                    "sha256": hashlib.sha256(target.encode()).hexdigest()})
            tables["parallel"] += [
                {"doc_id": doc_id, "segment_id": s["id"], "system": translation["system"],
                 "source": s["text"], "target": targets.get(s["id"], "")} for s in segments]
    registry = _load(root / "annotations" / "registry.yaml")
    tables["registry"] = [_flat(entity) for entity in registry.get("entities", [])]
    for name, rows in tables.items():
        target = root / "baseline" / name / "test.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows), target)
    return {name: len(rows) for name, rows in tables.items()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2, metavar=("MODE", "ROOT"), required=True)
    root = Path(parser.parse_args().child[1])
    started = time.perf_counter()
    rows = build(root)
    print(json.dumps({"mode": "baseline", "seconds": time.perf_counter() - started, "rows": rows,
                      "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
