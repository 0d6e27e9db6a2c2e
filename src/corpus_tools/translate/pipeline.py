"""``corpus-tools translate``: machine-translate whole documents, segment by segment, with
provenance, caching and a progress bar; write one translation file per document."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from corpus_tools.io.metadata import meta_from_data
from corpus_tools.io.segments import segmentation_from_data
from corpus_tools.io.translations import dump_translation
from corpus_tools.io.yamlfile import read_valid
from corpus_tools.io.yamlio import atomic_write
from corpus_tools.labels import LANGUAGES
from corpus_tools.layout import Layout
from corpus_tools.model import (
    ArgosPackage,
    Language,
    MachineProvenance,
    Segmentation,
    TranslatedSegment,
    Translation,
)
from corpus_tools.schema import schema_comment
from corpus_tools.translate.archive import PackageError
from corpus_tools.translate.cache import TranslationCache, cache_key
from corpus_tools.translate.environment import require_argos
from corpus_tools.translate.packages import InstalledPackage, find_package
from corpus_tools.wire import in_vocabulary

#: Segments per model call: large enough to batch well, small enough to show progress. The
#: chunks are cut from the sorted distinct texts, never by worker count, so a segment is
#: translated in the same batch whatever --jobs is.
CHUNK = 64


class NoPackage(Exception):
    """No installed package for a language pair; says how to install one."""


@dataclass
class TranslationRun:
    written: list[Path] = field(default_factory=list)
    segments: int = 0
    cache_hits: int = 0
    model_calls: int = 0


@dataclass(frozen=True)
class _Job:
    doc_id: str
    source: Language
    target: Language
    source_sha256: str
    segmentation: Segmentation


def _versions() -> dict[str, str]:
    found = {}
    for name in ("argostranslate", "ctranslate2", "sentencepiece", "minisbd"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def _documents(root: Path, doc_ids: list[str] | None, to: str | None) -> list[_Job]:
    layout = Layout(root)
    ids = doc_ids or [p.name.removesuffix(".yaml") for p in sorted(layout.segments_dir.glob(
        "*.yaml"))]
    jobs = []
    for doc_id in ids:
        meta = read_valid(_read(layout.meta_path(doc_id)), "metadata")
        segments = read_valid(_read(layout.segments_path(doc_id)), "segments")
        if meta is None or segments is None:
            raise PackageError(f"{doc_id}: metadata or segmentation is missing or invalid; run "
                               "`corpus-tools validate`")
        segmentation = segmentation_from_data(segments)
        source = meta_from_data(meta).language
        target = to or next(lang for lang in LANGUAGES if lang != source)
        if not in_vocabulary(target, Language):
            raise PackageError(f"--to {target!r} is not one of {', '.join(LANGUAGES)}")
        if target == source:
            continue
        if segmentation.text_sha256 != meta["sha256"]:
            raise PackageError(f"{doc_id}: the segmentation is stale; re-segment first")
        jobs.append(_Job(doc_id, source, target, meta["sha256"], segmentation))
    return jobs


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def translate_corpus(
    root: Path,
    doc_ids: list[str] | None = None,
    to: str | None = None,
    *,
    progress: bool = True,
    jobs: int = 1,
) -> TranslationRun:
    """Translate documents with the installed package for each language pair; with ``jobs``
    > 1 the documents' segments are translated by that many worker processes, chunk by
    chunk, and the files written are the same whatever ``jobs`` is.

    Every pair's package is found before anything is translated, so a missing package
    writes nothing."""
    require_argos()
    documents = _documents(root, doc_ids, to)
    pairs = sorted({(j.source, j.target) for j in documents})
    packages: dict[tuple[str, str], InstalledPackage] = {}
    for source, target in pairs:
        package = find_package(root, source, target)
        if package is None:
            raise NoPackage(
                f"no argos package for {source}->{target} is installed; install one from a "
                f"file: corpus-tools translate --package PATH.argosmodel")
        packages[(source, target)] = package
    run = TranslationRun()
    cache = TranslationCache(Layout(root).cache_dir / "translate.sqlite")
    today = datetime.date.today().isoformat()
    try:
        for pair in pairs:
            package = packages[pair]
            settings = _settings(package)
            package_sha = package.archive_sha256 or "unknown"
            pair_jobs = [j for j in documents if (j.source, j.target) == pair]
            texts = [s.text for j in pair_jobs for s in j.segmentation.segments]
            keys = [cache_key(t, package_sha, settings) for t in texts]
            known = cache.get_many(sorted(set(keys)))
            missing = sorted({k: t for k, t in zip(keys, texts, strict=True)
                              if k not in known}.items())
            run.segments += len(texts)
            run.cache_hits += sum(k in known for k in keys)
            bar = _progress(len(missing), f"{pair[0]}->{pair[1]}", progress)
            chunks = [missing[start:start + CHUNK] for start in range(0, len(missing), CHUNK)]
            texts_per_chunk = [[t for _, t in chunk] for chunk in chunks]
            for chunk, outputs in zip(chunks, _translated(package, texts_per_chunk, jobs),
                                      strict=True):
                fresh = dict(zip([k for k, _ in chunk], outputs, strict=True))
                cache.put_many(fresh)
                known.update(fresh)
                bar(len(chunk))
            run.model_calls += len(chunks)
            provenance = MachineProvenance(
                engine="argostranslate",
                package=ArgosPackage(package.code, package.version or "unversioned",
                                     package.archive_sha256),
                engine_versions=_versions(), settings=settings, date=today,
                note=None if package.archive_sha256 is not None
                else "package installed outside corpus-tools: archive unknown")
            for job in pair_jobs:
                translation = Translation(
                    doc_id=job.doc_id, source_language=job.source, target_language=job.target,
                    system=package.system, source_sha256=job.source_sha256,
                    provenance=provenance,
                    segments=tuple(TranslatedSegment(s.id, known[cache_key(s.text, package_sha,
                                                                           settings)])
                                   for s in job.segmentation.segments),
                )
                path = Layout(root).translations_dir / translation.file_name
                atomic_write(path, dump_translation(translation,
                                                    schema_comment(path, "translation", root)))
                run.written.append(path)
    finally:
        cache.close()
    return run


def _settings(package: InstalledPackage) -> dict[str, Any]:
    from corpus_tools.translate.engine import BatchTranslator

    return BatchTranslator.settings_of(package)


def _translated(package: InstalledPackage, chunks: list[list[str]],
                jobs: int) -> Iterator[list[str]]:
    """Each chunk's translations, in order: here, or in ``jobs`` worker processes (each
    decoding on one core, so the workers do not compete for threads)."""
    from corpus_tools.translate.engine import BatchTranslator

    if jobs <= 1 or len(chunks) < 2:
        translator = BatchTranslator(package)
        yield from (translator.translate(chunk) for chunk in chunks)
        return
    with ProcessPoolExecutor(min(jobs, len(chunks)), initializer=_start_worker,
                             initargs=(package,)) as pool:
        yield from pool.map(_translate_chunk, chunks)


_worker: Any = None  # a worker process's BatchTranslator


def _start_worker(package: InstalledPackage) -> None:
    from corpus_tools.translate.engine import BatchTranslator

    global _worker
    _worker = BatchTranslator(package, threads=1)


def _translate_chunk(texts: list[str]) -> list[str]:
    return list(_worker.translate(texts))


def _progress(total: int, label: str, enabled: bool) -> Callable[[int], None]:
    if not enabled or total == 0 or not sys.stderr.isatty():
        return lambda _: None
    from tqdm import tqdm

    bar = tqdm(total=total, desc=f"translating {label}", unit="segment", file=sys.stderr)

    def update(count: int) -> None:
        bar.update(count)
        if bar.n >= total:
            bar.close()

    return update
