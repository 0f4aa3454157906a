"""Reading git with a constant number of calls: ``git rev-list`` into ``git
diff-tree --stdin`` for every change, one ``git cat-file --batch`` for the
contents compared, ``git status`` for what is not committed."""

from __future__ import annotations

import os
import queue
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, NamedTuple

from builder import format as fmt
from builder.git import (
    CatFile,
    GitError,
)
from builder.history.facts import EntryFacts, entry_facts
from builder.history.model import PLAN_PATH, Commit, within_range
from builder.load import JOURNAL_DIR

_LOG_FORMAT = "%x1e%H%x1f%cI%x1f%an%x1f%s%x1f%B%x1f"
# Every change of each commit (oldest first, parents before children) with
# the full hashes of both versions, renames followed, the first commit
# included.  ``git diff-tree --stdin`` fed by ``git rev-list`` diffs each
# commit once, only inside journal/; ``git log -- journal/`` would diff every
# commit a second time to decide whether to list it, which doubles the time on
# a journal of thousands of files.  Merges (whose changes are their parents')
# and commits that leave journal/ alone print nothing.
REV_LIST_ARGS = ("rev-list", "--topo-order", "--reverse", "HEAD")
DIFF_TREE_ARGS = ("diff-tree", "--stdin", "-r", "-z", "--no-abbrev", "-M", "--root", f"--format={_LOG_FORMAT}")
STATUS_ARGS = ("status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--ignore-submodules=all")
FACT_KINDS = ("contacts", "events")


class Change(NamedTuple):
    """One file added (A), modified (M), deleted (D), renamed (R) or changed
    type (T) in a commit; paths relative to the journal root, "" for none.
    (A named tuple: tens of thousands are made when a commit adds a journal.)
    """

    status: str
    old_sha: str | None  # None: no old version, or not a regular file
    new_sha: str | None
    old_path: str
    new_path: str
    old_kind: str | None  # the entry folder (contacts, ...) or None
    new_kind: str | None


@dataclass(slots=True)
class LogCommit:
    """A commit and its changes under journal/, in git's order."""

    commit: Commit
    changes: list[Change] = field(default_factory=list)


def _entry_folder(rel: str) -> str | None:
    """The entry folder (contacts, ...) of a file the loader reads, else ``None``."""
    parts = rel.split("/")
    if len(parts) < 3 or parts[0] != JOURNAL_DIR or parts[1] not in fmt.ENTRY_FOLDERS:
        return None
    if any(part.startswith(".") for part in parts[1:]):
        return None
    # As the loader's test (the extension, in any case); hidden names are out already.
    return parts[1] if parts[-1].lower().endswith(".md") else None


