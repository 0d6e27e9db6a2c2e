"""Offsets between Python code points and UTF-16 code units.

Our span files count code points. UIMA (and so INCEpTION) counts UTF-16 code units, as
JavaScript does; some Label Studio versions did too. A character outside the Basic
Multilingual Plane (most emoji) is one code point but two UTF-16 units, so every offset
after it differs by one per such character.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate


class OffsetError(ValueError):
    pass


class Utf16Offsets:
    """Converts offsets in one text both ways; built once per text, O(log n) per offset."""

    def __init__(self, text: str) -> None:
        # units[i] = UTF-16 offset of code point i; units[len(text)] = UTF-16 length.
        self.units = [0, *accumulate(2 if ord(ch) > 0xFFFF else 1 for ch in text)]

    @property
    def is_identity(self) -> bool:
        return self.units[-1] == len(self.units) - 1

    def to_utf16(self, code_point: int) -> int:
        if not 0 <= code_point < len(self.units):
            raise OffsetError(f"code point offset {code_point} outside the text")
        return self.units[code_point]

    def to_code_point(self, unit: int) -> int:
        """The code point at UTF-16 offset ``unit``; an offset inside a surrogate pair
        is an error, never rounded."""
        index = bisect_left(self.units, unit)
        if index == len(self.units) or self.units[index] != unit:
            raise OffsetError(f"UTF-16 offset {unit} splits a surrogate pair or is outside "
                              "the text")
        return index
