"""``corpus-tools add``: bring a new document into the corpus.

Normalises the text (LF, NFC, no BOM) and says what it changed, refuses what it cannot
safely take, and writes the text, a metadata stub and an empty span file together.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from corpus_tools.checks.language import detect_language
from corpus_tools.hashing import sha256_bytes
from corpus_tools.io.metadata import STUB_REASON, dump_meta
from corpus_tools.io.segments import dump_segmentation
from corpus_tools.io.spanfile import dump_span_file, empty_span_file
from corpus_tools.io.textfile import TextRejected, normalise
from corpus_tools.io.textstore import remember
from corpus_tools.io.yamlio import atomic_write
from corpus_tools.labels import LANGUAGES
from corpus_tools.layout import Layout, UnsafeDocId, check_doc_id, slugify
from corpus_tools.model import DocumentMeta, Language, Unstated
from corpus_tools.schema import current_version, schema_comment
from corpus_tools.segment import segmentation_of
from corpus_tools.wire import in_vocabulary

#: The largest text `add` takes (a long news article is well under 100 kB; segmentation
#: and language detection of much more would take minutes).
MAX_TEXT_BYTES = 1024 * 1024


class AddError(Exception):
    """A refusal, with a one-line reason."""


@dataclass(frozen=True)
class Added:
    doc_id: str
    changes: tuple[str, ...]
    files: tuple[Path, ...]
    detected_language: str
    probability: float


def read_regular_file(source: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; AddError for anything else
    (a device such as /dev/zero, a FIFO, a directory), without blocking on it."""
    try:
        descriptor = os.open(source, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise AddError(f"{source}: cannot read: {exc.strerror}") from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise AddError(f"{source}: not a regular file")
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise AddError(f"{source}: larger than the limit of {limit // 1024} KiB for a text")
    return data


def add_document(root: Path, source: Path, language: str, doc_id: str | None = None) -> Added:
    layout = Layout(root)
    data = read_regular_file(source, MAX_TEXT_BYTES)
    try:
        text, changes = normalise(data)
    except TextRejected as exc:
        raise AddError(f"{source}: refused [{exc.problem.check}]: {exc}") from None
    try:
        doc_id = check_doc_id(doc_id if doc_id is not None else slugify(source.stem))
    except UnsafeDocId as exc:
        raise AddError(f"{source}: {exc}; pass a safe --id") from None
    targets = (layout.text_path(doc_id), layout.meta_path(doc_id), layout.span_path(doc_id),
               layout.segments_path(doc_id))
    existing = [layout.relative(p) for p in targets if p.exists()]
    if existing:
        raise AddError(f"{source}: document id {doc_id!r} exists already ({', '.join(existing)})")
    if not in_vocabulary(language, Language):
        raise AddError(f"{source}: --lang {language!r} is not one of {', '.join(LANGUAGES)}")
    detected, probability = detect_language(text)
    if detected != language:
        raise AddError(
            f"{source}: declared --lang {language} but langdetect says {detected} "
            f"(p={probability:.2f}); check the file or the language"
        )
    payload = text.encode("utf-8")
    digest = sha256_bytes(payload)
    unknown = Unstated(reason=STUB_REASON)
    meta = DocumentMeta(
        schema_version=current_version("metadata"),
        doc_id=doc_id,
        language=language,
        title=unknown,
        outlet=unknown,
        author=unknown,
        date=unknown,
        original_language=unknown,
        source_file=source.name,
        sha256=digest,
        length_chars=len(text),
        length_bytes=len(payload),
    )
    contents: list[tuple[Path, str | bytes]] = [
        (targets[1], dump_meta(meta, schema_comment(targets[1], "metadata", root))),
        (targets[2], dump_span_file(empty_span_file(doc_id, digest),
                                    schema_comment(targets[2], "spans", root))),
        (targets[0], payload),
    ]
    segments_path = targets[3]
    segmentation = segmentation_of(doc_id, text, language)
    contents.append((segments_path, dump_segmentation(
        segmentation, schema_comment(segments_path, "segments", root))))
    written: list[Path] = []
    try:
        for path, content in contents:
            atomic_write(path, content)
            written.append(path)
    except OSError as exc:
        for path in written:  # all files or none
            path.unlink(missing_ok=True)
        raise AddError(f"{source}: cannot write {exc.filename}: {exc.strerror}") from None
    remember(layout, payload, digest)  # so fix can carry spans over a later edit
    return Added(doc_id, tuple(changes), targets, detected, probability)
