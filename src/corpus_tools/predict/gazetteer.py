"""An entity gazetteer: surface forms (as token sequences) with a label and, where known, a
registry id; tagging takes the longest match from left to right, case-sensitively, so its
mentions are token-aligned like the reference (see export.tokenize)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from corpus_tools.export.tokenize import tokenize
from corpus_tools.model import EntityLabel, EntityMention, Registry, Span, SpanFile
from corpus_tools.wire import narrow

#: (surface form, label, registry id or None)
Entry = tuple[str, EntityLabel, str | None]


def _key(surface: str) -> tuple[str, ...]:
    return tuple(token for token, _, _ in tokenize(surface))


@dataclass(frozen=True)
class Gazetteer:
    names: Mapping[tuple[str, ...], tuple[EntityLabel, str | None]]

    @classmethod
    def build(cls, entries: Iterable[Entry]) -> Gazetteer:
        """Each surface form takes its most frequent label (ties: the first seen) and its
        most frequent registry id under that label."""
        seen: dict[tuple[str, ...], Counter[tuple[EntityLabel, str | None]]] = {}
        for surface, label, registry_id in entries:
            key = _key(surface)
            if key:
                seen.setdefault(key, Counter())[(label, registry_id)] += 1
        names = {}
        for key, counts in seen.items():
            labels: Counter[EntityLabel] = Counter()
            for (label, _), n in counts.items():
                labels[label] += n
            label = labels.most_common(1)[0][0]
            ids = Counter({rid: n for (lab, rid), n in counts.items() if lab == label})
            names[key] = (label, ids.most_common(1)[0][0])
        return cls(names)

    @property
    def longest(self) -> int:
        return max((len(k) for k in self.names), default=0)

    def tag(self, text: str) -> tuple[EntityMention, ...]:
        tokens = tokenize(text)
        found: list[EntityMention] = []
        index, longest = 0, self.longest
        while index < len(tokens):
            for size in range(min(longest, len(tokens) - index), 0, -1):
                window = tokens[index:index + size]
                entry = self.names.get(tuple(t for t, _, _ in window))
                if entry is not None:
                    start, end = window[0][1], window[-1][2]
                    found.append(EntityMention(f"e{len(found) + 1}", entry[0],
                                               Span(start, end, text[start:end]), entry[1]))
                    index += size
                    break
            else:
                index += 1
        return tuple(found)


def mention_entries(span_files: Iterable[SpanFile]) -> list[Entry]:
    return [(e.span.text, e.label, e.entity) for f in span_files for e in f.entities]


def registry_entries(registry: Registry, only: Iterable[str] | None = None) -> list[Entry]:
    """Every name of every registry entry (or of the entries ``only`` names);
    VocabularyError for an entry whose type is not an entity label."""
    wanted = None if only is None else set(only)
    return [(name, narrow(EntityLabel, entry.type), entry.id) for entry in registry.entries
            if wanted is None or entry.id in wanted for name in entry.names.values()]
