"""Where the journal's files come from: the disk, or the disk with pending
edits laid over it (so a command can check its result before writing it).

The loader reads only through a ``FileSource``; paths are POSIX and
relative to the journal repository's root.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple, Protocol

JOURNAL_DIR = "journal"


class WalkProblem(NamedTuple):
    """Something under a folder that could not be walked: why, and where."""

    rel: str
    message: str


class FileSource(Protocol):
    """Read-only access to a journal repository's files."""

    def read(self, rel: str) -> bytes:
        """The bytes of a file; ``OSError`` if it cannot be read."""

    def is_file(self, rel: str) -> bool:
        """Whether ``rel`` is a file."""

    def is_dir(self, rel: str) -> bool:
        """Whether ``rel`` is a folder."""

    def walk(self, rel: str) -> list[str]:
        """Every non-hidden file under the folder ``rel``, recursively, sorted by path."""


class DiskSource:
    """The files on disk under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._prefix = f"{root}{os.sep}"

    def __repr__(self) -> str:
        return f"DiskSource({str(self.root)!r})"

    def read(self, rel: str) -> bytes:
        # Plain strings, not Path objects: a large journal reads 30,000 files.
        with open(self._prefix + rel, "rb") as f:
            return f.read()

    def is_file(self, rel: str) -> bool:
        return (self.root / rel).is_file()

    def is_dir(self, rel: str) -> bool:
        return (self.root / rel).is_dir()

    def walk(self, rel: str) -> list[str]:
        return self.scan(rel)[0]

    def scan(self, rel: str) -> tuple[list[str], list[WalkProblem]]:
        """``walk``, and what it could not walk: folders it may not read and
        links that loop.  Those are reported, never silently skipped; a
        broken link is listed as a file (reading it then says it is broken)."""
        files: list[str] = []
        problems: list[WalkProblem] = []
        try:
            st = os.stat(self._prefix + rel)
        except (FileNotFoundError, NotADirectoryError):
            return files, problems
        except OSError as exc:
            return files, [WalkProblem(rel, _unwalkable(exc, self._prefix + rel))]
        self._scan(rel, {(st.st_dev, st.st_ino): rel}, files, problems)
        return files, problems

    def _scan(self, rel: str, above: dict[tuple[int, int], str], files: list[str], problems: list[WalkProblem]) -> None:
        """Walk ``rel``; ``above`` holds the folders it is in (by device and
        inode), so a link back to one of them is a loop, not a deeper folder."""
        try:
            with os.scandir(self._prefix + rel) as listing:
                items = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            problems.append(WalkProblem(rel, f"cannot read folder: {exc.strerror or exc}"))
            return
        for item in items:
            if item.name.startswith("."):
                continue
            sub = f"{rel}/{item.name}"
            try:
                # Plain files and folders cost no system call; a folder or a
                # link is stat'ed (a folder's inode: DirEntry has none on Windows).
                if not item.is_symlink() and not item.is_dir(follow_symlinks=False):
                    files.append(sub)
                    continue
                st = os.stat(item.path)
            except FileNotFoundError:
                files.append(sub)
                continue
            except OSError as exc:
                problems.append(WalkProblem(sub, _unwalkable(exc, item.path)))
                continue
            if not stat.S_ISDIR(st.st_mode):
                files.append(sub)
                continue
            key = (st.st_dev, st.st_ino)
            if key in above:
                problems.append(
                    WalkProblem(sub, f"symbolic link loop: it leads back to {above[key]}, a folder it is in; not read")
                )
                continue
            above[key] = sub
            self._scan(sub, above, files, problems)
            del above[key]


def _unwalkable(exc: OSError, path: str) -> str:
    """Why a file or folder could not be walked, in words."""
    if exc.errno == errno.ELOOP:
        try:
            target = f" (it points to {os.readlink(path)})"
        except OSError:
            target = ""
        return f"symbolic link loop{target}: it never reaches a file or folder; not read"
    return f"cannot read: {exc.strerror or exc}"


def scan(files: FileSource, rel: str) -> tuple[list[str], list[WalkProblem]]:
    """Every file under ``rel`` and, for sources that can have them (the
    disk), what could not be walked."""
    if isinstance(files, (DiskSource, OverlaySource)):
        return files.scan(rel)
    return files.walk(rel), []


class OverlaySource:
    """``base`` with some files replaced, added (bytes) or removed (``None``)."""

    def __init__(self, base: FileSource, changes: Mapping[str, bytes | None]) -> None:
        self.base = base
        self.changes = dict(changes)

    def read(self, rel: str) -> bytes:
        if rel in self.changes:
            data = self.changes[rel]
            if data is None:
                raise FileNotFoundError(rel)
            return data
        return self.base.read(rel)

    def is_file(self, rel: str) -> bool:
        if rel in self.changes:
            return self.changes[rel] is not None
        return self.base.is_file(rel)

    def is_dir(self, rel: str) -> bool:
        return self.base.is_dir(rel) or any(p.startswith(rel + "/") and d is not None for p, d in self.changes.items())

    def walk(self, rel: str) -> list[str]:
        return self.scan(rel)[0]

    def scan(self, rel: str) -> tuple[list[str], list[WalkProblem]]:
        """The base's files with the changes laid over, and the base's problems."""
        base, problems = scan(self.base, rel)
        found = set(base)
        for path, data in self.changes.items():
            if path.startswith(rel + "/"):
                if data is None:
                    found.discard(path)
                elif not any(part.startswith(".") for part in path.split("/")):
                    found.add(path)
        return sorted(found), problems


def as_source(root: Path | FileSource) -> FileSource:
    """A ``FileSource`` for a folder path, or the source itself."""
    return DiskSource(root) if isinstance(root, Path) else root


def fork_safe(files: FileSource) -> bool:
    """Whether forked processes may read ``files`` alongside this one: the disk
    can be; a git object store read through one ``cat-file`` pipe cannot."""
    if isinstance(files, OverlaySource):
        return fork_safe(files.base)
    return isinstance(files, DiskSource)
