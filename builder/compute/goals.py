"""Goal progress per period.

For the period of the goal's ``per`` that contains today (and the periods
before it, for history), each goal counts (README, "How figures are computed"):

- ``people``: distinct contacts with an interaction in the period;
- ``outreach``: log items with ``by: me``;
- ``new-contacts``: contacts whose ``met.date`` is in the period;
- ``events``: attended events (only ``kinds``, if given);
- ``engagement-kinds``: distinct kinds of attended events (an event without a kind is ``other``);
- ``hours``: attended events' length plus log ``minutes``, in hours;
- ``organizations``: listed organizations researched in the period, or with an
  interaction with someone working there, or at an attended event listing them;
- ``topic``: distinct contacts with that topic and an interaction in the period.

Nothing dated after today counts.

A period that ended before today is ``met`` or ``missed``.  The current one
is ``met``, ``on pace`` or ``behind``: on pace while the figure is at least
what steady progress asks for by today, rounded down to whole units (a
person, an event, an hour), so that no one is behind before a whole one is
due: on the first of a month no goal is red.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from builder.compute.activity import Activity, Touch, event_minutes
from builder.compute.periods import Period, period_of, periods_back
from builder.model import Goal, Journal
from builder.values import topic_key

HISTORY = 24  # past periods shown per goal, at most


@dataclass(frozen=True, slots=True)
class Progress:
    """A goal's figures for one period."""

    goal: Goal
    period: Period
    actual: float  # a whole number except for hours
    target: int
    counted: tuple[str, ...]  # slugs (or kinds) that counted, for "who/what counted"
    expected: float  # where steady progress would be by today: target × the share of the period gone by
    due: float  # what being on pace asks for by today: ``expected`` rounded down to a whole unit (an hour for hours)
    past: bool  # the period ended before today

    @property
    def met(self) -> bool:
        """Whether the target is reached."""
        return self.actual >= self.target

    @property
    def on_pace(self) -> bool:
        """Whether the goal has what is due by today (in a past period: its target)."""
        return self.actual >= self.due

    @property
    def state(self) -> str:
        """What ``journal goals`` says of it: ``met``, or ``missed`` for a past
        period, else ``on pace`` or ``behind``."""
        if self.met:
            return "met"
        if self.past:
            return "missed"
        return "on pace" if self.on_pace else "behind"

    @property
    def fraction(self) -> float:
        """Progress from 0 to 1 (capped)."""
        return min(1.0, self.actual / self.target) if self.target else 1.0

    def as_json(self) -> dict[str, Any]:
        """The item of ``journal goals --json``."""
        actual: float | int = round(self.actual, 2) if self.goal.count == "hours" else int(self.actual)
        return {
            "title": self.goal.title,
            "period": self.period.label,
            "actual": actual,
            "target": self.target,
            "met": self.met,
            "state": self.state,
            "on_pace": self.on_pace,
            "expected": round(self.expected, 2),  # where steady progress would be by today
            "due": int(self.due),  # expected, rounded down to a whole unit
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
        }


def goal_target(goal: Goal) -> int:
    """The target per period: ``target``; for an organizations goal, by default
    the number of organizations listed; for a topic goal, by default 1.
    """
    if goal.target is not None:
        return goal.target
    if goal.count is None and goal.organizations:
        return len(goal.organizations)
    return 1


class Facts:
    """The journal's dated facts in date order, to slice by period quickly."""

    def __init__(self, journal: Journal, activity: Activity) -> None:
        self.journal = journal
        self.activity = activity
        today = activity.today
        self.touches = activity.touches
        self.touch_days = [t.date for t in self.touches]
        attended = [(activity.event_days[slug], slug) for slug in activity.attended]
        self.attended = attended
        self.attended_days = [day for day, _ in attended]
        met = sorted(
            (c.met.date, slug)
            for slug, c in journal.contacts.items()
            if c.met is not None and c.met.date is not None and c.met.date <= today
        )
        self.met = met
        self.met_days = [day for day, _ in met]
        self.contact_topics = {
            slug: frozenset(topic_key(t) for t in contact.topics) for slug, contact in journal.contacts.items()
        }

    @staticmethod
    def _slice(days: list[date], items: Sequence[Any], period: Period) -> Sequence[Any]:
        lo = bisect.bisect_left(days, period.start)
        hi = bisect.bisect_right(days, period.end)
        return items[lo:hi]

    def touches_in(self, period: Period) -> Sequence[Touch]:
        """Interactions dated in ``period``."""
        return self._slice(self.touch_days, self.touches, period)

    def attended_in(self, period: Period) -> Sequence[tuple[date, str]]:
        """(day, slug) of events attended in ``period``."""
        return self._slice(self.attended_days, self.attended, period)

    def met_in(self, period: Period) -> Sequence[tuple[date, str]]:
        """(met date, slug) of contacts first met in ``period``."""
        return self._slice(self.met_days, self.met, period)

    def earliest(self) -> date | None:
        """The first dated thing of any entry, whatever its status or whether it
        is past: a contact's ``met.date`` or log item, an event's day (any
        status), a reflection's date, an organization's ``researched``.  A
        goal's history starts at the period that holds it."""
        journal = self.journal
        days = list(self.activity.event_days.values())
        for contact in journal.contacts.values():
            if contact.met is not None and contact.met.date is not None:
                days.append(contact.met.date)
            if contact.log:
                days.append(min(item.date for item in contact.log))
        days += [r.date for r in journal.reflections.values()]
        days += [o.researched for o in journal.organizations.values() if o.researched is not None]
        return min(days, default=None)


