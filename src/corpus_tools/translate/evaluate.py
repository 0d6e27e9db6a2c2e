"""Score machine translations against the reference translations with sacrebleu.

Scores are corpus-level per system and direction, over every segment that has both a
reference and a machine translation; each comes with sacrebleu's signature string, so a
reported number says exactly how it was computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corpus_tools.io.translations import REFERENCE_SYSTEM, translation_from_data
from corpus_tools.io.yamlfile import read_valid
from corpus_tools.layout import Layout
from corpus_tools.model import Translation


@dataclass(frozen=True)
class Score:
    system: str
    source_language: str
    target_language: str
    documents: int
    segments: int
    bleu: float
    bleu_signature: str
    chrf: float
    chrf_signature: str

    def __str__(self) -> str:
        return (f"{self.system} {self.source_language}->{self.target_language}: "
                f"BLEU {self.bleu:.1f} ({self.bleu_signature}); "
                f"chrF {self.chrf:.1f} ({self.chrf_signature}); "
                f"{self.documents} documents, {self.segments} segments")


def _translations(root: Path) -> list[Translation]:
    found = []
    for path in sorted(Layout(root).translations_dir.glob("*.yaml")):
        data = read_valid(path.read_bytes(), "translation")
        if data is not None:
            found.append(translation_from_data(data))
    return found


def evaluate(root: Path) -> list[Score]:
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF

    translations = _translations(root)
    references = {(t.doc_id, t.target_language): t for t in translations
                  if t.system == REFERENCE_SYSTEM}
    groups: dict[tuple[str, str, str], list[tuple[Translation, Translation]]] = {}
    for t in translations:
        reference = references.get((t.doc_id, t.target_language))
        if t.system != REFERENCE_SYSTEM and reference is not None:
            groups.setdefault((t.system, t.source_language, t.target_language), []).append(
                (t, reference))
    scores = []
    for (system, source, target), pairs in sorted(groups.items()):
        hypotheses: list[str] = []
        refs: list[str] = []
        for machine, reference in pairs:
            by_id = {s.id: s.text for s in reference.segments}
            for segment in machine.segments:
                if segment.id in by_id:
                    hypotheses.append(segment.text)
                    refs.append(by_id[segment.id])
        bleu, chrf = BLEU(), CHRF()
        bleu_score = bleu.corpus_score(hypotheses, [refs])
        chrf_score = chrf.corpus_score(hypotheses, [refs])
        scores.append(Score(system, source, target, len(pairs), len(hypotheses),
                            bleu_score.score, str(bleu.get_signature()),
                            chrf_score.score, str(chrf.get_signature())))
    return scores
