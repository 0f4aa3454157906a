"""The week's plan: the next actions, fitted to the week's time budget.

A pure function of ``(journal, activity, follow-ups, goal reports, today)``
(``builder.compute.figures`` computes it once; the dashboard, ``journal
next``, ``journal review`` and ``next.ics`` read the same value).  The rules
(README, "What to do next"):

- ``follow-up``: every open follow-up overdue or due in the next 7 days;
- ``mark-event``: an event of the last 30 days still ``planned`` or ``registered``;
- ``prepare``: an event in the next 7 days, not cancelled or skipped;
- ``awaiting-reply``: the contact's latest log item is a written message of
  mine, more than the plan's ``reply_after`` and at most 60 days old, and
  nothing came back since (no ``by: them`` item, no attended event with them);
- ``quiet``: a contact without ``keep_in_touch`` unheard of for longer than
  the plan's ``quiet_after`` for their relationship;
- ``goal``: for each goal behind pace, the people, organisations, events or
  sources that would move it.

Order: overdue follow-ups and events to mark, by due date; then those due
this week, preparation, replies, quiet contacts, goal suggestions.  In that
order, each action is ``this`` week's if its estimated minutes still fit in
what is left of the week's time budget (minutes already logged this ISO
week count), else ``later``: a long one does not hold back the short ones
after it.  A snoozed contact gets none of
these but its dated tasks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from builder.compute.activity import Activity, event_minutes
from builder.compute.followups import FollowUp, is_review
from builder.compute.goals import Facts, GoalReport, hours_in
from builder.compute.periods import Period, period_of
from builder.diagnostics import Loc
from builder.model import Contact, Journal, Organization
from builder.values import topic_key

KINDS = ("follow-up", "mark-event", "prepare", "awaiting-reply", "quiet", "goal")
WRITTEN = ("email", "linkedin", "twitter", "chat")  # channels a reply is awaited on
SPOKEN = ("zoom", "call", "in-person")
SOON_DAYS = 7  # follow-ups and events this close are this week's business
MARK_WITHIN = 30  # days after an event it is still worth marking
REPLY_WITHIN = 60  # days after which an unanswered message is let go
DEFAULT_WEEK_MINUTES = 180  # the week's budget when the plan sets none
EVENT_MINUTES = 60  # an event of unknown length
MAX_CANDIDATES = 5  # suggestions per goal, at most
# The share of a week in each period a time budget may be given per.
WEEKS_PER = {"day": 7.0, "week": 1.0, "month": 12 / 52, "quarter": 4 / 52, "year": 1 / 52}


@dataclass(frozen=True, slots=True)
class Action:
    """One thing to do, with what it concerns, when, and what it costs."""

    kind: str  # one of KINDS
    due: date | None
    minutes: int  # estimated
    text: str  # in English, for the command line and JSON (pages word it from the fields)
    source: Loc  # where it comes from
    contact: str | None = None
    event: str | None = None
    goal: str | None = None  # the goal's title
    organization: str | None = None  # an organisation to research (goal suggestions)
    reason: str | None = None  # a follow-up's reason; a goal suggestion's ("contact", "event", "research", "source")
    since: date | None = None  # the message awaiting a reply; the last contact of a quiet one; the event to mark
    channel: str | None = None  # the channel suggested (or awaiting a reply on)
    command: str | None = None  # the one-line command that records it
    details: tuple[str, ...] = ()  # prepare: who is listed, open tasks, the last reflection (English)
    week: str = "later"  # "this" or "later"
    followup: FollowUp | None = None  # the follow-up a "follow-up" action is
    listed: tuple[str, ...] = ()  # prepare: the contacts listed at the event
    tasks: tuple[str, ...] = ()  # prepare: open tasks that link the event
    reflection: str | None = None  # prepare: the last reflection about its organisations
    source_name: str | None = None  # a goal suggestion to go through a source: its name
    topic: str | None = None  # ... looking for someone on this topic
    kinds: tuple[str, ...] = ()  # ... or for an event of these kinds (any, when empty)

    def overdue(self, today: date) -> bool:
        """Whether it was due before ``today``."""
        return self.due is not None and self.due < today

    def as_json(self) -> dict[str, Any]:
        """The item of ``journal next --json``."""
        return {
            "kind": self.kind,
            "contact": self.contact,
            "event": self.event,
            "goal": self.goal,
            "due": self.due.isoformat() if self.due else None,
            "minutes": self.minutes,
            "text": self.text,
            "source": self.source.path,
            "line": self.source.line,
            "week": self.week,
            "command": self.command,
        }


@dataclass(frozen=True, slots=True)
class WeekPlan:
    """The actions in order, and the week's time against them."""

    actions: tuple[Action, ...]
    week: Period  # the ISO week of today
    budget: int  # minutes the plan gives a week (DEFAULT_WEEK_MINUTES without a budget)
    budgeted: bool  # whether the plan sets a time budget
    spent: int  # minutes already logged this week
    planned: int  # minutes of this week's actions

    @property
    def left(self) -> int:
        """Minutes of the week's budget not yet spent."""
        return max(0, self.budget - self.spent)

    @property
    def this_week(self) -> tuple[Action, ...]:
        """The actions that fit this week."""
        return tuple(a for a in self.actions if a.week == "this")

    @property
    def later(self) -> tuple[Action, ...]:
        """The actions that do not fit this week."""
        return tuple(a for a in self.actions if a.week == "later")


