"""Load a whole (validated) corpus into the data model, document by document."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from corpus_tools.checks.structure import parse_yaml_file
from corpus_tools.io.metadata import meta_from_data
from corpus_tools.io.registry import registry_from_data
from corpus_tools.io.segments import segmentation_from_data
from corpus_tools.io.spanfile import span_file_from_data
from corpus_tools.io.translations import translation_from_data
from corpus_tools.layout import Layout, file_names
from corpus_tools.model import DocumentMeta, Registry, Segmentation, SpanFile, Translation


class CorpusError(Exception):
    """A file that should be valid is not: run `corpus-tools validate`."""


@dataclass(frozen=True)
class DocumentBundle:
    meta: DocumentMeta
    text: str
    segmentation: Segmentation
    spans: SpanFile
    translations: tuple[Translation, ...]


def _load(path: Path, kind: str) -> dict:  # type: ignore[type-arg]
    try:
        data, issues = parse_yaml_file(path.read_bytes(), kind)  # type: ignore[arg-type]
    except OSError:
        raise CorpusError(f"{path}: missing; run `corpus-tools validate`") from None
    if issues:
        raise CorpusError(f"{path}: not valid; run `corpus-tools validate`")
    return data  # type: ignore[no-any-return]


def load_span_file(path: Path) -> SpanFile:
    """A schema-valid span file; CorpusError if it is missing or invalid."""
    return span_file_from_data(_load(path, "spans"))


def load_registry(root: Path) -> Registry:
    path = Layout(root).registry_path
    return registry_from_data(_load(path, "registry")) if path.exists() else Registry()


def doc_ids(root: Path) -> list[str]:
    return [name.removesuffix(".txt") for name in file_names(Layout(root).documents_dir, ".txt")]


def iter_documents(root: Path) -> Iterator[DocumentBundle]:
    """Each document with its text, segmentation, final annotations and translations."""
    layout = Layout(root)
    translations = file_names(layout.translations_dir, ".yaml")
    for doc_id in doc_ids(root):
        yield DocumentBundle(
            meta=meta_from_data(_load(layout.meta_path(doc_id), "metadata")),
            text=layout.text_path(doc_id).read_text(encoding="utf-8"),
            segmentation=segmentation_from_data(_load(layout.segments_path(doc_id), "segments")),
            spans=span_file_from_data(_load(layout.span_path(doc_id), "spans")),
            translations=tuple(
                translation_from_data(_load(layout.translations_dir / name, "translation"))
                for name in translations if name.split(".", 1)[0] == doc_id),
        )


def load_segmentation(root: Path, doc_id: str) -> Segmentation:
    return segmentation_from_data(_load(Layout(root).segments_path(doc_id), "segments"))


def load_translation(path: Path) -> Translation:
    return translation_from_data(_load(path, "translation"))
