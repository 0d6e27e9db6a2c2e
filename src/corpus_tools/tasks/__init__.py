"""The corpus's tasks: their definitions, folds, the sentence-level labels derived from the
span layers, and the official scorer (``corpus-tools evaluate``)."""

from corpus_tools.io.annotated import ORIGINAL, TEXT_KINDS, TRANSLATION

#: Task name -> the config whose rows are its predictions' format.
TASK_CONFIGS: dict[str, str] = {
    "ner": "ner",
    "claims": "claims",
    "checkworthiness": "sentences",
    "attributions": "attributions",
}
TASKS = tuple(TASK_CONFIGS)
#: Which annotated texts ``evaluate`` scores: the originals, the translations' target
#: texts, or both; by the ``text_kind`` values each selection holds.
SELECTIONS: dict[str, tuple[str, ...]] = {
    "originals": (ORIGINAL,), "translations": (TRANSLATION,), "all": TEXT_KINDS,
}
DEFAULT_SELECTION = "originals"
