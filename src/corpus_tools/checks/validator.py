"""Run every check over a corpus checkout, unit by unit, with the incremental cache.

Units: the registry; each document (text + metadata); each segmentation and translation;
each span file (with its text, the registry, and for a translation-side file what it
aligns with). A unit's findings are cached under the hash of the files it reads, so
memory stays flat and an edit re-checks only the units that read the edited file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import corpus_tools.checks.alignment  # noqa: F401  (registers the alignment checks)
from corpus_tools.checks.base import CHECKS, LEVELS, Finding, Issue, ValidationResult
from corpus_tools.checks.cache import MISSING, Snapshot, ValidationCache
from corpus_tools.checks.corpus import CORPUS_CHECKS, BuildState, CorpusContext
from corpus_tools.checks.documents import (
    DOCUMENT_CHECKS,
    REGISTRY_CHECKS,
    DocumentContext,
    RegistryContext,
)
from corpus_tools.checks.segments import SEGMENT_CHECKS, SegmentContext
from corpus_tools.checks.spans import SPAN_CHECKS, AlignmentContext, SpanContext
from corpus_tools.checks.structure import parse_yaml_file, span_id_at
from corpus_tools.checks.translations import TRANSLATION_CHECKS, TranslationContext
from corpus_tools.hashing import sha256_bytes, sha256_text
from corpus_tools.io.dataset import (
    CONFIG_NAMES,
    card_signature,
    data_files,
    read_signature,
    signature,
)
from corpus_tools.io.metadata import meta_from_data
from corpus_tools.io.registry import registry_from_data
from corpus_tools.io.segments import segmentation_from_data
from corpus_tools.io.spanfile import span_file_from_data
from corpus_tools.io.textfile import decode, line_column
from corpus_tools.io.texts import NoTargetText, TargetText, target_text
from corpus_tools.io.textstore import remember
from corpus_tools.io.translations import REFERENCE_SYSTEM, translation_from_data
from corpus_tools.io.yamlio import YamlParseError, load_round_trip, locate
from corpus_tools.layout import (
    DOC_ID_PATTERN,
    FINAL_SET,
    Layout,
    UnsafeDocId,
    file_names,
    parse_text_id,
)
from corpus_tools.model import Registry, Segment, SpanFile, TextRef
from corpus_tools.schema import SchemaKind
from corpus_tools.workers import BatchMap, batch_map, once_per_run, run_token


@dataclass
class Located:
    """Turns issues raised against one file into findings with file:line:column."""

    layout: Layout
    path: Path
    data: bytes
    parsed: Any = None  # safe-loaded tree, for span ids
    _tree: Any = field(default=None, init=False)

    def _round_trip(self) -> Any:
        if self._tree is None:
            try:
                self._tree = load_round_trip(self.data.decode("utf-8"))
            except (YamlParseError, UnicodeDecodeError):
                self._tree = {}
        return self._tree

    def finding(self, issue: Issue) -> Finding:
        if issue.line is not None:
            line, column = issue.line, issue.column or 1
        elif issue.offset is not None:
            text = self.data.decode("utf-8", errors="replace")
            line, column = line_column(text, min(issue.offset, len(text)))
        elif issue.path:
            line, column = locate(self._round_trip(), issue.path)
        else:
            line, column = 1, 1
        span_id = issue.span_id
        if span_id is None and issue.path and self.parsed is not None:
            span_id = span_id_at(self.parsed, issue.path)
        check = CHECKS[issue.check]
        return Finding(
            file=issue.file or self.layout.relative(self.path),
            line=line,
            column=column,
            check=issue.check,
            level=check.level,
            span_id=span_id,
            message=issue.message,
            severity=check.severity,
        )

    def findings(self, issues: Iterable[Issue]) -> list[Finding]:
        return [self.finding(issue) for issue in issues]


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


#: One unit of work: ("registry",), ("document", doc_id), ("segments", doc_id),
#: ("translation", file name), or ("spans", set folder, text id, annotation set).
Unit = tuple[str, ...]


class _Miss(Exception):
    """A unit whose result is not in the cache (raised only while probing)."""


def unit_name(unit: Unit) -> str:
    """The unit's name in the cache (NUL is in no path or id)."""
    return "\0".join(unit)


