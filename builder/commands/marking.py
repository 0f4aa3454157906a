"""``journal snooze`` and ``journal mark``: surgical edits that quiet a
contact's reminders for a while, or record what became of an event."""

from __future__ import annotations

import argparse


def cmd_snooze(args: argparse.Namespace) -> int:
    """``journal snooze CONTACT (--until DATE | --for LENGTH) [REASON]``."""
    raise NotImplementedError("journal snooze")


def cmd_mark(args: argparse.Namespace) -> int:
    """``journal mark EVENT STATUS``."""
    raise NotImplementedError("journal mark")
