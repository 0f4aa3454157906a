"""Where the journal's files come from: the disk, or the disk with pending
edits laid over it (so a command can check its result before writing it).

The loader reads only through a ``FileSource``; paths are POSIX and
relative to the journal repository's root.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol


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
        out: list[str] = []
        try:
            items = sorted(os.scandir(self.root / rel), key=lambda e: e.name)
        except OSError:
            return out
        for item in items:
            if item.name.startswith("."):
                continue
            sub = f"{rel}/{item.name}"
            if item.is_dir():
                out.extend(self.walk(sub))
            else:
                out.append(sub)
        return out


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
        found = set(self.base.walk(rel))
        for path, data in self.changes.items():
            if path.startswith(rel + "/"):
                if data is None:
                    found.discard(path)
                elif not any(part.startswith(".") for part in path.split("/")):
                    found.add(path)
        return sorted(found)


def as_source(root: Path | FileSource) -> FileSource:
    """A ``FileSource`` for a folder path, or the source itself."""
    return DiskSource(root) if isinstance(root, Path) else root


def fork_safe(files: FileSource) -> bool:
    """Whether forked processes may read ``files`` alongside this one: the disk
    can be; a git object store read through one ``cat-file`` pipe cannot."""
    if isinstance(files, OverlaySource):
        return fork_safe(files.base)
    return isinstance(files, DiskSource)