class Validator:
    """Checks units; ``cache`` answers the units whose files did not change."""

    def __init__(self, root: Path, cache: ValidationCache, *, level: int = LEVELS[-1],
                 keep_texts: bool = True) -> None:
        self.layout = Layout(root)
        self.level = level  # the last stage run
        self.cache = cache
        self.keep_texts = keep_texts  # so fix can carry offsets over a later edit
        self._documents = str(self.layout.documents_dir)
        self._segments = str(self.layout.segments_dir)
        self._translations = str(self.layout.translations_dir)
        self._registry_path = str(self.layout.registry_path)
        self._segmentations: dict[str, tuple[Any, list[Issue]]] = {}
        self._probing = False
        self._registry: tuple[Registry | None] | None = None

    def _cached(self, unit: Unit, paths: list[str]) -> list[Finding] | None:
        """The unit's findings if the cache knows them for these files' contents; with
        ``put``, what records them."""
        key = sha256_text("|".join([unit[0], *map(self.cache.file_hash, paths)]))
        hit = self.cache.get(unit_name(unit), key, paths)
        if hit is None and self._probing:
            raise _Miss
        return hit

    def _put(self, unit: Unit, findings: list[Finding]) -> list[Finding]:
        self.cache.put(unit_name(unit), findings)
        return findings

    @property
    def registry(self) -> Registry | None:
        """The entity registry, parsed when a span file is first checked against it."""
        if self._registry is None:
            data = _read(self.layout.registry_path)
            registry = None
            if data is not None:
                parsed, issues = parse_yaml_file(data, "registry")
                registry = registry_from_data(parsed) if not issues else None
            self._registry = (registry,)
        return self._registry[0]

    def check_registry(self) -> list[Finding]:
        unit = ("registry",)
        hit = self._cached(unit, [self._registry_path])
        if hit is not None:
            return hit
        path = self.layout.registry_path
        data = _read(path)
        if data is None:
            return self._put(unit, [])
        parsed, issues = parse_yaml_file(data, "registry")
        registry = registry_from_data(parsed) if not issues else None
        self._registry = (registry,)
        if registry is not None:
            issues += REGISTRY_CHECKS.run(RegistryContext(registry), self.level)
        return self._put(unit, Located(self.layout, path, data, parsed).findings(issues))

    def check_document(self, doc_id: str) -> list[Finding]:
        # Plain strings on the hot path: an unchanged corpus never builds a Path per file.
        documents = self._documents
        text_name, meta_name = f"{documents}/{doc_id}.txt", f"{documents}/{doc_id}.meta.yaml"
        unit = ("document", doc_id)
        hit = self._cached(unit, [text_name, meta_name])
        if hit is not None:
            return hit
        text_path, meta_path = Path(text_name), Path(meta_name)
        findings: list[Finding] = []
        text_data, meta_data = _read(text_path), _read(meta_path)
        text: str | None = None
        if text_data is not None:
            if self.keep_texts:  # so fix can carry offsets over a later edit of this text
                remember(self.layout, text_data)
            text, problems = decode(text_data)
            findings += Located(self.layout, text_path, text_data).findings(
                Issue(p.check, p.message, offset=p.offset) for p in problems
            )
        if meta_data is not None:
            parsed, issues = parse_yaml_file(meta_data, "metadata")
            if not issues and text is not None and text_data is not None:
                context = DocumentContext(
                    text_path.name.removesuffix(".txt"), text, text_data, meta_from_data(parsed)
                )
                issues += DOCUMENT_CHECKS.run(context, self.level)
            findings += Located(self.layout, meta_path, meta_data, parsed).findings(issues)
        return self._put(unit, findings)

    def _unit(self, unit: Unit, kind: SchemaKind, name: str, inputs: list[str],
              check: Callable[[Any], list[Issue]],
              parse: Callable[[bytes], tuple[Any, list[Issue]]] | None = None) -> list[Finding]:
        """One YAML file checked against other input files, cached under the hash of all
        of them. ``check`` gets the schema-valid data."""
        hit = self._cached(unit, [name, *inputs])
        if hit is not None:
            return hit
        path = Path(name)
        data = _read(path)
        if data is None:
            return self._put(unit, [])
        parsed, issues = parse(data) if parse else parse_yaml_file(data, kind)
        if not issues:
            issues = check(parsed)
        return self._put(unit, Located(self.layout, path, data, parsed).findings(issues))

    def _text(self, doc_id: str) -> tuple[str | None, str | None]:
        """(decoded text or None, its SHA-256 or None) of a document."""
        name = f"{self._documents}/{doc_id}.txt"
        digest = self.cache.file_hash(name)
        if digest == MISSING:
            return None, None
        data = _read(Path(name))
        return (decode(data)[0] if data is not None else None), digest

    def check_span_file(self, set_dir: str, doc_id: str,
                        annotation_set: str = FINAL_SET) -> list[Finding]:
        """One span file (``doc_id`` is the text id it is named for) against its text, and a
        translation-side file against the original's span file too."""
        text = parse_text_id(doc_id)
        name = f"{set_dir}/{doc_id}.yaml"
        layout = self.layout
        if text.translation is None:
            inputs = [f"{self._documents}/{doc_id}.txt"]
        else:
            # The set's own original, whether or not it is there: it decides which
            # original the file aligns with.
            inputs = [str(path) for path in (
                layout.text_path(text.doc_id), layout.segments_path(text.doc_id),
                layout.translation_path(text), layout.span_path(text.doc_id, annotation_set),
                self.original_span_path(text.doc_id, annotation_set))]
        unit = ("spans", set_dir, doc_id, annotation_set)
        return self._unit(unit, "spans", name, [*inputs, self._registry_path],
                          lambda parsed: SPAN_CHECKS.run(self.span_context(
                              span_file_from_data(parsed), text, Path(name), self.registry,
                              annotation_set), self.level))

    def span_context(self, span_file: SpanFile, text: TextRef, path: Path,
                     registry: Registry | None, annotation_set: str) -> SpanContext:
        """What the span checks need: the text the file is named for (a translation's
        target text) with its SHA-256, and for a translation-side file its alignment."""
        repair = f"corpus-tools fix {self.layout.relative(path)}"
        if text.translation is None:
            content, digest = self._text(text.doc_id)
            return SpanContext(span_file, text.text_id, content, digest, registry,
                               repair=repair)
        target, original_segments = self._target(text)
        content = target.text if target is not None else None
        digest = None
        if content is not None:
            data = content.encode("utf-8")
            digest = sha256_bytes(data)
            if self.keep_texts:  # so fix can carry offsets over a later segment edit
                remember(self.layout, data, digest)
        original_path = self.original_span_path(text.doc_id, annotation_set)
        original: SpanFile | None = None
        original_data = _read(original_path)
        if original_data is not None:
            parsed, problems = parse_yaml_file(original_data, "spans")
            if not problems:
                original = span_file_from_data(parsed)
        alignment = AlignmentContext(
            original_file=self.layout.relative(original_path),
            original=original,
            original_missing=original_data is None,
            original_segments=original_segments,
            segments=target.segments if target is not None else None,
        )
        return SpanContext(span_file, text.text_id, content, digest, registry, alignment,
                           repair=repair)

    def original_span_path(self, doc_id: str, annotation_set: str) -> Path:
        """What a translation-side file in ``annotation_set`` aligns with: the same set's
        original, or else the final set's."""
        own = self.layout.span_path(doc_id, annotation_set)
        return own if own.exists() else self.layout.span_path(doc_id)

    def _target(self, text: TextRef) -> tuple[TargetText | None, tuple[Segment, ...] | None]:
        """A translation's target text and the source segmentation's segments; None for
        what cannot be built because an input is missing or invalid (its own findings say
        so)."""
        original, digest = self._text(text.doc_id)
        segments = _read(self.layout.segments_path(text.doc_id))
        if segments is None:
            return None, None
        parsed_segments, problems = parse_yaml_file(segments, "segments")
        if problems:
            return None, None
        segmentation = segmentation_from_data(parsed_segments)
        translation = _read(self.layout.translation_path(text))
        # A stale segmentation's separators are not the text's (stale-segments says so).
        if original is None or translation is None or segmentation.text_sha256 != digest:
            return None, segmentation.segments
        parsed_translation, problems = parse_yaml_file(translation, "translation")
        if problems:
            return None, segmentation.segments
        try:
            return (target_text(translation_from_data(parsed_translation), segmentation,
                                original), segmentation.segments)
        except NoTargetText:
            return None, segmentation.segments

    def _parsed_segments(self, doc_id: str, data: bytes) -> tuple[Any, list[Issue]]:
        """A segmentation is read by its own unit and by its translations' units: parse it
        once a run."""
        if doc_id not in self._segmentations:
            self._segmentations[doc_id] = parse_yaml_file(data, "segments")
        return self._segmentations[doc_id]

    def check_segments(self, doc_id: str) -> list[Finding]:
        def check(parsed: Any) -> list[Issue]:
            text, digest = self._text(doc_id)
            return SEGMENT_CHECKS.run(SegmentContext(segmentation_from_data(parsed), doc_id,
                                                     text, digest), self.level)

        return self._unit(("segments", doc_id), "segments", f"{self._segments}/{doc_id}.yaml",
                          [f"{self._documents}/{doc_id}.txt"], check,
                          parse=lambda data: self._parsed_segments(doc_id, data))

    def check_translation(self, name: str) -> list[Finding]:
        doc_id = name.split(".", 1)[0]
        segments_name = f"{self._segments}/{doc_id}.yaml"

        def check(parsed: Any) -> list[Issue]:
            segments, problems = self._parsed_segments(doc_id,
                                                       _read(Path(segments_name)) or b"")
            return TRANSLATION_CHECKS.run(TranslationContext(
                translation=translation_from_data(parsed),
                file_name=name,
                text_sha256=self._text(doc_id)[1],
                segmentation=None if problems else segmentation_from_data(segments),
            ), self.level)

        return self._unit(("translation", name), "translation", f"{self._translations}/{name}",
                          [f"{self._documents}/{doc_id}.txt", segments_name], check)

    def build_state(self) -> BuildState | None:
        """The recorded and current build signatures, if the corpus has been built."""
        root = self.layout.root
        readme = _read(root / "README.md")
        card = card_signature(readme.decode("utf-8", "replace")) if readme else None
        if card is None and not (root / "data").is_dir():
            return None
        return BuildState(
            current=signature(root, self.cache.file_hash),
            card=card,
            parquet={name: read_signature(root / name)
                     for config in CONFIG_NAMES for name in data_files(root, config)},
        )

    def check_unit(self, unit: Unit) -> list[Finding]:
        """The unit's findings: from the cache if none of its files changed."""
        hit = self.cache.reuse(unit_name(unit))
        if hit is not None:
            return hit
        kind = unit[0]
        if kind == "registry":
            return self.check_registry()
        if kind == "document":
            return self.check_document(unit[1])
        if kind == "segments":
            return self.check_segments(unit[1])
        if kind == "translation":
            return self.check_translation(unit[1])
        return self.check_span_file(unit[1], unit[2], unit[3])

    def run(self, snapshot: Snapshot, snapshot_key: str, jobs: int = 1,
            map_batches: BatchMap | None = None) -> ValidationResult:
        """Every check; with ``jobs`` > 1 the units the cache cannot answer are checked in
        that many worker processes, or by ``map_batches`` when it is given (a cluster's
        map). The findings are the same whatever ``jobs`` or map.
        ``snapshot`` is the corpus as the run started, ``snapshot_key`` its hash."""
        layout = self.layout
        self.cache.start(snapshot)
        units: list[Unit] = [("registry",)]
        files = int(self.cache.file_hash(self._registry_path) != MISSING)
        unsafe: list[str] = []

        def safe_stems(directory: Path, suffix: str) -> frozenset[str]:
            stems = set()
            for name in file_names(directory, suffix):
                stem = name.removesuffix(suffix)
                if DOC_ID_PATTERN.fullmatch(stem):
                    stems.add(stem)
                else:
                    unsafe.append(layout.relative(directory / name))
            return frozenset(stems)

        def text_stems(directory: Path) -> frozenset[str]:
            """Span files are named by text id: a doc id, or a translation's."""
            stems = set()
            for name in file_names(directory, ".yaml"):
                stem = name.removesuffix(".yaml")
                try:
                    stems.add(parse_text_id(stem).text_id)
                except UnsafeDocId:
                    unsafe.append(layout.relative(directory / name))
            return frozenset(stems)

        doc_ids = safe_stems(layout.documents_dir, ".txt")
        meta_ids = safe_stems(layout.documents_dir, ".meta.yaml")
        for doc_id in sorted(doc_ids | meta_ids):
            units.append(("document", doc_id))
            files += (doc_id in doc_ids) + (doc_id in meta_ids)
        segment_ids = safe_stems(layout.segments_dir, ".yaml")
        translations: dict[str, list[str]] = {}
        for name in file_names(layout.translations_dir, ".yaml"):
            doc_id = name.split(".", 1)[0]
            if DOC_ID_PATTERN.fullmatch(doc_id):
                translations.setdefault(doc_id, []).append(name)
            else:
                unsafe.append(layout.relative(layout.translations_dir / name))
        reference_ids = frozenset(doc_id for doc_id, names in translations.items()
                                  if any(n.endswith(f".{REFERENCE_SYSTEM}.yaml") for n in names))
        # A segmentation and its translations are checked together, so its parse is shared
        # and then dropped: memory stays flat however many documents there are.
        for doc_id in sorted(segment_ids | set(translations)):
            if doc_id in segment_ids:
                units.append(("segments", doc_id))
            units.extend(("translation", name) for name in translations.get(doc_id, []))
            units.append(("forget", doc_id))
            files += (doc_id in segment_ids) + len(translations.get(doc_id, []))
        span_ids: dict[str, frozenset[str]] = {}
        for annotation_set in layout.annotation_sets():
            set_dir = layout.set_dir(annotation_set)
            span_ids[annotation_set] = text_stems(set_dir)
            units.extend(("spans", str(set_dir), text_id, annotation_set)
                         for text_id in sorted(span_ids[annotation_set]))
            files += len(span_ids[annotation_set])
        findings = self._run_units(units, jobs, map_batches)
        translation_ids = frozenset(
            name.removesuffix(".yaml") for names in translations.values() for name in names)
        # The build signature hashes every input: only the stale-build stage pays for it.
        build = self.build_state() if self.level >= CHECKS["stale-build"].level else None
        context = CorpusContext(layout, doc_ids, meta_ids, segment_ids, span_ids,
                                reference_ids, tuple(unsafe), build, translation_ids)
        findings += Located(layout, layout.root, b"").findings(
            CORPUS_CHECKS.run(context, self.level))
        # Parsing reports some later-level issues (unknown-label) with the syntax ones.
        result = ValidationResult(sorted(f for f in findings if f.level <= self.level), files)
        self.cache.close(snapshot_key, result.findings, files)
        return result

    def _run_units(self, units: list[Unit], jobs: int,
                   map_batches: BatchMap | None) -> list[Finding]:
        findings: list[Finding] = []
        if jobs <= 1 and map_batches is None:
            for unit in units:
                if unit[0] == "forget":
                    self._segmentations.pop(unit[1], None)
                else:
                    findings += self.check_unit(unit)
            return findings
        # The cache answers what it can here; only the rest goes to the workers.
        missed: list[Unit] = []
        self._probing = True
        for unit in units:
            if unit[0] == "forget":
                continue
            try:
                findings += self.check_unit(unit)
            except _Miss:
                missed.append(unit)
        self._probing = False
        # A few units are not worth starting processes for; a given map gets any miss.
        if len(missed) < (1 if map_batches is not None else 2 * jobs):
            return findings + [f for unit in missed for f in self.check_unit(unit)]
        batches = [missed[start:start + _BATCH] for start in range(0, len(missed), _BATCH)]
        run = ValidationRun(str(self.layout.root), self.keep_texts, self.level)
        with batch_map(jobs, map_batches) as mapped:
            for batch, batch_findings in zip(batches, mapped(partial(check_batch, run), batches),
                                             strict=True):
                for unit, unit_findings in zip(batch, batch_findings, strict=True):
                    findings += self._put(unit, unit_findings)
        return findings


