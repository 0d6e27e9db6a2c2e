"""The incremental validation cache: results keyed by content hashes, in SQLite.

A file's content hash is reused while its (mtime_ns, size) is unchanged, as git's index
does, so an unchanged corpus is re-validated without reading its files.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from corpus_tools.checks.base import Finding

MISSING = "-"
#: A file changed this recently may change again within the same mtime tick ("racy git"):
#: its hash is not remembered.
RACY_SECONDS = 2.0


class ValidationCache:
    def __init__(self, path: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
            self._db.executescript(
                "PRAGMA busy_timeout = 2000;"
                "CREATE TABLE IF NOT EXISTS files"
                " (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, sha256 TEXT);"
                "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, findings TEXT);"
            )
        except (OSError, sqlite3.Error):
            self._db = None  # a read-only checkout validates without a cache

    def file_hash(self, path: Path) -> str:
        """SHA-256 of the file's bytes, or MISSING if there is no such file."""
        try:
            stat = path.stat()
        except OSError:
            return MISSING
        key = str(path)
        row = self._query("SELECT mtime_ns, size, sha256 FROM files WHERE path = ?", (key,))
        if row is not None and row[0] == stat.st_mtime_ns and row[1] == stat.st_size:
            return str(row[2])
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if time.time() - stat.st_mtime > RACY_SECONDS:
            self._store("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                        (key, stat.st_mtime_ns, stat.st_size, digest))
        return digest

    # Any database trouble (locked by a concurrent run, corrupt file) turns the cache off
    # for the rest of the run: the cache may only ever save work, never fail it.
    def _query(self, sql: str, parameters: tuple[object, ...]) -> Any:
        if self._db is None:
            return None
        try:
            return self._db.execute(sql, parameters).fetchone()
        except sqlite3.Error:
            self._db = None
            return None

    def _store(self, sql: str, parameters: tuple[object, ...]) -> None:
        if self._db is None:
            return
        try:
            self._db.execute(sql, parameters)
        except sqlite3.Error:
            self._db = None

    def get(self, key: str) -> list[Finding] | None:
        row = self._query("SELECT findings FROM results WHERE key = ?", (key,))
        if row is None:
            return None
        return [Finding.from_json(item) for item in json.loads(row[0])]

    def put(self, key: str, findings: list[Finding]) -> None:
        payload = json.dumps([f.to_json() for f in findings], ensure_ascii=False)
        self._store("INSERT OR REPLACE INTO results VALUES (?, ?)", (key, payload))

    def close(self) -> None:
        if self._db is None:
            return
        try:
            self._db.commit()
        except sqlite3.Error:
            pass  # an uncommitted cache is only a slower next run
        finally:
            self._db.close()
            self._db = None
