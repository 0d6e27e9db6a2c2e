"""Level 3 coverage checks across the whole corpus: every document has its text, its
metadata and a span file in the final annotation set; nothing refers to a missing text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from corpus_tools.checks.base import CheckSuite, Issue
from corpus_tools.layout import FINAL_SET, Layout, parse_text_id


@dataclass(frozen=True)
class BuildState:
    """What the last build recorded, against the signature the current data would get."""

    current: str
    card: str | None  # from README.md's front matter
    parquet: dict[str, str | None]  # data file (relative) -> signature in its metadata


@dataclass(frozen=True)
class CorpusContext:
    layout: Layout
    doc_ids: frozenset[str]  # documents with a text file
    meta_ids: frozenset[str]
    segment_ids: frozenset[str]
    span_ids: dict[str, frozenset[str]]  # annotation set -> text ids with a span file
    reference_ids: frozenset[str] = frozenset()  # doc ids with a reference translation
    unsafe_files: tuple[str, ...] = ()  # corpus files whose names are not safe doc ids
    build: BuildState | None = None  # None: the corpus has never been built
    translation_ids: frozenset[str] = frozenset()  # text ids of corpus/translations files


CORPUS_CHECKS: CheckSuite[CorpusContext] = CheckSuite()


@CORPUS_CHECKS.register("file-name", 1, "a corpus file's name is not a safe document id")
def check_file_names(ctx: CorpusContext) -> Iterator[Issue]:
    for name in ctx.unsafe_files:
        yield Issue("file-name",
                    "file name is not a safe document id (1-80 characters of a-z, 0-9, '-')",
                    file=name)


@CORPUS_CHECKS.register("missing-text", 3,
                        "metadata or a span file names a document or translation with no text")
def check_missing_text(ctx: CorpusContext) -> Iterator[Issue]:
    layout = ctx.layout
    for doc_id in sorted(ctx.meta_ids - ctx.doc_ids):
        yield Issue("missing-text", f"no text file corpus/documents/{doc_id}.txt",
                    file=layout.relative(layout.documents_dir / f"{doc_id}.meta.yaml"))
    for doc_id in sorted(ctx.segment_ids - ctx.doc_ids):
        yield Issue("missing-text", f"no text file corpus/documents/{doc_id}.txt",
                    file=layout.relative(layout.segments_dir / f"{doc_id}.yaml"))
    for annotation_set, ids in sorted(ctx.span_ids.items()):
        for text_id in sorted(ids):
            text = parse_text_id(text_id)
            if text.doc_id not in ctx.doc_ids:
                message = f"no text file corpus/documents/{text.doc_id}.txt"
            elif text.is_translation and text_id not in ctx.translation_ids:
                message = (f"no translation corpus/translations/{text_id}.yaml whose target "
                           "text the file annotates")
            else:
                continue  # named only for a finding: resolving every path is slow
            yield Issue("missing-text", message, file=layout.relative(
                layout.set_dir(annotation_set) / f"{text_id}.yaml"))


@CORPUS_CHECKS.register("missing-metadata", 3, "a document text has no metadata file")
def check_missing_metadata(ctx: CorpusContext) -> Iterator[Issue]:
    for doc_id in sorted(ctx.doc_ids - ctx.meta_ids):
        yield Issue("missing-metadata", f"no metadata file corpus/documents/{doc_id}.meta.yaml",
                    file=ctx.layout.relative(ctx.layout.documents_dir / f"{doc_id}.txt"))


@CORPUS_CHECKS.register("missing-segments", 3,
                        "a document has no stored segmentation (corpus/segments)")
def check_missing_segments(ctx: CorpusContext) -> Iterator[Issue]:
    for doc_id in sorted(ctx.doc_ids - ctx.segment_ids):
        yield Issue("missing-segments",
                    f"no segmentation corpus/segments/{doc_id}.yaml; `corpus-tools segment` "
                    "writes it", file=ctx.layout.relative(ctx.layout.documents_dir /
                                                           f"{doc_id}.txt"))


@CORPUS_CHECKS.register("missing-translation", 3,
                        "a document has no reference translation (corpus/translations)",
                        severity="warning")
def check_missing_translation(ctx: CorpusContext) -> Iterator[Issue]:
    for doc_id in sorted(ctx.doc_ids - ctx.reference_ids):
        yield Issue("missing-translation",
                    f"no reference translation corpus/translations/{doc_id}.<lang>.reference.yaml",
                    file=ctx.layout.relative(ctx.layout.documents_dir / f"{doc_id}.txt"))


@CORPUS_CHECKS.register("stale-build", 3,
                        "data/ or the dataset card was built from other data than there is now")
def check_stale_build(ctx: CorpusContext) -> Iterator[Issue]:
    build = ctx.build
    if build is None:
        return
    fix = "run `corpus-tools build`"
    if build.card != build.current:
        yield Issue("stale-build", f"the dataset card was built from {build.card or 'nothing'}, "
                    f"but the data now gives {build.current}; {fix}", file="README.md",
                    line=2)
    for name, recorded in sorted(build.parquet.items()):
        if recorded is None:
            yield Issue("stale-build", f"missing or unreadable; {fix}", file=name)
        elif recorded != build.current:
            yield Issue("stale-build", f"built from {recorded}, but the data now gives "
                        f"{build.current}; {fix}", file=name)


@CORPUS_CHECKS.register("missing-annotations", 3,
                        "a document has no span file in the final set (annotations/spans)")
def check_missing_annotations(ctx: CorpusContext) -> Iterator[Issue]:
    final = ctx.span_ids.get(FINAL_SET, frozenset())  # a translation's file is optional
    for doc_id in sorted(ctx.doc_ids - final):
        yield Issue("missing-annotations",
                    f"no span file annotations/spans/{doc_id}.yaml; `corpus-tools add` creates one",
                    file=ctx.layout.relative(ctx.layout.documents_dir / f"{doc_id}.txt"))
