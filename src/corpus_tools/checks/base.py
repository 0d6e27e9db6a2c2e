"""Check declarations, the issues checks yield, and the located findings reported to users."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any, Generic, Literal, TypeVar

#: An error fails validation and blocks the build; a warning marks a state a growing corpus
#: passes through (a document not yet translated, a metadata stub) and fails only --strict.
Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")

#: Levels are stages: 1 files and syntax, 2 each file's own content, 3 across files
#: (staleness, coverage, language identification). A run up to level N runs no later check.
LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class Check:
    id: str
    level: int
    summary: str
    severity: Severity = "error"


CHECKS: dict[str, Check] = {}
def declare(check_id: str, level: int, summary: str, severity: Severity = "error") -> Check:
    if check_id in CHECKS:
        raise ValueError(f"check {check_id!r} declared twice")
    if severity not in SEVERITIES:
        raise ValueError(f"check {check_id!r}: severity {severity!r} is not one of {SEVERITIES}")
    CHECKS[check_id] = Check(check_id, level, summary, severity)
    return CHECKS[check_id]


@dataclass(frozen=True)
class Issue:
    """What a check yields: where (a path into the YAML tree, or a code-point offset into a
    text file) and what. The runner turns it into a located Finding."""

    check: str
    message: str
    path: tuple[str | int, ...] = ()
    offset: int | None = None
    span_id: str | None = None
    line: int | None = None  # set directly only where the parser already knows it
    column: int | None = None
    file: str | None = None  # only cross-file checks name a file other than the unit's


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    column: int
    check: str
    level: int
    span_id: str | None
    message: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        """The finding ``to_json`` gave; ValueError or TypeError for anything else."""
        finding = cls(**data)
        texts = (finding.file, finding.check, finding.message)
        numbers = (finding.line, finding.column, finding.level)
        if (not all(isinstance(t, str) for t in texts)
                or not all(type(n) is int for n in numbers)
                or not isinstance(finding.span_id, str | None)
                or finding.severity not in SEVERITIES):
            raise ValueError(f"not a finding: {data!r:.80}")
        return finding


@dataclass(frozen=True)
class ValidationResult:
    findings: list[Finding]
    files_checked: int


def stale_pin(check: str, pinned: str, actual: str | None, since: str, remedy: str,
              field: str = "text_sha256") -> Iterator[Issue]:
    """The one staleness rule: a file pins the SHA-256 of the text it was made on."""
    if actual is not None and actual != pinned:
        yield Issue(check, f"the text changed since {since} (pinned {pinned[:12]}…, now "
                    f"{actual[:12]}…); {remedy}", (field,))


C = TypeVar("C")


class CheckSuite(Generic[C]):
    """An ordered collection of check functions that all take the same context type."""

    def __init__(self) -> None:
        self.functions: list[tuple[Check, Callable[[C], Iterable[Issue]]]] = []

    def register(
        self, check_id: str, level: int | None = None, summary: str | None = None,
        severity: Severity = "error",
    ) -> Callable[[Callable[[C], Iterable[Issue]]], Callable[[C], Iterable[Issue]]]:
        """Declare a new check, or (without level and summary) run an already declared
        one on this suite's files too."""
        if level is None or summary is None:
            check = CHECKS[check_id]
        else:
            check = declare(check_id, level, summary, severity)

        def decorator(function: Callable[[C], Iterable[Issue]]) -> Callable[[C], Iterable[Issue]]:
            self.functions.append((check, function))
            return function

        return decorator

    def run(self, context: C, max_level: int = LEVELS[-1]) -> list[Issue]:
        """The issues of the checks up to ``max_level``; later checks are not called."""
        issues: list[Issue] = []
        for check, function in self.functions:
            if check.level > max_level:
                continue
            for issue in function(context):
                if issue.check != check.id:
                    raise AssertionError(f"{function.__name__} yielded {issue.check}")
                issues.append(issue)
        return issues
