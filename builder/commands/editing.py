"""``journal new``, ``log`` and ``done``: commands that edit the journal,
through ``builder.edit.session`` (the lock, the check, the atomic write);
``builder.commands.importing`` does the same for ``journal import``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from builder import format as fmt
from builder.commands import check_journal, resolve_today
from builder.console import already
from builder.diagnostics import has_errors, summary
from builder.model import Journal
from builder.names import plain_text
from builder.values import shown

if TYPE_CHECKING:
    from builder.edit.writer import Workspace


def _edit(
    args: argparse.Namespace, command: str, make: Callable[[Journal, Workspace, date], tuple[str, str, str]]
) -> int:
    """Run an editing command: ``make`` returns (path, new text, what to say).

    ``builder.edit.session`` does the work: under the journal's lock, the
    change must add no error to the journal (errors already there are
    listed, ``console.already``), and the file is written atomically unless
    it changed on disk meanwhile.  Otherwise nothing is written.
    """
    from builder.edit.session import edit_journal

    def run(journal: Journal, files: Workspace) -> tuple[dict[str, str], str]:
        rel, text, said = make(journal, files, resolve_today(getattr(args, "today", None), journal.plan.timezone))
        return {rel: text}, said

    try:
        done = edit_journal(args.root, command, run, waiting=_waiting(command))
    except Exception as exc:
        return _edit_failed(exc, command)
    for d in done.warnings:
        print(d)
    print(done.value)
    already(done.already, command)
    return 0


def _waiting(command: str) -> Callable[[], None]:
    """What an editing command says while another one holds the journal's lock."""
    return lambda: print(
        f"journal {command}: waiting for another journal command to finish editing...", file=sys.stderr
    )


def _edit_failed(exc: Exception, command: str) -> int:
    """Report why an editing command wrote nothing, like a compiler (the
    problems, then one line); a bug is re-raised for ``main``."""
    from builder.edit.errors import EditError
    from builder.edit.writer import Refused

    if isinstance(exc, Refused):
        for d in exc.diagnostics:
            print(d)
        print(
            f"journal {command}: nothing was written: the change would add {summary(exc.diagnostics)} "
            "to the journal (above)",
            file=sys.stderr,
        )
        already(exc.already, command)
    elif isinstance(exc, (EditError, ValueError)):
        print(f"journal {command}: {exc}", file=sys.stderr)
    elif isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"journal {command}: {where}{exc.strerror or exc}; nothing was written", file=sys.stderr)
    else:
        raise exc
    return 1


def cmd_new(args: argparse.Namespace) -> int:
    """``journal new KIND TITLE [--key value ...]``: a new entry from a template."""
    from builder.edit.authoring import NewFile, new_entry

    made: list[NewFile] = []

    def make(journal: Journal, files: Workspace, today: date) -> tuple[str, str, str]:
        created = new_entry(journal, files, args.kind, args.title, args.fields, today, force=args.force)
        made.append(created)
        return created.rel, created.text, created.rel  # the path alone on stdout: path=$(journal new ...)

    status = _edit(args, "new", make)
    if status == 0 and made[-1].note:
        print(f"journal new: note: {made[-1].note}", file=sys.stderr)
    if status == 0 and args.edit:
        return _open_in_editor(args.root, made[-1].rel)
    return status


def _open_in_editor(root: Path, rel: str) -> int:
    """``journal new --edit``: open the new file in ``$VISUAL``/``$EDITOR``,
    then check the journal again: what the editor saved gets the same
    scrutiny as what the command wrote (1 if it added an error)."""
    import shlex
    import subprocess

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        print(f"journal new: set $EDITOR to open the file; {rel} is written", file=sys.stderr)
        return 0
    try:
        done = subprocess.run([*shlex.split(editor), str(root / rel)], check=False)
    except (OSError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"journal new: cannot run the editor '{editor}': {why}; {rel} is written", file=sys.stderr)
        return 1
    if done.returncode != 0:
        print(f"journal new: the editor exited with status {done.returncode}; {rel} is as it left it", file=sys.stderr)
    problems = [d for d in check_journal(root) if d.loc.path == rel]
    for d in problems:
        print(d)
    if has_errors(problems):
        print(f"journal new: {rel} has {summary(problems)} after your edit (above): fix them", file=sys.stderr)
        return 1
    return 0 if done.returncode == 0 else 1


def cmd_log(args: argparse.Namespace) -> int:
    """``journal log CONTACT --channel C ... NOTE``: one more interaction."""
    from builder.edit.authoring import log_interaction

    def make(journal: Journal, files: Workspace, today: date) -> tuple[str, str, str]:
        day = args.date or today
        rel, text = log_interaction(
            journal,
            files,
            args.contact,
            channel=args.channel,
            by=args.by,
            minutes=args.minutes,
            day=day,
            note=" ".join(args.note),
        )
        later = " (after today: it counts from that day on)" if day > today else ""
        return rel, text, f"{rel}: logged {args.channel} on {day.isoformat()}{later}"

    return _edit(args, "log", make)


def cmd_done(args: argparse.Namespace) -> int:
    """``journal done SOURCE[:LINE]``: tick a task."""
    from builder.edit.authoring import tick_task

    def make(journal: Journal, files: Workspace, today: date) -> tuple[str, str, str]:
        rel, text, task, line = tick_task(journal, files, args.source)
        return rel, text, f"done: {shown(plain_text(task, journal.entry))} ({rel}:{line})"

    return _edit(args, "done", make)


def fields(extra: list[str]) -> dict[str, str]:
    """``--key value`` pairs (or ``--key=value``) given to ``journal new``."""
    fields: dict[str, str] = {}
    items = list(extra)
    while items:
        flag = items.pop(0)
        if not flag.startswith("--") or len(flag) < 3:
            raise SystemExit(f"journal new: expected --key value, found '{flag}'")
        key, eq, value = flag[2:].partition("=")
        if not eq:
            if not items:
                raise SystemExit(f"journal new: --{key} needs a value")
            value = items.pop(0)
        fields[key.replace("-", "_") if key not in ("keep-in-touch",) else "keep_in_touch"] = value
    return fields


def keys_help(folder: str) -> str:
    """The keys ``journal new`` takes for entries of ``folder``, one line
    each, from the format itself (``builder.format``), so they never differ."""
    from builder.schema import Map

    schema = fmt.ENTRY_SCHEMAS[folder]
    title_key = fmt.TITLE_KEYS[folder]
    rows: list[tuple[str, str]] = []
    for key, spec in schema.fields.items():
        if key in (title_key, "log", "public_fields"):
            continue
        if isinstance(spec.type, Map):
            rows += [(f"--{key}.{sub}", field.doc) for sub, field in spec.type.fields.items()]
        else:
            rows.append((f"--{key}", spec.doc))
    width = max(len(flag) for flag, _ in rows)
    lines = [f"  {flag:<{width}}  {doc}" for flag, doc in rows]
    return (
        "keys (--key value or --key=value; a list: --topics ux,careers; the name of an entry\n"
        "or a unique part of it where a key names entries):\n" + "\n".join(lines)
    )
