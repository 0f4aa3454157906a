"""``journal snooze`` and ``journal mark``: surgical edits that quiet a
contact's reminders for a while, or record what became of an event.

Both run like ``journal log`` (``builder.commands.editing``): under the
journal's lock, refused only when the change would add an error, written
atomically; the edit itself is ``builder.edit.marks``."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from typing import TYPE_CHECKING

from builder.commands.editing import _edit
from builder.model import Journal
from builder.values import shown

if TYPE_CHECKING:
    from builder.edit.writer import Workspace


def cmd_snooze(args: argparse.Namespace) -> int:
    """``journal snooze CONTACT (--until DATE | --for LENGTH) [REASON]``."""
    from builder.edit.marks import snooze_contact

    def make(journal: Journal, files: Workspace, today: date) -> tuple[str, str, str]:
        until: date = args.until if args.until is not None else args.for_.after(today)
        contact, marked, reason = snooze_contact(journal, files, args.contact, until, " ".join(args.reason), today)
        resume = (until + timedelta(days=1)).isoformat()
        length = f" ({args.for_} from today)" if args.for_ is not None else ""
        was = f"; was until {shown(marked.old)}" if marked.old and marked.old != until.isoformat() else ""
        why = f": {shown(reason if len(reason) <= 80 else reason[:79] + '…')}" if reason else ""  # the file has it all
        said = (
            f"{marked.rel}: snoozed {shown(contact.name)} until {until.isoformat()}{length}, "
            f"reminders again from {resume}{was}{why}"
        )
        return marked.rel, marked.text, said

    return _edit(args, "snooze", make)


def cmd_mark(args: argparse.Namespace) -> int:
    """``journal mark EVENT STATUS``."""
    from builder.edit.marks import mark_event

    def make(journal: Journal, files: Workspace, today: date) -> tuple[str, str, str]:
        event, marked = mark_event(journal, files, args.event, args.status, today)
        title = shown(event.title)
        if marked.old == args.status:
            said = f"{marked.rel}: '{title}' is {args.status} already; nothing to change"
        else:
            was = f"was {shown(marked.old)}" if marked.old else f"no status yet: {event.status}"
            said = f"{marked.rel}: marked '{title}' {args.status} ({was})"
        return marked.rel, marked.text, said

    return _edit(args, "mark", make)
