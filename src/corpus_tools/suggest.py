"""``corpus-tools suggest``: pre-annotation for new documents with the baselines' own
predictors (a gazetteer of every registry name, the cue lexicon), written as a new
annotation set under annotations/passes/<name>/ (never the final set) and, if asked, as
Label Studio tasks whose regions are predictions for annotators to accept or reject."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus_tools import SCHEMA_VERSION, __version__
from corpus_tools.interchange.base import ExchangeDocument, Layers
from corpus_tools.interchange.labelstudio import write_tasks
from corpus_tools.io.corpus import (
    CorpusError,
    DocumentBundle,
    doc_ids,
    load_document,
    load_registry,
)
from corpus_tools.io.spanfile import dump_span_file
from corpus_tools.io.yamlio import atomic_write
from corpus_tools.layout import FINAL_SET, Layout, UnsafeDocId, check_doc_id
from corpus_tools.model import Annotator, Provenance, Registry, SpanFile
from corpus_tools.predict.cues import attribute
from corpus_tools.predict.gazetteer import Gazetteer, registry_entries
from corpus_tools.schema import schema_comment

DEFAULT_SET = "suggestions"
ANNOTATOR = Annotator(
    "corpus-tools-suggest", "tool", "first-pass",
    note="suggestions: a gazetteer of every registry name and a cue lexicon "
    "(see `corpus-tools suggest`), for a person to accept or reject")


class SuggestError(Exception):
    """A refusal, with a one-line reason."""


@dataclass(frozen=True)
class Suggested:
    written: tuple[Path, ...]
    counts: dict[str, tuple[int, int]]  # doc id -> (entities, attributions)


def suggest_spans(doc: DocumentBundle, gazetteer: Gazetteer) -> SpanFile:
    return SpanFile(
        schema_version=SCHEMA_VERSION, doc_id=doc.meta.doc_id, text_sha256=doc.meta.sha256,
        provenance=Provenance("single-pass", (ANNOTATOR,)),
        entities=gazetteer.tag(doc.text),
        attributions=attribute(doc.text, doc.segmentation.segments, doc.meta.language))


def registry_gazetteer(registry: Registry) -> Gazetteer:
    return Gazetteer.build(registry_entries(registry))


def suggest(root: Path, documents: Sequence[str], annotation_set: str = DEFAULT_SET,
            labelstudio_dir: Path | None = None, force: bool = False) -> Suggested:
    """Write a suggestion span file per document; refuse the final set, existing files and
    (without ``force``) a non-empty Label Studio directory, before writing anything."""
    layout = Layout(root)
    if annotation_set == FINAL_SET:
        raise SuggestError(f"refusing to write suggestions into the final set "
                           f"({layout.relative(layout.set_dir())}); name a pass with --set")
    try:
        check_doc_id(annotation_set)
        wanted = [check_doc_id(d) for d in documents]
    except UnsafeDocId as exc:
        raise SuggestError(str(exc)) from None
    known = set(doc_ids(root))
    unknown = [d for d in wanted if d not in known]
    if unknown or not wanted:
        raise SuggestError(f"no document {', '.join(unknown)}" if unknown
                           else "name at least one document")
    targets = [layout.span_path(d, annotation_set) for d in wanted]
    existing = [layout.relative(p) for p in targets if p.exists()]
    if existing:
        raise SuggestError(f"{', '.join(existing)} exists already; remove it or choose "
                           "another --set")
    if labelstudio_dir is not None and labelstudio_dir.exists() \
            and any(labelstudio_dir.iterdir()) and not force:
        raise SuggestError(f"{labelstudio_dir}: directory is not empty (use --force)")
    gazetteer = registry_gazetteer(load_registry(root))
    try:
        docs = [load_document(root, d) for d in wanted]
    except CorpusError as exc:
        raise SuggestError(str(exc)) from None
    span_files = [suggest_spans(doc, gazetteer) for doc in docs]
    for path, span_file in zip(targets, span_files, strict=True):
        atomic_write(path, dump_span_file(span_file, schema_comment(path, "spans", root)))
    written = list(targets)
    if labelstudio_dir is not None:
        exchange = [ExchangeDocument(doc.meta.doc_id, doc.text, Layers.of(f))
                    for doc, f in zip(docs, span_files, strict=True)]
        written += write_tasks(exchange, labelstudio_dir,
                               model_version=f"corpus-tools-suggest {__version__}").files
    return Suggested(tuple(written), {f.doc_id: (len(f.entities), len(f.attributions))
                                      for f in span_files})
