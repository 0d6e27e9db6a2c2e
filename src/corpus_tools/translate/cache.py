"""Translation cache: (segment text hash, package SHA-256, settings) -> translation.

A re-run over an unchanged corpus with the same package and settings makes no model
call. Like the validation cache, it may only save work: any database trouble turns it off.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from corpus_tools.hashing import sha256_text


def cache_key(text: str, package_sha256: str, settings: dict[str, Any]) -> str:
    payload = json.dumps([sha256_text(text), package_sha256, settings],
                         sort_keys=True)
    return sha256_text(payload)


class TranslationCache:
    def __init__(self, path: Path) -> None:
        self._db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path)
            self._db.execute("PRAGMA busy_timeout = 2000")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, text TEXT)")
        except (OSError, sqlite3.Error):
            self._db = None

    def get_many(self, keys: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        if self._db is None:
            return found
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(self._db.execute(
                    f"SELECT key, text FROM translations WHERE key IN ({marks})", chunk))
        except sqlite3.Error:
            self.close()
        return found

    def put_many(self, items: dict[str, str]) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?)",
                                     items.items())
        except sqlite3.Error:
            self.close()

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
