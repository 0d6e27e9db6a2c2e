"""Load a whole (validated) corpus into the data model, document by document."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus_tools.hashing import sha256_text
from corpus_tools.io.metadata import meta_from_data
from corpus_tools.io.registry import registry_from_data
from corpus_tools.io.segments import segmentation_from_data
from corpus_tools.io.spanfile import span_file_from_data
from corpus_tools.io.textfile import decode
from corpus_tools.io.texts import NoTargetText, TargetText, target_text
from corpus_tools.io.translations import translation_from_data
from corpus_tools.io.yamlfile import read_valid
from corpus_tools.layout import Layout, file_names
from corpus_tools.model import (
    DocumentMeta,
    Registry,
    Segmentation,
    SpanFile,
    TextRef,
    Translation,
)
from corpus_tools.schema import SchemaKind


class CorpusError(Exception):
    """A file that should be valid is not: run `corpus-tools validate`."""


@dataclass(frozen=True)
class DocumentBundle:
    meta: DocumentMeta
    text: str
    segmentation: Segmentation
    spans: SpanFile
    translations: tuple[Translation, ...]


def _load(path: Path, kind: SchemaKind) -> Any:
    try:
        data = read_valid(path.read_bytes(), kind)
    except OSError:
        raise CorpusError(f"{path}: missing; run `corpus-tools validate`") from None
    if data is None:
        raise CorpusError(f"{path}: not valid; run `corpus-tools validate`")
    return data


def read_document_text(path: Path) -> str:
    """A document text as the checks require it; CorpusError if it is missing or invalid."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror or exc}") from None
    text, problems = decode(data)
    if text is None or problems:
        problem = problems[0].message if problems else "not a text"
        raise CorpusError(f"{path}: not a valid document text ({problem}); run "
                          "`corpus-tools validate`")
    return text


def load_span_file(path: Path) -> SpanFile:
    """A schema-valid span file; CorpusError if it is missing or invalid."""
    return span_file_from_data(_load(path, "spans"))


def load_target_text(root: Path, text: TextRef) -> TargetText:
    """A translation's target text, from its translation file, the document's stored
    segmentation and its text; CorpusError if any is missing, invalid or out of date."""
    layout = Layout(root)
    original = layout.text_path(text.doc_id)
    try:
        source = original.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        raise CorpusError(f"{original}: missing or not UTF-8; run `corpus-tools validate`"
                          ) from None
    segmentation = segmentation_from_data(_load(layout.segments_path(text.doc_id), "segments"))
    if segmentation.text_sha256 != sha256_text(source):
        raise CorpusError(f"{layout.segments_path(text.doc_id)}: stale; run "
                          "`corpus-tools validate`")
    translation = translation_from_data(_load(layout.translation_path(text), "translation"))
    try:
        return target_text(translation, segmentation, source)
    except NoTargetText as exc:
        raise CorpusError(f"{exc}; run `corpus-tools validate`") from None


def load_text(root: Path, text: TextRef) -> str:
    """The text a span file of ``text`` annotates: the original's, or the translation's
    target text; CorpusError if it cannot be read."""
    if text.translation is not None:
        return load_target_text(root, text).text
    return read_document_text(Layout(root).text_path(text.doc_id))


def load_registry(root: Path) -> Registry:
    path = Layout(root).registry_path
    return registry_from_data(_load(path, "registry")) if path.exists() else Registry()


def doc_ids(root: Path) -> list[str]:
    return [name.removesuffix(".txt") for name in file_names(Layout(root).documents_dir, ".txt")]


def iter_documents(root: Path) -> Iterator[DocumentBundle]:
    """Each document with its text, segmentation, final annotations and translations."""
    translations = file_names(Layout(root).translations_dir, ".yaml")
    for doc_id in doc_ids(root):
        yield load_document(root, doc_id, translations)


def load_document(root: Path, doc_id: str, translations: list[str] | None = None) -> DocumentBundle:
    """One document with its text, segmentation, final annotations and translations
    (``translations``: the translation file names, when the caller has listed them)."""
    layout = Layout(root)
    if translations is None:
        translations = file_names(layout.translations_dir, ".yaml")
    return DocumentBundle(
        meta=meta_from_data(_load(layout.meta_path(doc_id), "metadata")),
        text=read_document_text(layout.text_path(doc_id)),
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
