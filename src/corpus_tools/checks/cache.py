"""The incremental validation cache: an index of the last run, in SQLite.

A run starts by taking a snapshot: every entry of the corpus folders with its stat
signature (mtime and ctime in nanoseconds, size, inode), as git's index does. The index
of the last run holds that snapshot with each file's SHA-256, and each unit's key (the
hash of everything it reads), the files it read, and its findings.

- Nothing changed (same tool, level and snapshot): the last run's findings are the
  answer; no file is read and no unit is looked at.
- Otherwise a file whose signature is unchanged keeps its hash, and a unit none of whose
  files changed keeps its findings. A unit that read a changed, added or removed file is
  keyed afresh: the same key (a touch, an edit undone before the next run) keeps its
  findings, any other is checked again.

Restoring an mtime cannot restore the ctime, and a file changed within RACY_SECONDS of
the snapshot may change again within the same timestamp tick ("racy git"): its hash is
not remembered, and a snapshot holding such a file never answers a whole run. A damaged
unit record is checked afresh; a damaged index is ignored. A run that was not answered
whole rewrites the parts of the index that changed, in one transaction, keeping only
what it used, so the index never outgrows the corpus.

Any database trouble (locked by a concurrent run, a corrupt file, a read-only checkout)
turns the cache off for the rest of the run: the cache may only ever save work, never
fail a run.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import chain
from operator import attrgetter, le
from pathlib import Path

from corpus_tools import __version__
from corpus_tools.checks.base import Finding
from corpus_tools.hashing import sha256_file, sha256_parts
from corpus_tools.layout import Layout
from corpus_tools.schema import schemas_fingerprint

MISSING = "-"
#: A file changed this recently may change again within the same timestamp tick ("racy
#: git"): its hash is not remembered.
RACY_SECONDS = 2.0
#: Stands for "no remembered hash" in the index's column of hashes.
_UNKNOWN = "?" * 64
_HEX = re.compile("[0-9a-f]{64}")

#: Bumped whenever the index changes shape: an older database is dropped, not misread.
CACHE_VERSION = 3
_SCHEMA = (
    "PRAGMA busy_timeout = 2000;"
    "CREATE TABLE IF NOT EXISTS run (part TEXT PRIMARY KEY, value BLOB);"
)
_DROP = "DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS results; DROP TABLE IF EXISTS run;"
#: The parts of the index (rows of the ``run`` table). ``head`` and ``result`` answer an
#: unchanged corpus; the rest are read only when something changed.
_PARTS = ("paths", "stats", "hashes", "units", "keys", "offsets", "deps", "findings")
_SEPARATOR = "\0"  # in no path, and escaped by JSON: it joins paths and findings
_signature = attrgetter("st_mtime_ns", "st_ctime_ns", "st_size", "st_ino")


@dataclass(frozen=True)
class Snapshot:
    """Every entry of some folders (and a few single files), sorted, with stat signatures
    (four integers each: mtime_ns, ctime_ns, size, inode)."""

    folders: frozenset[str]
    paths: list[str]
    stats: array[int]
    racy: frozenset[str]  # paths changed within RACY_SECONDS of the snapshot

    @cached_property
    def positions(self) -> dict[str, int]:
        return {path: position for position, path in enumerate(self.paths)}

    def key(self, context: str) -> str:
        """One hash of the whole snapshot and ``context`` (the tool and the level)."""
        return sha256_parts([context.encode(), _SEPARATOR.join(self.paths).encode(),
                             self.stats.tobytes()])


def take_snapshot(folders: Iterable[str], files: Iterable[str], now: float) -> Snapshot:
    """Stat every entry of ``folders`` (a missing folder is empty) and each of ``files``."""
    folders = frozenset(folders)
    paths = []
    for folder in sorted(folders):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        paths += [f"{folder}/{name}" for name in names]
    paths += sorted(files)
    try:
        signatures = list(map(_signature, map(os.stat, paths)))
        present = paths
    except OSError:  # one went away meanwhile: stat one by one
        present, signatures = [], []
        for path in paths:
            with contextlib.suppress(OSError):
                signatures.append(_signature(os.stat(path)))
                present.append(path)
    stats = array("q", chain.from_iterable(signatures))
    recent = int((now - RACY_SECONDS) * 1e9)
    racy: frozenset[str] = frozenset()
    if stats and max(stats[::4]) > recent:  # rare: a file changed just now
        racy = frozenset(path for path, (mtime, *_) in zip(present, signatures, strict=True)
                         if mtime > recent)
    return Snapshot(folders, present, stats, racy)


def corpus_snapshot(layout: Layout, now: float) -> Snapshot:
    """The snapshot of everything validation reads: the corpus and annotation folders
    (every annotation set's), data/ with each config's folder, and README.md."""
    annotations, data = str(layout.annotations_dir), str(layout.root / "data")
    folders = [str(layout.documents_dir), str(layout.segments_dir),
               str(layout.translations_dir), annotations, f"{annotations}/passes", data]
    for parent in folders[-3:]:
        with contextlib.suppress(OSError), os.scandir(parent) as entries:
            folders += [entry.path for entry in entries if entry.is_dir()]
    return take_snapshot(folders, [str(layout.root / "README.md")], now)


@cache
def tool_fingerprint() -> str:
    """What every cached result depends on besides the corpus: the package's code (which
    declares the checks) and its schemas."""
    sources = sorted(Path(__file__).resolve().parents[1].rglob("*.py"))
    header = "|".join([__version__, schemas_fingerprint()]).encode()
    return sha256_parts([header, *(source.read_bytes() for source in sources)])


@dataclass(frozen=True)
class _Unit:
    key: str
    deps: tuple[str, ...]
    findings: str  # JSON


class _Damaged(ValueError):
    pass


@dataclass
class _LastRun:
    """The last run's index, read lazily: columns, looked up by position."""

    paths: list[str]
    stat_count: int  # the first stat_count paths are its snapshot; the rest were missing
    stats: array[int]
    hashes: str  # 64 characters per snapshot path
    units: list[str]
    keys: str  # 64 characters per unit
    offsets: array[int]  # unit i read paths deps[offsets[i]:offsets[i + 1]]
    deps: array[int]
    findings: list[str]
    parts: dict[str, bytes | str | None]  # as read, so that a run rewrites only what changed

    @cached_property
    def path_positions(self) -> dict[str, int]:
        return dict(zip(self.paths, range(len(self.paths)), strict=True))

    @cached_property
    def unit_positions(self) -> dict[str, int]:
        return dict(zip(self.units, range(len(self.units)), strict=True))

    def known(self, path: str) -> tuple[array[int], str] | None:
        """A snapshot file's signature and remembered hash."""
        position = self.path_positions.get(path)
        if position is None or position >= self.stat_count:
            return None
        digest = self.hashes[64 * position:64 * position + 64]
        if _HEX.fullmatch(digest) is None:  # not remembered (racy then), or damaged
            return None
        return self.stats[4 * position:4 * position + 4], digest

    def unit(self, position: int) -> _Unit:
        deps = self.deps[self.offsets[position]:self.offsets[position + 1]]
        return _Unit(self.keys[64 * position:64 * position + 64],
                     tuple(self.paths[i] for i in deps), self.findings[position])


