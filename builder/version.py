"""What identifies the builder's own code, for caches that must not outlive it."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import builder


@functools.cache
def builder_content_version() -> str:
    """The builder's own files by content: a reinstall (CI, every run) keeps
    it, any change to a rule, a template or the adapter changes it."""
    package = Path(builder.__file__).parent
    hasher = hashlib.blake2b(builder.__version__.encode(), digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            hasher.update(path.relative_to(package).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes() + b"\0")
    return hasher.hexdigest()
