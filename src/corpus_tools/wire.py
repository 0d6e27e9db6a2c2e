"""What the model's declaration says about files: the JSON Schema, the label sets, and
the plain data a file holds, all derived from the field declarations in ``model.py``.

A field's type gives its JSON type, its closed vocabulary (a ``Literal``) or its named
constraint (``Annotated[..., Named(...)]``: pattern, minimum, lengths, required keys). A
union of classes is a ``oneOf``, read as the alternative whose one-value fields (a
one-value ``Literal``, ``None``) the data matches; ``dict[K, V]`` is a mapping, with one
property per key when ``K`` is a vocabulary, any key otherwise (``V`` = ``Any``: an open
object); a generic class (``Evidenced[Language]``) is read with its type arguments. The
field's ``metadata`` (``model.doc``) adds:

``description``  the schema's description of the field
``required``     present in every file even though the model has a default
``flat``         a nested class whose fields sit in the item's own mapping
``inside``       stored under another field's mapping, as ``name``
``definition``   the nested mapping is a definition of its own, with ``definition_description``
``unique``       an array without repeated items
``version``      the ``schema_version`` field of files of this kind
``name``         the key in files, when it differs from the attribute
``quoted`` / ``flow`` / ``flow_items``  how the writer lays the value out
``feature``      False: not a dataset column; a string: the column's name

A class with a ``__wire__`` is a definition of the schema (others are inlined); it gives
the class's description (and a file's ``title``), its field order in files (``order``,
when it differs from the model's) and its required fields' order (``required``). Nothing
here names a field: a new field of a declared class reaches the schema, reader, writer and
features unchanged.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import operator
import types
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, reduce
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from typing_extensions import TypeForm, TypeIs

from corpus_tools.model import (
    Alignment,
    AnnotationId,
    DocumentMeta,
    LinkableEntityLabel,
    Named,
    Registry,
    Segmentation,
    SpanFile,
    Translation,
)
from corpus_tools.schema import SCHEMA_VERSIONS, SchemaKind, current_version, schema_path

Data = dict[str, Any]
_MISSING = dataclasses.MISSING


@dataclass(frozen=True)
class WireField:
    """One field of a class as a file lays it out."""

    name: str  # the model's attribute
    type: Any  # without ``None`` and without ``Annotated``
    annotated: Any  # as declared, without ``None``
    optional: bool  # ``X | None``
    required: bool
    meta: Mapping[str, Any]

    @property
    def key(self) -> str:
        return str(self.meta.get("name", self.name))


def _strip_none(tp: Any) -> tuple[Any, bool]:
    """``tp`` without ``None`` (still a union when it has several other alternatives), and
    whether it had ``None``."""
    if get_origin(tp) in (Union, types.UnionType):
        args = [arg for arg in get_args(tp) if arg is not type(None)]
        return reduce(operator.or_, args), len(args) < len(get_args(tp))
    return tp, False


def alternatives(tp: Any) -> tuple[Any, ...]:
    """The alternatives of a union (a ``oneOf``); empty for any other type."""
    return get_args(tp) if get_origin(tp) in (Union, types.UnionType) else ()


def mapping_types(tp: Any) -> tuple[Any, Any] | None:
    """The key and value types of a ``dict[K, V]``; None for any other type."""
    if get_origin(tp) in (dict, Mapping):
        key, value = get_args(tp)
        return key, value
    return None


def _constant(tp: Any) -> Any:
    """The one value a type allows (``None``, a one-value ``Literal``), else _MISSING."""
    if tp is type(None):
        return None
    if get_origin(tp) is Literal and len(get_args(tp)) == 1:
        return get_args(tp)[0]
    return _MISSING


def _bind(tp: Any, bindings: Mapping[Any, Any]) -> Any:
    """``tp`` with a generic class's type variables bound (unbound ones: Any)."""
    if isinstance(tp, TypeVar):
        return bindings.get(tp, Any)
    parameters = getattr(tp, "__parameters__", ())
    return tp[tuple(bindings.get(p, Any) for p in parameters)] if parameters else tp


