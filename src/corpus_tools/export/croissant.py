"""croissant.json: the Croissant 1.1 description of the dataset, with the Responsible-AI
fields that apply. The @context is written inline, so it validates offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from datasets import ClassLabel, Features, List, Value

from corpus_tools.export.features import FEATURES
from corpus_tools.export.signature import data_file
from corpus_tools.translate.archive import file_sha256

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
    "byte-exact; metadata states only what each text shows.",
    "rai:dataCollectionType": "Secondary data: published articles",
    "rai:dataAnnotationProtocol": "annotations/GUIDELINES.md (entities, claims, attributions); "
    "first pass of all documents, independent second pass of two (46% of characters), "
    "adjudication recorded in annotations/ADJUDICATION.md.",
    "rai:dataAnnotationPlatform": "YAML span files edited as text, validated by corpus-tools",
    "rai:annotationsPerItem": "2 passes for 2 documents, 1 pass for 3 documents",
    "rai:annotatorDemographics": "No human annotators: language-model instances made both "
    "passes and the adjudication; no professional annotators or translators were involved.",
    "rai:dataBiases": "Five hand-picked, partly partisan texts; agreement was measured between "
    "instances of one language model and is an upper bound, not human agreement.",
    "rai:dataLimitations": "Far too small to train on; an evaluation set. It records what is "
    "claimed and by whom, never whether a claim is true.",
    "rai:personalSensitiveInformation": "Names of public figures and reported allegations of "
    "crimes against them.",
    "rai:dataUseCases": "Evaluating NER, claim detection, attribution extraction and "
    "English-Dutch MT; not for deciding what is true.",
    "rai:dataReleaseMaintenancePlan": "Maintained in its repository; the schema is versioned.",
}


def _data_type(feature: Any) -> str | None:
    if isinstance(feature, ClassLabel):
        return "sc:Integer"
    if isinstance(feature, Value):
        return {"string": "sc:Text", "bool": "sc:Boolean"}.get(feature.dtype, "sc:Integer")
    return None


def _fields(config: str, features: Features) -> list[dict[str, Any]]:
    """Scalar columns, and lists of scalars as repeated fields. Nested structs are given
    as their JSON text: their full structure is in the card's features."""
    fields = []
    for name, feature in features.items():
        repeated = isinstance(feature, List) and _data_type(feature.feature) is not None
        data_type = _data_type(feature.feature if repeated else feature) or "sc:Text"
        field: dict[str, Any] = {
            "@type": "cr:Field", "@id": f"{config}/{name}", "name": name,
            "dataType": data_type,
            "source": {"fileObject": {"@id": f"parquet-{config}"}, "extract": {"column": name}},
        }
        if repeated:
            field["repeated"] = True
        if isinstance(feature, ClassLabel):
            field["description"] = "class index of: " + ", ".join(feature.names)
        fields.append(field)
    return fields


def croissant(root: Path, signature: str) -> str:
    document = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": "us-venezuela-2025-news-corpus",
        "description": "An annotated English-Dutch news corpus on the 2025 US-Venezuela "
        "crisis: named entities, claims and sourcing attributions, with segment-aligned "
        f"translations. Build signature: {signature}",
        "conformsTo": "http://mlcommons.org/croissant/1.1",
        "license": "https://opensource.org/licenses/MIT",
        "url": "https://huggingface.co/datasets",
        "version": "1.0.0",
        "distribution": [
            {"@type": "cr:FileObject", "@id": f"parquet-{name}", "name": f"parquet-{name}",
             "contentUrl": data_file(name), "encodingFormat": "application/x-parquet",
             "sha256": file_sha256(root / data_file(name))}
            for name in FEATURES
        ],
        "recordSet": [
            {"@type": "cr:RecordSet", "@id": name, "name": name,
             "field": _fields(name, features)}
            for name, features in FEATURES.items()
        ],
        **RAI,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
