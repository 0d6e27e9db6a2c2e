"""SHA-256, the one content hash of the project: files pin their texts by it, caches and
build signatures key on it. Every digest is the lowercase hex string."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    """The digest of ``text``'s UTF-8 bytes (what a span file pins)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_file(path: Path | str) -> str:
    """A file's digest, read in blocks (archives can be large). OSError if unreadable."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def sha256_parts(parts: Iterable[bytes]) -> str:
    """One digest over a sequence of byte strings, fed in order (fingerprints of many
    files without holding them all)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.hexdigest()
