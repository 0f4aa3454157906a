"""The in-memory journal: immutable records that know where they came from.

Nothing here reads files or knows about MkDocs; ``builder.load`` builds these
records and every later stage only reads them.  Each record carries ``src``
(where it starts) and ``locs`` (where each of its values was written, keyed
by dotted path such as ``met.at`` or ``people.2``), so any later stage can
point at the exact line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from builder.diagnostics import Loc
from builder.pickled import ByConstructor
from builder.values import Budget, Cadence

EMPTY_LOCS: Mapping[str, Loc] = MappingProxyType({})

# The plan's defaults for ``journal next`` (``plan.yml`` overrides each one).
# How long without any contact makes a person without ``keep_in_touch``
# "quiet", by relationship; None: never.
QUIET_AFTER: Mapping[str, Cadence | None] = MappingProxyType(
    {
        "mentor": Cadence(3, "m"),
        "role-model": Cadence(6, "m"),
        "peer": Cadence(6, "m"),
        "recruiter": Cadence(3, "m"),
        "colleague": Cadence(1, "y"),
        "other": None,
    }
)
REPLY_AFTER = Cadence(7, "d")
AFTER_EVENT_WINDOW = Cadence(14, "d")
# Minutes an action is estimated to take; an event takes its own length.
ACTION_MINUTES: Mapping[str, int] = MappingProxyType({"message": 10, "call": 30, "mark-event": 1, "research": 30})


@dataclass(frozen=True, slots=True)
class Located:
    """Base of every record: where it starts and where each value was written."""

    src: Loc
    locs: Mapping[str, Loc]

    def loc(self, *path: str | int) -> Loc:
        """Where the value at ``path`` was written; falls back to its parent
        value, then to the record itself.
        """
        parts = [str(p) for p in path]
        while parts:
            found = self.locs.get(".".join(parts))
            if found is not None:
                return found
            parts.pop()
        return self.src


@dataclass(frozen=True, slots=True)
class WikiLink(ByConstructor):
    """``[[slug]]`` or ``[[slug|label]]`` in a Markdown body."""

    slug: str
    label: str | None
    loc: Loc


@dataclass(frozen=True, slots=True)
class Task(ByConstructor):
    """A task line in a body: ``- [ ] text due:YYYY-MM-DD`` (open) or ``- [x]`` (done)."""

    text: str
    done: bool
    due: date | None
    loc: Loc
    entry: str  # slug of the entry whose body holds it
    links: tuple[str, ...]  # slugs named in the task with [[...]]


@dataclass(frozen=True, slots=True)
class Entry(Located):
    """What every Markdown entry has: a slug (its file name), a body, the
    tasks and links found in the body, topics and privacy.
    """

    slug: str
    topics: tuple[str, ...]
    private: bool  # never published
    public: bool  # published in the public build (unless private)
    body: str
    body_line: int  # file line on which the body starts
    tasks: tuple[Task, ...]
    wikilinks: tuple[WikiLink, ...]


@dataclass(frozen=True, slots=True)
class Interaction(Located):
    """One item of a contact's ``log``."""

    date: date
    channel: str
    by: str  # "me" or "them"
    minutes: int | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Met:
    """When and where a contact was first met; ``at`` may be an event slug."""

    date: date | None
    at: str | None


@dataclass(frozen=True, slots=True)
class Contact(Entry):
    """A person: ``journal/contacts/<slug>.md``."""

    name: str
    organization: str | None
    role: str | None
    relationship: str | None
    met: Met | None
    links: Mapping[str, str]  # email, linkedin, ... in the order written
    keep_in_touch: Cadence | None
    log: tuple[Interaction, ...]
    public_fields: tuple[str, ...]  # shown publicly besides name, organization, role, topics
    # ``journal snooze``: until this day (included) no reminder about the
    # person is suggested, only their dated tasks; and why.
    snooze_until: date | None = None
    snooze_reason: str | None = None

    def snoozed(self, today: date) -> bool:
        """Whether reminders about this person are held back on ``today``."""
        return self.snooze_until is not None and today <= self.snooze_until


@dataclass(frozen=True, slots=True)
class Organization(Entry):
    """An organization to follow or learn about: ``journal/organizations/<slug>.md``."""

    name: str
    kind: str | None
    website: str | None
    researched: date | None