def week_budget(journal: Journal) -> int:
    """The minutes a week the plan gives networking."""
    budget = journal.plan.time_budget
    if budget is None:
        return DEFAULT_WEEK_MINUTES
    return round(budget.minutes * WEEKS_PER[budget.per])


def channel_for(contact: Contact, activity: Activity) -> str:
    """The channel to reach ``contact`` on: the last one used, else the
    address their links give (e-mail, then LinkedIn), else e-mail."""
    for touch in reversed(activity.by_contact.get(contact.slug, ())):
        if touch.channel is not None and touch.channel != "other":
            return touch.channel
    if "email" not in contact.links and "linkedin" in contact.links:
        return "linkedin"
    return "email"


def log_command(slug: str, channel: str, by: str = "me") -> str:
    """``journal log`` for an interaction with ``slug``."""
    return f"journal log {slug} --channel {channel}" + (" --by them" if by == "them" else "") + ' "..."'


class _Planner:
    """The rules, over one journal and day; ``plan`` puts them together."""

    def __init__(
        self,
        journal: Journal,
        activity: Activity,
        facts: Facts,
        followups: Sequence[FollowUp],
        reports: Sequence[GoalReport],
    ) -> None:
        self.journal = journal
        self.activity = activity
        self.facts = facts
        self.followups = followups
        self.reports = reports
        self.today = activity.today
        self.minutes = journal.plan.action_minutes
        self.taken: set[str] = set()  # contacts and events an earlier action is about

    def contact_minutes(self, channel: str) -> int:
        return self.minutes["call" if channel in SPOKEN else "message"]

    def snoozed(self, slug: str | None) -> bool:
        contact = self.journal.contacts.get(slug or "")
        return contact is not None and contact.snoozed(self.today)

    # -- the kinds of action -------------------------------------------------

    def follow_ups(self) -> list[Action]:
        soon = self.today + timedelta(days=SOON_DAYS)
        out = []
        reminded: set[str] = set()  # one keep-in-touch or after-event reminder per person: the soonest
        for item in self.followups:
            if item.due is None or item.due >= soon:
                continue
            contact = self.journal.contacts.get(item.contact or "")
            if item.reason != "task":
                if item.contact in reminded:
                    continue
                reminded.add(item.contact or "")
            if item.reason == "task":
                command = f"journal done {item.source.path}:{item.source.line}"
                channel = None
                minutes = self.minutes["message"]
            else:
                assert contact is not None  # keep-in-touch and after-event follow-ups are about a contact
                channel = channel_for(contact, self.activity)
                command = log_command(contact.slug, channel)
                minutes = self.contact_minutes(channel)
            out.append(
                Action(
                    "follow-up",
                    item.due,
                    minutes,
                    item.text,
                    item.source,
                    contact=item.contact,
                    event=item.event,
                    reason=item.reason,
                    channel=channel,
                    command=command,
                    followup=item,
                )
            )
        return out

    def events_to_mark(self) -> list[Action]:
        out = []
        oldest = self.today - timedelta(days=MARK_WITHIN)
        for slug, day in self.activity.event_days.items():
            event = self.journal.events[slug]
            if oldest <= day < self.today and event.status in ("planned", "registered"):
                out.append(
                    Action(
                        "mark-event",
                        day + timedelta(days=1),
                        self.minutes["mark-event"],
                        f"Did you attend {event.title} ({day.isoformat()})? Mark it attended or skipped",
                        event.loc("status"),
                        event=slug,
                        since=day,
                        command=f"journal mark {slug} attended",
                    )
                )
        return out

    def preparations(self) -> list[Action]:
        soon = self.today + timedelta(days=SOON_DAYS)
        events = [
            (day, slug)
            for slug, day in self.activity.event_days.items()
            if self.today <= day < soon and self.journal.events[slug].status not in ("cancelled", "skipped", "attended")
        ]
        if not events:
            return []
        events.sort()
        wanted = {slug for _, slug in events}
        tasks_of: dict[str, list[str]] = {}  # one pass over every task, not one per event
        for entry in self.journal.entries():
            if entry.tasks and is_review(self.journal, entry):
                continue  # a review's checklist copies this week's actions
            for task in entry.tasks:
                if task.done:
                    continue
                for slug in dict.fromkeys((entry.slug, *task.links)):
                    if slug in wanted:
                        tasks_of.setdefault(slug, []).append(task.text)
        latest = self.latest_reflections({org for slug in wanted for org in self.journal.events[slug].organizations})
        out = []
        for day, slug in events:
            event = self.journal.events[slug]
            listed = tuple(p for p in dict.fromkeys(event.people) if p in self.journal.contacts)
            tasks = tuple(tasks_of.get(slug, ()))
            found = max((latest[o] for o in event.organizations if o in latest), default=None)
            reflection = found[1] if found else None
            details = []
            if listed:
                details.append("Listed: " + ", ".join(self.journal.contacts[p].name for p in listed))
            if event.status == "planned":
                details.append("Not registered yet" + (f": {event.url}" if event.url else ""))
            details += [f"Open task: {text}" for text in tasks]
            if reflection is not None:
                written = self.journal.reflections[reflection]
                headline = written.title or _first_line(written.body) or reflection
                details.append(f"Last reflection ({written.date.isoformat()}): [[{reflection}|{headline}]]")
            out.append(
                Action(
                    "prepare",
                    day,
                    event_minutes(event) or EVENT_MINUTES,
                    f"Prepare for {event.title} ({day.isoformat()})",
                    event.src,
                    event=slug,
                    details=tuple(details),
                    listed=listed,
                    tasks=tasks,
                    reflection=reflection,
                )
            )
        return out

    def latest_reflections(self, organizations: set[str]) -> dict[str, tuple[date, str]]:
        """For each of ``organizations``, the (date, slug) of the latest
        reflection up to today that links it or lists an event of theirs."""
        latest: dict[str, tuple[date, str]] = {}
        if not organizations:
            return latest
        events = self.journal.events
        for reflection in self.journal.reflections.values():
            if reflection.date > self.today or is_review(self.journal, reflection):
                continue
            about = {link.slug for link in reflection.wikilinks}
            for slug in reflection.events:
                if slug in events:
                    about.update(events[slug].organizations)
            key = (reflection.date, reflection.slug)
            for org in about & organizations:
                if org not in latest or key > latest[org]:
                    latest[org] = key
        return latest

    def awaiting_replies(self) -> list[Action]:
        out = []
        wait = self.journal.plan.reply_after
        for slug, contact in self.journal.contacts.items():
            if not contact.log or contact.snoozed(self.today):
                continue
            touches = self.activity.by_contact.get(slug, ())
            last_log = next((t for t in reversed(touches) if t.kind == "log"), None)
            if last_log is None or last_log.by != "me" or last_log.channel not in WRITTEN:
                continue
            due = wait.after(last_log.date)
            if not due < self.today or (self.today - last_log.date).days > REPLY_WITHIN:
                continue
            if any(t.kind == "event" and t.date > last_log.date for t in touches):
                continue  # met at an event since: the conversation went on there
            channel = last_log.channel
            assert channel is not None
            out.append(
                Action(
                    "awaiting-reply",
                    due,
                    self.minutes["message"],
                    f"No reply from {contact.name} to your {channel} of {last_log.date.isoformat()}: "
                    "send a short nudge, or let it go",
                    last_log.loc,
                    contact=slug,
                    since=last_log.date,
                    channel=channel,
                    command=log_command(slug, channel),
                )
            )
        out.sort(key=lambda a: (a.due or date.min, a.contact or ""))
        return out

    def quiet_contacts(self) -> list[Action]:
        out = []
        thresholds = self.journal.plan.quiet_after
        for slug, contact in self.journal.contacts.items():
            if contact.keep_in_touch is not None or contact.snoozed(self.today):
                continue
            threshold = thresholds.get(contact.relationship or "other")
            if threshold is None:
                continue
            last = self.activity.last_touch(slug)
            since = last.date if last is not None else (contact.met.date if contact.met else None)
            if since is None or since > self.today:
                continue
            due = threshold.after(since)
            if due > self.today:
                continue
            channel = channel_for(contact, self.activity)
            relationship = contact.relationship or "other"
            out.append(
                Action(
                    "quiet",
                    due,
                    self.contact_minutes(channel),
                    f"{contact.name} ({relationship}) has not heard from you since {since.isoformat()}",
                    contact.loc("relationship"),
                    contact=slug,
                    since=since,
                    channel=channel,
                    command=log_command(slug, channel),
                )
            )
        out.sort(key=lambda a: (a.due or date.min, a.contact or ""))
        return out

    # -- goal suggestions ----------------------------------------------------

    def goal_suggestions(self) -> list[Action]:
        out: list[Action] = []
        for report in self.reports:
            progress = report.current
            if progress.state != "behind":
                continue
            goal = progress.goal
            gap = max(1, math.ceil(progress.due - progress.actual))
            if goal.count == "hours":
                gap = 1  # an event or two moves hours; one suggestion per hour would be noise
            for action in self.candidates(report, min(gap, MAX_CANDIDATES)):
                out.append(replace(action, goal=goal.title))
                self.taken.update(x for x in (action.contact, action.event) if x)
        return out

    def candidates(self, report: GoalReport, wanted: int) -> list[Action]:
        progress = report.current
        goal = progress.goal
        period = progress.period
        loc = goal.src
        if goal.count in ("people", "outreach"):
            counted = set(progress.counted)
            pool = [
                c
                for c in self.journal.contacts.values()
                if (c.keep_in_touch is not None or c.relationship is not None) and c.slug not in counted
            ]
            return self.contacts_to_reach(pool, wanted, loc, f"would count towards '{goal.title}'")
        if goal.count is None and goal.topic is not None:
            key = topic_key(goal.topic)
            seen = {t.contact for t in self.facts.touches_in(period)}
            pool = [
                c
                for c in self.journal.contacts.values()
                if key in self.facts.contact_topics[c.slug] and c.slug not in seen
            ]
            found = self.contacts_to_reach(pool, wanted, loc, f"talks about {goal.topic}")
            return found or self.sources_for(
                wanted, loc, {key}, f"find someone who talks about {goal.topic}", goal.topic
            )
        if goal.count is None:
            return self.organizations_to_reach(progress.counted, goal.organizations, wanted, loc)
        if goal.count in ("events", "engagement-kinds"):
            kinds = set(goal.kinds)
            if goal.count == "engagement-kinds":
                done = set(progress.counted)
                ok = lambda e: (e.kind or "other") not in done and (not kinds or (e.kind or "other") in kinds)  # noqa: E731
            else:
                ok = lambda e: not kinds or (e.kind or "other") in kinds  # noqa: E731
            found = self.upcoming_events(period, wanted, loc, ok)
            wanted_kinds = tuple(sorted(kinds))
            what = " or ".join(wanted_kinds) if kinds else "an event"
            return found or self.sources_for(wanted, loc, set(), f"look for {what} to attend", kinds=wanted_kinds)
        # new-contacts and hours: events are where both come from
        found = self.upcoming_events(period, wanted, loc, lambda e: True)
        return found or self.sources_for(wanted, loc, set(), "look for an event to attend")

    def contacts_to_reach(self, pool: Iterable[Contact], wanted: int, loc: Loc, why: str) -> list[Action]:
        """The ``wanted`` contacts of ``pool`` unseen the longest (never first), not snoozed or already planned."""

        def last_seen(c: Contact) -> tuple[date, str]:
            last = self.activity.last_touch(c.slug)
            return (last.date if last else date.min, c.slug)

        ready = [
            c
            for c in pool
            if c.slug not in self.taken
            and not c.snoozed(self.today)
            and not (c.met is not None and c.met.date is not None and c.met.date > self.today)
        ]
        out = []
        for contact in sorted(ready, key=last_seen)[:wanted]:
            last = self.activity.last_touch(contact.slug)
            channel = channel_for(contact, self.activity)
            since = f"last contact {last.date.isoformat()}" if last else "no contact yet"
            out.append(
                Action(
                    "goal",
                    None,
                    self.contact_minutes(channel),
                    f"Get in touch with {contact.name} ({since}): {why}",
                    loc,
                    contact=contact.slug,
                    reason="contact",
                    since=last.date if last else None,
                    channel=channel,
                    command=log_command(contact.slug, channel),
                )
            )
        return out

    def organizations_to_reach(
        self, counted: Sequence[str], organizations: Sequence[str], wanted: int, loc: Loc
    ) -> list[Action]:
        """For each organisation not reached yet: someone who works there, or "research it"."""
        out: list[Action] = []
        people_of: dict[str, list[Contact]] = {}
        for contact in self.journal.contacts.values():
            if contact.organization:
                people_of.setdefault(contact.organization, []).append(contact)
        for slug in organizations:
            if len(out) >= wanted:
                break
            if slug in counted:
                continue
            org = self.journal.organizations.get(slug)
            name = org.name if isinstance(org, Organization) else slug
            found = self.contacts_to_reach(people_of.get(slug, ()), 1, loc, f"works at {name}")
            if found:
                out.append(replace(found[0], organization=slug))
                continue
            out.append(
                Action(
                    "goal",
                    None,
                    self.minutes["research"],
                    f"Research {name}: who works there, what they are hiring for; then set researched: to the day",
                    org.loc("researched") if org is not None else loc,
                    organization=slug,
                    reason="research",
                )
            )
        return out

    def upcoming_events(self, period: Period, wanted: int, loc: Loc, ok: Any) -> list[Action]:
        """Events from today to the end of ``period`` that ``ok`` accepts, soonest first."""
        out: list[Action] = []
        for slug, day in sorted(self.activity.event_days.items(), key=lambda kv: (kv[1], kv[0])):
            if len(out) >= wanted:
                break
            event = self.journal.events[slug]
            if not self.today <= day <= period.end or event.status in ("cancelled", "skipped", "attended"):
                continue
            if slug in self.taken or not ok(event):
                continue
            out.append(
                Action(
                    "goal",
                    day,
                    event_minutes(event) or EVENT_MINUTES,
                    f"Attend {event.title} ({day.isoformat()})",
                    event.src,
                    event=slug,
                    reason="event",
                    command=None if event.status == "registered" else f"journal mark {slug} registered",
                )
            )
        return out

    def sources_for(
        self, wanted: int, loc: Loc, topics: set[str], why: str, topic: str | None = None, kinds: tuple[str, ...] = ()
    ) -> list[Action]:
        """Sources to look through: those on ``topics`` first, event platforms
        next; each once in the week, whichever goal asked first."""

        def rank(i: int) -> tuple[int, int]:
            source = self.journal.sources[i]
            on_topic = bool(topics & {topic_key(t) for t in source.topics})
            return (0 if on_topic else 1 if source.kind == "event-platform" else 2, i)

        order = [i for i in sorted(range(len(self.journal.sources)), key=rank) if f"source:{i}" not in self.taken]
        out = []
        for i in order[:wanted]:
            source = self.journal.sources[i]
            if topics and rank(i)[0] != 0:
                break
            self.taken.add(f"source:{i}")
            out.append(
                Action(
                    "goal",
                    None,
                    self.minutes["research"],
                    f"Go through {source.name}: {why}",
                    source.src,
                    reason="source",
                    source_name=source.name,
                    topic=topic,
                    kinds=kinds,
                )
            )
        return out


