"""One colour per entity label and per attribution role, shared by every view of the
annotations (the review page, brat's visual.conf, Label Studio's labeling config), so an
annotator sees the same colours everywhere. Light backgrounds: black text stays legible."""

from __future__ import annotations

from corpus_tools.labels import ENTITY_LABELS

_ENTITY_COLOURS = {
    "PERSON": "#8fd3ff",
    "NORP": "#ffd59e",
    "FAC": "#d9c2a5",
    "ORG": "#b8f2a0",
    "GPE": "#ffb3c7",
    "LOC": "#c9b3ff",
    "PRODUCT": "#f2e394",
    "EVENT": "#ffc29e",
    "WORK_OF_ART": "#e0b3e6",
    "LAW": "#a8e6cf",
    "LANGUAGE": "#cfe3a0",
    "DATE": "#d6d6d6",
    "TIME": "#c4d4e0",
    "PERCENT": "#f5c6a5",
    "MONEY": "#b5e3e3",
    "QUANTITY": "#e3d0b5",
    "ORDINAL": "#d0c7e8",
    "CARDINAL": "#e8c7d0",
}
# A label added to the schema without a colour fails here, at import time.
ENTITY_COLOURS: dict[str, str] = {label: _ENTITY_COLOURS[label] for label in ENTITY_LABELS}

CLAIM_COLOUR = "#e6a100"
ROLE_COLOURS: dict[str, str] = {"source": "#1f6fd1", "cue": "#c2185b", "content": "#2e7d32"}