def bare_type(tp: Any) -> Any:
    """``tp`` without its ``Annotated`` constraints."""
    return get_args(tp)[0] if get_origin(tp) is Annotated else tp


_base = bare_type


def _named(tp: Any) -> Named | None:
    if get_origin(tp) is Annotated:
        return next((m for m in tp.__metadata__ if isinstance(m, Named)), None)
    return None


def vocabulary(tp: Any) -> tuple[str, ...]:
    """The closed vocabulary of a ``Literal`` type (named or not)."""
    return tuple(get_args(_base(tp)))


T = TypeVar("T")


class VocabularyError(ValueError):
    """A value outside a closed vocabulary; importers report it as their own one-line
    error (file, line or item, check id)."""

    def __init__(self, name: str, value: object, allowed: tuple[str, ...]) -> None:
        self.name, self.value, self.allowed = name, value, allowed
        listed = ", ".join(allowed)
        super().__init__(f"{value!r} is not in {name} ({listed})" if name
                         else f"{value!r} is not one of {listed}")


def in_vocabulary(value: object, tp: TypeForm[T]) -> TypeIs[T]:
    """Whether ``value`` belongs to the closed vocabulary of the ``Literal`` type ``tp``."""
    return isinstance(value, str) and value in vocabulary(tp)


def narrow(tp: TypeForm[T], value: object) -> T:
    """``value`` as a member of ``tp``'s closed vocabulary (e.g. ``narrow(ClaimKind, "event")``);
    VocabularyError if it is not one."""
    if in_vocabulary(value, tp):
        return value
    named = _named(tp)
    raise VocabularyError(named.name if named is not None else "", value, vocabulary(tp))


def mappings(tp: Any) -> dict[str, dict[str, str | None]]:
    named = _named(tp)
    return dict(named.mappings or {}) if named is not None else {}


def model_class(tp: Any) -> type:
    """The class of a model type (a generic one's, for ``Evidenced[Language]``)."""
    cls: type = get_origin(tp) or tp
    return cls


def _wire(cls: type) -> Mapping[str, Any]:
    return getattr(model_class(cls), "__wire__", {})


def _is_definition(cls: type) -> bool:
    """A class with a ``__wire__`` is a definition of the schema; others are inlined."""
    return hasattr(model_class(cls), "__wire__")


@cache
def wire_fields(cls: type) -> tuple[WireField, ...]:
    """The class's fields in file order (of a generic class: with its type arguments)."""
    origin = model_class(cls)
    hints = get_type_hints(origin, include_extras=True)
    bindings = dict(zip(getattr(origin, "__parameters__", ()), get_args(cls), strict=False))
    found = {}
    for model_field in dataclasses.fields(origin):
        annotated, optional = _strip_none(_bind(hints[model_field.name], bindings))
        has_default = (model_field.default is not _MISSING
                       or model_field.default_factory is not _MISSING)
        found[model_field.name] = WireField(
            model_field.name, _base(annotated), annotated, optional,
            bool(model_field.metadata.get("required")) or not has_default,
            model_field.metadata)
    order = _wire(cls).get("order", tuple(found))
    inside = [name for name in found if name not in order]
    return tuple(found[name] for name in (*order, *inside))


def is_model(tp: Any) -> bool:
    return dataclasses.is_dataclass(model_class(tp))


def sequence_item(tp: Any) -> Any | None:
    """The item type of a ``tuple[X, ...]``; None for any other type."""
    return get_args(tp)[0] if get_origin(tp) is tuple else None


# --- the JSON Schema -------------------------------------------------------------------

_JSON_TYPES = {str: "string", int: "integer", bool: "boolean", type(None): "null"}