def _first_line(body: str) -> str:
    """The first line of a body with text, without its heading marks."""
    return next((line.strip().lstrip("#").strip() for line in body.splitlines() if line.strip("# \t")), "")


def plan_week(
    journal: Journal,
    activity: Activity,
    facts: Facts,
    followups: Sequence[FollowUp],
    reports: Sequence[GoalReport],
) -> WeekPlan:
    """The week's actions in order, each ``this`` or ``later`` by the week's budget."""
    today = activity.today
    planner = _Planner(journal, activity, facts, followups, reports)
    follow_ups = planner.follow_ups()
    marks = planner.events_to_mark()

    def by_due(a: Action) -> tuple[date, int, Loc]:
        return (a.due or date.min, KINDS.index(a.kind), a.source)

    urgent = sorted((a for a in follow_ups + marks if a.overdue(today)), key=by_due)
    soon = sorted((a for a in follow_ups + marks if not a.overdue(today)), key=by_due)
    ordered: list[Action] = []

    def take(actions: Iterable[Action]) -> None:
        for action in actions:
            ordered.append(action)
            planner.taken.update(x for x in (action.contact, action.event) if x)

    take(urgent + soon)
    take(planner.preparations())
    take(a for a in planner.awaiting_replies() if a.contact not in planner.taken)
    take(a for a in planner.quiet_contacts() if a.contact not in planner.taken)
    take(planner.goal_suggestions())
    week = period_of(today, "week")
    spent = round(hours_in(week, facts) * 60)
    budget = week_budget(journal)
    left = max(0, budget - spent)
    fitted = []
    used = 0
    for action in ordered:  # in order, each that still fits: a long one does not hold back the short ones after it
        if used + action.minutes <= left:
            used += action.minutes
            fitted.append(replace(action, week="this"))
        else:
            fitted.append(action)
    return WeekPlan(tuple(fitted), week, budget, journal.plan.time_budget is not None, spent, used)


def by_kind(actions: Iterable[Action]) -> Mapping[str, tuple[Action, ...]]:
    """``actions`` grouped by kind, in the order of ``KINDS``."""
    groups: dict[str, list[Action]] = {kind: [] for kind in KINDS}
    for action in actions:
        groups[action.kind].append(action)
    return {kind: tuple(items) for kind, items in groups.items() if items}
