"""The ``journal`` commands, one module per kind: ``reading`` (check,
followups, goals, export), ``editing`` (new, log, done, import), ``site``
(build, serve), ``setup`` (init, help).  Each takes the parsed arguments
(``builder.cli``) and returns the exit status; the work is done by the
stages they call.

"Today" is resolved here, once per command: ``--today``, else
``$JOURNAL_TODAY``, else the current date in the plan's timezone;
everything below receives it.
"""

from __future__ import annotations

import os
from datetime import date, datetime, tzinfo
from pathlib import Path

from builder.check import check
from builder.diagnostics import Diagnostic
from builder.values import parse_date

TODAY_ENV = "JOURNAL_TODAY"


def check_journal(root: Path) -> list[Diagnostic]:
    """Load and validate the journal at ``root``: every problem, in printing order."""
    return check(root)[1]


def resolve_today(given: date | None, tz: tzinfo | None) -> date:
    """``--today``, else ``$JOURNAL_TODAY``, else today in the plan's timezone."""
    if given is not None:
        return given
    from_env = os.environ.get(TODAY_ENV)
    if from_env:
        try:
            return parse_date(from_env.strip())
        except ValueError as exc:
            raise SystemExit(f"journal: {TODAY_ENV}: {exc}") from None
    return datetime.now(tz).date()
