"""Each export loads in a real, independently maintained client of its format: pybrat for
brat standoff, Label Studio's own SDK (config validation, annotation validation, converter)
and dkpro-cassis for UIMA XMI."""

from __future__ import annotations

import json
from pathlib import Path

from cassis import load_cas_from_xmi, load_typesystem
from label_studio_sdk.converter import Converter
from label_studio_sdk.label_interface import LabelInterface
from pybrat.parser import BratParser

from corpus_tools.interchange import FORMATS
from corpus_tools.interchange.inception import ENTITY
from interchange_samples import unicode_document
from test_interchange import corpus_documents


def test_pybrat_reads_every_line_of_our_brat_export(tmp_path: Path) -> None:
    docs = [*corpus_documents(), unicode_document()]
    FORMATS["brat"].write(docs, tmp_path)
    # error="ignore" only because pybrat refuses identical spans of different types (a claim
    # and the attribution content it is); every line is counted below instead.
    examples = {ex.id: ex for ex in BratParser(error="ignore").parse(tmp_path)}
    assert set(examples) == {d.doc_id for d in docs}
    for doc in docs:
        example = examples[doc.doc_id]
        lines = (tmp_path / f"{doc.doc_id}.ann").read_text(encoding="utf-8").splitlines()
        assert example.text == doc.text
        assert len(example.entities) == sum(line.startswith("T") for line in lines)
        assert len(example.events) == len(doc.layers.attributions)
        assert len(example.relations) == sum(line.startswith("R") for line in lines)
        for entity in example.entities:
            pieces = [doc.text[s.start:s.end] for s in entity.spans]
            assert " ".join(pieces) == entity.mention
        by_type: dict[str, int] = {}
        for entity in example.entities:
            by_type[entity.type] = by_type.get(entity.type, 0) + 1
        assert by_type.get("Claim", 0) == len(doc.layers.claims)
        references = {r.eid for e in example.entities for r in e.references}
        assert {e.entity for e in doc.layers.entities if e.entity} <= references


def _as_label_studio_export(tasks: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    """What Label Studio adds when it exports tasks it imported: ids, annotator, times."""
    for number, task in enumerate(tasks, start=1):
        task["id"] = number
        for annotation in task["annotations"]:
            annotation.update(id=number * 10, completed_by=1, was_cancelled=False,
                              created_at="2026-11-21T10:00:00Z",
                              updated_at="2026-11-21T10:00:00Z", lead_time=1.0)
    return tasks


def test_label_studio_sdk_accepts_our_config_and_annotations(tmp_path: Path) -> None:
    FORMATS["labelstudio"].write([*corpus_documents(), unicode_document()], tmp_path)
    interface = LabelInterface((tmp_path / "labeling-config.xml").read_text(encoding="utf-8"))
    interface.validate()  # raises on an invalid config
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    for task in tasks:
        assert interface.validate_prediction(task["annotations"][0], return_errors=True) == []
    # The validator can fail: a label outside the config is reported.
    broken = tasks[0]["annotations"][0]
    broken["result"][0]["value"]["labels"] = ["NOT_A_LABEL"]
    assert interface.validate_prediction(broken, return_errors=True)


def test_label_studio_converter_reads_our_tasks_as_an_export(tmp_path: Path) -> None:
    docs = corpus_documents()
    FORMATS["labelstudio"].write(docs, tmp_path / "ls")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text(encoding="utf-8"))
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_as_label_studio_export(tasks)), encoding="utf-8")
    converter = Converter(config=(tmp_path / "ls" / "labeling-config.xml").read_text(
        encoding="utf-8"), project_dir=None, download_resources=False)
    converter.convert(str(export), str(tmp_path / "conll"), "CONLL2003", is_dir=False)
    conll = next((tmp_path / "conll").iterdir()).read_text(encoding="utf-8")
    assert "Maduro -X- _ B-PERSON" in conll
    assert "Venezuela -X- _ B-GPE" in conll
    # and our importer reads the same export back
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "export.json").write_text(export.read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    read = FORMATS["labelstudio"].read(tmp_path / "in")
    assert len(read.documents) == len(docs)


def test_cassis_loads_our_xmi_with_our_type_system(tmp_path: Path) -> None:
    doc = unicode_document()
    FORMATS["inception"].write([doc], tmp_path)
    with (tmp_path / "typesystem.xml").open("rb") as handle:
        typesystem = load_typesystem(handle)
    with (tmp_path / f"{doc.doc_id}.xmi").open("rb") as handle:
        cas = load_cas_from_xmi(handle, typesystem=typesystem)
    assert cas.sofa_string == doc.text
    mentions = [(fs.get_covered_text(), fs.label) for fs in cas.select(ENTITY)]
    assert mentions == [(e.span.text, e.label) for e in doc.layers.entities]
