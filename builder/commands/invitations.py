"""``journal import ics FILE``: events from invitations (Zoom, Teams, Google
Calendar, Meetup, EventBrite, Outlook).

The file is read by ``builder.importers.ics``, the edits are planned by
``builder.importers.events`` (and, with ``--add-people``, the new contacts
by ``builder.importers.merge``), and written through the same editing
session as every edit: under the journal's lock, refused if they would add
an error, atomic; ``--dry-run`` plans and checks the same and writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Collection
from typing import TYPE_CHECKING

from builder.commands.importing import print_files, print_skipped, read_export, run_import
from builder.console import already
from builder.model import Journal

if TYPE_CHECKING:
    from builder.edit.writer import Workspace
    from builder.importers.events import EventPlan


def cmd_import_ics(args: argparse.Namespace) -> int:
    """``journal import ics FILE [--kind KIND] [--add-people] [--dry-run]``."""
    from builder.edit.errors import EditError
    from builder.importers.events import plan_events
    from builder.importers.ics import read_ics

    found = read_export(args, read_ics)
    if found is None:
        return 1
    invitations, skipped = found

    def make(journal: Journal, files: Workspace) -> tuple[dict[str, str], EventPlan]:
        folders = ("contacts", "events") if args.add_people else ("events",)
        unread = sorted(slug for slug, folder in journal.unloaded.items() if folder in folders)
        if unread:  # the event of an invitation, or a person in it, would be made a second time
            raise EditError(
                f"{len(unread)} files could not be read ({', '.join(unread[:5])}): an import matches invitations "
                "against every event (and people against every contact), so fix them first (journal check says "
                "how); nothing was written"
            )
        plan = plan_events(
            journal, files, invitations, skipped, kind=getattr(args, "kind", None), add_people=args.add_people
        )
        return plan.texts(), plan

    def said(plan: EventPlan, written: Collection[str]) -> None:
        contacts = plan.contacts
        people = {rel: contacts.changes.get(rel, []) for rel in contacts.updated}
        print_files({**contacts.created, **plan.created}, people, written, args.dry_run)
        print_files((), {rel: plan.changes[rel] for rel in plan.updated}, written, args.dry_run)

    done = run_import(args, make, said)
    if isinstance(done, int):
        return done
    plan = done.value
    said(plan, done.written)
    print_skipped(args.file, plan.skipped)
    print_skipped(args.file, plan.contacts.skipped, "not added")  # a person named in an invitation, not made a contact
    verb = "would be " if args.dry_run else ""
    people = ""
    if plan.contacts.created or plan.contacts.updated:
        people = f"; contacts: {len(plan.contacts.created)} {verb}created, {len(plan.contacts.updated)} {verb}updated"
    platforms = ", ".join(plan.platforms) or "none"
    if plan.hosts:
        platforms += f" (other hosts: {', '.join(plan.hosts)})"
    print(
        f"journal import: {plan.read} events read: {len(plan.created)} {verb}created, "
        f"{len(plan.updated)} {verb}updated, {plan.unchanged} unchanged, {plan.skipped_rows} skipped{people}; "
        f"platforms recognised: {platforms}",
        file=sys.stderr,
    )
    already(done.already, "import")
    return 0
