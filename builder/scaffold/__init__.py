"""``journal init``: a new journal repository, ready to build.

The files live in ``scaffold/files``; names starting with ``dot-`` are written
with a leading dot (``dot-gitignore`` → ``.gitignore``) so that packaging
tools do not skip them.  Nothing that exists is ever overwritten.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


class ScaffoldError(Exception):
    """The new journal cannot be written where asked."""


def _files(node: Traversable, prefix: str = "") -> list[tuple[str, bytes]]:
    out = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name == "__pycache__":
            continue
        name = "." + child.name[4:] if child.name.startswith("dot-") else child.name
        rel = f"{prefix}{name}"
        if child.is_dir():
            out.extend(_files(child, rel + "/"))
        else:
            out.append((rel, child.read_bytes()))
    return out


def scaffold_files() -> list[tuple[str, bytes]]:
    """The files of a new journal: (relative path, content)."""
    return _files(resources.files("builder.scaffold").joinpath("files"))


def write_scaffold(target: Path) -> list[str]:
    """Write a new journal repository into ``target``; returns the paths written.

    Refuses when any of its files already exists, before writing anything.
    """
    files = scaffold_files()
    clashes = [rel for rel, _ in files if (target / rel).exists()]
    if clashes:
        raise ScaffoldError(f"{target} already has {', '.join(clashes[:3])}; nothing was written")
    for rel, data in files:
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return [rel for rel, _ in files]
