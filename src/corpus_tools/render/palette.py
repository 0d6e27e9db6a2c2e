"""CSS for the entity colours, and the contrast arithmetic the tests check them with."""

from __future__ import annotations

import re

from corpus_tools.palette import ENTITY_COLOURS, FALLBACK_COLOUR

# The colours themselves are shared with the tool exports: corpus_tools.palette.
LABEL_COLOURS = ENTITY_COLOURS

_HEX = re.compile(r"^#[0-9a-f]{6}$")
_CLASS_SAFE = re.compile(r"^[A-Za-z0-9_]+$")


def label_class(label: str) -> str:
    """The CSS class of an entity label; labels outside the palette share one class."""
    return f"ent-{label}" if label in LABEL_COLOURS and _CLASS_SAFE.match(label) else "ent-other"


def label_css() -> str:
    """CSS rules giving each label class its colour (built only from the checked palette)."""
    rules = [f".ent-other{{background-color:{FALLBACK_COLOUR}}}"]
    for label, colour in LABEL_COLOURS.items():
        if not (_HEX.match(colour) and _CLASS_SAFE.match(label)):
            raise ValueError(f"unsafe label or colour in the palette: {label!r} {colour!r}")
        rules.append(f".ent-{label}{{background-color:{colour}}}")
    return "\n".join(rules) + "\n"


def rgb(colour: str) -> tuple[int, int, int]:
    value = colour.removeprefix("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