class _SchemaBuilder:
    def __init__(self) -> None:
        self.definitions: dict[str, Any] = {}

    def ref(self, name: str, schema: Callable[[], Data]) -> Data:
        if name not in self.definitions:
            self.definitions[name] = None  # placeholder: recursion and first-seen order
            self.definitions[name] = schema()
        return {"$ref": f"#/definitions/{name}"}

    def of_type(self, annotated: Any) -> Data:
        named, tp = _named(annotated), _base(annotated)
        if named is not None and named.name:
            return self.ref(named.name, lambda: self._inline(named, tp))
        return self._inline(named, tp)

    def _inline(self, named: Named | None, tp: Any) -> Data:
        if is_model(tp):
            return self.ref(model_class(tp).__name__, lambda: self.object(tp)) \
                if _is_definition(tp) else self.object(tp)
        if options := alternatives(tp):
            return {"oneOf": [self.of_type(option) for option in options]}
        if (item := sequence_item(tp)) is not None:
            schema: Data = {"type": "array", "items": self.of_type(item)}
        elif (entry := mapping_types(tp)) is not None:
            schema = self._mapping(*entry)
        elif get_origin(tp) is Literal:
            schema = {"type": "string", "enum": list(get_args(tp))}
        else:
            schema = {"type": _JSON_TYPES.get(tp)}
        if named is not None:
            size = "minItems" if schema["type"] == "array" else "minProperties"
            for key, value in (("pattern", named.pattern), ("minimum", named.minimum),
                               ("minLength", named.min_length), (size, named.min_items),
                               ("required", list(named.required_keys) or None),
                               ("description", named.description),
                               ("x-mappings", named.mappings)):
                if value is not None:
                    schema[key] = value
        return schema

    def _mapping(self, key: Any, value: Any) -> Data:
        """A mapping: closed keys (a vocabulary) are its properties; open keys take any
        name, with values of ``value``'s type (any value: an open object)."""
        if get_origin(bare_type(key)) is Literal:
            return {"type": "object", "additionalProperties": False,
                    "properties": {name: self.of_type(value) for name in vocabulary(key)}}
        if value is Any:
            return {"type": "object"}
        return {"type": "object", "additionalProperties": self.of_type(value)}

    def field(self, wire_field: WireField, owner: type) -> Data:
        meta = wire_field.meta
        if "version" in meta:
            schema: Data = {"type": "string",
                            "enum": [current_version(meta["version"])]}
        elif "definition" in meta:
            schema = self.ref(meta["definition"], lambda: self.object(
                wire_field.type, meta.get("definition_description"),
                extra=[f for f in wire_fields(owner) if f.meta.get("inside") == wire_field.key]))
        else:
            schema = self.of_type(wire_field.annotated)
            if meta.get("unique"):
                schema = {"type": "array", "uniqueItems": True, "items": schema["items"]}
        if "description" in meta:
            schema["description"] = meta["description"]
        return schema

    def object(self, cls: type, description: str | None = None,
               extra: list[WireField] | None = None) -> Data:
        properties: Data = {}
        required: list[str] = []
        for wire_field in [*wire_fields(cls), *(extra or [])]:
            if "inside" in wire_field.meta and wire_field not in (extra or []):
                continue  # laid out in the mapping it is inside
            if wire_field.meta.get("flat"):
                inner = self.object(wire_field.type)
                properties.update(inner["properties"])
                if wire_field.required:
                    required.extend(inner["required"])
                continue
            properties[wire_field.key] = self.field(wire_field, cls)
            if wire_field.required:
                required.append(wire_field.key)
        order = _wire(cls).get("required")
        if order:
            required.sort(key=order.index)
        schema: Data = {"type": "object"}
        if description or _wire(cls).get("description"):
            schema["description"] = description or _wire(cls)["description"]
        schema.update({"additionalProperties": False, "required": required,
                       "properties": properties})
        return schema


