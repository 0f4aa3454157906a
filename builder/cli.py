"""The ``journal`` command line: the arguments, and which command runs
(``builder.commands``); where the journal repository is.

Commands print diagnostics like a compiler (``path:line:col: error: ...``) on
standard output and a one-line summary on standard error
(``builder.console``).  Exit status: 0 when there is no error, 1 when there
is, 2 for a command-line mistake, 70 for a bug.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from builder import __version__
from builder import format as fmt
from builder.commands import TODAY_ENV, check_journal, resolve_today
from builder.commands.editing import fields, keys_help
from builder.console import internal_error
from builder.format import CHANNELS
from builder.values import parse_cadence, parse_date, parse_iso_week, parse_minutes

T = TypeVar("T")

__all__ = ["check_journal", "main", "parser", "resolve_today"]  # what tests and the console script use


def _command(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """A command of ``builder.commands.<module>``, imported when it runs:
    ``journal check`` after one edit takes 0.4 s at career scale, and
    importing every command's modules (figures, actions, the site
    generator's adapter) was a twentieth of it."""

    def run(args: argparse.Namespace) -> int:
        return int(getattr(importlib.import_module(f"builder.commands.{module}"), name)(args))

    run.__name__ = name
    return run


def _new_root(value: str) -> Path:
    if not value.strip():
        raise argparse.ArgumentTypeError("give the folder to make the journal in (e.g. my-journal, or . for here)")
    return Path(value)


def _root(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"not a folder: {value}")
    return path


