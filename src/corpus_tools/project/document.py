"""Project one document's final spans onto one of its translations, and write the result
as its own annotation set (never over the final set)."""

from __future__ import annotations

from pathlib import Path

from corpus_tools.checks.validator import check_unwritten_span_files
from corpus_tools.io.corpus import (
    CorpusError,
    load_registry,
    load_segmentation,
    load_span_file,
    load_target_text,
    load_translation,
)
from corpus_tools.io.spanfile import dump_span_file
from corpus_tools.io.translations import REFERENCE_SYSTEM
from corpus_tools.io.yamlio import YamlParseError, atomic_write, load_safe
from corpus_tools.layout import FINAL_SET, Layout, check_doc_id, file_names, parse_text_id
from corpus_tools.model import TextRef
from corpus_tools.project.aligner import TokenPair, make_aligner
from corpus_tools.project.projector import Projection, Translated, project, tokenized_pairs
from corpus_tools.schema import schema_comment


class ProjectionError(Exception):
    """A projection that cannot be made or written, with a one-line reason."""


def find_translation(root: Path, doc_id: str, system: str = REFERENCE_SYSTEM) -> TextRef:
    """The text of ``doc_id``'s translation by ``system`` (in whichever language)."""
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
    return parse_text_id(names[0].removesuffix(".yaml"))


def load_translated(root: Path, text: TextRef) -> Translated:
    """A translation's target text with the source segments it renders."""
    if text.translation is None:
        raise ProjectionError(f"{text.text_id} is an original, not a translation")
    try:
        translation = load_translation(Layout(root).translation_path(text))
        return Translated(text.doc_id, translation.source_language, text.translation,
                          load_target_text(root, text),
                          load_segmentation(root, text.doc_id).segments)
    except CorpusError as exc:
        raise ProjectionError(str(exc)) from None


def training_pairs(root: Path, source_language: str, target_language: str) -> list[TokenPair]:
    """Every segment pair of the corpus's translations between the two languages, turned
    to run from ``source_language`` to ``target_language``."""
    pairs: list[TokenPair] = []
    for name in file_names(Layout(root).translations_dir, ".yaml"):
        target = load_translated(root, parse_text_id(name.removesuffix(".yaml")))
        languages = (target.source_language, target.language)
        if set(languages) != {source_language, target_language}:
            continue
        tokenized = tokenized_pairs(target)
        if languages != (source_language, target_language):
            tokenized = [(t, s) for s, t in tokenized]
        pairs += tokenized
    return pairs


def project_document(root: Path, doc_id: str, system: str = REFERENCE_SYSTEM,
                     method: str = "positional") -> Projection:
    """Project the final set's spans of ``doc_id`` onto its translation by ``system``."""
    target = load_translated(root, find_translation(root, doc_id, system))
    training: list[TokenPair] = []
    if method == "eflomal":
        training = training_pairs(root, target.source_language, target.language)
    try:
        original = load_span_file(Layout(root).span_path(doc_id))
        return project(original, target, load_registry(root), make_aligner(method, training))
    except CorpusError as exc:
        raise ProjectionError(str(exc)) from None


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
    layout = Layout(root)
    path = layout.span_path(projection.span_file.text.text_id, annotation_set)
    relative = layout.relative(path)
    if path.exists():
        if not force:
            raise ProjectionError(f"{relative}: exists; pass --force to replace it")
        if not _written_by_a_tool(path):
            raise ProjectionError(f"{relative}: exists and was not written by a tool; "
                                  "not replaced, even with --force")
    content = dump_span_file(projection.span_file, schema_comment(path, "spans", root))
    # A proposal that would not validate is a bug of the projector: refuse it, loudly.
    errors = [f for f in check_unwritten_span_files(root, [(path, content.encode("utf-8"))])
              if f.is_error]
    if errors:
        first = errors[0]
        raise ProjectionError(f"{relative}: not written, the projection would not validate: "
                              f"line {first.line}: {first.check}: {first.message}"
                              + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""))
    atomic_write(path, content)
    return path
