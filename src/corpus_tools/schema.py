"""Locate and load the versioned JSON Schemas: what editors and other languages read.

The current schema of every kind is generated from the declaration in ``model.py``
(``python -m corpus_tools.wire --write``); earlier versions are frozen history.

The schemas live with the corpus in ``annotations/schema``; the wheel ships a copy as
``corpus_tools/schemas``. An editable install finds them in the source tree.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any, Literal

from corpus_tools.hashing import sha256_parts

SchemaKind = Literal["spans", "registry", "metadata", "segments", "translation"]
#: The schema versions a file of each kind may name, oldest first; new files get the last.
#: The one place a version is declared (annotations/schema/CHANGELOG.md says what changed).
SCHEMA_VERSIONS: dict[SchemaKind, tuple[str, ...]] = {
    "spans": ("1.0", "1.1"),
    "registry": ("1.0",),
    "metadata": ("1.0",),
    "segments": ("1.0",),
    "translation": ("1.0",),
}


def current_version(kind: SchemaKind) -> str:
    """The version new files of ``kind`` are written in."""
    return SCHEMA_VERSIONS[kind][-1]


def schema_dir() -> Path:
    packaged = Path(__file__).with_name("schemas")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "annotations" / "schema"


def schema_path(kind: SchemaKind, version: str | None = None) -> Path:
    return schema_dir() / f"{kind}-{version or current_version(kind)}.schema.json"


SCHEMA_COMMENT = "# yaml-language-server: $schema="


def schema_comment(file_path: Path, kind: SchemaKind, root: Path,
                   version: str | None = None) -> str:
    """The editor directive naming the schema by a path relative to ``file_path``."""
    target = root / "annotations" / "schema" / schema_path(kind, version).name
    relative = os.path.relpath(target, file_path.parent)
    return f"{SCHEMA_COMMENT}{Path(relative).as_posix()}\n"


@cache
def load_schema(kind: SchemaKind, version: str | None = None) -> dict[str, Any]:
    with schema_path(kind, version).open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@cache
def schemas_fingerprint() -> str:
    """Hash of every schema file: part of every validation cache key."""
    paths = sorted(schema_dir().glob("*.schema.json"))
    return sha256_parts(part for path in paths for part in (path.name.encode(),
                                                            path.read_bytes()))
