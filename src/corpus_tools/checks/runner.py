"""Validation's entry point. A corpus unchanged since the last run is answered from the
cache's index before any check is imported; anything else goes to the validator."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from corpus_tools.checks.base import LEVELS, ValidationResult
from corpus_tools.checks.cache import ValidationCache, corpus_snapshot, tool_fingerprint
from corpus_tools.layout import Layout

if TYPE_CHECKING:
    from corpus_tools.workers import BatchMap


def validate(root: Path, *, use_cache: bool = True, jobs: int = 1,
             level: int = LEVELS[-1], map_batches: BatchMap | None = None) -> ValidationResult:
    """Every check up to ``level`` (a stage: no later check runs); with ``jobs`` > 1 the
    units the cache cannot answer are checked in that many worker processes, or by
    ``map_batches`` when it is given (a cluster's map). The findings are the same whatever
    ``jobs`` or map, and with or without the cache."""
    # One spelling of the root: the index records paths, and a symlinked or relative
    # root must find the same ones.
    root = root.resolve()
    layout = Layout(root)
    cache = ValidationCache(layout.cache_dir / "validate.sqlite" if use_cache else None,
                            f"{tool_fingerprint()}|level {level}")
    snapshot = corpus_snapshot(layout, time.time())
    snapshot_key = snapshot.key(cache.context)
    hit = cache.whole_run(snapshot_key)
    if hit is not None:
        cache.abandon()
        return ValidationResult(*hit)
    from corpus_tools.checks.validator import Validator

    return Validator(root, cache, level=level, keep_texts=use_cache).run(
        snapshot, snapshot_key, jobs, map_batches)


def default_jobs() -> int:
    """The machine's cores (those this process may run on)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