#: Units a worker checks per task: big enough to amortise the hand-over, small enough that
#: both workers stay busy to the end.
_BATCH = 16


@dataclass(frozen=True)
class ValidationRun:
    """What a worker checks units for: a checkout, whether texts are kept for ``fix``, the
    last stage, and the run (a worker sets up once per run)."""

    root: str
    keep_texts: bool
    level: int
    token: str = field(default_factory=run_token)


def _start_worker(run: ValidationRun) -> Validator:
    # The main process consulted the cache and keeps what the workers find.
    return Validator(Path(run.root), ValidationCache(None), level=run.level,
                     keep_texts=run.keep_texts)


def check_batch(run: ValidationRun, batch: list[Unit]) -> list[list[Finding]]:
    """The findings of each of ``batch``'s units, in whichever process runs it: the pool's
    and a cluster's workers call this."""
    worker = once_per_run("validator", run, partial(_start_worker, run))
    findings = [worker.check_unit(unit) for unit in batch]
    worker._segmentations.clear()
    return findings


def check_unwritten_span_files(root: Path, files: Iterable[tuple[Path, bytes]]) -> list[Finding]:
    """The span-file checks on contents meant for paths before they are written there, so a
    tool can refuse to write files that would not validate."""
    validator = Validator(root, ValidationCache(None), keep_texts=False)
    layout = validator.layout
    registry = validator.registry
    findings = []
    for path, data in files:
        in_final = path.parent.resolve() == layout.set_dir().resolve()
        parsed, issues = parse_yaml_file(data, "spans")
        if not issues:
            context = validator.span_context(
                span_file_from_data(parsed), parse_text_id(path.stem), path, registry,
                FINAL_SET if in_final else path.parent.name)
            issues = SPAN_CHECKS.run(context)
        findings += Located(layout, path, data, parsed).findings(issues)
    return findings