#: Each file kind derived from the declaration: its root class, the definitions it carries
#: beyond those its fields reach, and their order in the schema file.
DECLARED: dict[SchemaKind, tuple[type, tuple[Any, ...], tuple[str, ...]]] = {
    "spans": (SpanFile, (LinkableEntityLabel,), (
        "DocId", "AnnotationId", "RegistryId", "ClusterId", "Sha256", "Offset",
        "EntityLabel", "LinkableEntityLabel", "ClaimKind", "AuthorStance", "SourceType",
        "QuoteType", "Provenance", "Span", "SourceSpan", "EntityMention", "Claim",
        "Attribution", "Language", "SystemId", "TranslationRef", "Shift", "Dropped")),
    "segments": (Segmentation, (), ("DocId", "Sha256", "Offset", "SegmentId")),
    "metadata": (DocumentMeta, (), ("Language", "DocId", "Sha256")),
    "registry": (Registry, (), ("RegistryId", "LinkableEntityLabel")),
    "translation": (Translation, (), ("DocId", "Sha256", "SegmentId", "Language", "SystemId",
                                      "ReferenceProvenance", "MachineProvenance")),
}


def json_schema(kind: SchemaKind) -> Data:
    """The JSON Schema of the current version of ``kind``, derived from the model."""
    root, extra, order = DECLARED[kind]
    builder = _SchemaBuilder()
    for tp in extra:
        builder.of_type(tp)
    body = builder.object(root)
    if set(order) != set(builder.definitions):
        raise ValueError(f"the {kind} schema's definitions are {sorted(builder.definitions)}; "
                         f"wire.DECLARED orders {sorted(order)}")
    version = SCHEMA_VERSIONS[kind][-1]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": f"{_wire(root)['title']}, schema {version}",
        **body,
        "definitions": {name: builder.definitions[name] for name in order},
    }


# --- plain data to and from the model --------------------------------------------------


# Each class's reader and writer is compiled once into a list of steps, one per field:
# the generic walk costs no more per file than hand-written converters.
_SKIP = object()
Style = Callable[[Any, Mapping[str, Any]], Any]


def from_data(cls: type, data: Mapping[str, Any]) -> Any:
    """The model object of a schema-valid mapping."""
    return _reader(cls)(data)


def _value_reader(tp: Any) -> Callable[[Any], Any] | None:
    """How to turn a value of type ``tp`` into the model's; None: it is one already."""
    if is_model(tp):
        return _reader(tp)
    if options := alternatives(tp):
        return _choice_reader(options)
    if (item := sequence_item(tp)) is not None:
        convert = _value_reader(bare_type(item))
        if convert is None:
            return tuple
        return lambda raw: tuple(map(convert, raw))
    if mapping_types(tp) is not None:
        return dict
    return None


@cache
def _choice_reader(options: tuple[Any, ...]) -> Callable[[Any], Any]:
    """The reader of a union of model classes: the first alternative whose required keys
    the mapping has and whose one-value fields (``kind: machine``, ``value: null``) it
    matches; the schema's ``oneOf`` has made sure exactly one fits."""
    tests = []
    for option in options:
        option_fields = wire_fields(option)
        required = frozenset(f.key for f in option_fields if f.required)
        constants = {f.key: _constant(f.type) for f in option_fields
                     if _constant(f.type) is not _MISSING}
        tests.append((required, constants, _reader(option)))

    def read(raw: Mapping[str, Any]) -> Any:
        for required, constants, read_option in tests:
            if required <= raw.keys() and all(raw[key] == value
                                                for key, value in constants.items()):
                return read_option(raw)
        raise ValueError(f"no alternative of {options} fits {sorted(raw)}")

    return read


