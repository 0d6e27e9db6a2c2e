"""``corpus-tools stats``: per-document and per-label counts of an annotation set."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus_tools.checks.structure import parse_yaml_file
from corpus_tools.io.metadata import meta_from_data
from corpus_tools.io.spanfile import span_file_from_data
from corpus_tools.layout import FINAL_SET, Layout


@dataclass
class DocumentStats:
    doc_id: str
    language: str | None
    characters: int | None
    entities: int = 0
    claims: int = 0
    attributions: int = 0
    labels: Counter[str] = field(default_factory=Counter)


@dataclass
class CorpusStats:
    annotation_set: str
    documents: list[DocumentStats]
    unreadable: list[str]  # span files that are not schema-valid (run validate)

    def totals(self) -> dict[str, Any]:
        labels: Counter[str] = Counter()
        for doc in self.documents:
            labels.update(doc.labels)
        return {
            "documents": len(self.documents),
            "characters": sum(d.characters or 0 for d in self.documents),
            "entities": sum(d.entities for d in self.documents),
            "claims": sum(d.claims for d in self.documents),
            "attributions": sum(d.attributions for d in self.documents),
            "labels": dict(sorted(labels.items())),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "annotation_set": self.annotation_set,
            "documents": [
                {"doc_id": d.doc_id, "language": d.language, "characters": d.characters,
                 "entities": d.entities, "claims": d.claims, "attributions": d.attributions,
                 "labels": dict(sorted(d.labels.items()))}
                for d in self.documents
            ],
            "totals": self.totals(),
            "unreadable": self.unreadable,
        }


def collect(root: Path, annotation_set: str = FINAL_SET) -> CorpusStats:
    layout = Layout(root)
    documents: list[DocumentStats] = []
    unreadable: list[str] = []
    for path in layout.span_files(annotation_set):
        parsed, problems = parse_yaml_file(path.read_bytes(), "spans")
        if problems:
            unreadable.append(layout.relative(path))
            continue
        span_file = span_file_from_data(parsed)
        language, characters = None, None
        meta_path = layout.documents_dir / f"{path.stem}.meta.yaml"
        if meta_path.exists():
            meta, meta_problems = parse_yaml_file(meta_path.read_bytes(), "metadata")
            if not meta_problems:
                language, characters = meta_from_data(meta).language, meta["length_chars"]
        labels: Counter[str] = Counter(f"entity:{e.label}" for e in span_file.entities)
        labels.update(f"claim:{c.kind}" for c in span_file.claims)
        labels.update(f"claim:{c.author_stance}" for c in span_file.claims)
        labels.update(f"attribution:{a.source_type}" for a in span_file.attributions)
        labels.update(f"attribution:{a.quote_type}" for a in span_file.attributions)
        documents.append(DocumentStats(
            doc_id=span_file.doc_id, language=language, characters=characters,
            entities=len(span_file.entities), claims=len(span_file.claims),
            attributions=len(span_file.attributions), labels=labels,
        ))
    return CorpusStats(annotation_set, documents, unreadable)


def format_table(stats: CorpusStats) -> str:
    header = ("document", "lang", "chars", "entities", "claims", "attributions")
    rows = [(d.doc_id, d.language or "?", str(d.characters or "?"), str(d.entities),
             str(d.claims), str(d.attributions)) for d in stats.documents]
    totals = stats.totals()
    rows.append(("TOTAL", "", str(totals["characters"]), str(totals["entities"]),
                 str(totals["claims"]), str(totals["attributions"])))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i])
                       for i, cell in enumerate(row)) for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if totals["labels"]:
        lines.append("")
        lines.append("label counts:")
        lines += [f"  {label:<32} {count:>6}" for label, count in totals["labels"].items()]
    for path in stats.unreadable:
        lines.append(f"skipped (not schema-valid; run corpus-tools validate): {path}")
    return "\n".join(lines) + "\n"
