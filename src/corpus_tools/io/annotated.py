"""Every annotated text of a document, original or translation, as one kind of thing: its
text, its segments (offsets into that text) and its final annotations."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from corpus_tools.io.corpus import DocumentBundle, iter_documents, load_span_file
from corpus_tools.io.texts import target_text
from corpus_tools.layout import Layout
from corpus_tools.model import Segment, SpanFile, TextRef, Translation, TranslationRef

ORIGINAL, TRANSLATION = "original", "translation"
#: The kinds of annotated text, as the dataset's ``text_kind`` column names them.
TEXT_KINDS = (ORIGINAL, TRANSLATION)


@dataclass(frozen=True)
class AnnotatedText:
    """A text with its final annotations: a document's original text, or the target text
    of one of its translations (``io.texts.target_text``)."""

    ref: TextRef
    language: str
    text: str
    segments: tuple[Segment, ...]
    spans: SpanFile
    translation: Translation | None = None

    @property
    def text_id(self) -> str:
        return self.ref.text_id

    @property
    def doc_id(self) -> str:
        return self.ref.doc_id

    @property
    def kind(self) -> str:
        return TRANSLATION if self.ref.is_translation else ORIGINAL

    @property
    def system(self) -> str | None:
        return None if self.ref.translation is None else self.ref.translation.system


@dataclass(frozen=True)
class AnnotatedDocument:
    """A document with its original and every translation that has a final span file."""

    doc: DocumentBundle
    texts: tuple[AnnotatedText, ...]  # the original first, then translations by file name

    @property
    def original(self) -> AnnotatedText:
        return self.texts[0]

    @property
    def translations(self) -> tuple[AnnotatedText, ...]:
        return self.texts[1:]

    def annotated(self, translation: Translation) -> AnnotatedText | None:
        """The annotated target text of ``translation``, or None if it has no span file."""
        wanted = TranslationRef(translation.target_language, translation.system)
        return next((t for t in self.translations if t.ref.translation == wanted), None)


def original_text(doc: DocumentBundle) -> AnnotatedText:
    return AnnotatedText(TextRef(doc.meta.doc_id), doc.meta.language, doc.text,
                         doc.segmentation.segments, doc.spans)


def annotate(root: Path, doc: DocumentBundle) -> AnnotatedDocument:
    """``doc`` with the translations that have a span file in the final set (their target
    texts are built from what ``doc`` holds: nothing else is read but the span files)."""
    layout = Layout(root)
    texts = [original_text(doc)]
    for translation in doc.translations:
        ref = TextRef(doc.meta.doc_id, TranslationRef(translation.target_language,
                                                      translation.system))
        path = layout.span_path(ref.text_id)
        if not path.exists():
            continue
        target = target_text(translation, doc.segmentation, doc.text)
        texts.append(AnnotatedText(ref, translation.target_language, target.text,
                                   target.segments, load_span_file(path), translation))
    return AnnotatedDocument(doc, tuple(texts))


def iter_annotated(root: Path) -> Iterator[AnnotatedDocument]:
    for doc in iter_documents(root):
        yield annotate(root, doc)
