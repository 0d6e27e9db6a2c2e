"""Project one document's final spans onto one of its translations, and write the result
as its own annotation set (never over the final set)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from corpus_tools.io.corpus import (
    CorpusError,
    load_registry,
    load_segmentation,
    load_span_file,
    load_translation,
)
from corpus_tools.io.spanfile import span_file_to_data
from corpus_tools.io.yamlio import YamlParseError, atomic_write, dump_round_trip, load_safe
from corpus_tools.layout import FINAL_SET, Layout, check_doc_id, file_names
from corpus_tools.project.aligner import TokenPair, make_aligner
from corpus_tools.project.pairs import PairError, TargetText, target_text
from corpus_tools.project.projector import SCHEMA_VERSION, Projection, project, tokenized_pairs
from corpus_tools.schema import SCHEMA_COMMENT

REFERENCE = "reference"


class ProjectionError(Exception):
    """A projection that cannot be made or written, with a one-line reason."""


def load_target(root: Path, doc_id: str, system: str = REFERENCE) -> TargetText:
    """The target text of ``doc_id``'s translation by ``system``."""
    layout = Layout(root)
    check_doc_id(doc_id)
    names = [n for n in file_names(layout.translations_dir, ".yaml")
             if n.startswith(f"{doc_id}.") and n.endswith(f".{system}.yaml")]
    if not names:
        raise ProjectionError(f"{doc_id}: no translation by {system!r} in "
                              f"{layout.relative(layout.translations_dir)}")
    if len(names) > 1:
        raise ProjectionError(f"{doc_id}: several translations by {system!r} "
                              f"({', '.join(names)})")
    translation = load_translation(layout.translations_dir / names[0])
    original = layout.text_path(doc_id).read_text(encoding="utf-8")
    try:
        return target_text(original, load_segmentation(root, doc_id), translation)
    except PairError as exc:
        raise ProjectionError(str(exc)) from None


def training_pairs(root: Path, source_language: str, target_language: str) -> list[TokenPair]:
    """Every segment pair of the corpus's translations between the two languages, turned
    to run from ``source_language`` to ``target_language``."""
    layout = Layout(root)
    pairs: list[TokenPair] = []
    for name in file_names(layout.translations_dir, ".yaml"):
        translation = load_translation(layout.translations_dir / name)
        languages = (translation.source_language, translation.target_language)
        if set(languages) != {source_language, target_language}:
            continue
        target = load_target(root, translation.doc_id, translation.system)
        tokenized = tokenized_pairs(target)
        if languages != (source_language, target_language):
            tokenized = [(t, s) for s, t in tokenized]
        pairs += tokenized
    return pairs


def project_document(root: Path, doc_id: str, system: str = REFERENCE,
                     method: str = "positional") -> Projection:
    """Project the final set's spans of ``doc_id`` onto its translation by ``system``."""
    layout = Layout(root)
    try:
        target = load_target(root, doc_id, system)
        original = load_span_file(layout.span_path(doc_id))
        training: list[TokenPair] = []
        if method == "eflomal":
            training = training_pairs(root, target.source_language, target.language)
        return project(original, target, load_registry(root), make_aligner(method, training))
    except CorpusError as exc:
        raise ProjectionError(str(exc)) from None


def _flow(items: list[str]) -> Any:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def projection_to_data(projection: Projection) -> dict[str, Any]:
    """The translation-side span file: the span format plus ``translation``, a
    ``counterpart`` per item and the original's ``dropped`` items."""
    data = span_file_to_data(projection.span_file)
    ordered: dict[str, Any] = {}
    for key, value in data.items():
        ordered[key] = value
        if key == "doc_id":
            language = CommentedMap([("language", projection.target.language),
                                     ("system", projection.target.system)])
            language.fa.set_flow_style()
            ordered["translation"] = language
    for layer in ("entities", "claims", "attributions"):
        for item in ordered[layer]:
            item["counterpart"] = _flow(list(projection.counterparts[item["id"]]))
    ordered["dropped"] = [{"id": d.id, "note": d.note} for d in projection.dropped]
    return ordered


def projection_path(root: Path, projection: Projection, annotation_set: str) -> Path:
    return Layout(root).set_dir(annotation_set) / f"{projection.target.text_id}.yaml"


def _written_by_a_tool(path: Path) -> bool:
    try:
        data = load_safe(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlParseError):
        return False
    provenance = data.get("provenance") if isinstance(data, dict) else None
    annotators = provenance.get("annotators") if isinstance(provenance, dict) else None
    return isinstance(annotators, list) and bool(annotators) and all(
        isinstance(a, dict) and a.get("kind") == "tool" for a in annotators)


def write_projection(root: Path, projection: Projection, annotation_set: str | None = None,
                     *, force: bool = False) -> Path:
    """Write atomically to annotations/passes/<set>/<text id>.yaml (default set:
    projection-<aligner>). Refuses the final set, an existing file without ``force``, and
    with ``force`` any file a person (or a file that does not parse) made."""
    method = projection.span_file.provenance.annotators[0].id
    annotation_set = annotation_set or method
    if annotation_set == FINAL_SET:
        raise ProjectionError("projections are proposals: they are never written into the "
                              "final set annotations/spans; choose another --set")
    path = projection_path(root, projection, annotation_set)
    relative = Layout(root).relative(path)
    if path.exists():
        if not force:
            raise ProjectionError(f"{relative}: exists; pass --force to replace it")
        if not _written_by_a_tool(path):
            raise ProjectionError(f"{relative}: exists and was not written by a tool; "
                                  "not replaced, even with --force")
    schema = Layout(root).annotations_dir / "schema" / f"spans-{SCHEMA_VERSION}.schema.json"
    comment = f"{SCHEMA_COMMENT}{Path(os.path.relpath(schema, path.parent)).as_posix()}\n"
    atomic_write(path, comment + dump_round_trip(projection_to_data(projection)))
    return path
