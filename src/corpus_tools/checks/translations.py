"""Checks on a translation file against its source text, segmentation and metadata."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from corpus_tools.checks import spans as _spans  # noqa: F401  (declares doc-id-mismatch)
from corpus_tools.checks.base import CheckSuite, Issue, stale_pin
from corpus_tools.checks.language import detect_language
from corpus_tools.io.translations import REFERENCE_SYSTEM
from corpus_tools.model import Segmentation, Translation


@dataclass(frozen=True)
class TranslationContext:
    translation: Translation
    file_name: str
    text_sha256: str | None
    segmentation: Segmentation | None


TRANSLATION_CHECKS: CheckSuite[TranslationContext] = CheckSuite()


@TRANSLATION_CHECKS.register("doc-id-mismatch")
def check_name(ctx: TranslationContext) -> Iterator[Issue]:
    expected = ctx.translation.file_name
    if ctx.file_name != expected:
        yield Issue("doc-id-mismatch",
                    f"a translation of {ctx.translation.doc_id!r} into "
                    f"{ctx.translation.target_language} by {ctx.translation.system!r} must be "
                    f"named {expected}", ("doc_id",))


@TRANSLATION_CHECKS.register("translation-alignment", 2,
                             "segments are not translated exactly once each, in order")
def check_alignment(ctx: TranslationContext) -> Iterator[Issue]:
    if ctx.segmentation is None:
        return  # a missing segmentation is missing-segments' finding
    expected = [s.id for s in ctx.segmentation.segments]
    actual = [s.id for s in ctx.translation.segments]
    if actual == expected:
        return
    missing = [i for i in expected if i not in actual]
    extra = [i for i in actual if i not in expected]
    repeated = sorted({i for i in actual if actual.count(i) > 1})
    parts = [f"missing {', '.join(missing[:5])}" if missing else "",
             f"not in the segmentation {', '.join(extra[:5])}" if extra else "",
             f"repeated {', '.join(repeated[:5])}" if repeated else ""]
    detail = "; ".join(p for p in parts if p) or "out of order"
    yield Issue("translation-alignment",
                f"segment ids differ from corpus/segments/{ctx.translation.doc_id}.yaml: {detail}",
                ("segments",))


@TRANSLATION_CHECKS.register("untranslated-segment", 2,
                             "a target segment is empty, or copies a source segment with words")
def check_untranslated(ctx: TranslationContext) -> Iterator[Issue]:
    if ctx.segmentation is None:
        return
    source = {s.id: s.text for s in ctx.segmentation.segments}
    for index, segment in enumerate(ctx.translation.segments):
        if not segment.text.strip():
            yield Issue("untranslated-segment", "the target segment is empty",
                        ("segments", index, "text"), span_id=segment.id)
            continue
        original = source.get(segment.id)
        if original is not None and segment.text == original and any(
            c.isalpha() for c in original
        ):
            yield Issue("untranslated-segment", "the target repeats the source text",
                        ("segments", index, "text"), span_id=segment.id)


@TRANSLATION_CHECKS.register("translation-provenance", 2,
                             "the system name and the provenance kind disagree")
def check_provenance(ctx: TranslationContext) -> Iterator[Issue]:
    kind = ctx.translation.provenance.kind
    system = ctx.translation.system
    if system == REFERENCE_SYSTEM and kind != "reference":
        yield Issue("translation-provenance",
                    "system 'reference' is kept for the contributors' reference translations "
                    "(provenance kind: reference)", ("provenance", "kind"))
    elif system != REFERENCE_SYSTEM and kind == "reference":
        yield Issue("translation-provenance",
                    f"a reference translation must be named system 'reference', not {system!r}",
                    ("system",))
    elif kind == "machine" and not system.startswith("argos-"):
        yield Issue("translation-provenance",
                    f"machine translations are named argos-<from>-<to>-<version>, not {system!r}",
                    ("system",))


@TRANSLATION_CHECKS.register("translation-language", 3,
                             "target equals source language, or langdetect disagrees with it")
def check_languages(ctx: TranslationContext) -> Iterator[Issue]:
    # The source side is the document's own language: language-mismatch checks it.
    translation = ctx.translation
    if translation.target_language == translation.source_language:
        yield Issue("translation-language", "target_language equals source_language",
                    ("target_language",))
        return
    detected, probability = detect_language(" ".join(s.text for s in translation.segments))
    if detected != translation.target_language:
        yield Issue("translation-language",
                    f"declared target {translation.target_language!r} but langdetect says "
                    f"{detected!r} (p={probability:.2f})", ("target_language",))


@TRANSLATION_CHECKS.register("stale-translation", 3,
                             "the source text changed since the translation was made")
def check_stale(ctx: TranslationContext) -> Iterator[Issue]:
    yield from stale_pin("stale-translation", ctx.translation.source_sha256, ctx.text_sha256,
                         "translation", "translate it again", field="source_sha256")
