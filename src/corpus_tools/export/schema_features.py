"""Features for a JSON-Schema-declared object, and its values encoded to fit them, so that
a block such as a translation's provenance is published as structure, not as JSON text.

Objects become structs (the alternatives of a ``oneOf`` merged into one struct, absent
members null); arrays become lists; an open map (an object without declared properties)
becomes a list of ``{name, value}`` pairs sorted by name, its values as JSON text unless
they are strings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from datasets import List, Value

from corpus_tools.schema import SchemaKind
from corpus_tools.wire import json_schema

Node = dict[str, Any]
SCALARS = {"string": Value("string"), "boolean": Value("bool"), "integer": Value("int64"),
           "number": Value("float64")}
PAIR = {"name": Value("string"), "value": Value("string")}


def _resolve(node: Node, schema: Node) -> Node:
    while "$ref" in node:
        node = schema["definitions"][node["$ref"].removeprefix("#/definitions/")]
    return node


def _properties(node: Node, schema: Node) -> dict[str, Node] | None:
    """The declared members of an object (merged over ``oneOf``), None for an open map."""
    if "oneOf" in node:
        merged: dict[str, Node] = {}
        for alternative in node["oneOf"]:
            merged.update(_properties(_resolve(alternative, schema), schema) or {})
        return merged
    return node.get("properties")


def features_of(node: Node, schema: Node) -> Any:
    node = _resolve(node, schema)
    if node.get("type") == "array":
        return List(features_of(node["items"], schema))
    if node.get("type", "object") == "object":
        properties = _properties(node, schema)
        if properties is None:
            return List(PAIR)
        return {name: features_of(member, schema) for name, member in properties.items()}
    return SCALARS[node["type"]]


def encode(value: Any, node: Node, schema: Node) -> Any:
    """``value`` (as read from YAML) in the shape ``features_of(node)`` declares."""
    node = _resolve(node, schema)
    if value is None:
        return None
    if node.get("type") == "array":
        return [encode(item, node["items"], schema) for item in value]
    if node.get("type", "object") == "object":
        properties = _properties(node, schema)
        if properties is None:
            return [{"name": name, "value": item if isinstance(item, str)
                     else json.dumps(item, sort_keys=True, ensure_ascii=False)}
                    for name, item in sorted(value.items())]
        return {name: encode(value.get(name), member, schema)
                for name, member in properties.items()}
    return value


@cache
def _derived_schema(kind: SchemaKind) -> Node:
    """The current schema of ``kind`` as the model declares it (the committed file's
    content: a test holds them equal)."""
    return json_schema(kind)


@dataclass(frozen=True)
class SchemaBlock:
    """One top-level property of a JSON Schema, published as structure."""

    kind: SchemaKind
    name: str  # the property's name

    def _node(self) -> tuple[Node, Node]:
        schema = _derived_schema(self.kind)
        return schema["properties"][self.name], schema

    @property
    def features(self) -> Any:
        return features_of(*self._node())

    def encode(self, value: Any) -> Any:
        node, schema = self._node()
        return encode(value, node, schema)
