"""Who may do what with which part of the dataset: declared once here.

The card's ``license*`` fields, Croissant's ``license`` and the ``licensing`` generated
block of LICENSING.md and DATASHEET.md are all rendered from :data:`COMPONENTS`; a test
fails when any of them disagrees with this declaration.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The card field ``license`` for a dataset whose parts carry different terms.
CARD_LICENSE = "other"
CARD_LICENSE_NAME = "mixed: MIT (code), CC0-1.0 (project data), third-party article texts"
CARD_LICENSE_LINK = "LICENSING.md"


@dataclass(frozen=True)
class Component:
    name: str
    files: str
    licence: str  # SPDX id, or "none" where the project grants no licence
    licence_file: str | None
    url: str | None
    terms: str


COMPONENTS: tuple[Component, ...] = (
    Component(
        name="Code",
        files="`src/`, `tests/`, `benchmarks/`, `Makefile`, `.ci/`",
        licence="MIT",
        licence_file="LICENSE",
        url="https://spdx.org/licenses/MIT.html",
        terms="Use, copy, modify and distribute under the MIT licence.",
    ),
    Component(
        name="Project data",
        files="annotations (`annotations/`), metadata (`corpus/documents/*.meta.yaml`), "
        "segmentations (`corpus/segments/`), contributor reference translations "
        "(`corpus/translations/*.reference.yaml`), the entity registry, the guidelines "
        "and documentation, and the non-text columns of `data/`",
        licence="CC0-1.0",
        licence_file="LICENSES/CC0-1.0.txt",
        url="https://creativecommons.org/publicdomain/zero/1.0/",
        terms="Dedicated to the public domain as far as the project's own contribution "
        "goes. Spans, quotes and translations still reproduce or render third-party "
        "text: the article rights below apply to that text.",
    ),
    Component(
        name="Article texts",
        files="the five texts in `corpus/documents/*.txt`, the `text` column of "
        "`data/documents`, and every quoted span and sentence in `data/`",
        licence="none",
        licence_file=None,
        url=None,
        terms="Third-party news and commentary articles. Their copyright stays with their "
        "authors and publishers; the project holds no licence for them and grants none. "
        "Redistribution rights have not been cleared. Do not assume any right to "
        "republish them; research use may rely on a text-and-data-mining exception "
        "where your jurisdiction has one. Translations of them are derivative works of "
        "the articles.",
    ),
)


def croissant_licenses() -> list[str]:
    """Croissant's ``license``: the licences that are granted, by URL."""
    return [c.url for c in COMPONENTS if c.url is not None]


def markdown_block() -> str:
    """The licensing table shared verbatim by LICENSING.md and DATASHEET.md (their
    ``licensing`` generated block)."""
    lines = ["| part | files | licence | terms |", "|---|---|---|---|"]
    for c in COMPONENTS:
        licence = ("no licence granted" if c.licence_file is None
                   else f"[{c.licence}]({c.licence_file})")
        lines.append(f"| {c.name} | {c.files} | {licence} | {c.terms} |")
    return "\n".join(lines)
