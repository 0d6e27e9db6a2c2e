"""``corpus-tools fix``: fill or repair span offsets from the quoted text and re-pin.

The text is the one the file is named for: an original's, or a translation's target text.

Works on the round-trip YAML tree, so comments, key order and quoting survive; writes
atomically and only when something changed; never drops, reorders or guesses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from corpus_tools.anchor import Anchored, anchor
from corpus_tools.io.corpus import CorpusError, load_text
from corpus_tools.io.textfile import decode
from corpus_tools.io.yamlio import (
    YamlParseError,
    atomic_write,
    dump_round_trip,
    load_round_trip,
    load_safe,
    locate,
)
from corpus_tools.layout import Layout, UnsafeDocId, parse_text_id

YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class FixNote:
    """One thing fix did or could not do. ``kind``: filled, re-anchored, re-pinned (changes);
    ambiguous, not-found, skipped (left for a person)."""

    file: str
    line: int
    column: int
    span_id: str | None
    kind: str
    message: str

    @property
    def is_change(self) -> bool:
        return self.kind in ("filled", "re-anchored", "re-pinned")

    def __str__(self) -> str:
        where = f" {self.span_id}:" if self.span_id else ""
        return f"{self.file}:{self.line}:{self.column}: [fix {self.kind}]{where} {self.message}"


def _span_nodes(tree: Any) -> Iterator[tuple[YamlPath, str | None, Any]]:
    """(path, owning annotation id, mapping) for every span mapping in a span file tree."""
    for layer in ("entities", "claims", "attributions"):
        items = tree.get(layer) if isinstance(tree, dict) else None
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            owner = item.get("id") if isinstance(item.get("id"), str) else None
            if layer != "attributions":
                yield (layer, index), owner, item
                continue
            for role in ("source", "cue", "content"):
                if isinstance(item.get(role), dict):
                    yield (layer, index, role), owner, item[role]


def _set_offsets(node: Any, start: int, end: int) -> None:
    """Set start/end, inserting missing keys just before ``text`` to keep the usual order."""
    for key, value in (("start", start), ("end", end)):
        if key in node:
            node[key] = value
        else:
            position = list(node).index("text") if "text" in node else len(node)
            node.insert(position, key, value)


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def fix_file(path: Path, layout: Layout, *, write: bool = True) -> list[FixNote]:
    """Repair one span file; with ``write=False`` only report what would change."""
    relative = layout.relative(path)

    def note(kind: str, message: str, at: YamlPath = (), span_id: str | None = None,
             tree: Any = None) -> FixNote:
        line, column = locate(tree, at) if tree is not None else (1, 1)
        return FixNote(relative, line, column, span_id, kind, message)

    try:
        source = path.read_bytes().decode("utf-8")
        tree: Any = load_round_trip(source)
    except UnicodeDecodeError:
        return [note("skipped", "not UTF-8; nothing changed")]
    except OSError as exc:
        return [note("skipped", f"cannot read: {exc.strerror}")]
    except YamlParseError as exc:
        return [FixNote(relative, exc.line, exc.column, None, "skipped",
                        f"{exc.check}: {exc.message}; nothing changed")]
    if not isinstance(tree, CommentedMap):
        return [note("skipped", "not a span file (no mapping at the top); nothing changed")]
    try:
        text = load_text(layout.root, parse_text_id(path.stem))
    except (UnsafeDocId, CorpusError) as exc:
        return [note("skipped", f"no readable text for {path.stem}: {exc}; nothing changed")]
    if decode(text.encode("utf-8"))[0] is None:
        return [note("skipped", f"the text of {path.stem} is empty or binary; nothing changed")]

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    text_unchanged = tree.get("text_sha256") == digest
    notes: list[FixNote] = []
    for at, owner, node in _span_nodes(tree):
        quote = node.get("text")
        if not isinstance(quote, str) or not quote:
            notes.append(note("skipped", "span has no quoted `text` to anchor", at, owner, tree))
            continue
        start, end = _int_or_none(node.get("start")), _int_or_none(node.get("end"))
        occurrence = _int_or_none(node.get("occurrence"))
        prefix, suffix = node.get("prefix"), node.get("suffix")
        result = anchor(
            text, quote, start=start, end=end, occurrence=occurrence,
            prefix=prefix if isinstance(prefix, str) else None,
            suffix=suffix if isinstance(suffix, str) else None,
            trust_offsets=text_unchanged,
        )
        if not isinstance(result, Anchored):
            notes.append(note(result.reason, f"{quote!r:.50}: {result.message}", at, owner, tree))
            continue
        if (start, end) == (result.start, result.end):
            continue
        kind = "filled" if start is None and end is None else "re-anchored"
        was = "" if kind == "filled" else f" (was {node.get('start')}-{node.get('end')})"
        _set_offsets(node, result.start, result.end)
        notes.append(note(kind, f"{quote!r:.50} -> {result.start}-{result.end}{was}", at, owner,
                          tree))

    unresolved = any(not n.is_change for n in notes)
    if not unresolved and not text_unchanged:
        old = tree.get("text_sha256")
        if "text_sha256" in tree:
            tree["text_sha256"] = digest
        else:
            tree.insert(min(2, len(tree)), "text_sha256", digest)
        notes.append(note("re-pinned", f"text_sha256 {str(old)[:12]}… -> {digest[:12]}…",
                          ("text_sha256",), None, tree))

    if write and any(n.is_change for n in notes):
        output = dump_round_trip(tree)
        load_safe(output)  # refuse to write anything that would not parse back
        atomic_write(path, output)
    return notes
