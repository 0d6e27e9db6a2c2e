"""Level 1: a YAML file decodes, parses, has no duplicate keys and follows its JSON Schema.

Reading is io's (io/yamlfile.py); here its failures become findings. Schema errors are
classified into stable check ids. The fast compiled validator decides valid/invalid;
only invalid files pay for jsonschema's full error list.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from corpus_tools.checks.base import Issue, declare
from corpus_tools.io.yamlfile import YamlTextRejected, follows_schema, parse_yaml_bytes
from corpus_tools.io.yamlio import YamlParseError
from corpus_tools.labels import LABEL_SETS
from corpus_tools.schema import SCHEMA_VERSIONS, SchemaKind, load_schema

if TYPE_CHECKING:
    import jsonschema
    from jsonschema.exceptions import ValidationError

declare("file-empty", 1, "a text or YAML file is empty or only whitespace")
declare("file-binary", 1, "a file holds NUL bytes or control characters")
declare("file-encoding", 1, "a file is not UTF-8, or starts with a byte-order mark")
declare("line-endings", 1, "a document text has CR or CRLF line endings")
declare("not-nfc", 1, "a document text is not Unicode NFC")
declare("yaml-syntax", 1, "a YAML file does not parse")
declare("duplicate-key", 1, "a YAML mapping repeats a key")
declare("yaml-limit", 1, "a YAML file uses anchors or aliases, nests too deep or is too large")
declare("schema-version", 1, "schema_version is missing or not a supported version")
declare("missing-field", 1, "a required field is absent")
declare("unknown-field", 1, "a field the schema does not define")
declare("wrong-type", 1, "a field has the wrong type")
declare("invalid-value", 1, "a value breaks a schema constraint (pattern, range, form)")
declare("unknown-label", 2, "a label outside the closed label set")

_LABEL_ENUMS = {tuple(values): field for field, values in LABEL_SETS.items()}
_OFFSET_HINT = "; run `corpus-tools fix` to fill offsets from `text`"


@cache
def _full_validator(kind: SchemaKind, version: str) -> jsonschema.Draft7Validator:
    import jsonschema  # only an invalid file needs it, and it is slow to import

    return jsonschema.Draft7Validator(load_schema(kind, version))


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "integer", float: "number", str: "string", list: "list",
            dict: "mapping"}.get(type(value), type(value).__name__)


def _classify(error: ValidationError) -> Iterator[Issue]:
    path = tuple(error.absolute_path)
    instance = error.instance
    expected: Any = error.validator_value
    schema: Any = error.schema
    if error.validator == "required" and isinstance(instance, dict):
        for name in expected:
            if name not in instance:
                hint = _OFFSET_HINT if name in ("start", "end") else ""
                yield Issue("missing-field", f"missing required field '{name}'{hint}", path)
    elif error.validator == "additionalProperties" and isinstance(instance, dict):
        known = schema.get("properties", {})
        for name in instance:
            if name not in known:
                close = difflib.get_close_matches(str(name), list(known), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                yield Issue("unknown-field", f"unknown field '{name}'{hint}", (*path, name))
    elif error.validator == "type":
        yield Issue(
            "wrong-type",
            f"expected {expected}, got {_type_name(instance)} {instance!r:.60}",
            path,
        )
    elif error.validator == "enum" and tuple(expected) in _LABEL_ENUMS:
        values = list(expected)
        close = difflib.get_close_matches(str(instance), values, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        yield Issue(
            "unknown-label",
            f"unknown {path[-1] if path else 'label'} {instance!r}; {hint}allowed: "
            + ", ".join(values),
            path,
        )
    elif error.validator == "oneOf":
        yield Issue(
            "invalid-value",
            "expected either {value, evidence} or {value: null, reason}",
            path,
        )
    else:
        yield Issue("invalid-value", " ".join(error.message.split())[:200], path)


def schema_issues(data: Any, kind: SchemaKind) -> list[Issue]:
    """Every schema violation in ``data``; empty when the data is valid."""
    if not isinstance(data, dict):
        return [Issue("wrong-type", f"expected a mapping at the top level, got {_type_name(data)}")]
    version = data.get("schema_version")
    supported = SCHEMA_VERSIONS[kind]
    if version not in supported:
        shown = "missing" if version is None else f"{version!r} is not supported"
        return [
            Issue(
                "schema-version",
                f"schema_version {shown}; supported: {', '.join(supported)} "
                "(write it as a quoted string)",
                ("schema_version",) if "schema_version" in data else (),
            )
        ]
    if follows_schema(data, kind):
        return []
    issues: list[Issue] = []
    errors = sorted(_full_validator(kind, version).iter_errors(data), key=lambda e: list(e.path))
    for error in errors:
        issues.extend(_classify(error))
    # jsonschema raises one `required` error per missing field, each naming the whole list:
    # report each finding once.
    return list(dict.fromkeys(issues))


def parse_yaml_file(data: bytes, kind: SchemaKind) -> tuple[Any, list[Issue]]:
    """Decode, parse and schema-check a YAML file.

    Returns the parsed data (None when it does not parse) and the level-1/2 issues; the
    model may be built from the data only when there are no issues.
    """
    try:
        parsed = parse_yaml_bytes(data)
    except YamlTextRejected as rejected:
        return None, [Issue(p.check, p.message, offset=p.offset) for p in rejected.problems]
    except YamlParseError as error:
        return None, [Issue(error.check, error.message, line=error.line, column=error.column)]
    return parsed, schema_issues(parsed, kind)


def span_id_at(data: Any, path: tuple[str | int, ...]) -> str | None:
    """The id of the innermost annotation on ``path`` (entities[3] -> its id)."""
    found: str | None = None
    node = data
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
    return found
