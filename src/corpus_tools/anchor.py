"""Anchor a quoted span in a text: W3C TextQuoteSelector (exact + prefix + suffix), plus
an explicit 1-based ``occurrence``. Never guesses: ambiguity and absence are results."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Anchored:
    start: int
    end: int


@dataclass(frozen=True)
class Unresolved:
    reason: str  # "ambiguous" | "not-found" | "edited"
    message: str


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``quote``."""
    found: list[int] = []
    if not quote:
        return found
    index = text.find(quote)
    while index != -1:
        found.append(index)
        index = text.find(quote, index + 1)
    return found


def anchor(
    text: str,
    quote: str,
    *,
    start: int | None = None,
    end: int | None = None,
    occurrence: int | None = None,
    prefix: str | None = None,
    suffix: str | None = None,
    trust_offsets: bool = True,
) -> Anchored | Unresolved:
    """Where ``quote`` sits in ``text``.

    Offsets that already select the quote are kept while ``trust_offsets`` (the text is
    the one they were made on). Otherwise the quote is searched for, filtered by
    prefix/suffix context, and picked by ``occurrence`` or by being unique: after a text
    edit, offsets that happen to select one of several occurrences prove nothing.
    """
    if (
        trust_offsets
        and isinstance(start, int)
        and isinstance(end, int)
        and 0 <= start < end <= len(text)
        and text[start:end] == quote
    ):
        return Anchored(start, end)
    candidates = [
        s
        for s in occurrences(text, quote)
        if (prefix is None or text[:s].endswith(prefix))
        and (suffix is None or text[s + len(quote) :].startswith(suffix))
    ]
    context = " with the given prefix/suffix" if prefix is not None or suffix is not None else ""
    if occurrence is not None:
        if 1 <= occurrence <= len(candidates):
            chosen = candidates[occurrence - 1]
            return Anchored(chosen, chosen + len(quote))
        return Unresolved(
            "not-found",
            f"occurrence {occurrence} asked for, but the quote occurs {len(candidates)} "
            f"time(s){context}",
        )
    if len(candidates) == 1:
        return Anchored(candidates[0], candidates[0] + len(quote))
    if not candidates:
        return Unresolved("not-found", f"the quote is not in the text{context}")
    return Unresolved(
        "ambiguous",
        f"the quote occurs {len(candidates)} times{context} (at "
        + ", ".join(str(c) for c in candidates[:5])
        + ("…" if len(candidates) > 5 else "")
        + "); add `occurrence: N`, `prefix:` or `suffix:`",
    )


#: Diffs of the changed middle of a text are computed character by character up to this
#: size; a larger changed region counts as changed throughout (its spans go to a person).
MAX_DIFFED_CHARACTERS = 20_000
#: A span is carried over an edit only with this many unchanged characters either side
#: (or the text's start or end in both versions), and only where that context is unique.
CONTEXT = 8


def _common_prefix(a: str, b: str) -> int:
    low, high = 0, min(len(a), len(b))
    while low < high:  # binary search: C-speed slice comparisons, O(n log n)
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle:] == b[len(b) - middle:]:
            low = middle
        else:
            high = middle - 1
    return low


@dataclass(frozen=True)
class TextEdit:
    """How an edited text relates to the text it was made from: the runs of characters the
    edit left unchanged, as (old start, new start, length)."""

    unchanged: tuple[tuple[int, int, int], ...]
    old_length: int
    new_length: int

    @classmethod
    def between(cls, old: str, new: str) -> TextEdit:
        from difflib import SequenceMatcher

        prefix = _common_prefix(old, new)
        suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix)
        old_middle, new_middle = old[prefix:len(old) - suffix], new[prefix:len(new) - suffix]
        runs = [(0, 0, prefix)]
        if 0 < len(old_middle) + len(new_middle) <= MAX_DIFFED_CHARACTERS:
            matcher = SequenceMatcher(None, old_middle, new_middle, autojunk=False)
            runs += [(prefix + a, prefix + b, size)
                     for a, b, size in matcher.get_matching_blocks() if size]
        runs.append((len(old) - suffix, len(new) - suffix, suffix))
        return cls(tuple(r for r in runs if r[2]), len(old), len(new))

    def map(self, start: int, end: int, new_text: str) -> tuple[int, int] | None:
        """Where old [start, end) is in ``new_text``, if the edit provably left it and its
        context alone; None if the edit touched it or came near it."""
        for old_start, new_start, length in self.unchanged:
            old_end, new_end = old_start + length, new_start + length
            if not (old_start <= start and end <= old_end):
                continue
            at_both_starts = old_start == 0 and new_start == 0
            at_both_ends = old_end == self.old_length and new_end == self.new_length
            if not ((start - old_start >= CONTEXT or at_both_starts)
                    and (old_end - end >= CONTEXT or at_both_ends)):
                return None
            moved_start, moved_end = start + new_start - old_start, end + new_start - old_start
            window_start = max(0, moved_start - CONTEXT)
            window = new_text[window_start:moved_end + CONTEXT]
            if new_text.find(window, window_start + 1) != -1 or new_text.find(window) != \
                    window_start:
                return None  # the span in its context occurs more than once
            return moved_start, moved_end
        return None
