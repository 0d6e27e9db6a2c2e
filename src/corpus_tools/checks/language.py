"""Document language identification with langdetect, made deterministic and restricted
to the corpus languages (short Dutch text is otherwise often taken for Afrikaans)."""

from __future__ import annotations

from functools import cache
from typing import Any

from corpus_tools.labels import LANGUAGES

#: langdetect reads at most this many characters, taken as equal slices from the start,
#: middle and end of a text: enough to identify a language, and bounded per document.
SAMPLE_CHARS = 1500


@cache
def _factory() -> Any:
    from langdetect import DetectorFactory, detector_factory

    DetectorFactory.seed = 0
    detector_factory.init_factory()
    return detector_factory._factory


def sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    part = SAMPLE_CHARS // 3
    middle = (len(text) - part) // 2
    return " ".join((text[:part], text[middle : middle + part], text[-part:]))


def detect_language(text: str) -> tuple[str, float]:
    """The most probable corpus language of ``text`` and its probability."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.set_prior_map({language: 1.0 / len(LANGUAGES) for language in LANGUAGES})
    detector.append(sample(text))
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return "unknown", 0.0
    return str(best.lang), float(best.prob)
