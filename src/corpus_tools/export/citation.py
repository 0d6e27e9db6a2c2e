"""How to cite the dataset: CITATION.cff is the one declaration; the card's BibTeX block
and Croissant's ``citeAs`` are rendered from it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from corpus_tools.io.yamlio import load_safe

CITATION_FILE = "CITATION.cff"


def load_citation(root: Path) -> dict[str, Any]:
    """CITATION.cff as data; an empty mapping where a corpus has none."""
    path = root / CITATION_FILE
    if not path.is_file():
        return {}
    data = load_safe(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _author(entry: dict[str, Any]) -> str:
    if "name" in entry:  # an entity: braces keep BibTeX from splitting it into names
        return "{" + str(entry["name"]) + "}"
    return f"{entry.get('family-names', '')}, {entry.get('given-names', '')}".strip(", ")


def bibtex(citation: dict[str, Any]) -> str:
    """A ``@misc`` entry for the dataset (BibTeX has no dataset type)."""
    if not citation:
        return "% no CITATION.cff in this corpus"
    title = str(citation.get("title", ""))
    year = str(citation.get("date-released", ""))[:4]
    key = "".join(re.findall(r"[a-z]+", title.lower())[:2]) + year
    fields = {
        "title": "{" + title + "}",
        "author": " and ".join(_author(a) for a in citation.get("authors", [])),
        "year": year,
        "version": str(citation.get("version", "")),
        "note": "Dataset; cite with the build signature of the data used",
    }
    # the title in double braces keeps its capitals in every bibliography style
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@misc{{{key},\n{body}\n}}"
