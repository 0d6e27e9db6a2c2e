"""The incremental validation cache: results keyed by content hashes, in SQLite.

A file's content hash is reused while its stat signature (mtime and ctime in nanoseconds,
size, inode) is unchanged, as git's index does, so an unchanged corpus is re-validated
without reading its files. Restoring an mtime cannot restore the ctime, and a file
modified within RACY_SECONDS of the run that hashed it is re-hashed next time ("racy git").
A damaged row is dropped and its unit checked afresh. Like git's
index, both tables are read whole when a run starts (two queries; about 100 bytes per
file and per unit) and written back in one transaction when it ends, keeping only what
this run used, so the database never outgrows the corpus.

Any database trouble (locked by a concurrent run, a corrupt file, a read-only checkout)
turns the cache off for the rest of the run: the cache may only ever save work, never
fail a run.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from pathlib import Path

from corpus_tools.checks.base import Finding
from corpus_tools.hashing import sha256_file

MISSING = "-"
#: A file changed this recently may change again within the same mtime tick ("racy git"):
#: its hash is not remembered.
RACY_SECONDS = 2.0

#: Bumped whenever the tables change: an older database is dropped, not misread.
CACHE_VERSION = 2
_SCHEMA = (
    "PRAGMA busy_timeout = 2000;"
    "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stat TEXT, sha256 TEXT);"
    "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, findings TEXT);"
)
_DROP = "DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS results;"


def stat_signature(stat: os.stat_result) -> str:
    return f"{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_size}:{stat.st_ino}"


class ValidationCache:
    def __init__(self, path: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        self._stats: dict[str, tuple[str, str]] = {}  # path -> (stat signature, sha256)
        self._results: dict[str, str] = {}  # unit key -> findings as JSON
        self._used_stats: dict[str, tuple[str, str]] = {}
        self._used_results: dict[str, str] = {}
        self._this_run: dict[str, str] = {}  # each file is hashed at most once a run
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
            if self._db.execute("PRAGMA user_version").fetchone()[0] != CACHE_VERSION:
                self._db.executescript(_DROP + f"PRAGMA user_version = {CACHE_VERSION};")
            self._db.executescript(_SCHEMA)
            rows = self._db.execute("SELECT path, stat, sha256 FROM files")
            self._stats = {row[0]: (row[1], row[2]) for row in rows
                           if isinstance(row[1], str) and isinstance(row[2], str)}
            self._results = {key: findings for key, findings in
                             self._db.execute("SELECT key, findings FROM results")
                             if isinstance(key, str) and isinstance(findings, str)}
        except (OSError, sqlite3.Error):
            self._disable()

    def _disable(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        self._stats, self._results = {}, {}

    def file_hash(self, path: Path | str) -> str:
        """SHA-256 of the file's bytes, or MISSING if there is no such file."""
        key = str(path)
        if key in self._this_run:
            return self._this_run[key]
        try:
            stat = os.stat(key)
        except OSError:
            return MISSING
        signature = stat_signature(stat)
        known = self._stats.get(key)
        if known is not None and known[0] == signature:
            digest = known[1]
        else:
            try:
                digest = sha256_file(key)
            except OSError:  # unreadable, or a directory: the checks report it
                return MISSING
        if time.time() - stat.st_mtime > RACY_SECONDS:
            self._used_stats[key] = (signature, digest)
        self._this_run[key] = digest
        return digest

    def get(self, key: str) -> list[Finding] | None:
        payload = self._results.get(key)
        if payload is None:
            return None
        if payload == "[]":  # the common case, and worth skipping the decoder for
            self._used_results[key] = payload
            return []
        try:
            findings = [Finding.from_json(item) for item in json.loads(payload)]
        except (ValueError, TypeError, AttributeError):
            return None  # a damaged row: dropped at close, the unit is checked afresh
        self._used_results[key] = payload
        return findings

    def put(self, key: str, findings: list[Finding]) -> None:
        self._used_results[key] = json.dumps([f.to_json() for f in findings], ensure_ascii=False)

    def used(self) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
        """What this run hashed and checked (for a worker process to hand back)."""
        return self._used_stats, self._used_results

    def absorb(self, stats: dict[str, tuple[str, str]], results: dict[str, str]) -> None:
        """Take over what a worker process hashed and checked, to be written at close."""
        self._used_stats.update(stats)
        self._used_results.update(results)

    def close(self) -> None:
        """Write back only what changed: rows this run added or changed, and rows it no
        longer used (so the database never outgrows the corpus)."""
        if self._db is None:
            return
        try:
            with self._db:  # one transaction
                self._db.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
                    [(k, *v) for k, v in self._used_stats.items() if self._stats.get(k) != v])
                self._db.executemany("DELETE FROM files WHERE path = ?",
                                     [(k,) for k in self._stats.keys() - self._used_stats.keys()])
                self._db.executemany(
                    "INSERT OR REPLACE INTO results VALUES (?, ?)",
                    [(k, v) for k, v in self._used_results.items()
                     if self._results.get(k) != v])
                self._db.executemany(
                    "DELETE FROM results WHERE key = ?",
                    [(k,) for k in self._results.keys() - self._used_results.keys()])
        except sqlite3.Error:
            pass  # an unsaved cache only makes the next run slower
        finally:
            self._disable()
