"""Document language identification with langdetect, made deterministic and restricted
to the corpus languages (short Dutch text is otherwise often taken for Afrikaans)."""

from __future__ import annotations

from functools import cache
from typing import Any

from corpus_tools.labels import LANGUAGES


@cache
def _factory() -> Any:
    from langdetect import DetectorFactory, detector_factory

    DetectorFactory.seed = 0
    detector_factory.init_factory()
    return detector_factory._factory


def detect_language(text: str) -> tuple[str, float]:
    """The most probable corpus language of ``text`` and its probability."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.set_prior_map({language: 1.0 / len(LANGUAGES) for language in LANGUAGES})
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return "unknown", 0.0
    return str(best.lang), float(best.prob)
