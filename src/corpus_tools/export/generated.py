"""Generated blocks inside hand-written markdown: ``<!-- generated:NAME -->`` …
``<!-- /generated:NAME -->``. Everything between the markers is replaced; the rest of the
document is left as written."""

from __future__ import annotations


class MissingBlock(ValueError):
    pass


def markers(name: str) -> tuple[str, str]:
    return f"<!-- generated:{name} -->", f"<!-- /generated:{name} -->"


def replace_block(text: str, name: str, content: str) -> str:
    start_marker, end_marker = markers(name)
    start, end = text.find(start_marker), text.find(end_marker)
    if start < 0 or end < start:
        raise MissingBlock(f"no {start_marker} … {end_marker} block to regenerate")
    return f"{text[:start + len(start_marker)]}\n{content}\n{text[end:]}"


def read_block(text: str, name: str) -> str | None:
    start_marker, end_marker = markers(name)
    start, end = text.find(start_marker), text.find(end_marker)
    if start < 0 or end < start:
        return None
    return text[start + len(start_marker):end].strip("\n")