def _field_reader(wire_field: WireField) -> Callable[[Mapping[str, Any]], Any]:
    meta = wire_field.meta
    if meta.get("flat"):
        read = _reader(wire_field.type)
        if not wire_field.optional:
            return read
        keys = frozenset(f.key for f in wire_fields(wire_field.type))
        return lambda data: _SKIP if keys.isdisjoint(data) else read(data)
    key, convert = wire_field.key, _value_reader(wire_field.type)
    outer = meta.get("inside")

    def read_value(data: Mapping[str, Any]) -> Any:
        if outer is not None:
            data = data.get(outer, {})
        raw = data.get(key, _SKIP)
        return raw if raw is _SKIP or convert is None else convert(raw)

    return read_value


@cache
def _reader(cls: type) -> Callable[[Mapping[str, Any]], Any]:
    steps = [(f.name, _field_reader(f)) for f in wire_fields(cls)]
    make = model_class(cls)

    def read(data: Mapping[str, Any]) -> Any:
        values = {}
        for name, step in steps:
            value = step(data)
            if value is not _SKIP:
                values[name] = value
        return make(**values)

    return read


def _unstyled(value: Any, meta: Mapping[str, Any]) -> Any:
    return value


def to_data(obj: Any, style: Style = _unstyled) -> Data:
    """The mapping a file holds for ``obj``, in file order; optional fields at their
    default are left out. ``style`` may wrap each value for the writer's layout."""
    cls: type = type(obj)
    data: Data = _writer(cls, style)(obj)
    return data


def _value_writer(tp: Any, style: Style) -> Callable[[Any], Any]:
    if is_model(tp):
        return _writer(tp, style)
    if alternatives(tp):
        return lambda value: _writer(model_class(type(value)), style)(value)
    if (item := sequence_item(tp)) is not None:
        write = _value_writer(bare_type(item), style)
        return lambda value: [write(one) for one in value]
    return lambda value: value


@cache
def _writer(cls: type, style: Style) -> Callable[[Any], Data]:
    steps = []
    for wire_field in wire_fields(cls):
        meta = wire_field.meta
        flat = bool(meta.get("flat"))
        write = _writer(wire_field.type, style) if flat \
            else _value_writer(wire_field.type, style)
        skip = _SKIP if wire_field.required else _default(cls, wire_field.name)
        steps.append((wire_field.name, wire_field.key, meta.get("inside"), meta, flat,
                      write, skip))

    def write_data(obj: Any) -> Data:
        data: Data = {}
        for name, key, outer, meta, flat, write, skip in steps:
            value = getattr(obj, name)
            if flat:
                if value is not None:
                    data.update(write(value))
            elif value is not skip and value != skip:
                (data[outer] if outer else data)[key] = style(write(value), meta)
        return data

    return write_data


@cache
def _default(cls: type, name: str) -> Any:
    model_field = next(f for f in dataclasses.fields(model_class(cls)) if f.name == name)
    if model_field.default_factory is not _MISSING:
        return model_field.default_factory()
    return model_field.default


# --- dataset features ------------------------------------------------------------------


def feature_fields(cls: type, path: tuple[str, ...] = ()
                   ) -> Iterator[tuple[str, tuple[str, ...], WireField]]:
    """The dataset columns of a class: (column name, attribute path, field), flattened
    spans included, anchoring hints left out, and the alignment left out (it has columns
    of its own)."""
    for wire_field in wire_fields(cls):
        meta = wire_field.meta
        if meta.get("feature") is False or "inside" in meta:
            continue
        if meta.get("flat"):
            if not wire_field.optional:
                yield from feature_fields(wire_field.type, (*path, wire_field.name))
            continue
        yield str(meta.get("feature") or wire_field.key), (*path, wire_field.name), wire_field


def layers(cls: type = SpanFile) -> dict[str, type]:
    """The annotation layers of a span file, by field name, with their item class: its
    lists of items that a translation aligns with the original's (items with an
    ``Alignment``)."""
    found = {}
    for wire_field in wire_fields(cls):
        item = sequence_item(wire_field.type)
        if item is not None and is_model(bare_type(item)) \
                and any(f.type is Alignment for f in wire_fields(bare_type(item))):
            found[wire_field.name] = bare_type(item)
    return found


