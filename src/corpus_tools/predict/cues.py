"""Rule-based attribution: a cue lexicon for English and Dutch, with the source and the
content read off the sentence's shape. At most one attribution per sentence (its first
cue). The rules, in order:

- a quotation in the sentence is a ``direct`` content; the source is the words between the
  quotation and the cue, or after the cue ("…," said Trump), or before it;
- a prepositional cue (according to, volgens) takes the words up to the next comma as its
  source; the content is the rest of the sentence after them, or the part before the cue
  where the cue comes later;
- a postposed cue (aldus) has the content before it and the source after it;
- any other cue (said, told, zei, verklaarde, …) takes the source from the words before it
  in its clause, and the content after it (without that/dat); where nothing follows
  ("…, critics said."), the content is the clause before the comma.

source_type is ``unknown`` without a source, ``named_person`` for a capitalised source and
``unnamed_group`` otherwise; quote_type is ``direct`` for a quotation, else ``indirect``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus_tools.model import Attribution, QuoteType, Segment, SourceType, Span

PREPOSITIONAL = {"en": ("according to",), "nl": ("volgens",)}
POSTPOSED = {"en": (), "nl": ("aldus",)}
VERBS = {
    "en": ("said", "says", "say", "told", "tells", "tell", "reported", "reports", "stated",
           "states", "claimed", "claims", "added", "announced", "wrote", "writes", "warned",
           "insisted", "noted", "alleged", "denied", "confirmed", "argued", "allegedly"),
    "nl": ("zei", "zegt", "zeggen", "zeiden", "meldt", "meldde", "melden", "schrijft",
           "schreef", "verklaarde", "verklaart", "stelt", "stelde", "beweert", "beweerde",
           "liet weten", "vertelde", "vertelden", "bevestigde", "ontkende", "waarschuwde",
           "naar verluidt"),
}
#: Cues that name no source (evidential adverbs).
SOURCELESS = {"allegedly", "naar verluidt"}
COMPLEMENTISERS = ("that ", "dat ", ": ")
DETERMINERS = {"the", "a", "an", "de", "het", "een"}
#: Where a content stops: the next coordinated clause.
CLAUSE_END = re.compile(r"[,;] (?:but|and|while|maar|en|terwijl) ")
QUOTE = re.compile(r"[“\"]([^”\"]+)[”\"]")
EDGE = " \t\n,.;:!?\"“”‘’'()–—-"


def _lexicon(language: str) -> list[str]:
    return [*PREPOSITIONAL.get(language, ()), *POSTPOSED.get(language, ()),
            *VERBS.get(language, ())]


def _pattern(language: str) -> re.Pattern[str]:
    words = sorted(_lexicon(language), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return Span(start, end, text[start:end]) if start < end else None


def _name_after(text: str, start: int, end: int) -> int:
    """End of the noun phrase after a prepositional cue when no comma closes it: an optional
    determiner and a run of capitalised words, or else one word."""
    position, taken = start, 0
    for word in re.finditer(r"\S+", text[start:end]):
        token = word.group()
        if (taken == 0 and token.lower() in DETERMINERS) or token[:1].isupper():
            position, taken = start + word.end(), taken + 1
        else:
            break
    if taken == 0:
        first = re.search(r"\S+", text[start:end])
        position = start + first.end() if first else end
    return position


def _clause_end(text: str, start: int, end: int) -> int:
    stop = CLAUSE_END.search(text, start, end)
    return stop.start() if stop else end


def _source_type(source: Span | None) -> SourceType:
    if source is None:
        return "unknown"
    return "named_person" if source.text[:1].isupper() else "unnamed_group"


def attribute_sentence(text: str, segment: Segment, language: str,
                       number: int) -> Attribution | None:
    match = _pattern(language).search(text, segment.start, segment.end)
    if match is None:
        return None
    cue = Span(match.start(), match.end(), match.group())
    word = cue.text.lower()
    s_start, s_end = segment.start, segment.end
    before = text.rfind(",", s_start, cue.start)
    clause_start = before + 1 if before >= 0 else s_start
    after_comma = text.find(",", cue.end, s_end)
    source: Span | None
    content: Span | None
    quote_type: QuoteType = "indirect"
    quoted = QUOTE.search(text, s_start, s_end)
    if quoted is not None and word not in SOURCELESS:
        quote_type = "direct"
        content = _trim(text, quoted.start(1), quoted.end(1))
        if quoted.end() <= cue.start:
            source = (_trim(text, quoted.end(), cue.start)
                      or _trim(text, cue.end, after_comma if after_comma >= 0 else s_end))
        else:
            source = _trim(text, clause_start, cue.start)
    elif word in SOURCELESS:
        source = None
        left, right = _trim(text, s_start, cue.start), _trim(text, cue.end, s_end)
        content = max((p for p in (left, right) if p is not None),
                      key=lambda p: p.end - p.start, default=None)
    elif word in PREPOSITIONAL.get(language, ()):
        source_end = after_comma if after_comma >= 0 else _name_after(text, cue.end, s_end)
        source = _trim(text, cue.end, source_end)
        if cue.start - s_start <= 1 or before < 0:
            content = _trim(text, source_end, _clause_end(text, source_end, s_end))
        else:
            content = _trim(text, s_start, before)
    elif word in POSTPOSED.get(language, ()):
        source = _trim(text, cue.end, s_end)
        content = _trim(text, s_start, cue.start)
    else:
        source = _trim(text, clause_start, cue.start)
        rest = cue.end
        while text[rest:rest + 1] == " ":
            rest += 1
        for complementiser in COMPLEMENTISERS:
            if text.startswith(complementiser, rest):
                rest += len(complementiser)
        content = _trim(text, rest, _clause_end(text, rest, s_end))
        if content is None or len(content.text.split()) < 2:
            content = _trim(text, s_start, before) if before >= 0 else None
            if source is None:
                source = _trim(text, cue.end, s_end)
    if content is None or content.overlaps(cue):
        return None
    if source is not None and (source.overlaps(cue) or source.overlaps(content)):
        source = None
    return Attribution(f"a{number}", cue=cue, content=content, source=source,
                       source_type=_source_type(source), quote_type=quote_type)


def attribute(text: str, segments: Sequence[Segment], language: str) -> tuple[Attribution, ...]:
    found: list[Attribution] = []
    for segment in segments:
        attribution = attribute_sentence(text, segment, language, len(found) + 1)
        if attribution is not None:
            found.append(attribution)
    return tuple(found)
