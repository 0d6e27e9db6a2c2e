"""Tokenisation for the ``ner`` config: runs of letters and digits, and every other
non-space character on its own. Hyphens and apostrophes are tokens of their own, so
"regering-Trump" gives "regering", "-", "Trump" and "Maduro’s" gives "Maduro", "’", "s":
entity spans (which exclude possessives and keep only the name part of compounds) stay
token-aligned. Offsets are code points into the document text."""

from __future__ import annotations

import re

TOKEN = re.compile(r"[^\W_]+|\S")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    stop = len(text) if end is None else end
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text, start, stop)]
