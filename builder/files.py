"""Where the journal's files come from: the disk, or the disk with pending
edits laid over it (so a command can check its result before writing it).

The loader reads only through a ``FileSource``; paths are POSIX and
relative to the journal repository's root.  ``inside_journal`` is the one
place that turns a path a command is given (or derives) into the file it may
read and write: confined to ``journal/`` after ``..`` and links are resolved.
"""

from __future__ import annotations

import errno
import os
import posixpath
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple, Protocol

JOURNAL_DIR = "journal"


class PathError(ValueError):
    """A path leads outside ``journal/`` (or nowhere); the message says where."""


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


def inside_journal(root: Path, given: str) -> tuple[str, Path]:
    """(rel, real) of a path a command was given or derived: ``rel`` is it
    relative to ``root`` in POSIX form with ``.`` and ``..`` resolved (the
    name the loader knows the file by), ``real`` the file itself with every
    link followed, so that a read or a write reaches a link's target and
    never replaces the link.  ``PathError`` unless both are inside
    ``journal/`` (a journal folder that is itself a link is followed)."""
    text = given
    if os.path.isabs(given):
        text = os.path.relpath(os.path.abspath(given), os.path.abspath(root))
    rel = posixpath.normpath(text.replace(os.sep, "/"))
    if not rel.startswith(f"{JOURNAL_DIR}/"):
        inside = f"{JOURNAL_DIR}/{rel}"
        below = rel not in (".", "..") and not rel.startswith("../") and not os.path.isabs(given)
        hint = f"; did you mean {inside}?" if below and (root / inside).exists() else ""
        raise PathError(f"{given} is outside {JOURNAL_DIR}/: commands edit only the journal's own files{hint}")
    try:
        real = os.path.realpath(root / rel, strict=True)
    except FileNotFoundError:
        real = os.path.realpath(root / rel)  # a new file: the links of its folders are followed
    except OSError as exc:
        raise PathError(f"{rel}: {_unwalkable(exc, str(root / rel))}") from None
    journal = os.path.normcase(os.path.realpath(root / JOURNAL_DIR))
    if os.path.commonpath([journal, os.path.normcase(real)]) != journal or os.path.normcase(real) == journal:
        raise PathError(
            f"{rel} leads to {real}, outside {JOURNAL_DIR}/ (through a link): edit it there, "
            "or put the file itself in the journal"
        )
    return rel, Path(real)
