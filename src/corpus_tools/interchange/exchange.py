"""Export a corpus's annotations to a tool's format, and import them back.

Import never overwrites silently: it writes a new annotation set under
``annotations/passes/<name>`` and refuses if any file of that set exists, unless
``replace`` is given, which writes over the existing files (by default the final set) and
reports what changed. It validates every file before writing it and writes nothing if any
file has a level 1 or 2 finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus_tools import __version__
from corpus_tools.checks.base import Finding
from corpus_tools.checks.runner import validate
from corpus_tools.checks.validator import check_unwritten_span_files
from corpus_tools.hashing import sha256_text
from corpus_tools.interchange import FORMATS
from corpus_tools.interchange.base import ExchangeDocument, Format, InterchangeError, Layers
from corpus_tools.interchange.canonical import assign_ids, canonical_hints
from corpus_tools.interchange.diff import diff_summary
from corpus_tools.io.corpus import CorpusError, doc_ids, load_span_file, load_text
from corpus_tools.io.spanfile import dump_span_file
from corpus_tools.io.yamlio import atomic_write
from corpus_tools.layout import (
    FINAL_SET,
    Layout,
    UnsafeDocId,
    check_doc_id,
    file_names,
    parse_text_id,
    slugify,
)
from corpus_tools.model import Annotator, AnnotatorKind, Provenance, SpanFile
from corpus_tools.schema import current_version, schema_comment

#: Findings at these levels (syntax, schema, span consistency) stop an import.
REFUSING_LEVELS = (1, 2)


@dataclass(frozen=True)
class ExportResult:
    files: tuple[Path, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ImportResult:
    written: tuple[Path, ...]
    changes: tuple[str, ...]  # one line per replaced file
    warnings: tuple[str, ...]
    findings: tuple[Finding, ...]  # what validation reports on the written files


class ImportRefused(Exception):
    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("\n".join(reasons))
        self.reasons = tuple(reasons)


def _format(name: str) -> Format:
    if name not in FORMATS:
        raise InterchangeError(name, "unknown-format", f"unknown format; choose from "
                               f"{', '.join(FORMATS)}")
    return FORMATS[name]


def _comment_lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines()
               if line.lstrip().startswith("#") and "yaml-language-server" not in line)


def _texts(root: Path, annotation_set: str) -> list[str]:
    """Every original, and every translation with a span file in the set: the texts an
    export holds unless told which."""
    layout = Layout(root)
    translations = [name.removesuffix(".yaml")
                    for name in file_names(layout.translations_dir, ".yaml")]
    annotated = [t for t in translations if layout.span_path(t, annotation_set).exists()]
    return sorted([*doc_ids(root), *annotated])


def _known_text(root: Path, text_id: str, source: str) -> str:
    """The text of ``text_id`` (a translation's target text), or InterchangeError."""
    layout = Layout(root)
    try:
        text = parse_text_id(text_id)
    except UnsafeDocId as exc:
        raise InterchangeError(source, "unknown-document", str(exc)) from None
    if text.doc_id not in doc_ids(root) or (
            text.is_translation and not layout.translation_path(text).exists()):
        raise InterchangeError(source, "unknown-document",
                               f"no document or translation {text_id!r} in the corpus")
    try:
        return load_text(root, text)
    except CorpusError as exc:
        raise InterchangeError(source, "unknown-document", str(exc)) from None


def export_corpus(root: Path, format_name: str, out_dir: Path,
                  documents: Sequence[str] = (), annotation_set: str = FINAL_SET,
                  force: bool = False) -> ExportResult:
    """Write the texts' annotations of ``annotation_set`` in the format; a text without a
    span file in the set is exported with no annotations. ``documents`` are text ids:
    doc ids, or translations' ``<doc>.<language>.<system>`` (their target text is written)."""
    fmt = _format(format_name)
    layout = Layout(root)
    wanted = list(documents) or _texts(root, annotation_set)
    texts = {text_id: _known_text(root, text_id, layout.relative(layout.documents_dir))
             for text_id in wanted}
    if out_dir.exists() and any(out_dir.iterdir()) and not force:
        raise InterchangeError(out_dir, "export-exists", "directory is not empty; an earlier "
                               "export may hold unsaved annotation work (use --force to write "
                               "into it anyway)")
    exchange, warnings = [], []
    for doc_id in wanted:
        text = texts[doc_id]
        path = layout.span_path(doc_id, annotation_set)
        if path.exists():
            try:
                span_file = load_span_file(path)
            except CorpusError as exc:
                raise InterchangeError(layout.relative(path), "export-invalid", str(exc)) from None
            layers = Layers.of(span_file)
            comments = _comment_lines(path)
            if comments:
                warnings.append(f"{layout.relative(path)}: {comments} YAML comment lines are "
                                f"not carried by {fmt.name}; the YAML file keeps them")
            if span_file.dropped:
                warnings.append(f"{layout.relative(path)}: `dropped` ({len(span_file.dropped)} "
                                f"items) is not carried by {fmt.name}; the YAML file keeps it "
                                "and import leaves it out")
        else:
            layers = Layers()
            warnings.append(f"{doc_id}: no span file in set {annotation_set!r}; exported "
                            "without annotations")
        exchange.append(ExchangeDocument(doc_id, text, layers))
    result = fmt.write(exchange, out_dir)
    warnings.append(f"{fmt.name} does not carry: {fmt.loses}")
    return ExportResult(result.files, tuple(warnings) + result.warnings)


def _first_difference(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)))


