"""A synthetic corpus generator: N documents of realistic size and span density.

Documents alternate English and Dutch, are ~5,000 characters long and carry about as
many spans per character as the real corpus (entities, claims, and attributions with
source, cue and content). Every generated corpus validates clean.

    python -m benchmarks.synthetic OUT_DIR N
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from corpus_tools.hashing import sha256_bytes

PEOPLE = ["Marco Rubio", "Nicolás Maduro", "Donald Trump", "Kristi Noem", "John Ratcliffe",
          "Edmundo González", "Richard Grenell", "María Corina Machado", "Stephen Miller"]
PLACES = ["Venezuela", "Colombia", "Caracas", "Panama", "Ecuador", "Mexico", "Chile", "Peru"]
ORGS = ["Pentagon", "Reuters", "Axios", "NBC News", "DEA", "CIA", "Miami Herald"]
SENTENCES = {
    "en": [
        ("{org} reported that {person} met officials in {place} on {day}.", "event"),
        ("Officials said {count} ships were deployed near {place}.", "quantity"),
        ("The campaign in {place} could lead to a wider conflict, analysts warned.", "prediction"),
        ("{person} wants to increase the pressure on the government in {place}.", "intent"),
        ("There is no evidence that the cartel in {place} exists as described.", "existence"),
        ("The decision by {person} caused new tensions with {place}.", "causal"),
    ],
    "nl": [
        ("{org} meldde dat {person} op {day} functionarissen in {place} ontmoette.", "event"),
        ("Functionarissen zeiden dat {count} schepen bij {place} werden ingezet.", "quantity"),
        ("De campagne in {place} kan tot een groter conflict leiden, waarschuwden analisten.",
         "prediction"),
        ("{person} wil de druk op de regering in {place} opvoeren.", "intent"),
        ("Er is geen bewijs dat het kartel in {place} bestaat zoals beschreven.", "existence"),
        ("Het besluit van {person} zorgde voor nieuwe spanningen met {place}.", "causal"),
    ],
}
#: The synthetic "translation" of every segment (only its language matters here).
TRANSLATION = {"en": "The situation in the region remained tense throughout the week.",
               "nl": "De situatie in de regio bleef de hele week gespannen."}
DAYS = {"en": ["Monday", "Tuesday", "Sunday"], "nl": ["maandag", "dinsdag", "zondag"]}
COUNTS = {"en": ["eight", "twelve", "at least 17"], "nl": ["acht", "twaalf", "ongeveer 20"]}
LABELS = {"person": "PERSON", "place": "GPE", "org": "ORG", "day": "DATE", "count": "CARDINAL"}
CUES = {"en": ("reported", "said"), "nl": ("meldde", "zeiden")}
#: Sentences without spans, so density matches the real corpus (~15 entities per 1,000
#: characters, a claim every ~150 characters).
FILLERS = {
    "en": ["The situation in the region remained tense throughout the week.",
           "Much of what happens next depends on decisions that have not been made yet."],
    "nl": ["De situatie in de regio bleef de hele week gespannen.",
           "Veel van wat er nu gebeurt, hangt af van besluiten die nog niet zijn genomen."],
}
TARGET_CHARS = 5000


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _span(start: int, end: int, text: str) -> str:
    return f"start: {start}, end: {end}, text: {_q(text)}"


Document = tuple[str, str, list[str], list[str], list[str], list[str]]


def make_document(index: int, rng: random.Random) -> Document:
    """(language, text, entity, claim, attribution and segment lines) of one document."""
    language = "en" if index % 2 == 0 else "nl"
    parts: list[str] = []
    entities: list[str] = []
    claims: list[str] = []
    attributions: list[str] = []
    segments: list[str] = []
    length = 0
    while length < TARGET_CHARS:
        if rng.random() < 0.5:
            filler = rng.choice(FILLERS[language])
            segments.append(f"  - {{id: s{len(segments) + 1}, paragraph: 1, "
                            f"{_span(length, length + len(filler), filler)}}}")
            parts.append(filler)
            length += len(filler) + 1
            continue
        template, kind = rng.choice(SENTENCES[language])
        values = {"person": rng.choice(PEOPLE), "place": rng.choice(PLACES),
                  "org": rng.choice(ORGS), "day": rng.choice(DAYS[language]),
                  "count": rng.choice(COUNTS[language])}
        sentence = ""
        offsets: list[tuple[int, int, str]] = []
        for piece in re.split(r"(\{\w+\})", template):
            if piece.startswith("{"):
                key = piece[1:-1]
                offsets.append((len(sentence), len(sentence) + len(values[key]), key))
                sentence += values[key]
            else:
                sentence += piece
        base = length
        for start, end, key in sorted(offsets):
            eid = f"e{len(entities) + 1}"
            entities.append(f"  - {{id: {eid}, label: {LABELS[key]}, "
                            f"{_span(base + start, base + end, sentence[start:end])}}}")
        body = sentence.rstrip(".")
        cid = f"c{len(claims) + 1}"
        claims.append(f"  - {{id: {cid}, {_span(base, base + len(body), body)}, kind: {kind}, "
                      f"checkworthy: true, author_stance: asserted}}")
        cue = next((c for c in CUES[language] if f" {c} " in sentence), None)
        if cue is not None:
            cue_at = sentence.index(f" {cue} ") + 1
            content_at = cue_at + len(cue) + 1
            if sentence[content_at:].startswith(("that ", "dat ")):
                content_at = sentence.index(" ", content_at) + 1
            source = sentence[:cue_at - 1]
            content = body[content_at:]
            outlet_first = bool(offsets) and offsets[0][2] == "org" and offsets[0][0] == 0
            source_type = "news_outlet" if outlet_first else "anonymous"
            content_end = content_at + len(content)
            attributions.append(
                f"  - id: a{len(attributions) + 1}\n"
                f"    source: {{{_span(base, base + len(source), source)}}}\n"
                f"    cue: {{{_span(base + cue_at, base + cue_at + len(cue), cue)}}}\n"
                f"    content: {{{_span(base + content_at, base + content_end, content)}}}\n"
                f"    source_type: {source_type}\n"
                f"    quote_type: indirect"
            )
        segments.append(f"  - {{id: s{len(segments) + 1}, paragraph: 1, "
                        f"{_span(length, length + len(sentence), sentence)}}}")
        parts.append(sentence)
        length += len(sentence) + 1
    text = " ".join(parts) + "\n"
    return language, text, entities, claims, attributions, segments


def generate(root: Path, n_documents: int, seed: int = 0) -> None:
    documents = root / "corpus" / "documents"
    segmentations = root / "corpus" / "segments"
    translations = root / "corpus" / "translations"
    translations.mkdir(parents=True, exist_ok=True)
    spans = root / "annotations" / "spans"
    segmentations.mkdir(parents=True, exist_ok=True)
    documents.mkdir(parents=True, exist_ok=True)
    spans.mkdir(parents=True, exist_ok=True)
    (root / "annotations" / "registry.yaml").write_text(
        # one entry: datasets cannot load a config with no rows (the registry config)
        "schema_version: '1.0'\nentities:\n  - {id: synthetic-person, type: PERSON, "
        "names: {en: Synthetic Person}}\n", encoding="utf-8")
    rng = random.Random(seed)
    for index in range(n_documents):
        doc_id = f"doc-{index:06d}"
        language, text, entities, claims, attributions, segments = make_document(index, rng)
        data = text.encode("utf-8")
        digest = sha256_bytes(data)
        (documents / f"{doc_id}.txt").write_bytes(data)
        unknown = "{value: null, reason: synthetic}"
        (documents / f"{doc_id}.meta.yaml").write_text(
            f"schema_version: '1.0'\ndoc_id: {doc_id}\nlanguage: {language}\n"
            f"title: {unknown}\noutlet: {unknown}\nauthor: {unknown}\ndate: {unknown}\n"
            f"original_language: {unknown}\nsource_file: {doc_id}.txt\nsha256: {digest}\n"
            f"length_chars: {len(text)}\nlength_bytes: {len(data)}\n", encoding="utf-8")
        (segmentations / f"{doc_id}.yaml").write_text(
            f"schema_version: '1.0'\ndoc_id: {doc_id}\ntext_sha256: {digest}\n"
            "segmenter: synthetic (one sentence a segment)\nsegments:\n"
            + "\n".join(segments) + "\n", encoding="utf-8")
        target = "nl" if language == "en" else "en"
        (translations / f"{doc_id}.{target}.reference.yaml").write_text(
            f"schema_version: '1.0'\ndoc_id: {doc_id}\nsource_language: {language}\n"
            f"target_language: {target}\nsystem: reference\nsource_sha256: {digest}\n"
            "provenance: {kind: reference, date: '2026-11-21', translators: "
            "[{id: generator, kind: human}]}\nsegments:\n"
            + "".join(f"  - {{id: s{i + 1}, text: {_q(TRANSLATION[target])}}}\n"
                      for i in range(len(segments))), encoding="utf-8")
        (spans / f"{doc_id}.yaml").write_text(
            f"schema_version: '1.0'\ndoc_id: {doc_id}\ntext_sha256: {digest}\n"
            "provenance: {status: single-pass, annotators: [{id: generator, kind: tool}]}\n"
            "entities:\n" + "\n".join(entities) + "\nclaims:\n" + "\n".join(claims)
            + "\nattributions:\n" + ("\n".join(attributions) if attributions else "  []")
            + "\n", encoding="utf-8")


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]))