def _read_last_run(parts: dict[str, bytes | str | None]) -> _LastRun:
    texts = [parts[name] for name in ("paths", "hashes", "units", "keys", "findings")]
    blobs = [parts[name] for name in ("stats", "offsets", "deps")]
    if not all(isinstance(t, str) for t in texts) or not all(isinstance(b, bytes)
                                                             for b in blobs):
        raise _Damaged("index parts missing")
    path_text, hashes, unit_text, keys, findings_text = (str(t) for t in texts)
    stats, offsets, deps = array("q"), array("q"), array("q")
    for column, blob in zip((stats, offsets, deps), blobs, strict=True):
        column.frombytes(blob)  # type: ignore[arg-type]
    paths = path_text.split(_SEPARATOR) if path_text else []
    units = json.loads(unit_text)
    findings = findings_text.split(_SEPARATOR) if units else []
    stat_count = len(stats) // 4
    if (len(stats) % 4 or stat_count > len(paths) or len(hashes) != 64 * stat_count
            or not isinstance(units, list) or not all(isinstance(u, str) for u in units)
            or len(keys) != 64 * len(units) or len(findings) != len(units)
            or len(offsets) != len(units) + 1 or offsets[0] != 0 or offsets[-1] != len(deps)
            or (deps and (min(deps) < 0 or max(deps) >= len(paths)))
            or not all(map(le, offsets[:-1], offsets[1:]))):
        raise _Damaged("index parts disagree")
    return _LastRun(paths, stat_count, stats, hashes, units, keys, offsets, deps, findings,
                    parts)


