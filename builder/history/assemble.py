"""Putting the history together: ``read_history`` runs the git readers and
turns their changes into the dates of each file and a summary of each
commit; without git, the dates come from the file system."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import queue
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from builder.files import DiskSource
from builder.git import (
    GitError,
    GitNotInstalled,
    GitProcess,
    NotARepository,
    RepositoryInfo,
    has_commits,
    repository_info,
    run_git,
)
from builder.history.facts import EntryFacts
from builder.history.gitlog import (
    DIFF_TREE_ARGS,
    FACT_KINDS,
    REV_LIST_ARGS,
    STATUS_ARGS,
    Change,
    Contents,
    LogCommit,
    LogParser,
    dirty_paths,
    pump_into,
)
from builder.history.model import (
    PLAN_PATH,
    Commit,
    CommitSummary,
    FieldChange,
    FileDates,
    History,
    PlanChange,
    file_mtime,
)
from builder.history.plan import PlanView, diff_plans, plan_view
from builder.load import JOURNAL_DIR, find_files
from builder.version import builder_content_version

_FALLBACK = "dates come from the files themselves"
_SHALLOW = (
    "the git history is incomplete (a shallow clone): dates before the oldest fetched commit are unknown; "
    "fetch the whole history (with actions/checkout, set fetch-depth: 0)"
)


def _present_entries(root: Path) -> list[str]:
    """The entry files in the working tree now, as the loader finds them."""
    return [rel for _folder, rel in find_files(DiskSource(root)).entries]


def _without_git(root: Path, warning: str) -> History:
    """A history with file-system dates only, and the reason why."""
    dates = {}
    for rel in _present_entries(root):
        when = file_mtime(root, rel)
        dates[rel] = FileDates(when, when, committed=False)
    return History(False, warning, (), MappingProxyType(dates), MappingProxyType({}), ())


def read_history(root: Path) -> History:
    """The history of the journal whose repository root is ``root`` (the
    folder containing ``journal/``).  Never raises because of git: without
    a usable history the dates come from the file system and ``warning``
    says why.
    """
    try:
        info = repository_info(root)
    except GitNotInstalled:
        return _without_git(root, f"git is not installed: {_FALLBACK}")
    except NotARepository:
        return _without_git(root, f"not a git repository: {_FALLBACK}")
    except GitError as exc:
        return _without_git(root, f"{exc}: {_FALLBACK}")
    try:
        if not has_commits(info.top):
            return _without_git(root, f"no commits yet: {_FALLBACK}")
        return _read(root, info)
    except (GitError, OSError, ValueError, UnicodeError, IndexError) as exc:
        return _without_git(root, f"cannot read the git history ({exc}): {_FALLBACK}")


def _read(root: Path, info: RepositoryInfo) -> History:
    """Read the history: what the commits say (``_committed``, or kept from
    the last run with the same commits) and, meanwhile, which files are on
    disk and which git sees changed since (``git status``)."""
    pathspec = f"{info.prefix}{JOURNAL_DIR}/"
    revisions = run_git(info.top, REV_LIST_ARGS)
    boundary: set[str] = set()
    if info.shallow:
        with contextlib.suppress(OSError):  # no file: no boundary to leave out
            boundary = set(info.shallow_file.read_text("ascii").split())
    key = _cache_key(revisions, info, boundary)
    status = GitProcess(info.top, [*STATUS_ARGS, "--", pathspec])
    try:
        committed = _kept(root, key)
        if committed is None:
            committed = _committed(info, pathspec, revisions, boundary)
            _keep(root, key, committed)
        present = _present_entries(root)
        dirty = dirty_paths(status.output(), info.prefix)
    finally:
        status.close()
    return History(
        available=True,
        warning=_SHALLOW if info.shallow else None,
        commits=committed.commits,
        dates=MappingProxyType(committed.dates(root, present, dirty)),
        field_changes=MappingProxyType(dict(committed.field_changes)),
        summaries=committed.summaries,
    )


@dataclass(frozen=True, slots=True)
class _Committed:
    """What the commits say, whatever the working tree holds now."""

    commits: tuple[Commit, ...]
    added: dict[str, datetime]  # when each path's story began
    changed: dict[str, datetime]  # when it was last committed
    field_changes: dict[str, tuple[FieldChange, ...]]
    summaries: tuple[CommitSummary, ...]

    def dates(self, root: Path, present: list[str], dirty: set[str]) -> dict[str, FileDates]:
        """The dates of the entry files on disk: from git when committed as
        they are, the file's own time for what is not committed yet.
        """
        out: dict[str, FileDates] = {}
        for rel in present:
            first = self.added.get(rel)
            if first is None:
                when = file_mtime(root, rel)
                out[rel] = FileDates(when, when, committed=False)
            elif rel in dirty:
                out[rel] = FileDates(first, file_mtime(root, rel), committed=False)
            else:
                out[rel] = FileDates(first, self.changed[rel], committed=True)
        return out


def _committed(info: RepositoryInfo, pathspec: str, revisions: bytes, boundary: set[str]) -> _Committed:
    """Walk the commits with git and Python working at once: git diffs the
    commits (the slow part on a large journal) while Python reads and
    parses the versions each change compares as soon as git has printed it.
    """
    diff = GitProcess(info.top, [*DIFF_TREE_ARGS, "--", pathspec], input=revisions)
    chunks: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    pump = threading.Thread(target=pump_into, args=(diff.stdout, chunks), name="git diff-tree", daemon=True)
    pump.start()
    contents = Contents(info.top)
    try:
        parser = LogParser(info.prefix)
        ended = False
        while not ended:
            received = [chunks.get()]  # wait for git, then take all it has written
            while not chunks.empty():
                received.append(chunks.get())
            ended = None in received
            parser.feed(b"".join(chunk for chunk in received if chunk is not None))
            contents.read(parser.take())
        commits = parser.finish()
        pump.join()
        diff.output()  # raises if git failed
    finally:
        contents.cat.close()
        diff.close()
    history = _History(commits, contents.facts, contents.plans, boundary)
    return _Committed(
        commits=tuple(item.commit for item in commits),
        added=history.added,
        changed=history.changed,
        field_changes={k: tuple(v) for k, v in sorted(history.field_changes.items()) if v},
        summaries=tuple(history.summaries),
    )


# What the commits say is kept for the next run with the same commits: the
# walk is most of reading a long history (2.5 s for 300 commits of a
# 30,000-entry journal), and a build after an edit changes no commit.  The
# file is the builder's own (gitignored build/, never restored from
# elsewhere), so it is read with pickle; anything wrong with it, and it is
# simply not used.
HISTORY_CACHE = "build/cache/history.pickle"
_CACHE_FORMAT = 1


def _cache_key(revisions: bytes, info: RepositoryInfo, boundary: set[str]) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in (str(_CACHE_FORMAT), builder_content_version(), info.prefix, str(info.shallow), *sorted(boundary)):
        hasher.update(part.encode("utf-8") + b"\0")
    hasher.update(revisions)
    return hasher.hexdigest()


def _kept(root: Path, key: str) -> _Committed | None:
    try:
        with open(root / HISTORY_CACHE, "rb") as file:
            kept = pickle.load(file)
    except Exception:  # any unreadable cache (truncated, another version) only makes a slower run
        return None
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == key and isinstance(kept[1], _Committed):
        return kept[1]
    return None


def _keep(root: Path, key: str, committed: _Committed) -> None:
    target = root / HISTORY_CACHE
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(pickle.dumps((key, committed), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, target)
    except OSError:  # a read-only checkout: the next run reads the commits again
        tmp.unlink(missing_ok=True)


def _plan_version(sha: str | None, path: str, blobs: Mapping[str, bytes]) -> PlanView | None:
    """One side of a change to plan.yml: empty when the file is not there."""
    if path != PLAN_PATH:
        return plan_view(None)
    data = blobs.get(sha) if sha else None
    return None if data is None else plan_view(data)


def _attended(facts: EntryFacts | None) -> bool:
    return facts is not None and facts.status is not None and facts.status.lower() == "attended"


class _History:
    """The changes walked oldest first: dates and field changes follow each
    file through renames (a deleted file's story ends; recreated, it starts
    again), and each commit gets its summary.
    """

    def __init__(
        self,
        commits: list[LogCommit],
        facts: Mapping[tuple[str, str], EntryFacts | None],
        plan_blobs: Mapping[str, bytes],
        boundary: set[str],
    ) -> None:
        self.facts, self.plan_blobs = facts, plan_blobs
        self.added: dict[str, datetime] = {}
        self.changed: dict[str, datetime] = {}
        self.field_changes: dict[str, list[FieldChange]] = {}
        self.summaries: list[CommitSummary] = []
        for item in commits:
            summary = _Summary()
            for change in item.changes:
                self._follow(change, item.commit.date)
                self._summarize(change, item.commit, summary)
            if item.commit.sha in boundary:
                summary = _Summary()  # its parents were not fetched: what it changed is unknown
            self.summaries.append(summary.freeze(item.commit))

    def _follow(self, c: Change, when: datetime) -> None:
        """Move the dates (and field changes) along with the file."""
        added, changed = self.added, self.changed
        if c.status == "A":
            added[c.new_path] = changed[c.new_path] = when
            self.field_changes.pop(c.new_path, None)
            return
        if c.status == "D":
            added.pop(c.old_path, None)
            changed.pop(c.old_path, None)
            self.field_changes.pop(c.old_path, None)
            return
        if c.status == "R":
            added[c.new_path] = added.pop(c.old_path, when)
            changed.pop(c.old_path, None)
            moved = self.field_changes.pop(c.old_path, None)
            if moved:
                self.field_changes[c.new_path] = moved
        added.setdefault(c.new_path, when)
        last = changed.get(c.new_path)
        changed[c.new_path] = when if last is None or when > last else last

    def _summarize(self, c: Change, commit: Commit, s: _Summary) -> None:
        """Add what one change means to the commit's summary."""
        if PLAN_PATH in (c.old_path, c.new_path):
            before = _plan_version(c.old_sha, c.old_path, self.plan_blobs)
            after = _plan_version(c.new_sha, c.new_path, self.plan_blobs)
            if before is not None and after is not None:
                s.plan.extend(diff_plans(before, after))
        old_kind, kind = c.old_kind, c.new_kind
        if old_kind is None and kind is None:
            return
        if c.status in "AD" or old_kind != kind:
            if old_kind is not None:
                s.removed.append(c.old_path)
            if kind is not None:
                s.add(kind, c.new_path, self.facts.get((c.new_sha, kind)) if c.new_sha else None)
            return
        s.changed.append(c.new_path)
        if kind not in FACT_KINDS or not c.old_sha or not c.new_sha:
            return
        before_facts, after_facts = self.facts.get((c.old_sha, kind)), self.facts.get((c.new_sha, kind))
        if kind == "events":
            if _attended(after_facts) and not _attended(before_facts):
                s.attended.append(c.new_path)  # a version that cannot be read was not attended
            return
        if before_facts is None or after_facts is None:
            return  # an unreadable version: nothing to compare
        if after_facts.log > before_facts.log:
            s.logged.append((c.new_path, after_facts.log - before_facts.log))
        for name, old, new in (
            ("organization", before_facts.organization, after_facts.organization),
            ("role", before_facts.role, after_facts.role),
        ):
            if old != new:
                self.field_changes.setdefault(c.new_path, []).append(FieldChange(c.new_path, name, old, new, commit))


