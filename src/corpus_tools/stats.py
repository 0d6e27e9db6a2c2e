"""``corpus-tools stats``: per-text and per-label counts of an annotation set, and how
much of each original its translations' span files align."""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus_tools.checks.alignment import LAYERS
from corpus_tools.io.corpus import CorpusError, load_text
from corpus_tools.io.metadata import meta_from_data
from corpus_tools.io.spanfile import span_file_from_data
from corpus_tools.io.yamlfile import read_valid
from corpus_tools.layout import FINAL_SET, Layout
from corpus_tools.model import SpanFile


@dataclass
class DocumentStats:
    """One annotated text: an original (``text_id == doc_id``) or a translation."""

    doc_id: str
    language: str | None
    characters: int | None
    entities: int = 0
    claims: int = 0
    attributions: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    text_id: str = ""


@dataclass(frozen=True)
class Coverage:
    """Of an original's items in one layer, how many a translation's items render."""

    aligned: int
    total: int

    @property
    def share(self) -> float | None:
        return self.aligned / self.total if self.total else None

    def to_json(self) -> dict[str, Any]:
        return {"aligned": self.aligned, "total": self.total, "share": self.share}

    def __str__(self) -> str:
        share = "  n/a" if self.share is None else f"{self.share:5.0%}"
        return f"{self.aligned}/{self.total} {share}"


@dataclass(frozen=True)
class AlignmentStats:
    text_id: str  # the translation
    original: str  # the original's span file it aligns with (relative)
    layers: dict[str, Coverage]


@dataclass
class CorpusStats:
    annotation_set: str
    documents: list[DocumentStats]
    unreadable: list[str]  # span files that are not schema-valid (run validate)
    alignment: list[AlignmentStats] = field(default_factory=list)

    def alignment_totals(self) -> dict[str, Coverage]:
        return {layer: Coverage(sum(a.layers[layer].aligned for a in self.alignment),
                                sum(a.layers[layer].total for a in self.alignment))
                for layer in LAYERS}

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
                {"doc_id": d.doc_id, "text_id": d.text_id, "language": d.language,
                 "characters": d.characters,
                 "entities": d.entities, "claims": d.claims, "attributions": d.attributions,
                 "labels": dict(sorted(d.labels.items()))}
                for d in self.documents
            ],
            "totals": self.totals(),
            "alignment": [{"text_id": a.text_id, "original": a.original,
                           **{layer: c.to_json() for layer, c in a.layers.items()}}
                          for a in self.alignment],
            "alignment_totals": {layer: c.to_json()
                                 for layer, c in self.alignment_totals().items()},
            "unreadable": self.unreadable,
        }


def _read_span_file(path: Path) -> SpanFile | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    # parsing is outside the try: a missing schema is the tool's problem, not the file's
    parsed = read_valid(data, "spans")
    return None if parsed is None else span_file_from_data(parsed)


def coverage(translation: SpanFile, original: SpanFile) -> dict[str, Coverage]:
    """Per layer: the original's items that some translation item names as counterpart."""
    result = {}
    for layer in LAYERS:
        rendered = {c for item in getattr(translation, layer) if item.alignment is not None
                    for c in item.alignment.counterpart or ()}
        ids = [item.id for item in getattr(original, layer)]
        result[layer] = Coverage(sum(i in rendered for i in ids), len(ids))
    return result


def collect(root: Path, annotation_set: str = FINAL_SET) -> CorpusStats:
    layout = Layout(root)
    documents: list[DocumentStats] = []
    unreadable: list[str] = []
    alignment: list[AlignmentStats] = []
    for path in layout.span_files(annotation_set):
        span_file = _read_span_file(path)
        if span_file is None:
            unreadable.append(layout.relative(path))
            continue
        language: str | None = None
        characters = None
        if span_file.translation is not None:
            language = span_file.translation.language
            with contextlib.suppress(CorpusError):
                characters = len(load_text(root, span_file.text))
            original_path = layout.span_path(span_file.doc_id, annotation_set)
            if not original_path.exists():
                original_path = layout.span_path(span_file.doc_id)
            original = _read_span_file(original_path)
            if original is not None:
                alignment.append(AlignmentStats(span_file.text.text_id,
                                                layout.relative(original_path),
                                                coverage(span_file, original)))
        else:
            meta_path = layout.documents_dir / f"{span_file.doc_id}.meta.yaml"
            if meta_path.exists():
                meta = read_valid(meta_path.read_bytes(), "metadata")
                if meta is not None:
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
            text_id=span_file.text.text_id,
        ))
    documents.sort(key=lambda d: (d.doc_id, d.text_id != d.doc_id, d.text_id))
    return CorpusStats(annotation_set, documents, unreadable, alignment)


def format_table(stats: CorpusStats) -> str:
    header = ("text", "lang", "chars", "entities", "claims", "attributions")
    rows = [(d.text_id, d.language or "?", str(d.characters or "?"), str(d.entities),
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
    if stats.alignment:
        lines += ["", "alignment coverage (original items with a counterpart in the "
                  "translation):"]
        table: list[tuple[str, ...]] = [("translation", *LAYERS)]
        table += [(a.text_id, *(str(a.layers[layer]) for layer in LAYERS))
                  for a in stats.alignment]
        table.append(("TOTAL", *(str(c) for c in stats.alignment_totals().values())))
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        lines += ["  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                            for i, cell in enumerate(row)) for row in table]
    for path in stats.unreadable:
        lines.append(f"skipped (not schema-valid; run corpus-tools validate): {path}")
    return "\n".join(lines) + "\n"
