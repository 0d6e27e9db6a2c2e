"""Consistency rules of the committed corpus that no single file can show: every claim
cluster is in the guidelines' table, every registry entry is named in every corpus
language, an unlinked linkable mention says why, and ADJUDICATION.md's counts match its
table and the agreement tool."""

from __future__ import annotations

import re
from collections import Counter

from corpus_tools.agreement import compare_sets
from corpus_tools.io.corpus import iter_documents, load_registry
from corpus_tools.labels import LINKABLE_ENTITY_LABELS
from test_export import REPO

NUMBERS = {word: n for n, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve"))}


def test_every_cluster_is_in_the_guidelines_table() -> None:
    """A cluster names a proposition (C32) and is listed in C36, so a single-member
    cluster is allowed: it waits for the same proposition in another document."""
    guidelines = (REPO / "annotations/GUIDELINES.md").read_text(encoding="utf-8")
    table = guidelines[guidelines.index("**Candidate clusters"):
                       guidelines.index("**Not the same cluster")]
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", table, re.M))
    used = Counter(c.cluster for d in iter_documents(REPO) for c in d.spans.claims
                   if c.cluster)
    assert set(used) <= listed, sorted(set(used) - listed)
    assert used and listed


def test_every_registry_entry_is_named_in_every_corpus_language() -> None:
    languages = {d.meta.language for d in iter_documents(REPO)}
    unnamed = [(e.id, code) for e in load_registry(REPO).entries for code in sorted(languages)
               if not e.names.get(code)]
    assert unnamed == []


def test_unlinked_linkable_mentions_say_why() -> None:
    silent = [(d.meta.doc_id, e.id) for d in iter_documents(REPO) for e in d.spans.entities
              if e.label in LINKABLE_ENTITY_LABELS and e.entity is None and not e.note]
    assert silent == []


def test_adjudication_counts_match_its_table_and_the_tool() -> None:
    text = (REPO / "annotations/ADJUDICATION.md").read_text(encoding="utf-8")
    match = re.search(r"^(\w+) differences \(`corpus-tools agreement (\S+) (\S+) "
                      r"--disagreements`\), (\w+) decisions:", text, re.M)
    assert match is not None
    differences, a, b, decisions = match.groups()
    rows = re.findall(r"^\| D\d+ \|", text, re.M)
    assert NUMBERS[decisions.lower()] == len(rows)
    assert NUMBERS[differences.lower()] == len(compare_sets(REPO, a, b).disagreements)
