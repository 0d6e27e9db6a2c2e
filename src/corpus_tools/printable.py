"""Make untrusted strings (file names, span ids, quotes, messages) safe to print.

A file name or span id holding a newline could forge a finding or a GitHub ``::error``
line; an escape character could drive the terminal. Every output format escapes them.
"""

from __future__ import annotations

import re

#: C0 and C1 controls, DEL, and the bidirectional overrides and isolates that reorder
#: how a terminal shows a line.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: What json.dumps leaves raw with ensure_ascii off (it escapes C0 itself, and the raw
#: newlines of its indentation must stay).
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def printable(text: str) -> str:
    """``text`` with every control or bidi-control character written as an escape."""
    return _UNSAFE.sub(_escape, text)


def json_safe(dumped: str) -> str:
    """JSON text with C1 and bidi controls as \\u escapes (json.dumps escapes only C0 when
    ensure_ascii is off); the decoded values are unchanged."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