def measure(goal: Goal, period: Period, facts: Facts) -> tuple[float, tuple[str, ...]]:
    """The goal's actual figure in ``period`` and what counted towards it."""
    journal = facts.journal
    if goal.count is not None:
        kinds = set(goal.kinds)

        def kind_ok(slug: str) -> bool:
            return not kinds or (journal.events[slug].kind or "other") in kinds

        if goal.count == "people":
            people = sorted({t.contact for t in facts.touches_in(period)})
            return len(people), tuple(people)
        if goal.count == "outreach":
            reached = [t.contact for t in facts.touches_in(period) if t.kind == "log" and t.by == "me"]
            return len(reached), tuple(sorted(set(reached)))
        if goal.count == "new-contacts":
            new = sorted(slug for _, slug in facts.met_in(period))
            return len(new), tuple(new)
        if goal.count == "events":
            events = [slug for _, slug in facts.attended_in(period) if kind_ok(slug)]
            return len(events), tuple(events)
        if goal.count == "engagement-kinds":
            found = sorted(
                {journal.events[slug].kind or "other" for _, slug in facts.attended_in(period) if kind_ok(slug)}
            )
            return len(found), tuple(found)
        if goal.count == "hours":
            return hours_in(period, facts), ()
        raise ValueError(f"unknown count {goal.count!r}")  # the validator refuses it first
    if goal.organizations:
        wanted = dict.fromkeys(goal.organizations)
        hit: set[str] = set()
        for slug in wanted:
            org = journal.organizations.get(slug)
            if org is not None and org.researched is not None and org.researched in period:
                hit.add(slug)
        for touch in facts.touches_in(period):
            org_slug = journal.contacts[touch.contact].organization
            if org_slug in wanted:
                hit.add(org_slug)
        for _, slug in facts.attended_in(period):
            hit.update(o for o in journal.events[slug].organizations if o in wanted)
        counted = tuple(o for o in wanted if o in hit)
        return len(counted), counted
    key = topic_key(goal.topic or "")
    people = sorted({t.contact for t in facts.touches_in(period) if key in facts.contact_topics[t.contact]})
    return len(people), tuple(people)


def hours_in(period: Period, facts: Facts) -> float:
    """Hours of networking in ``period``: attended events' length plus log minutes."""
    minutes = sum(t.minutes or 0 for t in facts.touches_in(period))
    for _, slug in facts.attended_in(period):
        minutes += event_minutes(facts.journal.events[slug]) or 0
    return minutes / 60


def progress(goal: Goal, period: Period, facts: Facts) -> Progress:
    """A goal's ``Progress`` in ``period``, as of the facts' today."""
    today = facts.activity.today
    actual, counted = measure(goal, period, facts)
    target = goal_target(goal)
    share = period.elapsed_fraction(today)
    return Progress(
        goal, period, actual, target, counted, target * share, due(goal, target, period, share), period.end < today
    )


def due(goal: Goal, target: int, period: Period, share: float) -> float:
    """What being on pace asks for when ``share`` of ``period`` has gone by:
    the target's share rounded down to a whole unit (for ``hours``, a whole
    hour).  Whole days make it exact (a float product such as 3 × 10/30 may
    fall just short of 1)."""
    days_gone = round(share * period.days)
    return float(target * days_gone // period.days)


@dataclass(frozen=True, slots=True)
class GoalReport:
    """A goal now and in the periods before."""

    current: Progress
    history: tuple[Progress, ...]  # past periods, newest first


def goal_reports(
    journal: Journal, activity: Activity, history: int = HISTORY, facts: Facts | None = None
) -> list[GoalReport]:
    """Every goal of the plan: its current period and up to ``history`` past
    periods, back to the period of the journal's first dated thing
    (``Facts.earliest``; ``facts``: the journal's, when the caller has them
    already).
    """
    facts = facts or Facts(journal, activity)
    earliest = facts.earliest()
    reports = []
    for goal in journal.plan.goals:
        current = period_of(activity.today, goal.per)
        past = []
        if earliest is not None:
            for period in periods_back(current, history + 1)[1:]:
                if period.end < earliest:
                    break
                past.append(progress(goal, period, facts))
        reports.append(GoalReport(progress(goal, current, facts), tuple(past)))
    return reports