@cache
def attributes(cls: type) -> tuple[tuple[str, WireField], ...]:
    """An annotation item's attributes, as (column name, field): its own scalar columns that
    mean the same in either language, which an aligned translation-side item shares with
    its counterpart: closed vocabularies, booleans, numbers and corpus-wide ids. Not
    attributes: spans, ids of items in the same file (``AnnotationId``) and free text (an
    unconstrained string, such as a note)."""
    return tuple(
        (column, wire_field) for column, path, wire_field in feature_fields(cls)
        if len(path) == 1 and not is_model(wire_field.type)
        and sequence_item(wire_field.type) is None and wire_field.annotated != AnnotationId
        and not (wire_field.type is str and _named(wire_field.annotated) is None))


def closed_attributes(cls: type) -> tuple[str, ...]:
    """The names of an item's attributes with a closed set of values (a vocabulary or a
    boolean): the ones agreement and evaluation score by kappa."""
    return tuple(f.name for _, f in attributes(cls)
                 if f.type is bool or get_origin(f.type) is Literal)


def inside(cls: type, wire_field: WireField) -> tuple[WireField, ...]:
    """The fields of ``cls`` stored in ``wire_field``'s mapping."""
    return tuple(f for f in wire_fields(cls) if f.meta.get("inside") == wire_field.key)


def _closed_keys(tp: Any) -> tuple[str, ...] | None:
    """The keys of a mapping over a closed vocabulary (each key a column); None otherwise."""
    entry = mapping_types(tp)
    if entry is None:
        return None
    return vocabulary(entry[0]) or None


@cache
def _feature_columns(cls: type) -> tuple[tuple[str, tuple[str, ...], tuple[WireField, ...],
                                               tuple[str, ...] | None], ...]:
    """(column, attribute path, fields stored inside it, closed mapping keys) of each of the
    class's columns: derived once per class, since the export asks for every item of every
    document."""
    return tuple((column, path, inside(cls, wire_field), _closed_keys(wire_field.type))
                 for column, path, wire_field in feature_fields(cls))


def feature_row(obj: Any) -> Data:
    """The dataset columns of a model object, as ``feature_fields`` declares them."""
    row: Data = {}
    cls: type = type(obj)
    for column, path, stored_inside, keys in _feature_columns(cls):
        value = obj
        for name in path:
            value = getattr(value, name)
        if is_model(value):
            value = {**feature_row(value),
                     **{f.key: getattr(obj, f.name) for f in stored_inside}}
        elif isinstance(value, tuple):
            value = [feature_row(item) if is_model(item) else item for item in value]
        elif keys is not None:
            value = {key: value.get(key) for key in keys}  # every key a column
        row[column] = value
    return row


# --- the committed schema files --------------------------------------------------------


def schema_text(kind: SchemaKind) -> str:
    """The text of the committed schema file of the current version of ``kind``."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def stale_schemas() -> list[Path]:
    """The committed schema files that differ from what the model declares."""
    return [schema_path(kind) for kind in DECLARED
            if not schema_path(kind).is_file()
            or schema_path(kind).read_text(encoding="utf-8") != schema_text(kind)]


def main(argv: list[str] | None = None) -> int:
    """``python -m corpus_tools.wire [--write]``: list (or rewrite) the stale schema files."""
    parser = argparse.ArgumentParser(prog="python -m corpus_tools.wire", description=main.__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite the stale files")
    args = parser.parse_args(argv)
    stale = stale_schemas()
    for path in stale:
        if args.write:
            kind = next(k for k in DECLARED if schema_path(k) == path)
            path.write_text(schema_text(kind), encoding="utf-8")
        print(f"{path}: {'written' if args.write else 'stale'}")
    return 1 if stale and not args.write else 0


if __name__ == "__main__":
    raise SystemExit(main())
