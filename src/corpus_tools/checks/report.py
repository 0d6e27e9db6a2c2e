"""Validation output: human text, JSON (a stable, documented structure) and GitHub
workflow annotations. Repeats of one check are capped, as the UD validator does."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from corpus_tools.checks.base import CHECKS, Finding

JSON_FORMAT_VERSION = 1


def cap(
    findings: Iterable[Finding], max_per_check: int | None
) -> tuple[list[Finding], Counter[str]]:
    shown: list[Finding] = []
    suppressed: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for finding in findings:
        seen[finding.check] += 1
        if max_per_check is not None and seen[finding.check] > max_per_check:
            suppressed[finding.check] += 1
        else:
            shown.append(finding)
    return shown, suppressed


def _one_line(text: str) -> str:
    return " ".join(text.split())


def format_text(findings: list[Finding], suppressed: Counter[str], files_checked: int) -> str:
    lines = []
    for f in findings:
        where = f" {f.span_id}:" if f.span_id else ""
        lines.append(f"{f.file}:{f.line}:{f.column}: [L{f.level} {f.check}]{where} "
                     f"{_one_line(f.message)}")
    for check, count in sorted(suppressed.items()):
        lines.append(f"... {count} more [{check}] findings not shown (--max-per-check)")
    total = len(findings) + sum(suppressed.values())
    verdict = "clean" if total == 0 else f"{total} finding{'s' * (total != 1)}"
    lines.append(f"{files_checked} files checked: {verdict}")
    return "\n".join(lines) + "\n"


def format_json(
    findings: list[Finding], suppressed: Counter[str], files_checked: int, level: int
) -> str:
    counts = Counter(f.check for f in findings) + suppressed
    document = {
        "format": "corpus-tools-validate",
        "version": JSON_FORMAT_VERSION,
        "level": level,
        "files_checked": files_checked,
        "ok": not counts,
        "counts": dict(sorted(counts.items())),
        "suppressed": dict(sorted(suppressed.items())),
        "findings": [f.to_json() for f in findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(findings: list[Finding], suppressed: Counter[str], files_checked: int) -> str:
    lines = []
    for f in findings:
        title = _escape(f"{f.check} (level {f.level})", property_value=True)
        where = f"{f.span_id}: " if f.span_id else ""
        lines.append(
            f"::error file={_escape(f.file, property_value=True)},line={f.line},col={f.column},"
            f"title={title}::{_escape(where + _one_line(f.message))}"
        )
    total = len(findings) + sum(suppressed.values())
    lines.append(f"{files_checked} files checked: {total} findings")
    return "\n".join(lines) + "\n"


def format_checks() -> str:
    rows = sorted(CHECKS.values(), key=lambda c: (c.level, c.id))
    width = max(len(c.id) for c in rows)
    return "\n".join(f"L{c.level}  {c.id:<{width}}  {c.summary}" for c in rows) + "\n"
