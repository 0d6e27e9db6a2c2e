"""YAML 1.2: a fast libyaml event reader for every read, ruamel's round-trip mode for edits.

The reader builds plain data straight from libyaml's event stream (PyYAML's C parser),
checking the input limits, anchors and duplicate keys in the same pass. Anything outside
the plain subset the project writes (tags, directives, keys that are not scalars, a
duplicate key, numbers other than plain decimals, syntax errors) is handed to ruamel's
safe loader, which decides, so results and error positions are exactly ruamel's YAML 1.2.
Round-trip mode keeps annotators' comments, key order and quoting; the dumper style
below is the one canonical layout every file this project writes uses.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import yaml as libyaml  # type: ignore[import-untyped]
from ruamel.yaml import YAML, events
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.cyaml import CParser as EventParser  # type: ignore[attr-defined]
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.resolver import implicit_resolvers
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from yaml._yaml import CParser  # type: ignore[import-untyped]

#: Every YAML file read is held to these limits before it is loaded: anchors and aliases
#: (an alias bomb expands exponentially in whatever walks the tree; no project file uses
#: them), nesting (deep nesting overflows the C stack of the loader) and size.
MAX_YAML_BYTES = 16 * 1024 * 1024
MAX_YAML_DEPTH = 64


@dataclass(frozen=True)
class YamlParseError(Exception):
    """A file that is not YAML, or has a duplicate key; line and column are 1-based."""

    check: str  # "yaml-syntax" | "duplicate-key" | "yaml-limit"
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: [{self.check}] {self.message}"


def _safe_yaml() -> YAML:
    try:
        return YAML(typ="safe", pure=False)
    except Exception:  # pragma: no cover - only without the C extension
        return YAML(typ="safe", pure=True)


_SAFE = _safe_yaml()


def _represent_null(representer: Any, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def round_trip_yaml() -> YAML:
    """The project's one YAML layout: 2-space mappings, sequence dashes indented by 2.

    Flow/block style, quoting, comments and key order come from the file itself."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never fold long quotes
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    yaml.representer.add_representer(type(None), _represent_null)
    return yaml


def _parse_error(exc: YAMLError) -> YamlParseError:
    check = "duplicate-key" if isinstance(exc, DuplicateKeyError) else "yaml-syntax"
    mark = None
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if check == "duplicate-key":
        problem = str(problem).replace("found duplicate key", "duplicate key")
    return YamlParseError(check, line, column, " ".join(str(problem).split()))


def _limit(mark: Any, message: str) -> YamlParseError:
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return YamlParseError("yaml-limit", line, column, message)


_LARGE = f"the file is larger than {MAX_YAML_BYTES // 2**20} MiB"
_ANCHORS = "anchors and aliases (&name, *name) are not allowed; write the value out"
_DEEP = f"nested more than {MAX_YAML_DEPTH} levels deep"


def check_limits(text: str) -> None:
    """Raise YamlParseError("yaml-limit") for input over the limits, reading the event
    stream only as far as the first breach. Syntax errors are left to the loader."""
    if len(text) > MAX_YAML_BYTES:
        raise _limit(None, _LARGE)
    if "&" not in text and "*" not in text and text.count("[") + text.count("{") < \
            MAX_YAML_DEPTH and text.count(":") + text.count("-") < MAX_YAML_DEPTH:
        return  # too few indicators to nest that deep or to alias anything
    parser = EventParser(text)
    depth = 0
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, events.StreamEndEvent):
                return
            if isinstance(event, events.AliasEvent) or getattr(event, "anchor", None):
                raise _limit(event.start_mark, _ANCHORS)
            if isinstance(event, (events.SequenceStartEvent, events.MappingStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise _limit(event.start_mark, _DEEP)
            elif isinstance(event, (events.SequenceEndEvent, events.MappingEndEvent)):
                depth -= 1
    except YAMLError:
        return
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()


def _load_ruamel_safe(text: str) -> Any:
    """The reference reader: ruamel's safe loader after the limit scan."""
    check_limits(text)
    try:
        return _SAFE.load(text)
    except YAMLError as exc:
        raise _parse_error(exc) from None


class _Unusual(Exception):
    """Input outside the plain subset the event reader decides itself."""


def _plain_resolvers() -> dict[str, list[tuple[str, Any]]]:
    """ruamel's YAML 1.2 implicit resolvers (tag name, regular expression) by first
    character, in its order (compiled here: ruamel's are lazy proxies that pay an attribute
    lookup on every match)."""
    table: dict[str, list[tuple[str, Any]]] = {}
    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) in versions:
            compiled = re.compile(regexp.pattern, regexp.flags)
            for char in first:
                table.setdefault(char or "", []).append((tag.rsplit(":", 1)[-1], compiled))
    return table


_PLAIN = _plain_resolvers()
_CONSTANTS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
              "FALSE": False, "": None, "~": None, "null": None, "Null": None, "NULL": None}


