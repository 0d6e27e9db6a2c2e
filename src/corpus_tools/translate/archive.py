"""Check an .argosmodel archive before anything is extracted from it."""

from __future__ import annotations

import json
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from corpus_tools.hashing import sha256_file

MAX_UNPACKED_BYTES = 4 * 1024**3  # real packages are 100-500 MB
MAX_MEMBERS = 10_000
MAX_METADATA_BYTES = 1024**2  # metadata.json is a few hundred bytes


class PackageError(Exception):
    """An archive that is refused, or a package that cannot be used, with a one-line reason."""


@dataclass(frozen=True)
class ArchiveInfo:
    path: Path
    top_dir: str
    metadata: dict[str, Any]
    sha256: str


def _read_member(path: Path, archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """A member's bytes, streamed and capped (a declared size may lie) and CRC-checked."""
    member = archive.getinfo(name)
    if member.file_size > limit:
        raise PackageError(f"{path}: {name} declares {member.file_size} bytes, over {limit}")
    try:
        with archive.open(member) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise PackageError(f"{path}: {name} is damaged: {exc}") from None
    if len(data) > limit:
        raise PackageError(f"{path}: {name} inflates to more than {limit} bytes")
    return data


def inspect_archive(path: Path) -> ArchiveInfo:
    """Refuse anything but a zip with one top-level directory holding metadata.json and a
    model, with only relative, non-escaping member names, no links, and a sane size."""
    try:
        return _inspect(path)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise PackageError(f"{path}: damaged zip archive: {exc}") from None


def _inspect(path: Path) -> ArchiveInfo:
    if not zipfile.is_zipfile(path):
        raise PackageError(f"{path}: not a zip archive (.argosmodel)")
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if not members or len(members) > MAX_MEMBERS:
            raise PackageError(f"{path}: {len(members)} members; expected 1-{MAX_MEMBERS}")
        tops: set[str] = set()
        unpacked = 0
        for member in members:
            name = PurePosixPath(member.filename)
            if member.filename.startswith(("/", "\\")) or name.is_absolute() or (
                ":" in member.filename.split("/")[0]
            ):
                raise PackageError(f"{path}: absolute member path {member.filename!r}")
            if ".." in name.parts or "\\" in member.filename:
                raise PackageError(f"{path}: member path {member.filename!r} escapes the archive")
            if stat.S_ISLNK(member.external_attr >> 16):
                raise PackageError(f"{path}: member {member.filename!r} is a link")
            tops.add(name.parts[0])
            unpacked += member.file_size
        if unpacked > MAX_UNPACKED_BYTES:
            raise PackageError(f"{path}: unpacks to {unpacked} bytes, over {MAX_UNPACKED_BYTES}")
        if len(tops) != 1:
            raise PackageError(f"{path}: {len(tops)} top-level entries; expected one directory")
        (top,) = tops
        names = {m.filename.rstrip("/") for m in members}
        if f"{top}/metadata.json" not in names:
            raise PackageError(f"{path}: no {top}/metadata.json")
        if not any(n.startswith(f"{top}/model/") for n in names):
            raise PackageError(f"{path}: no {top}/model/ (CTranslate2 model)")
        try:
            metadata = json.loads(_read_member(path, archive, f"{top}/metadata.json",
                                               MAX_METADATA_BYTES))
        except (ValueError, UnicodeDecodeError):
            raise PackageError(f"{path}: {top}/metadata.json is not JSON") from None
    if not isinstance(metadata, dict) or not metadata.get("from_code") or not metadata.get(
        "to_code"
    ):
        raise PackageError(f"{path}: metadata.json names no from_code/to_code")
    return ArchiveInfo(path, top, metadata, sha256_file(path))