def import_corpus(root: Path, format_name: str, in_dir: Path, *,
                  annotator: str | None = None, annotator_kind: AnnotatorKind = "human",
                  annotation_set: str | None = None, replace_existing: bool = False,
                  ) -> ImportResult:
    fmt = _format(format_name)
    layout = Layout(root)
    if not in_dir.is_dir():
        raise InterchangeError(in_dir, "import-malformed", "not a directory")
    read = fmt.read(in_dir)
    if not read.documents:
        raise InterchangeError(in_dir, "import-malformed", f"no {fmt.name} documents found")
    annotator_id = annotator or f"{fmt.name}-import"
    target = annotation_set or (FINAL_SET if replace_existing else slugify(annotator_id))
    check_doc_id(target)
    warnings = list(read.warnings)
    if not fmt.carries_ids:
        warnings.append(f"{fmt.name} does not carry: {fmt.loses}")
    planned: list[tuple[Path, str, SpanFile]] = []
    first_source: dict[str, object] = {}
    for doc in read.documents:
        try:
            text = _known_text(root, doc.doc_id, doc.source)
        except InterchangeError as exc:
            raise InterchangeError(doc.source, "import-unknown-document", exc.message) from None
        if doc.doc_id in first_source:
            raise InterchangeError(doc.source, "import-duplicate-document",
                                   f"document {doc.doc_id!r} occurs more than once in this "
                                   f"import (first at {first_source[doc.doc_id]}); nothing was "
                                   "written")
        first_source[doc.doc_id] = doc.source
        text_ref = parse_text_id(doc.doc_id)
        if doc.text != text:
            origin = (layout.relative(layout.translation_path(text_ref)) + " (its target text)"
                      if text_ref.is_translation else
                      layout.relative(layout.text_path(text_ref.doc_id)))
            raise InterchangeError(doc.source, "import-text-mismatch", f"the text differs from "
                                   f"{origin} at character {_first_difference(doc.text, text)}")
        layers, assigned = assign_ids(canonical_hints(doc.layers, text), keep=fmt.carries_ids)
        if assigned and fmt.carries_ids:
            warnings.append(f"{doc.source}: {assigned} annotations had no usable id; "
                            "gave them new ones")
        span_file = SpanFile(
            schema_version=current_version("spans"),
            doc_id=text_ref.doc_id,
            translation=text_ref.translation,
            text_sha256=sha256_text(text),
            provenance=Provenance(
                status="single-pass",
                annotators=(Annotator(annotator_id, annotator_kind),),
                note=f"imported from a {fmt.name} export ({in_dir.name}) with corpus-tools "
                     f"{__version__}"),
            entities=layers.entities, claims=layers.claims, attributions=layers.attributions)
        path = layout.span_path(doc.doc_id, target)
        planned.append((path, dump_span_file(span_file, schema_comment(path, "spans", root)),
                        span_file))
    existing = [path for path, _, _ in planned if path.exists()]
    if existing and not replace_existing:
        raise ImportRefused([f"{layout.relative(p)}: exists; import writes a new set (choose "
                             "another --set) or overwrites with --replace" for p in existing])
    refusals = []
    unwritten = [(path, data.encode("utf-8")) for path, data, _ in planned]
    for finding in check_unwritten_span_files(root, unwritten):
        if finding.level in REFUSING_LEVELS:
            refusals.append(f"{finding.file}:{finding.line}:{finding.column}: "
                            f"[L{finding.level} {finding.check}] "
                            f"{finding.span_id + ': ' if finding.span_id else ''}"
                            f"{finding.message} (not written)")
    if refusals:
        raise ImportRefused(refusals)
    changes = []
    for path, data, span_file in planned:
        if path.exists():
            old = _old_layers(path)
            new = Layers.of(span_file)
            summary = diff_summary(old, new) if old is not None else "was not a valid span file"
            comments = _comment_lines(path)
            if comments:
                summary += f"; {comments} YAML comment lines dropped"
            changes.append(f"{layout.relative(path)}: replaced: {summary}")
        atomic_write(path, data)
    written = {layout.relative(path) for path, _, _ in planned}
    findings = tuple(f for f in validate(root).findings if f.file in written)
    return ImportResult(tuple(p for p, _, _ in planned), tuple(changes), tuple(warnings),
                        findings)


def _old_layers(path: Path) -> Layers | None:
    try:
        old = load_span_file(path)
    except CorpusError:
        return None
    return Layers.of(old)
