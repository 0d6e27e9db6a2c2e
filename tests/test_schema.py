"""The JSON Schemas: valid Draft 7, consistent with each other, and label mappings total."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from corpus_tools import labels
from corpus_tools.checks.structure import schema_issues
from corpus_tools.io.spanfile import span_file_from_data
from corpus_tools.io.yamlio import load_safe
from corpus_tools.schema import schema_dir

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = sorted(schema_dir().glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_draft7(path: Path) -> None:
    jsonschema.Draft7Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_shared_definitions_agree_across_schemas() -> None:
    """A definition repeated in files of different kinds is one copy; two versions of one
    kind may differ (that is what a version is)."""
    definitions: dict[str, list[tuple[str, object]]] = {}
    for path in SCHEMAS:
        for name, body in json.loads(path.read_text(encoding="utf-8"))["definitions"].items():
            kind = path.name.split("-")[0]
            for other, other_body in definitions.get(name, []):
                if other.split("-")[0] != kind:
                    assert other_body == body, f"{name} differs in {path.name} and {other}"
            definitions.setdefault(name, []).append((path.name, body))


def test_a_minor_version_only_adds() -> None:
    """spans 1.1 keeps every 1.0 field and value: a 1.0 file is a 1.1 file but for its
    version, which is why `migrate` can be lossless."""
    old, new = (json.loads((schema_dir() / f"spans-{v}.schema.json").read_text(encoding="utf-8"))
                for v in ("1.0", "1.1"))
    for name, body in old["definitions"].items():
        for key, value in body.get("properties", {}).items():
            assert new["definitions"][name]["properties"][key] == value, (name, key)
        assert new["definitions"][name].get("enum") == body.get("enum"), name
        assert new["definitions"][name].get("required") == body.get("required"), name
    assert set(old["properties"]) < set(new["properties"])
    assert old["required"] == new["required"]


def test_label_mappings_are_total_and_closed() -> None:
    assert set(labels.CONLL2003) == set(labels.ENTITY_LABELS)
    assert set(labels.UNIVERSAL_NER) == set(labels.ENTITY_LABELS)
    assert set(labels.CONLL2003.values()) <= {"PER", "ORG", "LOC", "MISC", None}
    assert set(labels.UNIVERSAL_NER.values()) <= {"PER", "ORG", "LOC", None}
    assert set(labels.LINKABLE_ENTITY_LABELS) <= set(labels.ENTITY_LABELS)
    assert len(labels.ENTITY_LABELS) == 18


def test_spec_vocabulary_matches_schema() -> None:
    spec = (REPO.parent / "shared" / "ANNOTATION_SPEC.md")
    if not spec.exists():
        pytest.skip("the shared annotation spec is not beside this checkout")
    text = spec.read_text(encoding="utf-8")
    for value in (*labels.ENTITY_LABELS, *labels.CLAIM_KINDS, *labels.AUTHOR_STANCES,
                  *labels.SOURCE_TYPES, *labels.QUOTE_TYPES):
        assert value in text, value


def test_documented_example_is_valid() -> None:
    readme = (REPO / "annotations" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, flags=re.S)
    example = next(b for b in blocks if "schema_version" in b and "attributions" in b)
    data = load_safe(example)
    assert schema_issues(data, "spans") == []
    span_file = span_file_from_data(data)
    assert span_file.entities and span_file.claims and span_file.attributions


def test_every_schema_field_is_documented() -> None:
    readme = (REPO / "annotations" / "README.md").read_text(encoding="utf-8")
    schema = json.loads((schema_dir() / "spans-1.1.schema.json").read_text(encoding="utf-8"))
    fields = set(schema["properties"])
    for definition in schema["definitions"].values():
        fields |= set(definition.get("properties", {}))
    missing = sorted(f for f in fields if f"`{f}`" not in readme)
    assert missing == []
