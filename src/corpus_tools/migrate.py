"""``corpus-tools migrate``: bring span files to a newer schema version without losing
anything.

Works on the round-trip YAML tree, so comments, key order, quoting and layout survive;
spans 1.1 only adds optional fields, so 1.0 -> 1.1 changes ``schema_version`` and the
``$schema`` line and nothing else, which is verified before the atomic write.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import ScalarString

from corpus_tools.io.textfile import BOM
from corpus_tools.io.yamlio import (
    YamlParseError,
    atomic_write,
    dump_round_trip,
    load_round_trip,
    load_safe,
    locate,
)
from corpus_tools.layout import Layout
from corpus_tools.schema import SCHEMA_COMMENT, SCHEMA_VERSIONS, current_version

#: Versions each version migrates to directly; both only add (see the schema CHANGELOG).
MIGRATIONS: dict[str, tuple[str, ...]] = {"1.0": ("1.1",)}


@dataclass(frozen=True)
class MigrateNote:
    """What migrate did to one file. ``kind``: migrated (a change), current (already at the
    version), skipped (left for a person: not parseable, or no known migration)."""

    file: str
    line: int
    column: int
    kind: str
    message: str

    @property
    def is_change(self) -> bool:
        return self.kind == "migrated"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: [migrate {self.kind}] {self.message}"


def _schema_line(line: str, old: str, new: str) -> str:
    if line.startswith(SCHEMA_COMMENT) and line.endswith(f"spans-{old}.schema.json"):
        return line[: -len(f"{old}.schema.json")] + f"{new}.schema.json"
    return line


def _only_version_changed(before: str, after: str, old: str, new: str) -> bool:
    """The two texts differ in the schema_version and $schema lines only, and parse to the
    same data but for the version."""
    old_lines, new_lines = before.splitlines(), after.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_lines, b=new_lines,
                                                       autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag != "replace" or i2 - i1 != j2 - j1:
            return False
        for was, changed in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True):
            version_line = was.startswith("schema_version:") and changed.startswith(
                "schema_version:")
            if not version_line and changed != _schema_line(was, old, new):
                return False
    old_data, new_data = load_safe(before), load_safe(after)
    return isinstance(new_data, dict) and new_data.get("schema_version") == new and (
        {**old_data, "schema_version": new} == new_data)


def migrate_file(path: Path, layout: Layout, to: str | None = None, *,
                 write: bool = True) -> MigrateNote:
    """Rewrite one span file in schema version ``to`` (default: the current one); with
    ``write=False`` only report what would happen."""
    target = to or current_version("spans")
    if target not in SCHEMA_VERSIONS["spans"]:
        raise ValueError(f"unknown span schema version {target!r}")
    relative = layout.relative(path)

    def note(kind: str, message: str, tree: Any = None) -> MigrateNote:
        line, column = locate(tree, ("schema_version",)) if tree is not None else (1, 1)
        return MigrateNote(relative, line, column, kind, message)

    try:
        source = path.read_bytes().decode("utf-8")
        tree: Any = load_round_trip(source)
    except UnicodeDecodeError:
        return note("skipped", "not UTF-8; nothing changed")
    except OSError as exc:
        return note("skipped", f"cannot read: {exc.strerror}; nothing changed")
    except YamlParseError as exc:
        return MigrateNote(relative, exc.line, exc.column, "skipped",
                           f"{exc.check}: {exc.message}; nothing changed")
    if not isinstance(tree, CommentedMap):
        return note("skipped", "not a span file (no mapping at the top); nothing changed")
    version = tree.get("schema_version")
    if version == target:
        return note("current", f"already schema {target}", tree)
    if target not in MIGRATIONS.get(str(version), ()):
        return note("skipped", f"no migration from schema_version {version!r} to {target}; "
                    "nothing changed", tree)
    old = str(version)
    # Keep the scalar's own quoting style ('1.0' stays single-quoted).
    tree["schema_version"] = type(version)(target) if isinstance(version, ScalarString) \
        else target
    lines = dump_round_trip(tree).split("\n")
    output = "\n".join(_schema_line(line, old, target) for line in lines)
    if source.startswith(BOM):  # not ours to remove: file-encoding reports it
        output = BOM + output
    if not _only_version_changed(source, output, old, target):
        return note("skipped", "the rewrite would change more than the version; nothing "
                    "changed (report this as a bug)", tree)
    if write:
        atomic_write(path, output)
    return note("migrated", f"schema {old} -> {target}", tree)
