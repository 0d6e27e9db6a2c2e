"""Metadata, the entity registry and translations are declared once, in model.py, like
span files: their committed JSON Schemas, readers, writers and dataset columns follow from
that declaration.

The schemas of these kinds were written by hand before; the derived ones are equal to them
as JSON data (only key order moved), so every file is accepted or rejected as before."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from corpus_tools import wire
from corpus_tools.export.features import STATED, stated_features
from corpus_tools.export.rows import registry_entries
from corpus_tools.io.metadata import dump_meta, meta_from_data
from corpus_tools.io.registry import dump_registry, registry_from_data
from corpus_tools.io.segments import dump_segmentation, segmentation_from_data
from corpus_tools.io.translations import dump_translation, translation_from_data
from corpus_tools.io.yamlio import load_safe
from corpus_tools.model import (
    DocumentMeta,
    Evidenced,
    MachineProvenance,
    NonEmpty,
    ReferenceProvenance,
    Registry,
    RegistryEntry,
    Stated,
    Unstated,
    doc,
)
from corpus_tools.schema import load_schema, schema_path

REPO = Path(__file__).resolve().parents[1]
DECLARED_FILES = {
    "metadata": (sorted(REPO.glob("corpus/documents/*.meta.yaml")), meta_from_data, dump_meta),
    "registry": ([REPO / "annotations" / "registry.yaml"], registry_from_data, dump_registry),
    "translation": (sorted(REPO.glob("corpus/translations/*.yaml")), translation_from_data,
                    dump_translation),
    "segments": (sorted(REPO.glob("corpus/segments/*.yaml")), segmentation_from_data,
                 dump_segmentation),
}
CASES = [(kind, path) for kind, (paths, _, _) in DECLARED_FILES.items() for path in paths]


@pytest.mark.parametrize("kind", ["metadata", "registry", "translation"])
def test_the_committed_schema_is_the_declared_one(kind: Any) -> None:
    assert kind in wire.DECLARED
    assert json.loads(schema_path(kind).read_text(encoding="utf-8")) == wire.json_schema(kind)


@pytest.mark.parametrize(("kind", "path"), CASES, ids=lambda c: getattr(c, "name", c))
def test_reading_and_writing_a_committed_file_gives_its_bytes(kind: str, path: Path) -> None:
    """The writers keep each file's layout: names on one flow line, one segment a line with
    its text double-quoted, provenance and stated values as block mappings."""
    _, read, dump = DECLARED_FILES[kind]
    text = path.read_text(encoding="utf-8")
    header = text[:text.index("schema_version")]
    assert dump(read(load_safe(text)), header) == text


def test_committed_files_cover_every_alternative() -> None:
    """Both sides of each oneOf occur in the corpus, so the test above exercises them."""
    metas = [meta_from_data(load_safe(p.read_text(encoding="utf-8")))
             for p in DECLARED_FILES["metadata"][0]]
    stated = {type(value) for meta in metas for _, value in meta.stated_fields()}
    assert stated == {Evidenced, Unstated}
    translations = [translation_from_data(load_safe(p.read_text(encoding="utf-8")))
                    for p in DECLARED_FILES["translation"][0]]
    assert {type(t.provenance) for t in translations} == {ReferenceProvenance}


MACHINE = {"kind": "machine", "engine": "argostranslate",
           "package": {"name": "translate-en_nl", "version": "1.9"},
           "engine_versions": {"argostranslate": "1.11.0", "ctranslate2": "4.6.0"},
           "settings": {"beam_size": 4, "replace_unknowns": False}, "date": "2026-11-21"}


def _translation(**provenance: Any) -> dict[str, Any]:
    path = DECLARED_FILES["translation"][0][0]
    data: dict[str, Any] = load_safe(path.read_text(encoding="utf-8"))
    data["provenance"] = {**MACHINE, **provenance}
    return data


def test_the_provenance_is_read_as_the_alternative_its_kind_names() -> None:
    machine = translation_from_data(_translation()).provenance
    assert isinstance(machine, MachineProvenance)
    assert machine.package.sha256 is None and machine.settings["beam_size"] == 4
    assert wire.to_data(machine) == MACHINE
    reference = translation_from_data(load_safe(
        DECLARED_FILES["translation"][0][0].read_text(encoding="utf-8"))).provenance
    assert isinstance(reference, ReferenceProvenance) and reference.translators


@pytest.mark.parametrize(("change", "valid"), [
    ({}, True),
    ({"kind": "reference"}, False),  # the discriminator picks one alternative only
    ({"engine_versions": {"argostranslate": "1.11.0"}}, False),  # a required key missing
    ({"engine_versions": {"argostranslate": "1", "ctranslate2": "4", "extra": "x"}}, True),
    ({"engine_versions": {"argostranslate": "1", "ctranslate2": 4}}, False),
    ({"settings": {"anything": [1, {"nested": None}]}}, True),  # an open object
    ({"date": "21 November 2026"}, False),
    ({"package": {"name": "", "version": "1.9"}}, False),
])
def test_the_derived_translation_schema_decides_as_the_committed_one(
        change: dict[str, Any], valid: bool) -> None:
    data = _translation(**change)
    for schema in (wire.json_schema("translation"), load_schema("translation")):
        assert jsonschema.Draft7Validator(schema).is_valid(data) is valid


@pytest.mark.parametrize(("names", "valid"), [
    ({"en": "Donald Trump"}, True), ({}, False), ({"fr": "x"}, False), ({"nl": ""}, False)])
def test_registry_names_are_a_mapping_over_the_languages(names: dict[str, str],
                                                           valid: bool) -> None:
    data = {"schema_version": "1.0", "entities": [{"id": "x", "type": "PERSON",
                                                    "names": names}]}
    assert jsonschema.Draft7Validator(wire.json_schema("registry")).is_valid(data) is valid


def test_the_registry_columns_are_the_declared_entry_with_every_language() -> None:
    registry = Registry((RegistryEntry("x", "PERSON", {"en": "X"}, note="not a column"),))
    (row,) = registry_entries(registry, Counter())
    assert row == {"id": "x", "type": "PERSON", "names": {"en": "X", "nl": None},
                   "mentions": {"en": 0, "nl": 0}}


# --- one new stated field, declared once --------------------------------------------------


@dataclass(frozen=True)
class MetaWithSection(DocumentMeta):
    section: Stated[NonEmpty] | None = field(default=None, metadata=doc(
        "Section of the outlet as the text names it."))


@pytest.fixture
def declared_with_section(monkeypatch: pytest.MonkeyPatch) -> None:
    _, extra, order = wire.DECLARED["metadata"]
    monkeypatch.setitem(wire.DECLARED, "metadata", (MetaWithSection, extra, order))


@pytest.mark.usefixtures("declared_with_section")
def test_a_new_stated_field_reaches_schema_reader_writer_and_columns() -> None:
    schema = wire.json_schema("metadata")
    section = schema["properties"]["section"]
    assert section["description"] == "Section of the outlet as the text names it."
    assert section["oneOf"] == schema["properties"]["title"]["oneOf"]
    assert "section" not in schema["required"]
    assert wire.stale_schemas() == [schema_path("metadata")]

    path = DECLARED_FILES["metadata"][0][0]
    data = load_safe(path.read_text(encoding="utf-8"))
    data["section"] = {"value": None, "reason": "no section is named"}
    jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "section": {"value": "World"}}, schema)
    read = wire.from_data(MetaWithSection, data)
    assert read.section == Unstated(reason="no section is named")
    assert wire.to_data(read)["section"] == data["section"]
    assert "section" not in wire.to_data(replace(read, section=None))
    assert dict(read.stated_fields())["section"] == read.section

    assert list(stated_features(MetaWithSection)) == [*STATED, "section"]
