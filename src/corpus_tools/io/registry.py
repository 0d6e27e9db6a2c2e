"""The corpus-wide entity registry (annotations/registry.yaml)."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap

from corpus_tools.io.yamlio import dump_round_trip
from corpus_tools.model import Registry, RegistryEntry


def registry_from_data(data: dict[str, Any]) -> Registry:
    return Registry(
        schema_version=data["schema_version"],
        entries=tuple(
            RegistryEntry(id=e["id"], type=e["type"], names=dict(e["names"]), note=e.get("note"))
            for e in data["entities"]
        ),
    )


def registry_to_data(registry: Registry) -> dict[str, Any]:
    entities = []
    for entry in registry.entries:
        names = CommentedMap(entry.names)
        names.fa.set_flow_style()  # one line per entry's names keeps the registry scannable
        item: dict[str, Any] = {"id": entry.id, "type": entry.type, "names": names}
        if entry.note is not None:
            item["note"] = entry.note
        entities.append(item)
    return {"schema_version": registry.schema_version, "entities": entities}


def dump_registry(registry: Registry, comment: str) -> str:
    return comment + dump_round_trip(registry_to_data(registry))
