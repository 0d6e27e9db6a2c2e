"""The corpus's tasks: their definitions, folds, the sentence-level labels derived from the
span layers, and the official scorer (``corpus-tools evaluate``)."""

#: Task name -> the config whose rows are its predictions' format.
TASK_CONFIGS: dict[str, str] = {
    "ner": "ner",
    "claims": "claims",
    "checkworthiness": "sentences",
    "attributions": "attributions",
}
TASKS = tuple(TASK_CONFIGS)
