"""Word tokens with their offsets, and the guidelines' edge rules for a projected span."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A word (letters/digits of any script, joined by inner hyphens, apostrophes, or the
# separators inside numbers: "regering-Trump", "don’t", "4,000"), or one other character.
_TOKEN = re.compile(r"\w+(?:[-'’.,]\w+)*|[^\w\s]")
_OPENING = {"“": "”", "‘": "’", "«": "»", "„": "”", "(": ")", "[": "]", '"': '"', "'": "'"}
_CLOSING: dict[str, set[str]] = {}
for _open, _close in _OPENING.items():
    _CLOSING.setdefault(_close, set()).add(_open)
_QUOTES = set("“”‘’«»„\"'")
_ABBREVIATION_END = re.compile(r"(?:\b\w\.){2,}$")  # U.S., C.I.A. (G9)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    return tuple(Token(m.group(), m.start() + offset, m.end() + offset)
                 for m in _TOKEN.finditer(text))


def is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def _punctuation(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _partner_inside(span: str, index: int) -> bool:
    """Whether the bracket or quotation mark at an edge of ``span`` is paired inside it (a
    quoted fragment within mixed content), not with a mark at the other edge (marks around
    the whole span are outside it)."""
    ch, inner = span[index], span[1:-1]
    if index == 0 and ch in _OPENING:
        return _OPENING[ch] in inner
    if index == len(span) - 1 and ch in _CLOSING:
        return any(opening in inner for opening in _CLOSING[ch])
    return False


def trim(text: str, start: int, end: int, *, keep_quoted_punctuation: bool = False
         ) -> tuple[int, int] | None:
    """``[start, end)`` without whitespace or surrounding punctuation at its edges (G7, G9);
    None if nothing is left.

    Kept: a quotation mark or bracket whose partner is inside the span (A18, C3), the final
    period of an abbreviation, and, with ``keep_quoted_punctuation`` (the original span
    ends in punctuation), punctuation just before a closing quotation mark (A16)."""
    while start < end:
        ch = text[start]
        if ch.isspace() or (_punctuation(ch) and not _partner_inside(text[start:end], 0)):
            start += 1
        else:
            break
    while start < end:
        ch = text[end - 1]
        span = text[start:end]
        if ch.isspace() or (_punctuation(ch) and not _partner_inside(span, len(span) - 1)
                            and not (ch == "." and _ABBREVIATION_END.search(span))):
            end -= 1
        else:
            break
    if start >= end:
        return None
    if keep_quoted_punctuation:
        after = end
        while after < len(text) and _punctuation(text[after]) and text[after] not in _QUOTES:
            after += 1
        if after > end and after < len(text) and text[after] in _QUOTES:
            end = after
    return start, end
