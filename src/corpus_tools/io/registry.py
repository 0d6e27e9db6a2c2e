"""The corpus-wide entity registry (annotations/registry.yaml) to and from the data model,
as model.py declares it."""

from __future__ import annotations

from typing import Any

from corpus_tools.io.yamlio import dump_round_trip, laid_out
from corpus_tools.model import Registry
from corpus_tools.wire import from_data, to_data


def registry_from_data(data: dict[str, Any]) -> Registry:
    result: Registry = from_data(Registry, data)
    return result


def registry_to_data(registry: Registry) -> dict[str, Any]:
    """Each entry's names on one line: the registry stays scannable."""
    return to_data(registry, laid_out)


def dump_registry(registry: Registry, comment: str) -> str:
    return comment + dump_round_trip(registry_to_data(registry))
