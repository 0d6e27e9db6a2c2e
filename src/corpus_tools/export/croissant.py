"""croissant.json: the Croissant 1.1 description of the dataset, with the Responsible-AI
fields that apply. The @context is written inline, so it validates offline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from datasets import ClassLabel, Features, List, Translation, Value

from corpus_tools.export.citation import bibtex, load_citation
from corpus_tools.export.features import FEATURES
from corpus_tools.export.licensing import croissant_licenses
from corpus_tools.hashing import sha256_file
from corpus_tools.io.dataset import data_files, data_files_pattern

CONTEXT: dict[str, Any] = {
    "@language": "en", "@vocab": "https://schema.org/", "sc": "https://schema.org/",
    "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
    "dct": "http://purl.org/dc/terms/", "citeAs": "cr:citeAs", "column": "cr:column",
    "conformsTo": "dct:conformsTo", "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "examples": {"@id": "cr:examples", "@type": "@json"}, "extract": "cr:extract",
    "field": "cr:field", "fileProperty": "cr:fileProperty", "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet", "format": "cr:format", "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset", "jsonPath": "cr:jsonPath", "key": "cr:key",
    "md5": "cr:md5", "parentField": "cr:parentField", "path": "cr:path",
    "recordSet": "cr:recordSet", "references": "cr:references", "regex": "cr:regex",
    "repeated": "cr:repeated", "replace": "cr:replace", "samplingRate": "cr:samplingRate",
    "separator": "cr:separator", "source": "cr:source", "subField": "cr:subField",
    "transform": "cr:transform",
}

RAI = {
    "rai:dataCollection": "Five news and commentary articles on the 2025 US-Venezuela crisis "
    "(three English, two Dutch), supplied to the project as plain-text files and kept "
    "byte-exact; metadata states only what each text shows. Each has a reference "
    "translation into the other language, written by a language model (no professional "
    "translator).",
    "rai:dataCollectionType": "Secondary data: published articles",
    "rai:dataAnnotationProtocol": "annotations/GUIDELINES.md (entities, claims, attributions); "
    "originals: first pass of all five documents, independent second pass of two (46% of "
    "characters); reference translations (guidelines section 9, each item aligned to its "
    "counterpart in the original): first pass of all five, independent second pass of two, "
    "one in each direction (45.2% of translation characters); agreement and adjudication "
    "recorded in annotations/ADJUDICATION.md.",
    "rai:dataAnnotationPlatform": "YAML span files edited as text, validated by corpus-tools",
    "rai:annotationsPerItem": "Originals: 2 passes for 2 documents, 1 pass for 3; "
    "translations: 2 passes for 2, 1 pass for 3",
    "rai:annotatorDemographics": "No human annotators: language-model instances made both "
    "passes and the adjudication, of the originals and of the translations, and wrote the "
    "reference translations; no professional annotators or translators were involved.",
    "rai:dataBiases": "Five hand-picked, partly partisan texts; agreement was measured between "
    "instances of one language model and is an upper bound, not human agreement; on the "
    "translations both passes carried an adjudicated annotation across a close translation "
    "written by a language model: the shifts recorded are those of one close "
    "translation per document, not a sample of translation in general.",
    "rai:dataLimitations": "Far too small to train on; an evaluation set. It records what is "
    "claimed and by whom, never whether a claim is true.",
    "rai:personalSensitiveInformation": "Names of public figures and reported allegations of "
    "crimes against them.",
    "rai:dataUseCases": "Evaluating NER, claim detection, attribution extraction (on the "
    "originals, the translations, or across them: annotate in one language, test in the "
    "other), span projection across translation, and "
    "English-Dutch MT; not for deciding what is true.",
    "rai:dataReleaseMaintenancePlan": "Maintained in its repository; the schema is versioned.",
}


def _data_type(feature: Any) -> str | None:
    if isinstance(feature, ClassLabel):
        return "sc:Text"  # stored as the label's name
    if isinstance(feature, Value):
        return {"string": "sc:Text", "bool": "sc:Boolean"}.get(feature.dtype, "sc:Integer")
    return None


def _description(feature: Any) -> dict[str, str]:
    if isinstance(feature, ClassLabel):
        return {"description": "one of: " + ", ".join(feature.names)}
    return {}


def _is_deep(feature: Any) -> bool:
    return isinstance(feature, List) and isinstance(feature.feature, dict)


def _members(feature: dict[str, Any], path: str) -> Iterator[tuple[str, Any]]:
    """(JSON path, feature) of every member of a struct, through nested structs. Lists of
    structs inside a struct are left out: mlcroissant reads one level of sub-fields and
    fails on them (the parent field's description names them)."""
    for name, member in feature.items():
        member_path = f"{path}.{name}" if path else name
        if isinstance(member, dict):
            yield from _members(member, member_path)
        elif not _is_deep(member):
            yield member_path, member


def _deep_members(feature: dict[str, Any], path: str) -> Iterator[str]:
    """JSON paths of the lists of structs that ``_members`` leaves out."""
    for name, member in feature.items():
        member_path = f"{path}.{name}" if path else name
        if isinstance(member, dict):
            yield from _deep_members(member, member_path)
        elif _is_deep(member):
            yield member_path


def _leaf(field_id: str, name: str, feature: Any, source: dict[str, Any]) -> dict[str, Any]:
    repeated = isinstance(feature, List)
    inner = feature.feature if repeated else feature
    field: dict[str, Any] = {"@type": "cr:Field", "@id": field_id, "name": name,
                             "dataType": _data_type(inner) or "sc:Text", "source": source}
    if repeated:
        field["repeated"] = True
    field.update(_description(inner))
    return field


def _field(config: str, name: str, feature: Any, source: str) -> dict[str, Any]:
    """A column. A struct, or a list of structs, gets one sub-field per member (nested
    members flattened to a dotted name), each read from the column by JSON path, which
    mlcroissant applies to every list item; a list of scalars is a repeated field."""
    column = {source: {"@id": f"parquet-{config}"}, "extract": {"column": name}}
    field_id = f"{config}/{name}"
    inner = feature.feature if isinstance(feature, List) else feature
    if isinstance(inner, Translation):  # stored as a struct with one member per language
        inner = {language: Value("string") for language in inner.languages}
    if not isinstance(inner, dict):
        return _leaf(field_id, name, feature, column)
    field: dict[str, Any] = {
        "@type": "cr:Field", "@id": field_id, "name": name,
        "subField": [_leaf(f"{field_id}/{path}", path, member,
                           {**column, "transform": {"jsonPath": path}})
                     for path, member in _members(inner, "")],
    }
    if isinstance(feature, List):
        field["repeated"] = True
    deep = list(_deep_members(inner, ""))
    if deep:
        field["description"] = (f"not described here: {', '.join(deep)} (lists inside each "
                                "item; their structure is in the dataset card's features)")
    return field


def _fields(config: str, features: Features, source: str) -> list[dict[str, Any]]:
    return [_field(config, name, feature, source) for name, feature in features.items()]


def _distribution(config: str, files: list[str], data_root: Path) -> dict[str, Any]:
    """One file, with its hash; or the set of a sharded config's files, by pattern."""
    if len(files) == 1:
        return {"@type": "cr:FileObject", "@id": f"parquet-{config}",
                "name": f"parquet-{config}", "contentUrl": files[0],
                "encodingFormat": "application/x-parquet",
                "sha256": sha256_file(data_root / files[0])}
    return {"@type": "cr:FileSet", "@id": f"parquet-{config}", "name": f"parquet-{config}",
            "includes": data_files_pattern(config, len(files)),
            "encodingFormat": "application/x-parquet"}


def croissant(root: Path, signature: str, data_root: Path | None = None) -> str:
    """The Croissant document of the corpus at ``root``; the Parquet files it hashes are
    under ``data_root`` (the build's staging directory), by default ``root``."""
    data_root = root if data_root is None else data_root
    files = {name: data_files(data_root, name) for name in FEATURES}
    document = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": "us-venezuela-2025-news-corpus",
        "description": "An annotated English-Dutch news corpus on the 2025 US-Venezuela "
        "crisis: named entities, claims and sourcing attributions on the originals and on "
        "their segment-aligned reference translations, every translation-side span aligned "
        f"to its counterpart in the original. Build signature: {signature}",
        "conformsTo": "http://mlcommons.org/croissant/1.1",
        "license": croissant_licenses(),
        "citeAs": bibtex(load_citation(root)),
        "url": "https://huggingface.co/datasets",
        "version": "1.0.0",
        "distribution": [_distribution(name, files[name], data_root) for name in FEATURES],
        "recordSet": [
            {"@type": "cr:RecordSet", "@id": name, "name": name,
             "field": _fields(name, features,
                              "fileObject" if len(files[name]) == 1 else "fileSet")}
            for name, features in FEATURES.items()
        ],
        **RAI,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
