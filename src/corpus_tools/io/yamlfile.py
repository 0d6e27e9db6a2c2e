"""A project YAML file read for use: decoded as text, parsed, and held to its JSON Schema.

The checks (checks/structure.py) turn the same steps' failures into findings; every
other reader only needs the data of a valid file, or to know that it is not valid.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import fastjsonschema

from corpus_tools.io.textfile import TextProblem, decode
from corpus_tools.io.yamlio import MAX_YAML_BYTES, YamlParseError, load_safe
from corpus_tools.schema import SCHEMA_VERSIONS, SchemaKind, load_schema

#: The text problems that make a YAML file unreadable (the others concern document texts).
YAML_TEXT_CHECKS = ("file-empty", "file-binary", "file-encoding")


class YamlTextRejected(Exception):
    """The bytes are not a YAML text: empty, binary or not UTF-8."""

    def __init__(self, problems: list[TextProblem]) -> None:
        super().__init__(problems[0].message if problems else "not a text")
        self.problems = problems


def parse_yaml_bytes(data: bytes) -> Any:
    """The parsed data; YamlTextRejected for bytes that are no text, YamlParseError for
    text that is not YAML, repeats a key or breaks the limits."""
    if len(data) > MAX_YAML_BYTES:
        raise YamlParseError("yaml-limit", 1, 1,
                             f"the file is larger than {MAX_YAML_BYTES // 2**20} MiB")
    text, problems = decode(data)
    rejected = [p for p in problems if p.check in YAML_TEXT_CHECKS]
    if text is None or rejected:
        raise YamlTextRejected(rejected)
    return load_safe(text)


@cache
def _compiled_schema(kind: SchemaKind, version: str) -> Callable[[Any], Any]:
    validator: Callable[[Any], Any] = fastjsonschema.compile(load_schema(kind, version))
    return validator


def follows_schema(data: Any, kind: SchemaKind) -> bool:
    """Whether ``data`` is a mapping in a supported schema version that its schema accepts
    (the compiled validator: fast, and silent about why)."""
    if not isinstance(data, dict) or data.get("schema_version") not in SCHEMA_VERSIONS[kind]:
        return False
    try:
        _compiled_schema(kind, data["schema_version"])(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def read_valid(data: bytes, kind: SchemaKind) -> Any | None:
    """The data of a file that decodes, parses and follows its schema; None otherwise."""
    try:
        parsed = parse_yaml_bytes(data)
    except (YamlTextRejected, YamlParseError):
        return None
    return parsed if follows_schema(parsed, kind) else None