def _value(parse: Callable[[str], T]) -> Callable[[str], T]:
    """An argument type from one of the format's parsers: the same forms as
    in the files, and the same words when a value is refused."""

    def convert(value: str) -> T:
        try:
            return parse(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


_minutes = _value(parse_minutes)
_date = _value(parse_date)
_cadence = _value(parse_cadence)
_week = _value(parse_iso_week)  # 2026-W49: the Monday of that ISO week


def parser() -> argparse.ArgumentParser:
    """The command line: ``journal COMMAND [--root DIR] ...``."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        type=_root,
        metavar="DIR",
        help="the journal repository (default: the current folder or the nearest one above it with journal/plan.yml)",
    )
    dated = argparse.ArgumentParser(add_help=False)
    dated.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help=f"compute as of this date (default: ${TODAY_ENV}, else today in the plan's timezone)",
    )
    top = argparse.ArgumentParser(prog="journal", description="A networking journal that lives in git.")
    top.add_argument("--version", action="version", version=f"journal {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub = commands.add_parser("check", parents=[common], help="report every problem in the journal")
    sub.add_argument("--no-cache", action="store_true", help="read every file (the cache is in build/cache)")
    sub.set_defaults(func=_command("reading", "cmd_check"))

    visibility = argparse.ArgumentParser(add_help=False)
    group = visibility.add_mutually_exclusive_group()
    group.add_argument(
        "--public",
        dest="public",
        action="store_const",
        const=True,
        help="only what you chose to publish (default: extra.journal.public in mkdocs.yml)",
    )
    group.add_argument("--full", dest="public", action="store_const", const=False, help="everything (the default)")

    sub = commands.add_parser(
        "build", parents=[common, dated, visibility], help="check, generate the pages and build the site"
    )
    sub.add_argument("--site-dir", type=Path, metavar="DIR", help="where to write the site (default: mkdocs.yml's)")
    sub.add_argument(
        "--rev",
        metavar="REV",
        help="build the journal as it was in this commit (default today: the commit's date; site: SITE-<sha>)",
    )
    sub.add_argument(
        "--no-cache",
        action="store_true",
        help="parse, render and convert everything (by default only what changed since the last build; "
        "kept in build/cache and build/site-cache)",
    )
    sub.set_defaults(func=_command("site", "cmd_build"))

    sub = commands.add_parser(
        "serve", parents=[common, dated, visibility], help="serve the site and rebuild on every change"
    )
    sub.add_argument("--dev-addr", metavar="IP:PORT", help="address to serve on (default: localhost:8000)")
    sub.add_argument("--interval", type=float, default=1.0, help=argparse.SUPPRESS)
    sub.set_defaults(func=_command("site", "cmd_serve"))

    sub = commands.add_parser("followups", parents=[common, dated], help="list what is due")
    sub.add_argument("--json", action="store_true", help="print a JSON array")
    sub.set_defaults(func=_command("reading", "cmd_followups"))

    sub = commands.add_parser("goals", parents=[common, dated], help="show goal progress for the current period")
    sub.add_argument("--json", action="store_true", help="print a JSON array")
    sub.add_argument("--history", action="store_true", help="also the earlier periods")
    sub.set_defaults(func=_command("reading", "cmd_goals"))

    sub = commands.add_parser("next", parents=[common, dated], help="what to do this week, within the time budget")
    sub.add_argument("--json", action="store_true", help="print a JSON array")
    sub.add_argument("--week", action="store_true", help="only what fits this week's time budget")
    sub.set_defaults(func=_command("planning", "cmd_next"))

    sub = commands.add_parser("review", parents=[common, dated], help="write this week's review as a reflection")
    sub.add_argument(
        "--week", type=_week, metavar="YYYY-Www", help="the week to review, e.g. 2026-W49 (default: this week)"
    )
    sub.set_defaults(func=_command("planning", "cmd_review"))

    sub = commands.add_parser(
        "new",
        help="create an entry from a template",
        description="Create an entry: journal new contact 'Siti Rahayu' --organization acme --topics ux,careers. "
        "journal new KIND --help lists the keys of that kind.",
    )
    # journal new --root DIR contact T: --root before KIND as well (the kind's own --root would overwrite it)
    sub.add_argument("--root", dest="root_before_kind", type=_root, metavar="DIR", help=argparse.SUPPRESS)
    kinds = sub.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind, folder in fmt.ENTRY_KINDS.items():
        each = kinds.add_parser(
            kind,
            parents=[common, dated],
            help=f"a new {kind}",
            description=f"Create journal/{folder}/<slug>.md from a template.",
            epilog=keys_help(folder),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        each.add_argument("title", help="the name or title (the file name is made from it)")
        each.add_argument("--edit", action="store_true", help="open the new file in $EDITOR")
        each.add_argument("--force", action="store_true", help="write it even if one of the same name exists")
        each.set_defaults(func=_command("editing", "cmd_new"), takes_fields=True)

    sub = commands.add_parser("log", parents=[common, dated], help="add an interaction to a contact's log")
    sub.add_argument("contact", help="slug, name, or a unique part of either")
    sub.add_argument("note", nargs="*", help="what you talked about, learned and asked")
    sub.add_argument("--channel", required=True, choices=list(CHANNELS))
    sub.add_argument("--by", default="me", choices=["me", "them"], help="who reached out (default: me)")
    sub.add_argument(
        "--minutes", type=_minutes, metavar="LENGTH", help="how long it took: 45, 45m, 1h30m (as in the files)"
    )
    sub.add_argument("--date", type=_date, help="when (default: today)")
    sub.set_defaults(func=_command("editing", "cmd_log"))

    sub = commands.add_parser("done", parents=[common, dated], help="tick a task: SOURCE[:LINE]")
    sub.add_argument("source", help="a file (journal/contacts/ana.md) or slug, and the task's line")
    sub.set_defaults(func=_command("editing", "cmd_done"))

    sub = commands.add_parser(
        "snooze", parents=[common, dated], help="no reminders about a contact until a date (their tasks stay)"
    )
    sub.add_argument("contact", help="slug, name, or a unique part of either")
    sub.add_argument("reason", nargs="*", help="why, shown on their page (e.g. on parental leave)")
    when = sub.add_mutually_exclusive_group(required=True)
    when.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="the last day of the snooze")
    when.add_argument("--for", dest="for_", type=_cadence, metavar="LENGTH", help="how long: 10d, 2w, 3m")
    sub.set_defaults(func=_command("marking", "cmd_snooze"))

    sub = commands.add_parser("mark", parents=[common, dated], help="mark an event attended, skipped or cancelled")
    sub.add_argument("event", help="the event's slug, title, or a unique part of either")
    sub.add_argument("status", choices=["attended", "skipped", "cancelled", "registered", "planned"])
    sub.set_defaults(func=_command("marking", "cmd_mark"))

    sub = commands.add_parser(
        "import",
        parents=[common, dated],
        help="add people from LinkedIn, vCard or Google Contacts, or events from invitations (.ics)",
    )
    sub.add_argument("format", choices=["linkedin", "vcard", "google", "ics"])
    sub.add_argument("file", type=Path, help="Connections.csv, contacts.vcf, contacts.csv or invitation.ics")
    sub.add_argument("--dry-run", action="store_true", help="only say what would change")
    sub.add_argument(
        "--kind", choices=list(fmt.EVENT_KINDS), help="ics: the kind of every event (default: from its title)"
    )
    sub.add_argument(
        "--add-people", action="store_true", help="ics: a new contact for each organiser or attendee not known yet"
    )
    sub.set_defaults(func=_command("importing", "cmd_import"))

    sub = commands.add_parser("export", parents=[common], help="write contacts as vCard 4.0")
    sub.add_argument("format", choices=["vcard"])
    sub.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE (default: standard output)")
    sub.set_defaults(func=_command("reading", "cmd_export"))

    sub = commands.add_parser("init", help="start a new journal repository (git init, examples, first commit)")
    sub.add_argument("dir", type=_new_root, metavar="DIR")
    sub.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help=f"date the examples around this day (default: ${TODAY_ENV}, else the computer's date)",
    )
    sub.add_argument("--empty", action="store_true", help="no example entries, only the plan")
    sub.add_argument(
        "--builder-source",
        metavar="REQUIREMENT",
        help="how the publishing workflow installs the builder, a pip requirement "
        "(default: where this builder was installed from)",
    )
    sub.set_defaults(func=_command("setup", "cmd_init"))

    sub = commands.add_parser("help", help="the file format and other references (journal help format)")
    sub.add_argument("topic", nargs="?", metavar="TOPIC")
    sub.set_defaults(func=_command("setup", "cmd_help"))
    return top


def find_root(start: Path) -> Path | None:
    """The journal repository ``start`` is in: the nearest folder, ``start``
    or above, that has ``journal/plan.yml`` (as git finds ``.git``).  The
    plan, not just a ``journal/`` folder: the folder that holds a
    repository named ``journal`` is not a journal repository itself."""
    for folder in (start, *start.parents):
        if (folder / "journal" / "plan.yml").is_file():
            return folder
    return None


def _settle_root(args: argparse.Namespace) -> str | None:
    """Fill in ``args.root`` when ``--root`` was not given; the reason the
    command cannot run, or ``None``.  Every command but ``check`` needs the
    ``journal/`` folder (``check`` reports its absence as a diagnostic)."""
    if not hasattr(args, "root"):
        return None
    if args.root is None:
        here = Path.cwd()
        args.root = find_root(here)
        if args.root is None:
            if args.command == "check":
                args.root = Path(".")
                return None
            return (
                f"{here} is not in a journal repository (no journal/plan.yml here or above it): "
                "run the command in the repository, or give --root DIR (journal init DIR makes one)"
            )
        if args.root != here:
            args.root = Path(os.path.relpath(args.root, here))
    elif args.command != "check" and not (args.root / "journal").is_dir():
        return f"{args.root} is not a journal repository (it has no journal/ folder); journal init DIR makes one"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``journal`` console script."""
    top = parser()
    args, extra = top.parse_known_args(argv)
    if getattr(args, "root_before_kind", None) is not None and args.root is None:
        args.root = args.root_before_kind
    problem = _settle_root(args)
    if problem:
        print(f"journal {args.command}: {problem}", file=sys.stderr)
        return 1
    words = {"log": "note", "snooze": "reason"}.get(getattr(args, "command", None) or "")
    if extra and words:  # the free text of log (NOTE) and snooze (REASON)
        if extra[0] == "--":  # journal log ana --channel chat -- "- a note that starts with a dash"
            setattr(args, words, [*getattr(args, words), *extra[1:]])
            extra = []
        elif not any(e.startswith("-") for e in extra):
            # after the options: journal log ana --channel zoom Talked about..., journal snooze ana --for 2w On leave
            setattr(args, words, [*getattr(args, words), *extra])
            extra = []
    if extra and not getattr(args, "takes_fields", False):
        top.error(f"unrecognized arguments: {' '.join(extra)}")
    args.fields = fields(extra) if getattr(args, "takes_fields", False) else {}
    if args.command != "serve":
        # A short run that builds many small objects and frees them at exit:
        # the cyclic collector would only rescan them (10-15% of a check).
        gc.disable()
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `journal followups | head`
        sys.stderr.close()
        return 0
    except Exception as exc:  # a bug: say so plainly; JOURNAL_DEBUG=1 shows the traceback
        if os.environ.get("JOURNAL_DEBUG"):
            raise
        print(internal_error(exc), file=sys.stderr)
        return 70
