"""Applying edits: check the journal as it would be, then write atomically.

Nothing is written unless the whole journal, with every pending change laid
over it, passes ``journal check``; then each file is written to a temporary
file beside it and renamed over the old one, so a crash leaves either the
old file or the new one, never half of each.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from builder.check import check
from builder.diagnostics import Diagnostic, has_errors
from builder.files import DiskSource, OverlaySource


class Refused(Exception):
    """The change would leave the journal with errors; nothing was written."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        super().__init__(f"{len(diagnostics)} problems")
        self.diagnostics = diagnostics


def verify(root: Path, changes: Mapping[str, bytes]) -> list[Diagnostic]:
    """The diagnostics of the journal with ``changes`` applied (nothing is written)."""
    return check(OverlaySource(DiskSource(root), changes))[1]


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, keeping its permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def apply(root: Path, changes: Mapping[str, bytes]) -> list[Diagnostic]:
    """Check, then write every change (paths relative to ``root``).

    Raises ``Refused`` (writing nothing) when the result has errors; returns
    the remaining warnings otherwise.
    """
    diagnostics = verify(root, changes)
    if has_errors(diagnostics):
        raise Refused(tuple(diagnostics))
    for rel in sorted(changes):
        write_atomic(root / rel, changes[rel])
    return diagnostics