@dataclass(slots=True)
class _Summary:
    """A commit's summary while its changes are read."""

    people: list[str] = field(default_factory=list)
    logged: list[tuple[str, int]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    attended: list[str] = field(default_factory=list)
    reflections: list[str] = field(default_factory=list)
    plan: list[PlanChange] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def add(self, kind: str, path: str, facts: EntryFacts | None) -> None:
        """A new entry file (or one renamed from another kind of entry)."""
        if kind == "contacts":
            self.people.append(path)
            if facts is not None and facts.log > 0:
                self.logged.append((path, facts.log))
        elif kind == "events":
            self.events.append(path)
            if _attended(facts):
                self.attended.append(path)
        elif kind == "reflections":
            self.reflections.append(path)
        else:
            self.changed.append(path)  # an organization: the summary has no list of its own for them

    def freeze(self, commit: Commit) -> CommitSummary:
        """The immutable summary, each list in path order."""
        return CommitSummary(
            commit=commit,
            people_added=tuple(sorted(self.people)),
            interactions_logged=tuple(sorted(self.logged)),
            events_added=tuple(sorted(self.events)),
            events_attended=tuple(sorted(self.attended)),
            reflections_added=tuple(sorted(self.reflections)),
            plan_changes=tuple(self.plan),
            entries_changed=tuple(sorted(self.changed)),
            entries_removed=tuple(sorted(self.removed)),
        )
