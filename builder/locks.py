"""Locks in the gitignored ``build/`` folder, so that commands sharing a
folder take turns instead of mixing their work:

- ``build/journal.lock``: commands that write the journal (``new``, ``log``,
  ``done``, ``import``; ``builder.edit.session``);
- ``build/site.lock``: commands that write the generated docs folder and the
  site (``journal build``, and ``journal serve`` while it regenerates): two
  of them at once would build one view's pages into the other's site, a full
  build's private pages into a public one.

The locks are ``filelock``'s: ``flock`` on POSIX, ``LockFileEx`` on
Windows, released by the system when a process dies, so none goes stale.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

JOURNAL_LOCK = "build/journal.lock"
SITE_LOCK = "build/site.lock"
NOTICE_AFTER = 1.0  # seconds of waiting before saying so


class LockError(Exception):
    """The lock could not be had: its file cannot be made (a read-only
    repository), or (``LockBusy``) another command held it too long."""


class LockBusy(LockError):
    """Another command held the lock for longer than we wait."""


@contextlib.contextmanager
def hold(
    root: Path,
    name: str,
    *,
    timeout: float | None,
    busy: str,
    waiting: Callable[[], None] | None = None,
) -> Iterator[None]:
    """Hold the lock ``root/name`` while the block runs.  ``waiting`` is
    called once if another command holds it for more than a second;
    ``timeout`` (seconds; ``None``: wait as long as it takes) ends in
    ``LockBusy(busy)``."""
    from filelock import FileLock, Timeout

    path = root / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(path)
        first = NOTICE_AFTER if timeout is None else min(NOTICE_AFTER, timeout)
        try:
            lock.acquire(timeout=first)
        except Timeout:
            if timeout is not None and first >= timeout:
                raise
            if waiting is not None:
                waiting()
            lock.acquire(timeout=-1 if timeout is None else timeout - first)
    except Timeout:
        raise LockBusy(busy) from None
    except OSError as exc:
        raise LockError(f"{name}: cannot take the lock: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def site_lock(root: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold ``build/site.lock`` while the block writes the docs folder and the
    site: another ``journal build`` or ``serve`` waits (``waiting`` says so)
    instead of mixing its pages in."""
    with hold(root, SITE_LOCK, timeout=None, busy=f"{SITE_LOCK} is held by another command", waiting=waiting):
        yield
