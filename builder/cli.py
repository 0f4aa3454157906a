"""The ``journal`` command: a thin layer over the stages.

Commands print diagnostics like a compiler (``path:line:col: error: ...``) on
standard output and a one-line summary on standard error.  Exit status: 0
when there is no error, 1 when there is, 2 for a command-line mistake.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from builder import __version__
from builder.diagnostics import Diagnostic, has_errors, sorted_unique, summary
from builder.load import load
from builder.validate import validate


def check_journal(root: Path) -> list[Diagnostic]:
    """Load and validate the journal at ``root``: every problem, in printing order."""
    journal, diagnostics = load(root)
    diagnostics.extend(validate(journal))
    return sorted_unique(diagnostics)


def cmd_check(args: argparse.Namespace) -> int:
    """``journal check``: report every problem; never writes anything."""
    diagnostics = check_journal(args.root)
    for d in diagnostics:
        print(d)
    print(f"journal check: {summary(diagnostics)}", file=sys.stderr)
    return 1 if has_errors(diagnostics) else 0


def _root(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"not a folder: {value}")
    return path


def parser() -> argparse.ArgumentParser:
    """The command line: ``journal COMMAND [--root DIR] ...``."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        type=_root,
        default=Path("."),
        metavar="DIR",
        help="the journal repository (default: the current folder)",
    )
    top = argparse.ArgumentParser(prog="journal", description="A networking journal that lives in git.")
    top.add_argument("--version", action="version", version=f"journal {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        parents=[common],
        help="report every problem in the journal",
        description="Check every file of the journal and report each problem as path:line:col.",
    )
    check.set_defaults(func=cmd_check)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``journal`` console script."""
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
