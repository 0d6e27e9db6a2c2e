"""One colour per entity label, shared by every view of the annotations (the review pages,
brat's visual.conf, Label Studio's labeling config), so an annotator sees the same colours
everywhere; and the claim and role colours of the tool configs (the review page marks
claims and roles by line style instead, leaving colour to the entities).

Colours follow ``ENTITY_LABELS`` (the schema's order), so a label keeps its colour. Every
entity colour is light enough for TEXT_COLOUR to reach WCAG AAA contrast (7:1).
"""

from __future__ import annotations

from corpus_tools.labels import ENTITY_LABELS

TEXT_COLOUR = "#1a1a1a"
#: For a label the schema gained after this palette was written: neutral, never confusable.
FALLBACK_COLOUR = "#ffffff"

_PALETTE = (
    "#ffc9c9", "#ffd8a8", "#ffec99", "#c0eb75", "#a5d8ff", "#96f2d7", "#eebefa", "#fcc2d7",
    "#d0bfff", "#bac8ff", "#99e9f2", "#e9d8a6", "#b2f2bb", "#f7b1b1", "#e3fab0", "#c3d6e0",
    "#e5a8f0", "#dedede",
)

ENTITY_COLOURS: dict[str, str] = {
    label: _PALETTE[index] if index < len(_PALETTE) else FALLBACK_COLOUR
    for index, label in enumerate(ENTITY_LABELS)
}
CLAIM_COLOUR = "#e6a100"
ROLE_COLOURS: dict[str, str] = {"source": "#1f6fd1", "cue": "#c2185b", "content": "#2e7d32"}
