"""``corpus-tools fix``: fill or repair span offsets from the quoted text and re-pin.

The text is the one the file is named for: an original's, or a translation's target text.

Works on the round-trip YAML tree, so comments, key order and quoting survive; writes
atomically and only when something changed; never drops, reorders or guesses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from corpus_tools.anchor import Anchored, TextEdit, Unresolved, anchor
from corpus_tools.hashing import sha256_bytes
from corpus_tools.io.corpus import CorpusError, load_text
from corpus_tools.io.textfile import decode
from corpus_tools.io.textstore import recall, remember
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
    ambiguous, not-found, edited, unverified, skipped (left for a person)."""

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


def carry_over(old_text: str, text: str, edit: TextEdit, quote: str, start: int | None,
               end: int | None, hints: dict[str, Any]) -> Anchored | Unresolved:
    """Where a span made on ``old_text`` belongs in the edited ``text``.

    The span is found in the text it was made on (by its offsets, else its quote and
    hints) and carried through the diff; an ``occurrence`` counted in the old text is no
    evidence in the new one. A span the edit touched, or came right next to, is left for
    a person. Only a quote absent from the old text (written after the edit) is anchored
    in the new text directly."""
    before = anchor(old_text, quote, start=start, end=end, **hints)
    if isinstance(before, Unresolved):
        if quote not in old_text:
            return anchor(text, quote, start=start, end=end, trust_offsets=False, **hints)
        return before
    moved = edit.map(before.start, before.end, text)
    if moved is None:
        return Unresolved("edited", f"the text was edited at or next to this span (was "
                          f"{before.start}-{before.end} in the text it was made on); check it "
                          "and set start/end")
    return Anchored(*moved)


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
        text_ref = parse_text_id(path.stem)
        text = load_text(layout.root, text_ref)
    except (UnsafeDocId, CorpusError) as exc:
        return [note("skipped", f"no readable text for {path.stem}: {exc}; nothing changed")]
    text_bytes = text.encode("utf-8")
    if decode(text_bytes)[0] is None:  # an original's text is checked on reading; a target
        # text is built from translation segments, which could still be empty or hold NULs
        return [note("skipped", f"the text of {path.stem} is empty or binary; nothing changed")]
    digest = sha256_bytes(text_bytes)
    pinned = tree.get("text_sha256")
    text_unchanged = pinned == digest
    edit: TextEdit | None = None
    old_text: str | None = None
    if text_unchanged:
        remember(layout, text_bytes, digest)
    elif isinstance(pinned, str):
        # git history holds an original's earlier texts; a translation's target text is
        # built, so only the store of texts seen before can give its earlier version
        history = None if text_ref.is_translation else layout.text_path(text_ref.doc_id)
        old_bytes = recall(layout, history, pinned)
        old_text = decode(old_bytes)[0] if old_bytes is not None else None
        edit = TextEdit.between(old_text, text) if old_text is not None else None
    notes: list[FixNote] = []
    if not text_unchanged and edit is None and isinstance(pinned, str):
        notes.append(note("unverified", f"the text changed since text_sha256 {pinned[:12]}… was "
                          "pinned, and that version is neither in .cache/corpus-tools/texts nor in "
                          "git history, so offsets cannot be carried over safely: check every "
                          f"span, then set text_sha256 to {digest}", ("text_sha256",), None, tree))
    for at, owner, node in _span_nodes(tree):
        quote = node.get("text")
        if not isinstance(quote, str) or not quote:
            notes.append(note("skipped", "span has no quoted `text` to anchor", at, owner, tree))
            continue
        start, end = _int_or_none(node.get("start")), _int_or_none(node.get("end"))
        occurrence = _int_or_none(node.get("occurrence"))
        prefix, suffix = node.get("prefix"), node.get("suffix")
        hints: dict[str, Any] = {"occurrence": occurrence,
                 "prefix": prefix if isinstance(prefix, str) else None,
                 "suffix": suffix if isinstance(suffix, str) else None}
        if text_unchanged:
            result = anchor(text, quote, start=start, end=end, **hints)
        elif old_text is None or edit is None:
            if start is not None and end is not None and text[start:end] == quote:
                continue  # where it was; the file-level note asks for a check
            notes.append(note("unverified", f"{quote!r:.50}: not anchored, and the text it was "
                              "made on is unknown", at, owner, tree))
            continue
        else:
            result = carry_over(old_text, text, edit, quote, start, end, hints)
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
        remember(layout, text_bytes, digest)

    if write and any(n.is_change for n in notes):
        output = dump_round_trip(tree)
        load_safe(output)  # refuse to write anything that would not parse back
        atomic_write(path, output)
    return notes
