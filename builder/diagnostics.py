"""Problems found in a journal, as values with a source location.

Every stage appends ``Diagnostic`` values to a list instead of raising, so one
run reports every problem at once, like a compiler.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from builder.values import shown


class Loc(NamedTuple):
    """Where a value came from: a path relative to the journal root (POSIX
    separators), a 1-based line and a 1-based column (in characters).
    """

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


class Severity(Enum):
    """How bad a diagnostic is: errors fail ``journal check``, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem, printed as ``path:line:col: error: message``."""

    loc: Loc
    severity: Severity
    message: str

    def __str__(self) -> str:
        # One line whatever a file's name or a message quotes (a newline, a
        # terminal's escape sequence): control characters written as \u001B.
        return shown(f"{self.loc}: {self.severity.value}: {self.message}")


def error(loc: Loc, message: str) -> Diagnostic:
    """An error at ``loc``."""
    return Diagnostic(loc, Severity.ERROR, message)


def warning(loc: Loc, message: str) -> Diagnostic:
    """A warning at ``loc``."""
    return Diagnostic(loc, Severity.WARNING, message)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str, str]:
    """Order of printing: by file, line, column, then errors before warnings."""
    return (d.loc.path, d.loc.line, d.loc.col, d.severity.value, d.message)


def sorted_unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics in printing order, each reported once."""
    return sorted(set(diagnostics), key=sort_key)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether any diagnostic is an error."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    """``2 errors, 1 warning``, or ``no problems``."""
    diags = list(diagnostics)
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = len(diags) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts) or "no problems"
