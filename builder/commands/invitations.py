"""``journal import ics FILE``: events from invitations (Zoom, Teams, Google
Calendar, Meetup, EventBrite, Outlook)."""

from __future__ import annotations

import argparse
import sys


def cmd_import_ics(args: argparse.Namespace) -> int:
    """``journal import ics FILE [--kind KIND] [--add-people] [--dry-run]``."""
    print("journal import ics: not written yet", file=sys.stderr)
    return 1
