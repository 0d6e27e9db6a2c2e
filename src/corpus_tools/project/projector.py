"""Project an original's spans onto one of its translations.

Entities go through the registry's target-language name (or their own surface form, for
names and numbers a translation keeps) found within the aligned segment, nearest to where
the word aligner puts them, and through the word aligner alone where no name is found.
Claims and attribution roles go through the word aligner: the span covers the target
words linked to its source words, trimmed by the guidelines' edge rules. What cannot be
projected, or would break a span rule of the translation-side file, is listed as dropped
with the reason. The result is a translation-side span file of the data model: each item's
``alignment`` names its counterpart, the file's ``dropped`` lists what was not projected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from corpus_tools.anchor import occurrences
from corpus_tools.hashing import sha256_text
from corpus_tools.io.texts import TargetText
from corpus_tools.model import (
    Alignment,
    AnnotationStatus,
    Annotator,
    Attribution,
    Claim,
    Dropped,
    EntityMention,
    Language,
    Provenance,
    Registry,
    Segment,
    Span,
    SpanFile,
    TextRef,
    TranslationRef,
)
from corpus_tools.project.aligner import Link, TokenPair, WordAligner
from corpus_tools.project.tokens import Token, tokenize, trim
from corpus_tools.schema import current_version

STATUS: AnnotationStatus = "single-pass"  # a proposal nobody has reviewed
#: How an entity was placed: the registry's target-language name, its own surface form
#: (names and numbers a translation keeps), or the word aligner alone.
PLACEMENTS = ("registry name", "surface form", "aligner")

SegmentPair = tuple[Segment, Segment]  # (source segment, its translation in the target text)


@dataclass(frozen=True)
class Translated:
    """A translation to project onto: its target text (``io.texts.target_text``) with the
    source segments it renders, one for one."""

    doc_id: str
    source_language: str
    translation: TranslationRef
    target: TargetText
    source_segments: tuple[Segment, ...]

    @property
    def text_ref(self) -> TextRef:
        return TextRef(self.doc_id, self.translation)

    @property
    def language(self) -> Language:
        return self.translation.language

    @property
    def text(self) -> str:
        return self.target.text

    @property
    def pairs(self) -> tuple[SegmentPair, ...]:
        return tuple(zip(self.source_segments, self.target.segments, strict=True))


@dataclass(frozen=True)
class Projection:
    """Translation-side spans proposed for one translation (ids are the translation's own),
    and how each entity was placed (one of PLACEMENTS, by the translation's entity id)."""

    target: Translated
    span_file: SpanFile
    placements: dict[str, str] = field(hash=False, default_factory=dict)


def tokenized_pairs(target: Translated) -> list[TokenPair]:
    """The aligner's input: each segment pair as two token sequences."""
    return [(tuple(t.text for t in tokenize(s.text)), tuple(t.text for t in tokenize(t_.text)))
            for s, t_ in target.pairs]


class SpanMapper:
    """Maps a character range of the original to the target text through word links."""

    def __init__(self, target: Translated, links: Sequence[frozenset[Link]]) -> None:
        self.target = target
        self.source_tokens = [tokenize(s.text, s.start) for s, _ in target.pairs]
        self.target_tokens = [tokenize(t.text, t.start) for _, t in target.pairs]
        self.links: list[dict[int, list[int]]] = []
        for pair_links in links:
            by_source: dict[int, list[int]] = {}
            for i, j in sorted(pair_links):
                by_source.setdefault(i, []).append(j)
            self.links.append(by_source)

    def pairs_of(self, span: Span) -> list[int]:
        return [k for k, (s, _) in enumerate(self.target.pairs)
                if s.start < span.end and span.start < s.end]

    def region(self, span: Span) -> tuple[int, int] | None:
        """The target-text range of the segments aligned with ``span``'s segments."""
        targets = [self.target.pairs[k][1] for k in self.pairs_of(span)]
        if not targets:
            return None
        return min(t.start for t in targets), max(t.end for t in targets)

    def map(self, span: Span) -> tuple[int, int] | None:
        covered: list[Token] = []
        for k in self.pairs_of(span):
            targets = self.target_tokens[k]
            for i, token in enumerate(self.source_tokens[k]):
                if token.start < span.end and span.start < token.end:
                    covered += [targets[j] for j in self.links[k].get(i, ())]
        if not covered:
            return None
        return trim(self.target.text, min(t.start for t in covered), max(t.end for t in covered),
                    keep_quoted_punctuation=_ends_in_punctuation(span.text))


def _ends_in_punctuation(text: str) -> bool:
    return bool(text) and not text[-1].isalnum()


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _contains(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _clip(text: str, span: tuple[int, int], bound: tuple[int, int]) -> tuple[int, int] | None:
    start, end = max(span[0], bound[0]), min(span[1], bound[1])
    return trim(text, start, end) if start < end else None


class _Projector:
    def __init__(self, original: SpanFile, target: Translated, registry: Registry,
                 mapper: SpanMapper) -> None:
        self.original = original
        self.target = target
        self.text = target.text
        self.registry = registry.by_id()
        self.mapper = mapper
        self.dropped: list[Dropped] = []
        self.placements: dict[str, str] = {}  # by the original's entity id

    def drop(self, item_id: str, note: str) -> None:
        self.dropped.append(Dropped(item_id, note))

    def span(self, range_: tuple[int, int]) -> Span:
        """A span with the ``occurrence`` hint where its text occurs more than once, so the
        file can be re-anchored (``fix``) and read by quote."""
        quote = self.text[range_[0] : range_[1]]
        found = occurrences(self.text, quote)
        occurrence = found.index(range_[0]) + 1 if len(found) > 1 else None
        return Span(range_[0], range_[1], quote, occurrence=occurrence)

    # entities ------------------------------------------------------------------
    def _names(self, entity: EntityMention) -> list[tuple[str, str]]:
        """(name, placement) to look for, the registry's first."""
        names: list[tuple[str, str]] = []
        entry = self.registry.get(entity.entity) if entity.entity else None
        if entry is not None and entry.names.get(self.target.language):
            names.append((entry.names[self.target.language], "registry name"))
        if entity.span.text not in [name for name, _ in names]:
            names.append((entity.span.text, "surface form"))
        return names

    def _find_name(self, entity: EntityMention, guess: tuple[int, int] | None,
                   taken: list[tuple[int, int]]) -> tuple[tuple[int, int], str] | None:
        """The range of a name of ``entity`` in its aligned segments, and how it was found."""
        region = self.mapper.region(entity.span)
        if region is None:
            return None
        for name, placement in self._names(entity):
            pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
            hits = [(m.start(), m.end()) for m in pattern.finditer(self.text, *region)]
            hits = [h for h in hits if not any(_overlaps(h, t) for t in taken)]
            if hits:
                if guess is None:  # the occurrence at the same relative place in the segment
                    source, target = self.target.pairs[self.mapper.pairs_of(entity.span)[0]]
                    share = (entity.span.start - source.start) / max(len(source.text), 1)
                    anchor = target.start + share * len(target.text)
                    return min(hits, key=lambda h: (abs(h[0] - anchor), h)), placement
                return min(hits, key=lambda h: (not _overlaps(h, guess), abs(h[0] - guess[0]),
                                                h)), placement
        return None

    def entities(self) -> list[tuple[EntityMention, str]]:
        placed: list[tuple[EntityMention, str]] = []
        taken: list[tuple[int, int]] = []
        for entity in self.original.entities:
            guess = self.mapper.map(entity.span)
            named = self._find_name(entity, guess, taken)
            if named is None and guess is not None:
                clash = [e for e, _ in placed if _overlaps(guess, (e.span.start, e.span.end))]
                if clash:
                    self.drop(entity.id, f"no name found in the aligned segment; the word "
                              f"aligner puts it on {self.text[guess[0]:guess[1]]!r}, which "
                              f"overlaps the projection of {clash[0].id}")
                    continue
                named = guess, "aligner"
            if named is None:
                self.drop(entity.id, "neither a registry name nor an aligned word in the "
                          "translation's aligned segment")
                continue
            found, self.placements[entity.id] = named
            taken.append(found)
            placed.append((replace(entity, span=self.span(found)), entity.id))
        return placed

    # claims ----------------------------------------------------------------------
    def claims(self) -> dict[str, Claim]:
        projected: dict[str, Claim] = {}
        for claim in self.original.claims:
            found = self.mapper.map(claim.span)
            if found is None:
                self.drop(claim.id, "aligned with no word of the translation (no link, or "
                          "punctuation only)")
                continue
            projected[claim.id] = replace(claim, span=self.span(found))
        return projected

    # attributions --------------------------------------------------------------------
    def attributions(self) -> dict[str, Attribution]:
        by_id = {a.id: a for a in self.original.attributions}

        def depth(a: Attribution) -> int:
            seen: set[str] = set()
            while a.parent in by_id and a.parent not in seen:
                seen.add(a.parent)
                a = by_id[a.parent]
            return len(seen)

        projected: dict[str, Attribution] = {}
        for a in sorted(self.original.attributions, key=depth):  # parents first
            roles: dict[str, tuple[int, int]] = {}
            missing = []
            for role, span in a.roles():
                found = self.mapper.map(span)
                if found is None:
                    missing.append(role)
                else:
                    roles[role] = found
            if missing:
                self.drop(a.id, f"its {' and '.join(missing)} aligned with no word of the "
                          "translation (no link, or punctuation only)")
                continue
            parent = projected.get(a.parent) if a.parent else None
            notes = [a.note] if a.note else []
            if parent is not None:
                bound = (parent.content.start, parent.content.end)
                clipped = {role: _clip(self.text, r, bound) for role, r in roles.items()}
                if all(clipped.values()):
                    roles = {role: r for role, r in clipped.items() if r is not None}
                else:
                    notes.append(f"projection: parent link to {a.parent} dropped, the projected "
                                 "spans fall outside its projected content")
                    parent = None
            elif a.parent:
                notes.append(f"projection: parent {a.parent} could not be projected")
            projected[a.id] = replace(
                a, cue=self.span(roles["cue"]), content=self.span(roles["content"]),
                source=self.span(roles["source"]) if "source" in roles else None,
                parent=a.parent if parent is not None else None,
                note="; ".join(notes) or None)
        return projected

    def link_claims(self, claims: dict[str, Claim], attributions: dict[str, Attribution]
                    ) -> None:
        """Claims linked to an attribution lie inside its content (claim-containment): clip
        the claim to the content, or drop the link where they do not meet."""
        for a_id, a in list(attributions.items()):
            content = (a.content.start, a.content.end)
            kept = []
            notes = [a.note] if a.note else []
            for c_id in a.claims:
                claim = claims.get(c_id)
                if claim is None:
                    continue
                span = (claim.span.start, claim.span.end)
                if not _contains(content, span):
                    clipped = _clip(self.text, span, content)
                    if clipped is None:
                        notes.append(f"projection: link to claim {c_id} dropped, the projected "
                                     "claim lies outside the projected content")
                        continue
                    claims[c_id] = replace(claim, span=self.span(clipped))
                kept.append(c_id)
            attributions[a_id] = replace(a, claims=tuple(kept), note="; ".join(notes) or None)

    def resolve_nesting(self, claims: dict[str, Claim]) -> None:
        """Claims may not cross, and nest only where author_stance differs (claim-nesting):
        the later of two conflicting claims is dropped."""
        kept: list[Claim] = []
        for c_id, claim in list(claims.items()):
            for other in kept:
                if not claim.span.overlaps(other.span):
                    continue
                nested = claim.span.contains(other.span) or other.span.contains(claim.span)
                if not nested or claim.author_stance == other.author_stance:
                    self.drop(c_id, f"its projection {'nests in' if nested else 'crosses'} the "
                              f"projection of {other.id} (claim-nesting)")
                    del claims[c_id]
                    break
            else:
                kept.append(claim)

    def run(self, annotator: Annotator, note: str) -> Projection:
        entities = self.entities()
        claims = self.claims()
        attributions = self.attributions()
        self.link_claims(claims, attributions)
        self.resolve_nesting(claims)
        return self._renumber(entities, claims, attributions, annotator, note)

    def _renumber(self, entities: list[tuple[EntityMention, str]], claims: dict[str, Claim],
                  attributions: dict[str, Attribution], annotator: Annotator, note: str
                  ) -> Projection:
        """The translation's own ids, in its document order; references remapped; each
        item aligned with the original item it projects."""
        entity_order = sorted(entities, key=lambda x: (x[0].span.start, x[0].span.end))
        entity_ids = {old: f"e{n}" for n, (_, old) in enumerate(entity_order, 1)}
        claim_order = sorted(claims.values(), key=lambda c: (c.span.start, c.span.end))
        claim_ids = {c.id: f"c{n}" for n, c in enumerate(claim_order, 1)}
        attribution_order = sorted(attributions.values(), key=lambda a: (
            min(s.start for _, s in a.roles()), a.cue.start))
        attribution_ids = {a.id: f"a{n}" for n, a in enumerate(attribution_order, 1)}
        spans_by_new = {entity_ids[old]: e.span for e, old in entities}
        new_attributions = []
        for a in attribution_order:
            mention = entity_ids.get(a.source_mention) if a.source_mention else None
            if mention is not None and (a.source is None
                                        or not a.source.contains(spans_by_new[mention])):
                mention = None  # mention-containment: the mention fell outside the source
            new_attributions.append(replace(
                a, id=attribution_ids[a.id], source_mention=mention,
                parent=attribution_ids.get(a.parent) if a.parent else None,
                claims=tuple(claim_ids[c] for c in a.claims if c in claim_ids),
                alignment=Alignment((a.id,))))
        span_file = SpanFile(
            schema_version=current_version("spans"),
            doc_id=self.original.doc_id,
            translation=self.target.translation,
            text_sha256=sha256_text(self.text),
            provenance=Provenance(STATUS, (annotator,),
                                  self.original.provenance.guidelines_version, note),
            entities=tuple(replace(e, id=entity_ids[old], alignment=Alignment((old,)))
                           for e, old in entity_order),
            claims=tuple(replace(c, id=claim_ids[c.id], alignment=Alignment((c.id,)))
                         for c in claim_order),
            attributions=tuple(new_attributions),
            dropped=tuple(self.dropped),
        )
        placements = {entity_ids[old]: how for old, how in self.placements.items()
                      if old in entity_ids}
        return Projection(self.target, span_file, placements)


def project(original: SpanFile, target: Translated, registry: Registry,
            aligner: WordAligner) -> Projection:
    """Translation-side spans for ``target`` proposed from ``original`` (the original's span
    file) without a person."""
    links = aligner.align(tokenized_pairs(target))
    projector = _Projector(original, target, registry, SpanMapper(target, links))
    method = aligner.describe()
    annotator = Annotator(f"projection-{aligner.name}", "tool", "first-pass",
                          f"corpus-tools project: {method}")
    note = (f"Proposed by `corpus-tools project` from the original's span file, without a "
            f"person: entities through the registry's {target.language} names (or their own "
            f"surface form) within the aligned segment, falling back to the word aligner; "
            f"claims and attribution roles through the word aligner ({aligner.name}). "
            f"Not reviewed.")
    return projector.run(annotator, note)