@dataclass(frozen=True, slots=True)
class Event(Entry):
    """An online event: ``journal/events/<slug>.md``."""

    title: str
    kind: str | None
    platform: str | None
    start: date | datetime | None
    end: date | datetime | None
    duration: int | None  # minutes
    url: str | None
    status: str
    organizations: tuple[str, ...]
    people: tuple[str, ...]
    uid: str | None = None  # the invitation it came from (journal import ics): a re-import updates it


@dataclass(frozen=True, slots=True)
class Reflection(Entry):
    """What you learned and what comes next: ``journal/reflections/<slug>.md``."""

    date: date
    title: str | None
    people: tuple[str, ...]
    events: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Goal(Located):
    """One goal of the plan: a count, organizations to learn about, or a topic."""

    title: str
    count: str | None
    target: int | None
    kinds: tuple[str, ...]
    organizations: tuple[str, ...]
    topic: str | None
    per: str

    @property
    def goal_kind(self) -> str:
        """``count``, ``organizations`` or ``topic``."""
        if self.count is not None:
            return "count"
        if self.organizations:
            return "organizations"
        return "topic"


@dataclass(frozen=True, slots=True)
class Plan(Located):
    """``journal/plan.yml``: the owner's networking plan."""

    owner: str | None
    timezone: ZoneInfo
    time_budget: Budget | None
    after_event_days: int
    goals: tuple[Goal, ...]  # the goals every figure is computed for: those without errors
    # What ``journal next`` suggests (defaults in ``builder.format``):
    # relationship -> how long without contact makes a person "quiet" (None: never)
    quiet_after: Mapping[str, Cadence | None] = field(default_factory=lambda: QUIET_AFTER)
    reply_after: Cadence = REPLY_AFTER  # a message unanswered this long awaits a reply
    after_event_window: Cadence = AFTER_EVENT_WINDOW  # an after-event follow-up later than this is missed
    action_minutes: Mapping[str, int] = field(
        default_factory=lambda: ACTION_MINUTES
    )  # the time an action takes, by what it asks
    # Goals with an error (reported by ``journal check``), in file order: no
    # view shows them, since their figures would be made up (a target of 1
    # for 'target: 0', a month for 'per: fortnight').
    left_out: tuple[Goal, ...] = ()

    def all_goals(self) -> tuple[Goal, ...]:
        """Every goal with a title, in file order: for the rules that check them."""
        if not self.left_out:
            return self.goals
        return tuple(sorted((*self.goals, *self.left_out), key=lambda g: (g.src.line, g.src.col)))


@dataclass(frozen=True, slots=True)
class Source(Located):
    """Something followed to hear of events passively (``journal/sources.yml``)."""

    name: str
    kind: str | None
    url: str | None
    topics: tuple[str, ...]
    note: str | None


@dataclass(frozen=True, slots=True)
class Journal:
    """The whole journal.  Entries are keyed by slug, in slug order."""

    plan: Plan
    sources: tuple[Source, ...]
    contacts: Mapping[str, Contact]
    organizations: Mapping[str, Organization]
    events: Mapping[str, Event]
    reflections: Mapping[str, Reflection]
    # Slugs of entry files that exist but could not be loaded (their errors
    # are reported), mapped to their folder; references to them are not
    # reported again.
    unloaded: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def entries(self) -> Iterator[Entry]:
        """Every entry: contacts, organizations, events, then reflections."""
        yield from self.contacts.values()
        yield from self.organizations.values()
        yield from self.events.values()
        yield from self.reflections.values()

    def entry(self, slug: str) -> Entry | None:
        """The entry with this slug, of any kind."""
        for kind in (self.contacts, self.organizations, self.events, self.reflections):
            found = kind.get(slug)
            if found is not None:
                return found
        return None


def with_entries(journal: Journal, updates: Mapping[str, Mapping[str, Entry]], *, others: bool = True) -> Journal:
    """``journal`` with ``updates`` (folder → slug → entry) in place of its
    entries of the same slugs; without ``others``, a journal of only those
    (to check the edited entries alone).  Slug order is kept: an update
    replaces an entry, never adds one."""

    def merged(kind: str) -> Mapping[str, Any]:
        records = updates.get(kind, {})
        if not others:
            return MappingProxyType(dict(records))
        return MappingProxyType({**getattr(journal, kind), **records}) if records else getattr(journal, kind)

    return Journal(
        plan=journal.plan,
        sources=journal.sources,
        contacts=merged("contacts"),
        organizations=merged("organizations"),
        events=merged("events"),
        reflections=merged("reflections"),
        unloaded=journal.unloaded if others else MappingProxyType({}),
    )