def _plain(value: str) -> Any:
    """A plain (unquoted) scalar as ruamel's YAML 1.2 safe loader reads it."""
    resolvers = _PLAIN.get(value[:1])
    if resolvers is None:
        return value
    for tag, regexp in resolvers:
        if regexp.match(value):
            if tag in ("bool", "null"):
                return _CONSTANTS[value]
            if tag == "int" and value.isascii() and value.isdigit() and (
                    value[0] != "0" or len(value) == 1):
                return int(value)
            raise _Unusual  # other numbers, timestamps, merge keys: ruamel constructs them
    return value


_NO_KEY: Any = object()
_SCALAR, _MAP_START, _SEQ_START = libyaml.ScalarEvent, libyaml.MappingStartEvent, \
    libyaml.SequenceStartEvent
_ENDS = (libyaml.MappingEndEvent, libyaml.SequenceEndEvent)


def _read_events(text: str) -> Any:
    """Build the document from libyaml's events; raise YamlParseError for input over the
    limits (at the event ruamel's limit scan would name), _Unusual for anything else."""
    parser = CParser(text)
    root: Any = None
    stack: list[Any] = []  # open containers, innermost last
    keys: list[Any] = []  # per open mapping: its key awaiting a value, or _NO_KEY
    documents = 0
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is _SCALAR:
                if event.anchor is not None:
                    raise _limit(event.start_mark, _ANCHORS)
                if event.tag is not None:
                    raise _Unusual
                value = _plain(event.value) if event.style == "" else event.value
            elif kind is _MAP_START or kind is _SEQ_START:
                if event.anchor is not None:
                    raise _limit(event.start_mark, _ANCHORS)
                if len(stack) >= MAX_YAML_DEPTH:
                    raise _limit(event.start_mark, _DEEP)
                if event.tag is not None:
                    raise _Unusual
                value = {} if kind is _MAP_START else []
            elif kind in _ENDS:
                stack.pop()
                keys.pop()
                continue
            elif kind is libyaml.AliasEvent:
                raise _limit(event.start_mark, _ANCHORS)
            elif kind is libyaml.DocumentStartEvent:
                documents += 1
                if documents > 1 or event.version is not None or event.tags:
                    raise _Unusual
                continue
            elif kind is libyaml.StreamEndEvent:
                return root
            else:
                continue
            if not stack:
                root = value
            else:
                top = stack[-1]
                if type(top) is list:
                    top.append(value)
                elif keys[-1] is _NO_KEY:
                    if type(value) is dict or type(value) is list or value in top:
                        raise _Unusual  # a complex or duplicate key: ruamel reports it
                    keys[-1] = value
                else:
                    top[keys[-1]] = value
                    keys[-1] = _NO_KEY
            if kind is not _SCALAR:
                stack.append(value)
                keys.append(_NO_KEY)
    except libyaml.YAMLError:
        raise _Unusual from None
    finally:
        parser.dispose()


def load_safe(text: str) -> Any:
    """Parse plain data (YAML 1.2, as ruamel's safe loader reads it); raise YamlParseError
    on bad YAML or duplicate keys, and on input over the limits."""
    if len(text) > MAX_YAML_BYTES:
        raise _limit(None, _LARGE)
    try:
        return _read_events(text)
    except _Unusual:
        return _load_ruamel_safe(text)


def load_round_trip(text: str) -> Any:
    check_limits(text)
    try:
        return round_trip_yaml().load(text)
    except YAMLError as exc:
        raise _parse_error(exc) from None


def _flow(node: Any) -> Any:
    node.fa.set_flow_style()
    return node


def laid_out(value: Any, meta: Mapping[str, Any]) -> Any:
    """A value as the writer lays it out, by its field's declaration (model.py): quoted
    surface strings, flow-style lists and mappings on their item's own line."""
    if meta.get("quoted"):
        return DoubleQuotedScalarString(value)
    if meta.get("flow"):
        return _flow(CommentedSeq(value) if isinstance(value, list) else CommentedMap(value))
    if meta.get("flow_items"):
        return CommentedSeq(_flow(CommentedMap(item)) for item in value)
    return value


def dump_round_trip(data: Any) -> str:
    stream = io.StringIO()
    round_trip_yaml().dump(data, stream)
    return stream.getvalue()


def locate(tree: Any, path: Sequence[str | int]) -> tuple[int, int]:
    """1-based line and column of ``path`` in a round-trip tree (the nearest existing node)."""
    line, column = 0, 0
    node = tree
    for step in path:
        lc = getattr(node, "lc", None)
        if lc is None:
            break
        try:
            if isinstance(step, int) and isinstance(node, list) and step < len(node):
                line, column = lc.item(step)
                node = node[step]
            elif isinstance(step, str) and isinstance(node, dict) and step in node:
                line, column = lc.key(step)
                node = node[step]
            else:
                break
        except (KeyError, TypeError, IndexError):
            break
    return line + 1, column + 1


def new_file_mode(path: Path) -> int:
    """The mode a plain ``open`` would give: the replaced file's, else 0o666 less the umask
    (mkstemp's 0o600 would hide a span file or an export from its other readers)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_writer(path: Path) -> Iterator[IO[bytes]]:
    """A binary handle on a temporary file beside ``path``, renamed over it when the block
    ends without error: never a half-written file, even for output written in pieces."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = new_file_mode(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it over: never a half-written file."""
    with atomic_writer(path) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
