"""What the commands print, in one place: diagnostics like a compiler's
(``path:line:col: error: ...`` on standard output, a summary on standard
error), the errors a command worked around, a bug as one line, columns that
line up in any script."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from builder.diagnostics import Diagnostic, Severity, summary


def report(diagnostics: Sequence[Diagnostic], command: str) -> None:
    """Every diagnostic on standard output, then `journal COMMAND: 2 errors` on standard error."""
    for d in diagnostics:
        print(d)
    print(f"journal {command}: {summary(diagnostics)}", file=sys.stderr)


def already(errors: Sequence[Diagnostic], command: str) -> None:
    """List, on standard error, the errors the journal has that a command
    worked around: they are the journal's, not the command's doing."""
    errors = [d for d in errors if d.severity is Severity.ERROR]
    if not errors:
        return
    print(
        f"journal {command}: {summary(errors)} already in the journal, not from this command "
        "(until they are fixed, what they are in may be left out or incomplete; journal check lists every problem):",
        file=sys.stderr,
    )
    for d in errors:
        print(f"  {d}", file=sys.stderr)


def column(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (CJK and emoji take two;
    combining marks none); longer text is cut with an ellipsis."""
    import unicodedata

    def cells(ch: str) -> int:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            return 0
        return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1

    if sum(map(cells, text)) <= width:
        return text + " " * (width - sum(map(cells, text)))
    out, used = [], 0
    for ch in text:
        if used + cells(ch) > width - 1:  # room for the ellipsis
            break
        out.append(ch)
        used += cells(ch)
    return "".join(out) + "…" + " " * (width - used - 1)


def internal_error(exc: Exception) -> str:
    """One line about a bug: what and where, never a traceback."""
    where = exc.__traceback__
    while where is not None and where.tb_next is not None:
        where = where.tb_next
    place = f" ({Path(where.tb_frame.f_code.co_filename).name}:{where.tb_lineno})" if where else ""
    return (
        f"journal: internal error: {type(exc).__name__}: {exc}{place}. This is a bug in the journal builder; "
        "please report it (run with JOURNAL_DEBUG=1 for details)."
    )


def waiting_for_site(command: str) -> Callable[[], None]:
    """What ``journal build`` or ``serve`` says while another holds the site's lock."""
    return lambda: print(f"journal {command}: waiting for another journal build or serve to finish...", file=sys.stderr)
