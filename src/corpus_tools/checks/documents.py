"""Checks on a document: its text file, its metadata file, and the two against each other."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from corpus_tools.checks import spans as _spans  # noqa: F401  (declares doc-id-mismatch)
from corpus_tools.checks.base import CheckSuite, Issue
from corpus_tools.checks.language import detect_language
from corpus_tools.hashing import sha256_bytes
from corpus_tools.io.metadata import STUB_REASON
from corpus_tools.model import DocumentMeta, Evidenced, Registry, Unstated

#: Stated fields whose value must appear verbatim inside its evidence.
VERBATIM_FIELDS = ("title", "outlet", "author")


@dataclass(frozen=True)
class DocumentContext:
    doc_id: str
    text: str  # decoded; documents with unreadable texts never reach these checks
    text_bytes: bytes
    meta: DocumentMeta


DOCUMENT_CHECKS: CheckSuite[DocumentContext] = CheckSuite()


@DOCUMENT_CHECKS.register("doc-id-mismatch")
def check_meta_doc_id(ctx: DocumentContext) -> Iterator[Issue]:
    if ctx.meta.doc_id != ctx.doc_id:
        yield Issue("doc-id-mismatch",
                    f"doc_id {ctx.meta.doc_id!r} but the file is named {ctx.doc_id!r}.meta.yaml",
                    ("doc_id",))


@DOCUMENT_CHECKS.register("metadata-mismatch", 3,
                          "metadata sha256 or lengths differ from the text file")
def check_meta_digest(ctx: DocumentContext) -> Iterator[Issue]:
    actual = {
        "sha256": sha256_bytes(ctx.text_bytes),
        "length_chars": len(ctx.text),
        "length_bytes": len(ctx.text_bytes),
    }
    for name, value in actual.items():
        stated = getattr(ctx.meta, name)
        if stated != value:
            yield Issue("metadata-mismatch",
                        f"{name} is {stated!r} but the text gives {value!r}", (name,))


@DOCUMENT_CHECKS.register("metadata-evidence", 3,
                          "a metadata value's evidence is not in the text, or the value not in it")
def check_meta_evidence(ctx: DocumentContext) -> Iterator[Issue]:
    for name, stated in ctx.meta.stated_fields():
        if not isinstance(stated, Evidenced):
            continue
        if stated.evidence not in ctx.text:
            yield Issue("metadata-evidence",
                        f"{name}: evidence {stated.evidence!r:.60} does not occur in the text",
                        (name, "evidence"))
        elif name in VERBATIM_FIELDS and stated.value not in stated.evidence:
            yield Issue("metadata-evidence",
                        f"{name}: value {stated.value!r:.60} is not stated in its evidence",
                        (name, "value"))


@DOCUMENT_CHECKS.register("metadata-stub", 3,
                          "a metadata field is still the stub `corpus-tools add` wrote",
                          severity="warning")
def check_meta_stub(ctx: DocumentContext) -> Iterator[Issue]:
    stubs = [name for name, stated in ctx.meta.stated_fields()
             if isinstance(stated, Unstated) and stated.reason == STUB_REASON]
    if stubs:
        yield Issue("metadata-stub", f"not yet filled in from the text: {', '.join(stubs)}",
                    (stubs[0],))


@DOCUMENT_CHECKS.register("language-mismatch", 3,
                          "langdetect (seeded, en/nl priors) disagrees with the declared language")
def check_language(ctx: DocumentContext) -> Iterator[Issue]:
    detected, probability = detect_language(ctx.text)
    if detected != ctx.meta.language:
        yield Issue("language-mismatch",
                    f"declared {ctx.meta.language!r} but langdetect says {detected!r} "
                    f"(p={probability:.2f})",
                    ("language",))


@dataclass(frozen=True)
class RegistryContext:
    registry: Registry


REGISTRY_CHECKS: CheckSuite[RegistryContext] = CheckSuite()


@REGISTRY_CHECKS.register("registry-duplicate-id", 2, "the entity registry repeats an id")
def check_registry_duplicates(ctx: RegistryContext) -> Iterator[Issue]:
    seen: set[str] = set()
    for index, entry in enumerate(ctx.registry.entries):
        if entry.id in seen:
            yield Issue("registry-duplicate-id", f"registry id {entry.id!r} is used twice",
                        ("entities", index, "id"), span_id=entry.id)
        seen.add(entry.id)
