"""What happened, and when: the interactions with each contact and the events
attended, as dated facts derived once from the journal and ``today``.

The rules (README, "How figures are computed"):

- an *interaction* is an item of a contact's ``log``, or the contact being
  listed in ``people`` of an event with status ``attended`` (on the event's day);
- an event's day is its ``start`` in the plan's timezone;
- anything dated after ``today`` is planned, never done: it is left out here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

from builder.diagnostics import Loc
from builder.model import Event, Journal


@dataclass(frozen=True, slots=True)
class Touch:
    """One interaction with a contact."""

    contact: str
    date: date
    kind: str  # "log" or "event"
    channel: str | None  # the log item's channel; None for an event
    by: str | None  # "me" or "them" for a log item; None for an event
    minutes: int | None  # a log item's minutes (an event's length is counted once, per event)
    note: str | None
    event: str | None  # the event's slug, for kind "event"
    loc: Loc


def event_day(event: Event, tz: ZoneInfo) -> date | None:
    """The day an event takes place, in the plan's timezone."""
    start = event.start
    if start is None:
        return None
    if isinstance(start, datetime):
        return start.astimezone(tz).date()
    return start


def event_minutes(event: Event) -> int | None:
    """An event's length: ``duration``, or ``end`` minus ``start`` when both are date-times."""
    if event.duration is not None:
        return event.duration
    if isinstance(event.start, datetime) and isinstance(event.end, datetime):
        return max(0, int((event.end - event.start).total_seconds() // 60))
    return None


@dataclass(frozen=True, slots=True)
class Activity:
    """Dated facts up to and including ``today``, computed once per build."""

    today: date
    event_days: Mapping[str, date]  # every scheduled event (any status, any date)
    attended: tuple[str, ...]  # events attended on or before today, by day then slug
    touches: tuple[Touch, ...]  # every interaction up to today, by date
    by_contact: Mapping[str, tuple[Touch, ...]]  # the same, per contact, by date

    def last_touch(self, contact: str) -> Touch | None:
        """The most recent interaction with ``contact``, if any."""
        found = self.by_contact.get(contact)
        return found[-1] if found else None


def analyze(journal: Journal, today: date) -> Activity:
    """Derive the interactions and attended events of ``journal`` as of ``today``."""
    tz = journal.plan.timezone
    days: dict[str, date] = {}
    for slug, event in journal.events.items():
        day = event_day(event, tz)
        if day is not None:
            days[slug] = day
    attended = sorted(
        (day, slug) for slug, day in days.items() if journal.events[slug].status == "attended" and day <= today
    )
    touches: list[Touch] = []
    for slug, contact in journal.contacts.items():
        for item in contact.log:
            if item.date <= today:
                touches.append(
                    Touch(slug, item.date, "log", item.channel, item.by, item.minutes, item.note, None, item.src)
                )
    for day, slug in attended:
        event = journal.events[slug]
        met_here: set[str] = set()
        for i, person in enumerate(event.people):
            if person in journal.contacts and person not in met_here:
                met_here.add(person)
                touches.append(Touch(person, day, "event", None, None, None, None, slug, event.loc("people", i)))
    touches.sort(key=lambda t: (t.date, t.contact, t.loc))
    per_contact: defaultdict[str, list[Touch]] = defaultdict(list)
    for touch in touches:
        per_contact[touch.contact].append(touch)
    return Activity(
        today=today,
        event_days=MappingProxyType(days),
        attended=tuple(slug for _, slug in attended),
        touches=tuple(touches),
        by_contact=MappingProxyType({k: tuple(v) for k, v in sorted(per_contact.items())}),
    )