class _Paths:
    """Turns git's paths into journal-root-relative ones and classifies each
    once (the same paths recur in many commits).
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.known: dict[bytes, tuple[str, str | None]] = {}

    def __call__(self, data: bytes) -> tuple[str, str | None]:
        found = self.known.get(data)
        if found is None:
            path = data.decode("utf-8", "surrogateescape")
            path = path[len(self.prefix) :] if path.startswith(self.prefix) else path
            found = self.known[data] = (path, _entry_folder(path))
        return found


class LogParser:
    """Reads ``git diff-tree --stdin -z`` output (``--format=_LOG_FORMAT``)
    piece by piece, as git writes it, so that the contents a change needs
    can be read while git is still diffing later commits.
    """

    def __init__(self, prefix: str) -> None:
        self.paths = _Paths(prefix)
        self.commits: list[LogCommit] = []
        self.fresh: list[Change] = []  # changes not yet handed out by take()
        self._rest = b""  # an incomplete token at the end of what was fed
        self._record: list[str] | None = None  # a change line waiting for its path(s)
        self._names: list[bytes] = []

    def feed(self, data: bytes) -> None:
        """Parse more output."""
        tokens = (self._rest + data).split(b"\0")
        self._rest = tokens.pop()
        for token in tokens:
            self._token(token)

    def finish(self) -> list[LogCommit]:
        """The commits, once all the output has been fed."""
        if self._rest.strip(b"\n") or self._record is not None:
            raise GitError("git diff-tree's output ended in the middle of a change")
        return self.commits

    def take(self) -> list[Change]:
        """The changes parsed since the last call."""
        fresh, self.fresh = self.fresh, []
        return fresh

    def _token(self, token: bytes) -> None:
        if self._record is not None:  # a path of the pending change
            self._names.append(token)
            if len(self._names) == (2 if self._record[4][:1] in "RC" else 1):
                self._change(self._record, self._names)
                self._record, self._names = None, []
            return
        token = token.lstrip(b"\n")
        if not token:
            return
        if token[0] == 0x3A:  # ":old-mode new-mode old-hash new-hash status", then the path(s)
            record = token[1:].decode("ascii").split(" ")
            if len(record) != 5 or not self.commits:
                raise GitError("unexpected output from git diff-tree")
            self._record = record
        elif token[0] == 0x1E:  # a commit
            fields = token[1:].decode("utf-8", "replace").split("\x1f")
            if len(fields) < 5:
                raise GitError("unexpected output from git diff-tree")
            sha, date, author, subject = fields[:4]
            message = "\x1f".join(fields[4:]).removesuffix("\x1f").rstrip("\n")
            when = within_range(datetime.fromisoformat(date))
            self.commits.append(LogCommit(Commit(sha, when, author, subject, message)))
        else:
            raise GitError("unexpected output from git diff-tree")

    def _change(self, record: list[str], names: list[bytes]) -> None:
        old_mode, new_mode, old_sha, new_sha, letter = record
        letter = letter[:1]
        first, first_kind = self.paths(names[0])
        old = old_sha if letter != "A" and old_mode.startswith("100") else None
        new = new_sha if letter != "D" and new_mode.startswith("100") else None
        if letter in "RC":
            second, second_kind = self.paths(names[1])
            change = Change(letter, old, new, first, second, first_kind, second_kind)
        elif letter == "A":
            change = Change(letter, None, new, "", first, None, first_kind)
        elif letter == "D":
            change = Change(letter, old, None, first, "", first_kind, None)
        else:
            change = Change(letter, old, new, first, first, first_kind, first_kind)
        self.commits[-1].changes.append(change)
        self.fresh.append(change)


def _wanted(change: Change) -> list[tuple[str, str]]:
    """The versions a change compares, as (hash, what to read from it):
    contacts and events (their facts) and the plan (its text).
    """
    out = []
    c = change
    if c.old_sha and c.status not in "AD" and c.old_kind == c.new_kind and c.old_kind in FACT_KINDS:
        out.append((c.old_sha, c.old_kind))
    if c.new_sha and c.new_kind in FACT_KINDS:
        out.append((c.new_sha, c.new_kind))
    if PLAN_PATH in (c.old_path, c.new_path):
        out.extend((sha, "plan") for sha in (c.old_sha, c.new_sha) if sha)
    return out


class Contents:
    """What the compared versions say: the facts of entry versions and the
    text of plan versions, read through one ``git cat-file`` process.
    """

    def __init__(self, top: Path) -> None:
        self.cat = CatFile(top)
        self.facts: dict[tuple[str, str], EntryFacts | None] = {}
        self.plans: dict[str, bytes] = {}
        self._asked: set[tuple[str, str]] = set()

    def read(self, changes: list[Change]) -> None:
        """Read the versions these changes compare (each version once)."""
        wanted = []
        for change in changes:
            for item in _wanted(change):
                if item not in self._asked:
                    self._asked.add(item)
                    wanted.append(item)
        if not wanted:
            return
        for (sha, kind), data in zip(wanted, self.cat.read([sha for sha, _kind in wanted]), strict=True):
            if data is None:
                continue  # missing (a shallow clone): like an unreadable version
            if kind == "plan":
                self.plans[sha] = data
            else:
                self.facts[sha, kind] = entry_facts(data, kind)


def pump_into(stream: IO[bytes], chunks: queue.SimpleQueue[bytes | None]) -> None:
    """Move git's output into ``chunks`` as it comes (``None`` at the end),
    so that git never waits for Python.
    """
    try:
        while chunk := os.read(stream.fileno(), 1 << 16):  # what is there, up to 64 KiB
            chunks.put(chunk)
    except (OSError, ValueError):
        pass  # the process was stopped: the reader sees its exit code
    finally:
        chunks.put(None)


def dirty_paths(out: bytes, prefix: str) -> set[str]:
    """Files whose working-tree state is not HEAD's, from ``git status -z``."""
    paths = _Paths(prefix)
    return {paths(item[3:])[0] for item in out.split(b"\0") if len(item) > 3}
