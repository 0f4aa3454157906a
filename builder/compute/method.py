"""The method at a glance: one figure for each of its five habits over the
last 90 days (README, "The method at a glance").

- research: organisations researched in the window; sources followed;
- strategy: goals met or on pace now; hours spent against the time budget's
  share of the window;
- proactivity: the share of log items you started (``by: me``);
- maintaining: the share of contacts with ``keep_in_touch`` who are not overdue;
- listening: the share of attended events and calls (``zoom``, ``call``,
  ``in-person`` log items) followed within 7 days by a note or a reflection:
  a call's own note counts; an event counts with a reflection that lists or
  links it, or a noted log item with someone listed at it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from builder.compute.activity import Activity
from builder.compute.followups import is_review
from builder.compute.goals import Facts, GoalReport, hours_in
from builder.compute.periods import Period
from builder.model import Journal

WINDOW_DAYS = 90
LISTEN_DAYS = 7
SPOKEN = ("zoom", "call", "in-person")


@dataclass(frozen=True, slots=True)
class Method:
    """The five figures, each a count against what it could be."""

    window: Period  # the last WINDOW_DAYS days, today included
    researched: int  # organisations researched in the window
    organizations: int  # organisations in the journal
    sources: int  # sources followed
    on_pace: int  # goals met or on pace now
    goals: int
    hours: float  # spent in the window
    budget_hours: float | None  # the time budget's share of the window; None without a budget
    started: int  # log items of yours in the window
    interactions: int  # log items in the window
    cadenced_on_time: int  # contacts with keep_in_touch not overdue
    cadenced: int
    listened: int  # conversations followed by a note or a reflection
    conversations: int  # attended events and calls in the window

    def share(self, part: int, whole: int) -> float | None:
        """``part`` of ``whole``, or None when there is nothing to measure."""
        return part / whole if whole else None


def method(
    journal: Journal,
    activity: Activity,
    facts: Facts,
    reports: Sequence[GoalReport],
    due: Mapping[str, date | None],
    week_minutes: int | None,
) -> Method:
    """The method's figures of ``journal`` over the 90 days up to today."""
    today = activity.today
    window = Period(today - timedelta(days=WINDOW_DAYS - 1), today, "days")
    researched = sum(1 for o in journal.organizations.values() if o.researched is not None and o.researched in window)
    logs = [t for t in facts.touches_in(window) if t.kind == "log"]
    cadenced = [slug for slug, c in journal.contacts.items() if c.keep_in_touch is not None]
    on_time = sum(1 for slug in cadenced if (day := due.get(slug)) is None or day >= today)
    listened, conversations = _listening(journal, activity, facts, window)
    return Method(
        window=window,
        researched=researched,
        organizations=len(journal.organizations),
        sources=len(journal.sources),
        on_pace=sum(1 for r in reports if r.current.state in ("met", "on pace")),
        goals=len(reports),
        hours=hours_in(window, facts),
        budget_hours=None if week_minutes is None else week_minutes * WINDOW_DAYS / 7 / 60,
        started=sum(1 for t in logs if t.by == "me"),
        interactions=len(logs),
        cadenced_on_time=on_time,
        cadenced=len(cadenced),
        listened=listened,
        conversations=conversations,
    )


def _listening(journal: Journal, activity: Activity, facts: Facts, window: Period) -> tuple[int, int]:
    """(followed by a note or reflection, all) of the window's events attended and calls."""
    reflections_of: dict[str, list[date]] = {}  # event or contact slug -> days of reflections naming it
    for reflection in journal.reflections.values():
        if is_review(journal, reflection):
            continue  # it names everyone of the week: listening is what you wrote about them
        named = {*reflection.events, *reflection.people, *(link.slug for link in reflection.wikilinks)}
        for slug in named:
            reflections_of.setdefault(slug, []).append(reflection.date)

    def reflected(slug: str, day: date) -> bool:
        return any(day <= d <= day + timedelta(days=LISTEN_DAYS) for d in reflections_of.get(slug, ()))

    def noted(contact: str, day: date) -> bool:
        return any(
            t.kind == "log" and t.note and day <= t.date <= day + timedelta(days=LISTEN_DAYS)
            for t in activity.by_contact.get(contact, ())
        )

    listened = total = 0
    for day, slug in facts.attended_in(window):
        total += 1
        people = journal.events[slug].people
        if reflected(slug, day) or any(noted(p, day) for p in people):
            listened += 1
    for touch in facts.touches_in(window):
        if touch.kind == "log" and touch.channel in SPOKEN:
            total += 1
            if touch.note or reflected(touch.contact, touch.date):
                listened += 1
    return listened, total
