"""Why an editing command stopped: each is one line for the person at the
keyboard, and none of them leaves anything written that was not reported."""

from __future__ import annotations


class EditError(Exception):
    """The command cannot do what was asked; the message says why."""


class Stale(EditError):
    """A file changed on disk between the command's read and its write
    (an editor saved it, or another program wrote it): the edit, made from
    the old text, would throw that change away, so it is not written."""

    def __init__(self, rel: str, message: str | None = None) -> None:
        super().__init__(message or f"{rel} changed on disk while it was being edited")
        self.rel = rel


class WriteFailed(EditError):
    """A file could not be written: the disk is full, the file or its folder
    is read-only...  ``written`` lists the files that were written before
    (none, unless putting the files in place failed midway)."""

    def __init__(self, rel: str, reason: str, written: tuple[str, ...] = (), total: int = 1) -> None:
        done = f"{len(written)} of {total} files were written" if written else "nothing was written"
        super().__init__(f"{rel}: cannot write: {reason}; {done}")
        self.rel = rel
        self.reason = reason
        self.written = written
        self.total = total


class Locked(EditError):
    """Another command held the journal's lock for longer than we wait."""
