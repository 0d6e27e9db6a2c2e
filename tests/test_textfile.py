from __future__ import annotations

import pytest

from corpus_tools.io.textfile import TextRejected, decode, line_column, normalise


def checks(data: bytes) -> list[str]:
    return [p.check for p in decode(data)[1]]


def test_clean_text() -> None:
    text = "Venezuela 🇻🇪 en de VS — שלום\n"
    assert decode(text.encode()) == (text, [])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", ["file-empty"]),
        (b"  \n", ["file-empty"]),
        (b"abc\x00def", ["file-binary"]),
        (b"abc\x07def", ["file-binary"]),
        (b"caf\xe9", ["file-encoding"]),
        ("\ufeffhello".encode(), ["file-encoding"]),
        (b"a\r\nb", ["line-endings"]),
        ("Jose\u0301".encode(), ["not-nfc"]),
    ],
)
def test_problems(data: bytes, expected: list[str]) -> None:
    assert checks(data) == expected


def test_normalise_reports_each_change() -> None:
    text, changes = normalise("\ufeffJose\u0301\r\nline".encode())
    assert text == "José\nline"
    assert changes == [
        "removed the byte-order mark",
        "converted CRLF/CR line endings to LF",
        "normalised to Unicode NFC",
    ]


@pytest.mark.parametrize("data", [b"", b"\x00\x01", b"\xff\xfe"])
def test_normalise_refuses(data: bytes) -> None:
    with pytest.raises(TextRejected):
        normalise(data)


def test_line_column() -> None:
    assert line_column("ab\ncd", 4) == (2, 2)
    assert line_column("ab", 0) == (1, 1)
