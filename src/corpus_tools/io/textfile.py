"""Document texts: UTF-8, LF line endings, Unicode NFC, as ANNOTATION_SPEC.md requires."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

BOM = "\ufeff"
#: Unicode category Cc (C0, DEL, C1) except tab, LF and CR.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class TextProblem:
    """A reason a text is not a valid document text; ``offset`` is in code points."""

    check: str
    offset: int
    message: str


class TextRejected(ValueError):
    def __init__(self, problem: TextProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a code-point offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _first_control(text: str) -> int | None:
    match = _CONTROL.search(text)
    return match.start() if match else None


def _first_non_nfc(text: str, chunk: int = 4096) -> int:
    """Offset of the first character NFC would change: the first unnormalised chunk is
    found at C speed, then searched character by character (linear time overall)."""
    for base in range(0, len(text), chunk):
        # One character of overlap either side: composition looks at neighbours.
        window_start = max(0, base - 1)
        if unicodedata.is_normalized("NFC", text[window_start : base + chunk + 1]):
            continue
        for index in range(base, min(len(text), base + chunk)):
            if not unicodedata.is_normalized("NFC", text[max(0, index - 1) : index + 2]):
                return index
    return 0


def decode(data: bytes) -> tuple[str | None, list[TextProblem]]:
    """Decode a document text and list every way it breaks the text rules.

    Returns the decoded text (None if it is not UTF-8 or is binary) and the problems.
    """
    if not data.strip():
        return None, [TextProblem("file-empty", 0, "the file is empty or only whitespace")]
    if b"\x00" in data:
        return None, [
            TextProblem("file-binary", data.index(b"\x00"), "the file holds NUL bytes: binary")
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            TextProblem("file-encoding", exc.start, f"not UTF-8: byte {exc.start} ({exc.reason})")
        ]
    problems: list[TextProblem] = []
    if text.startswith(BOM):
        problems.append(TextProblem("file-encoding", 0, "starts with a byte-order mark (BOM)"))
    control = _first_control(text)
    if control is not None:
        problems.append(
            TextProblem("file-binary", control, f"control character U+{ord(text[control]):04X}")
        )
    if "\r" in text:
        problems.append(
            TextProblem("line-endings", text.index("\r"), "CR or CRLF line endings; use LF")
        )
    if not unicodedata.is_normalized("NFC", text):
        problems.append(
            TextProblem("not-nfc", _first_non_nfc(text), "text is not Unicode NFC")
        )
    return text, problems


def normalise(data: bytes) -> tuple[str, list[str]]:
    """Turn raw bytes into a valid document text, listing every change made.

    Raises TextRejected for empty, binary or non-UTF-8 input: those are never guessed at.
    """
    text, problems = decode(data)
    for problem in problems:
        if problem.check in {"file-empty", "file-binary"} or text is None:
            raise TextRejected(problem)
    assert text is not None
    changes: list[str] = []
    if text.startswith(BOM):
        text = text[1:]
        changes.append("removed the byte-order mark")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        changes.append("converted CRLF/CR line endings to LF")
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        text = nfc
        changes.append("normalised to Unicode NFC")
    return text, changes
