"""One editing command's run: under the journal's lock, read, edit, check,
write; redone from a fresh read when a file changed on disk meanwhile.

Commands that write the journal (``new``, ``log``, ``done``, ``import``)
take one lock, ``build/journal.lock`` (``builder.locks``; the gitignored
build folder: the lock is no part of the journal), so two of them never edit from the same old
text.  Editors and other programs do not take it; the writer notices when
they changed a file after it was read (``errors.Stale``), and the edit is
made again from what is on disk now, a few times, before it is refused.
Nothing that only reads the journal (``check``, ``build``, ``serve``) takes
this lock: files are replaced in one rename, so a reader sees the old file or
the new.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from builder import locks
from builder.check import check
from builder.diagnostics import Diagnostic
from builder.edit.errors import EditError, Locked, Stale
from builder.edit.writer import Workspace, apply
from builder.model import Journal

LOCK_FILE = locks.JOURNAL_LOCK
LOCK_TIMEOUT = 30.0  # seconds: an import of thousands of people takes a while; longer, something is stuck
ATTEMPTS = 3  # reads a file may change under before the edit is refused

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Edited(Generic[T]):
    """What an edit did: what ``make`` returned, the files written (paths
    relative to the root, in the order written) and the journal's warnings."""

    value: T
    written: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]
    already: tuple[Diagnostic, ...] = ()  # errors the journal had before, not the edit's


@contextlib.contextmanager
def journal_lock(root: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the journal's lock while the block runs; ``waiting`` is called
    once if another command holds it for more than a second.  ``Locked``
    after ``LOCK_TIMEOUT`` seconds; ``EditError`` if the lock file cannot be
    made (a read-only repository)."""
    busy = (
        f"another journal command is editing the journal (it has held {LOCK_FILE} for {LOCK_TIMEOUT:g} s); "
        "nothing was written: try again when it is done"
    )
    try:
        with locks.hold(root, LOCK_FILE, timeout=LOCK_TIMEOUT, busy=busy, waiting=waiting):
            yield
    except locks.LockError as exc:
        raise (Locked if isinstance(exc, locks.LockBusy) else EditError)(str(exc)) from None


def edit_journal(
    root: Path,
    command: str,
    make: Callable[[Journal, Workspace], tuple[Mapping[str, str], T]],
    *,
    write: bool = True,
    waiting: Callable[[], None] | None = None,
) -> Edited[T]:
    """Run one edit: ``make`` gets the journal as it is on disk and a
    ``Workspace`` to read files through, and returns the new texts (paths
    relative to the root) and a value for the caller.

    The texts are checked (``writer.apply``), and with ``write`` written,
    under the journal's lock (a dry run checks the same and writes nothing); when a file changed on disk meanwhile, all
    is read and made again, up to ``ATTEMPTS`` times.  Errors the journal
    already had do not stop the edit (they are in ``Edited.already``); the
    edit is refused (``Refused``) only when it would add one.  Else raises
    an ``EditError`` or ``ValueError`` whose message is one line.
    """
    with journal_lock(root, waiting) if write else contextlib.nullcontext():
        attempt = 0
        while True:
            attempt += 1
            journal, diagnostics = check(root)
            files = Workspace(root)
            try:
                texts, value = make(journal, files)
                done = apply(files, texts, diagnostics, write=write)  # a dry run is checked the same
            except Stale as stale:
                if attempt < ATTEMPTS:
                    continue
                raise Stale(
                    stale.rel,
                    f"{stale.rel} changed on disk while journal {command} was editing it, {attempt} times "
                    "(an editor or another program is writing it); nothing was written: try again",
                ) from None
            return Edited(value, done.written, done.warnings, done.already)
