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
    reason: str  # "ambiguous" | "not-found"
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
