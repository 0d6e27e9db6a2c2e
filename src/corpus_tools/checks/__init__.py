"""Validation: every check has a stable kebab-case id and a level.

Level 1: file structure (encoding, YAML, JSON Schema).
Level 2: one file against its text (offsets, quotes, ids, references, nesting, labels).
Level 3: across files (registry, staleness, language, metadata vs text, coverage).

To add a check, write one decorated function in spans.py (span files), documents.py
(texts and metadata) or corpus.py (cross-file), and an invalid fixture that triggers it.
"""
