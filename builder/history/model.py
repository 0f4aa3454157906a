"""The history's values: commits, the dates of each file, the changes of a
contact's organisation or role, what each commit did; and the range of
dates a history may hold."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, tzinfo
from pathlib import Path

from builder.compute.periods import Period, period_of
from builder.load import JOURNAL_DIR, PLAN_FILE
from builder.values import FIRST_DAY, LAST_DAY

PLAN_PATH = f"{JOURNAL_DIR}/{PLAN_FILE}"


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit that touched ``journal/``: the site says when and why things changed."""

    sha: str
    date: datetime  # committer date, timezone-aware: when it entered the history
    author: str
    subject: str
    message: str


@dataclass(frozen=True, slots=True)
class FileDates:
    """When an entry file was added and last changed, so pages can show how
    fresh they are; ``committed`` is false when the dates come from the file
    system (no git, or the file has changes that are not committed).
    """

    added: datetime
    changed: datetime
    committed: bool


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A contact's ``organization`` or ``role`` changed between two committed
    versions of its file: a job change, worth showing on their page.
    Values are as written in the front matter; ``None`` when absent.
    """

    path: str  # the contact's file in that commit
    field: str  # "organization" or "role"
    old: str | None
    new: str | None
    commit: Commit


@dataclass(frozen=True, slots=True)
class PlanChange:
    """One change of the plan between two commits, as a value (the site
    words it in its own language): a setting (``goal`` is None) or a goal's
    key that was set, removed or changed, or a goal added or removed
    (``key`` is None).  Values are as the owner wrote them, on one line."""

    goal: str | None  # the goal's title
    key: str | None  # None: the goal itself was added (new) or removed (old)
    old: str | None  # None: set for the first time, or a goal added
    new: str | None  # None: removed

    def __str__(self) -> str:
        """The change in English: ``goal 'Talk to people': target 8 → 10``."""
        if self.key is None:
            return f"goal '{self.goal}' {'added' if self.new is not None else 'removed'}"
        if self.old is None:
            change = f"{self.key} set to {self.new}"
        elif self.new is None:
            change = f"{self.key} removed (was {self.old})"
        else:
            change = f"{self.key} {self.old} → {self.new}"
        return f"goal '{self.goal}': {change}" if self.goal is not None else change


@dataclass(frozen=True, slots=True)
class CommitSummary:
    """What one commit did, in the journal's terms rather than file names, for
    an activity feed.  Paths are relative to the journal root
    (``journal/contacts/ana.md``).
    """

    commit: Commit
    people_added: tuple[str, ...]
    interactions_logged: tuple[tuple[str, int], ...]  # (contact, number of log items added)
    events_added: tuple[str, ...]
    events_attended: tuple[str, ...]  # status became attended (or added as attended)
    reflections_added: tuple[str, ...]
    plan_changes: tuple[PlanChange, ...]  # in the plan's order: settings, then goals
    entries_changed: tuple[str, ...]  # modified or renamed entries, and added organizations
    entries_removed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class History:
    """Everything the site needs from git, read once per build."""

    available: bool  # false: no repository, no git or no commits
    warning: str | None  # why the history is missing or incomplete
    commits: tuple[Commit, ...]  # oldest first: every commit that changed journal/ (merges add nothing)
    dates: Mapping[str, FileDates]  # every entry file in the working tree, by path
    field_changes: Mapping[str, tuple[FieldChange, ...]]  # contact path -> changes, oldest first
    summaries: tuple[CommitSummary, ...]  # one per commit, in the same order

    def by_week(self, tz: tzinfo) -> list[tuple[Period, list[CommitSummary]]]:
        """The summaries by the week (in ``tz``) of their commit: the latest
        week first, and in each week the latest commit first."""
        weeks: dict[Period, list[CommitSummary]] = defaultdict(list)
        for summary in self.summaries:
            weeks[period_of(summary.commit.date.astimezone(tz).date(), "week")].append(summary)
        return [(week, list(reversed(items))) for week, items in sorted(weeks.items(), reverse=True)]


def file_mtime(root: Path, rel: str) -> datetime:
    """A file's own modification time (the date of what git has not recorded),
    within the journal's range of dates (``within_range``)."""
    try:
        return within_range(datetime.fromtimestamp((root / rel).stat().st_mtime, UTC))
    except (OSError, OverflowError, ValueError):  # no file, or a time past what Python's dates hold
        return datetime.fromtimestamp(0, UTC)


EARLIEST = datetime.combine(FIRST_DAY, time(), UTC)
LATEST = datetime.combine(LAST_DAY, time(), UTC)


def within_range(when: datetime) -> datetime:
    """A date from git or the file system moved into the dates a journal may
    hold (``FIRST_DAY`` to ``LAST_DAY``): a clock set wrong (git takes a
    commit dated 5138) must not take a page past the dates the builder can
    compute with, in any time zone."""
    return min(max(when, EARLIEST), LATEST)
