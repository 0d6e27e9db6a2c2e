"""Validation output: human text, JSON (a stable, documented structure) and GitHub
workflow annotations. Repeats of one check are capped, as the UD validator does."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from corpus_tools.checks.base import CHECKS, Finding
from corpus_tools.printable import json_safe, printable

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
    return printable(" ".join(text.split()))


def severity_counts(findings: Iterable[Finding], suppressed: Counter[str]) -> Counter[str]:
    """By severity, the suppressed too: a capped check has at least one finding shown
    (the cap is at least 1), which carries its severity."""
    counts: Counter[str] = Counter()
    severities = {}
    for finding in findings:
        counts[finding.severity] += 1
        severities[finding.check] = finding.severity
    for check, count in suppressed.items():
        counts[severities[check]] += count
    return counts


def passed(findings: Iterable[Finding], *, strict: bool = False) -> bool:
    """No errors; with ``strict``, no warnings either. (Suppressed findings are among the
    findings given here: capping hides them from view, never from the verdict.)"""
    return not any(f.is_error or strict for f in findings)


def _verdict(counts: Counter[str]) -> str:
    parts = [f"{counts[s]} {s}{'s' * (counts[s] != 1)}" for s in ("error", "warning")
             if counts[s]]
    return ", ".join(parts) or "clean"


def format_text(findings: list[Finding], suppressed: Counter[str], files_checked: int) -> str:
    lines = []
    for f in findings:
        where = f" {printable(f.span_id)}:" if f.span_id else ""
        lines.append(f"{printable(f.file)}:{f.line}:{f.column}: {f.severity}: "
                     f"[L{f.level} {f.check}]{where} {_one_line(f.message)}")
    for check, count in sorted(suppressed.items()):
        lines.append(f"... {count} more [{check}] findings not shown (--max-per-check)")
    verdict = _verdict(severity_counts(findings, suppressed))
    lines.append(f"{files_checked} files checked: {verdict}")
    return "\n".join(lines) + "\n"


def format_json(
    findings: list[Finding], suppressed: Counter[str], files_checked: int, level: int,
    *, strict: bool = False,
) -> str:
    counts = Counter(f.check for f in findings) + suppressed
    by_severity = severity_counts(findings, suppressed)
    document = {
        "format": "corpus-tools-validate",
        "version": JSON_FORMAT_VERSION,
        "level": level,
        "files_checked": files_checked,
        "ok": not counts,
        "passed": not by_severity["error"] and not (strict and by_severity["warning"]),
        "strict": strict,
        "errors": by_severity["error"],
        "warnings": by_severity["warning"],
        "counts": dict(sorted(counts.items())),
        "suppressed": dict(sorted(suppressed.items())),
        "findings": [f.to_json() for f in findings],
    }
    return json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def _escape(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return printable(value)


def format_github(findings: list[Finding], suppressed: Counter[str], files_checked: int) -> str:
    lines = []
    for f in findings:
        title = _escape(f"{f.check} (level {f.level})", property_value=True)
        where = f"{printable(f.span_id)}: " if f.span_id else ""
        lines.append(
            f"::{f.severity} file={_escape(f.file, property_value=True)},line={f.line},"
            f"col={f.column},title={title}::{_escape(where + _one_line(f.message))}"
        )
    verdict = _verdict(severity_counts(findings, suppressed))
    lines.append(f"{files_checked} files checked: {verdict}")
    return "\n".join(lines) + "\n"


def format_checks() -> str:
    import corpus_tools.checks.validator  # noqa: F401  (declares every check)

    rows = sorted(CHECKS.values(), key=lambda c: (c.level, c.id))
    width = max(len(c.id) for c in rows)
    return "\n".join(f"L{c.level}  {c.severity:<7}  {c.id:<{width}}  {c.summary}"
                     for c in rows) + "\n"
