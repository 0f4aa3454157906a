"""``journal import``: people from an address book (LinkedIn, vCard, Google
Contacts), or events from invitations (``builder.commands.invitations``),
through the same editing session as every edit: the lock, the check that
the change adds no error, the atomic write."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from builder.commands.editing import _edit_failed, _waiting
from builder.console import already
from builder.importers.records import Skipped
from builder.model import Journal

if TYPE_CHECKING:
    from builder.edit.session import Edited
    from builder.edit.writer import Workspace

P = TypeVar("P")
MAX_EXPORT = 512 << 20  # bytes: a career's address book with photos is far smaller


def read_export(args: argparse.Namespace, read: Callable[[bytes], P]) -> P | None:
    """What ``read`` makes of the file, or ``None`` once the reason it
    cannot is printed in one line (a file that cannot be opened, or is not
    what the command reads)."""
    try:
        if not args.file.is_file():  # a folder, /dev/zero, a pipe: nothing an export is
            what = "not a file" if args.file.exists() else "No such file or directory"
            print(f"journal import: {args.file}: {what}", file=sys.stderr)
            return None
        if args.file.stat().st_size > MAX_EXPORT:
            print(f"journal import: {args.file}: larger than {MAX_EXPORT >> 20} MB: not an export", file=sys.stderr)
            return None
        return read(args.file.read_bytes())
    except OSError as exc:
        print(f"journal import: {args.file}: {exc.strerror or exc}", file=sys.stderr)
    except ValueError as exc:
        print(f"journal import: {args.file}: {exc}", file=sys.stderr)
    return None


def print_files(
    created: Collection[str], updated: Mapping[str, Sequence[str]], written: Collection[str], dry_run: bool
) -> None:
    """The files an import wrote (or would write), created then updated, each
    updated one with what changed in it."""
    for rel in sorted(created):
        if rel in written:
            print(f"{'would create' if dry_run else 'created'} {rel}")
    for rel in sorted(updated):
        if rel in written:
            print(f"{'would update' if dry_run else 'updated'} {rel}: {', '.join(updated[rel])}")


def print_skipped(file: object, skipped: Iterable[Skipped], word: str = "skipped") -> None:
    """Each row left out (``word``), or remark on a row read (``note``), with where it is."""
    for item in skipped:
        print(f"{file}: {item.where}: {'note' if item.note else word}: {item.why}")


def run_import(
    args: argparse.Namespace,
    make: Callable[[Journal, Workspace], tuple[Mapping[str, str], P]],
    said: Callable[[P, Collection[str]], None],
) -> Edited[P] | int:
    """The edit of an import (checked, and written unless ``--dry-run``), or
    the exit status once a failure is printed; when renaming failed midway,
    ``said`` lists what is in place."""
    from builder.edit.errors import WriteFailed
    from builder.edit.session import edit_journal

    planned: list[P] = []  # the last plan made (made again if a file changed meanwhile)

    def keep(journal: Journal, files: Workspace) -> tuple[Mapping[str, str], P]:
        texts, plan = make(journal, files)
        planned[:] = [plan]
        return texts, plan

    try:
        return edit_journal(args.root, "import", keep, write=not args.dry_run, waiting=_waiting("import"))
    except WriteFailed as failed:
        if failed.written and planned:
            said(planned[-1], failed.written)
            print(f"journal import: {failed} (listed above)", file=sys.stderr)
            return 1
        return _edit_failed(failed, "import")
    except Exception as exc:
        return _edit_failed(exc, "import")


def cmd_import(args: argparse.Namespace) -> int:
    """``journal import linkedin|vcard|google FILE``: add people, idempotently;
    it says what it created and updated once those files are written."""
    from builder.edit.errors import EditError
    from builder.importers.google import read_google
    from builder.importers.linkedin import read_linkedin
    from builder.importers.merge import ImportPlan, plan_import
    from builder.importers.textfile import decode
    from builder.importers.vcard import read_vcard_bytes

    if args.format == "ics":
        from builder.commands.invitations import cmd_import_ics

        return cmd_import_ics(args)
    readers = {"linkedin": read_linkedin, "google": read_google}
    labels = {"linkedin": "LinkedIn", "vcard": "vCard", "google": "Google Contacts"}
    # a vCard in an old code page names each value's own CHARSET: it reads the bytes itself
    read = read_vcard_bytes if args.format == "vcard" else lambda data: readers[args.format](decode(data))
    found = read_export(args, read)
    if found is None:
        return 1
    people, skipped = found
    show = sys.stderr.isatty() and len(people) > 200

    def progress(done: int, total: int) -> None:
        if show and (done % 25 == 0 or done == total - 1):
            width = 30
            filled = width * (done + 1) // total
            print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done + 1}/{total}", end="", file=sys.stderr)

    def make(journal: Journal, files: Workspace) -> tuple[dict[str, str], ImportPlan]:
        unread = sorted(slug for slug, folder in journal.unloaded.items() if folder == "contacts")
        if unread:  # a person in it would be imported a second time
            raise EditError(
                f"{len(unread)} contact files could not be read ({', '.join(unread[:5])}): an import matches "
                "people against every contact, so fix them first (journal check says how); nothing was written"
            )
        plan = plan_import(journal, files, people, skipped, labels[args.format], progress)
        if show:
            print(file=sys.stderr)
        return plan.texts(), plan

    def said(plan: ImportPlan, written: Collection[str]) -> None:
        print_files(plan.created, {rel: plan.changes[rel] for rel in plan.updated}, written, args.dry_run)

    done = run_import(args, make, said)
    if isinstance(done, int):
        return done
    plan = done.value
    said(plan, done.written)
    print_skipped(args.file, plan.skipped)
    verb = "would be " if args.dry_run else ""
    merged = f", {plan.merged} {verb}merged into an earlier row" if plan.merged else ""
    print(
        f"journal import: {plan.rows} read: {len(plan.created)} {verb}created, {len(plan.updated)} {verb}updated, "
        f"{plan.unchanged} unchanged{merged}, {plan.skipped_rows} skipped",
        file=sys.stderr,
    )
    already(done.already, "import")
    return 0
