"""A document in English, Dutch, emoji and right-to-left script, annotated in every layer,
for the interchange round trips."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from corpus_tools import wire
from corpus_tools.interchange.base import ExchangeDocument, Layers
from corpus_tools.model import Alignment, Attribution, Claim, EntityMention, Span

TEXT = (
    "Trump 🇺🇸 said: “We will take care\nof Venezuela 🇻🇪.”\n"
    "Volgens België zei Maduro 🙂 dat het land zich verdedigt.\n"
    "אמר טראמפ: \"שלום\" — قالت مصادر إن فنزويلا ستقاوم 👨‍👩‍👧."
)


def span(quote: str, occurrence: int = 1) -> Span:
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(quote, start + 1)
    return Span(start, start + len(quote), quote)


def unicode_document(doc_id: str = "unicode-sample") -> ExchangeDocument:
    entities = (
        EntityMention("e1", "PERSON", span("Trump"), "donald-trump", note="📝 נוט: ‘note’"),
        EntityMention("e2", "GPE", span("Venezuela"), "venezuela"),
        EntityMention("e3", "GPE", span("België"), "belgium"),
        EntityMention("e4", "PERSON", span("Maduro"), "nicolas-maduro"),
        EntityMention("e5", "PERSON", span("טראמפ"), "donald-trump"),
        EntityMention("e6", "GPE", span("فنزويلا"), "venezuela"),
    )
    claims = (
        Claim("c1", span("We will take care\nof Venezuela 🇻🇪."), "intent", True, "reported",
              cluster="care-of-venezuela"),
        Claim("c2", span("het land zich verdedigt"), "prediction", False, "reported",
              note="قالت — “quoted” 🙂"),
    )
    attributions = (
        Attribution("a1", cue=span("said"), content=span("“We will take care\nof Venezuela 🇻🇪.”"),
                    source_type="named_person", quote_type="direct", source=span("Trump"),
                    source_mention="e1", claims=("c1",), note="multi-line content"),
        Attribution("a2", cue=span("Volgens"),
                    content=span("zei Maduro 🙂 dat het land zich verdedigt"),
                    source_type="named_organization", quote_type="indirect",
                    source=span("België"), source_mention="e3"),
        Attribution("a3", cue=span("zei"), content=span("dat het land zich verdedigt"),
                    source_type="named_person", quote_type="indirect", source=span("Maduro"),
                    source_mention="e4", parent="a2", claims=("c2",)),
        # a4 and a5 share source and cue, as attributions of one sentence do
        Attribution("a4", cue=span("אמר"), content=span("\"שלום\""), source_type="named_person",
                    quote_type="direct", source=span("טראמפ"), source_mention="e5"),
        Attribution("a5", cue=span("אמר"), content=span("قالت مصادر إن فنزويلا ستقاوم 👨‍👩‍👧"),
                    source_type="named_person", quote_type="mixed", source=span("טראמפ")),
        Attribution("a6", cue=span("قالت"), content=span("فنزويلا ستقاوم"),
                    source_type="anonymous", quote_type="indirect", source=span("مصادر")),
    )
    return ExchangeDocument(doc_id, TEXT, Layers(entities, claims, attributions))


def unicode_translation_document(
        text_id: str = "unicode-sample.nl.reference") -> ExchangeDocument:
    """The same text as a translation's target text, every item aligned to an original:
    one-to-one, merged, added (with notes in every script) and changed."""
    doc = unicode_document(text_id)
    shifts = [Alignment(("e1",)), Alignment(("e2", "e9"), "merged", "twee → één 🇻🇪"),
              Alignment((), "added", "אין מקבילה — لا مقابل"), Alignment(("e4",)),
              Alignment(("e5",), "changed", "‘label’ 🙂\nsecond line"), Alignment(("e6",))]
    layers = doc.layers
    return replace(doc, layers=Layers(
        tuple(replace(e, alignment=a) for e, a in zip(layers.entities, shifts, strict=True)),
        tuple(replace(c, alignment=Alignment((c.id,))) for c in layers.claims),
        tuple(replace(a, alignment=Alignment((a.id,), "split", "één bron") if a.id == "a5"
                      else Alignment((a.id,))) for a in layers.attributions)))


def with_every_attribute(doc: ExchangeDocument) -> ExchangeDocument:
    """``doc`` with every unset attribute of a closed vocabulary that the declaration gives
    a layer set to its first value: a round trip of it shows that a format carries each
    attribute, one added to the model included."""
    def filled(item: Any) -> Any:
        fields = {f.name: f for _, f in wire.attributes(type(item))}
        return replace(item, **{
            name: True if fields[name].type is bool else wire.vocabulary(fields[name].type)[0]
            for name in wire.closed_attributes(type(item)) if getattr(item, name) is None})

    layers = doc.layers
    return replace(doc, layers=Layers(*(tuple(map(filled, items)) for items in (
        layers.entities, layers.claims, layers.attributions))))