def _changed_positions(last: _LastRun, snapshot: Snapshot) -> frozenset[int]:
    """Positions in the last run's path table of every path that changed since: its
    signature differs, it came or went, its hash was not remembered, or it is racy now."""
    changed: set[int] = set()
    count = last.stat_count
    if last.paths[:count] == snapshot.paths:  # the same listing: compare blocks of stats
        old, new, block = last.stats, snapshot.stats, 4096
        for start in range(0, len(old), block):
            if old[start:start + block] != new[start:start + block]:
                changed.update(position // 4 for position in range(start, min(start + block,
                                                                                len(old)), 4)
                               if old[position:position + 4] != new[position:position + 4])
        added: list[str] = []
    else:
        now = snapshot.positions
        changed.update(position for position, path in enumerate(last.paths[:count])
                       if path not in now
                       or last.stats[4 * position:4 * position + 4]
                       != snapshot.stats[4 * now[path]:4 * now[path] + 4])
        added = [path for path in snapshot.paths if path not in last.path_positions]
    at = last.hashes.find(_UNKNOWN)
    while at != -1:
        if at % 64 == 0:
            changed.add(at // 64)
            at = last.hashes.find(_UNKNOWN, at + 64)
        else:
            at = last.hashes.find(_UNKNOWN, at + 64 - at % 64)
    positions = last.path_positions
    # A path that was missing and is there now, or lies outside the snapshot's folders.
    changed.update(positions[path] for path in [*added, *snapshot.racy] if path in positions)
    changed.update(position for position in range(count, len(last.paths))
                   if last.paths[position] in snapshot.positions
                   or os.path.dirname(last.paths[position]) not in snapshot.folders)
    return frozenset(changed)


@dataclass
class ValidationCache:
    """Hashes files against the snapshot and remembers units between runs. ``context``
    names what every result depends on besides the files (the tool and the level)."""

    path: Path | None
    context: str = ""
    _db: sqlite3.Connection | None = field(default=None, init=False)
    _snapshot: Snapshot | None = field(default=None, init=False)
    _last: _LastRun | None = field(default=None, init=False)
    _changed: frozenset[int] = field(default=frozenset(), init=False)
    _hashes: dict[str, str] = field(default_factory=dict, init=False)  # this run's
    _units: dict[str, _Unit | int] = field(default_factory=dict, init=False)  # int: as last
    _pending: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            if self._db.execute("PRAGMA user_version").fetchone()[0] != CACHE_VERSION:
                self._db.executescript(_DROP + f"PRAGMA user_version = {CACHE_VERSION};")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error):
            self._disable()

    def _parts(self, names: tuple[str, ...]) -> tuple[dict[str, object],
                                                     dict[str, bytes | str | None]]:
        """The index's head (empty if it is another context's, or damaged) and ``names``,
        read in one statement: together they come from one run, even if another run is
        writing."""
        assert self._db is not None
        rows = dict(self._db.execute(
            f"SELECT part, value FROM run WHERE part IN ({', '.join('?' * (len(names) + 1))})",
            ("head", *names)).fetchall())
        head: object = {}
        with contextlib.suppress(ValueError, TypeError):
            head = json.loads(rows.get("head") or "{}")
        if not isinstance(head, dict) or head.get("context") != self.context:
            head = {}
        return head, {name: rows.get(name) for name in names}

    def _disable(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        self._last, self._changed = None, frozenset()

    def whole_run(self, snapshot_key: str) -> tuple[list[Finding], int] | None:
        """The last run's findings and file count if it saw the same snapshot."""
        if self._db is None:
            return None
        try:
            head, parts = self._parts(("result",))
            result, files = parts["result"], head.get("files")
            if (head.get("snapshot") != snapshot_key or not isinstance(result, str)
                    or type(files) is not int):
                return None
            return _decode(result), files
        except (sqlite3.Error, ValueError, TypeError, AttributeError):
            return None

    def start(self, snapshot: Snapshot) -> None:
        """Compare ``snapshot`` with the last run's: what changed since."""
        self._snapshot = snapshot
        if self._db is None:
            return
        try:
            head, parts = self._parts(_PARTS)
            if not head:
                return
            self._last = _read_last_run(parts)
            self._changed = _changed_positions(self._last, snapshot)
        except sqlite3.Error:
            self._disable()
        except (ValueError, TypeError, IndexError, UnicodeDecodeError):
            self._last, self._changed = None, frozenset()  # a damaged index: ignored

    def file_hash(self, path: Path | str) -> str:
        """SHA-256 of the file's bytes, or MISSING if there is no such file (at the
        snapshot, for a file in one of its folders)."""
        path = str(path)
        digest = self._hashes.get(path)
        if digest is not None:
            return digest
        snapshot = self._snapshot
        if snapshot is not None and os.path.dirname(path) in snapshot.folders:
            position = snapshot.positions.get(path)
            if position is None:
                return MISSING
            known = self._last.known(path) if self._last is not None else None
            if (known is not None and path not in snapshot.racy
                    and known[0] == snapshot.stats[4 * position:4 * position + 4]):
                digest = known[1]
        if digest is None:
            try:
                digest = sha256_file(path)
            except OSError:  # gone, unreadable, or a directory: the checks report it
                return MISSING
        self._hashes[path] = digest
        return digest

    def reuse(self, unit: str) -> list[Finding] | None:
        """The unit's findings from the last run if none of the files it read changed."""
        last = self._last
        if last is None:
            return None
        position = last.unit_positions.get(unit)
        if position is None or not self._changed.isdisjoint(
                last.deps[last.offsets[position]:last.offsets[position + 1]]):
            return None
        findings = self._decoded(last.findings[position])
        if findings is not None:
            self._units[unit] = position
        return findings

    def get(self, unit: str, key: str, deps: Iterable[str]) -> list[Finding] | None:
        """The unit's findings from the last run if it had the same key; otherwise None,
        and ``put`` records the findings under ``key``."""
        deps = tuple(deps)
        self._pending[unit] = (key, deps)
        last = self._last
        position = last.unit_positions.get(unit) if last is not None else None
        if last is None or position is None or last.keys[64 * position:64 * position + 64] != key:
            return None
        findings = self._decoded(last.findings[position])
        if findings is not None:
            self._units[unit] = _Unit(key, deps, last.findings[position])
        return findings

    @staticmethod
    def _decoded(payload: str) -> list[Finding] | None:
        try:
            return _decode(payload)
        except (ValueError, TypeError, AttributeError):
            return None  # a damaged record: the unit is checked afresh

    def put(self, unit: str, findings: list[Finding]) -> None:
        pending = self._pending.pop(unit, None)
        if pending is not None:
            self._units[unit] = _Unit(*pending, _encode(findings))

    def close(self, snapshot_key: str, findings: list[Finding], files: int) -> None:
        """Write this run's index: what it used, nothing else."""
        snapshot, db, last = self._snapshot, self._db, self._last
        if db is None or snapshot is None:
            return
        try:
            # Keep the last run's path table when the listing is the same, so the units
            # kept as they were keep their dependency positions too.
            same = last is not None and last.paths[:last.stat_count] == snapshot.paths
            paths = list(last.paths) if same and last is not None else list(snapshot.paths)
            positions = dict(last.path_positions) if same and last is not None else dict(
                snapshot.positions)
            hashes = self._hash_column(same)
            offsets, deps = array("q", [0]), array("q")
            keys, payloads = [], []
            for record in self._units.values():
                if isinstance(record, int) and not same:
                    assert last is not None
                    record = last.unit(record)
                if isinstance(record, int):  # kept as it was, positions and all
                    assert last is not None
                    keys.append(last.keys[64 * record:64 * record + 64])
                    payloads.append(last.findings[record])
                    deps.extend(last.deps[last.offsets[record]:last.offsets[record + 1]])
                else:
                    keys.append(record.key)
                    payloads.append(record.findings)
                    for path in record.deps:
                        if path not in positions:
                            positions[path] = len(paths)
                            paths.append(path)
                        deps.append(positions[path])
                offsets.append(len(deps))
            head = {"context": self.context, "files": files,
                    "snapshot": None if snapshot.racy else snapshot_key}
            parts: dict[str, str | bytes] = {
                "head": json.dumps(head),
                "result": _encode(findings),
                "paths": _SEPARATOR.join(paths),
                "stats": snapshot.stats.tobytes(),
                "hashes": hashes.decode("ascii"),
                "units": json.dumps(list(self._units)),
                "keys": "".join(keys),
                "offsets": offsets.tobytes(),
                "deps": deps.tobytes(),
                "findings": _SEPARATOR.join(payloads),
            }
            if last is not None:  # rewrite only the parts that changed
                parts = {name: value for name, value in parts.items()
                         if last.parts.get(name, parts) != value}
            with db:  # one transaction
                db.executemany("INSERT OR REPLACE INTO run VALUES (?, ?)", parts.items())
        except sqlite3.Error:
            pass  # an unsaved cache only makes the next run slower
        finally:
            self._disable()

    def _hash_column(self, same: bool) -> bytearray:
        """Each snapshot file's hash: the last run's if its signature did not change,
        this run's if it hashed the file, else unknown (as for a racy file)."""
        snapshot, last = self._snapshot, self._last
        assert snapshot is not None
        count = len(snapshot.paths)
        unknown = _UNKNOWN.encode("ascii")
        if same and last is not None:
            column = bytearray(last.hashes, "ascii")
            for position in self._changed:
                if position < count:
                    column[64 * position:64 * position + 64] = unknown
        else:
            column = bytearray(unknown * count)
            if last is not None:
                now = snapshot.positions
                for position, path in enumerate(last.paths[:last.stat_count]):
                    if position not in self._changed and path in now:
                        at = 64 * now[path]
                        column[at:at + 64] = last.hashes[64 * position:64 * position + 64].encode(
                            "ascii")
        for path, digest in self._hashes.items():
            hashed = snapshot.positions.get(path)
            if hashed is not None:
                column[64 * hashed:64 * hashed + 64] = (
                    unknown if digest == MISSING else digest.encode("ascii"))
        for path in snapshot.racy:
            racy = snapshot.positions[path]
            column[64 * racy:64 * racy + 64] = unknown
        return column

    def abandon(self) -> None:
        """Close without writing (the index already describes this run)."""
        self._disable()


def _encode(findings: list[Finding]) -> str:
    return json.dumps([f.to_json() for f in findings], ensure_ascii=False)


def _decode(payload: str) -> list[Finding]:
    if payload == "[]":  # the common case, and worth skipping the decoder for
        return []
    return [Finding.from_json(item) for item in json.loads(payload)]
