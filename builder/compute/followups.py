"""What is due: keep-in-touch cadences, open tasks, and follow-ups after events.

The rules (README, "How figures are computed"):

- keep-in-touch: due = last interaction + cadence; with no interaction yet,
  ``met.date`` + cadence, or today when there is no ``met.date``;
- a task is every ``- [ ]`` line; it concerns the contacts linked in the line,
  or the entry's own contact; the checklist of a weekly review
  (``journal review``) is not: it copies this week's actions, and the
  reminders it copies clear by themselves;
- after an attended event, each person met is due ``after_event_days`` after
  it, until their log has a ``by: me`` item on or after the event's day; one
  more than ``after_event_window`` overdue is *missed*: it leaves the list
  (a thank-you a month late is no longer the point) and the person's page
  says so;
- a snoozed contact (``snooze_until``) has no keep-in-touch follow-up until
  the day after; their tasks stay;
- overdue means due before today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from builder.compute.activity import Activity
from builder.diagnostics import Loc
from builder.model import Contact, Entry, Journal, Task

REASONS = ("keep-in-touch", "task", "after-event")
REVIEW_SLUG = re.compile(r"week-review-\d{4}-w\d{2}$")  # how a weekly review's slug ends (journal review)


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One thing to do, with when it is due and where it comes from."""

    due: date | None
    reason: str  # one of REASONS
    contact: str | None  # the contact it concerns, if any
    source: Loc  # where it comes from (a task line, a cadence, an event's people)
    entry: str  # slug of the entry that holds it
    text: str
    event: str | None = None  # for after-event follow-ups

    def overdue(self, today: date) -> bool:
        """Whether it was due before ``today``."""
        return self.due is not None and self.due < today

    def as_json(self, today: date) -> dict[str, Any]:
        """The item of ``journal followups --json``."""
        return {
            "due": self.due.isoformat() if self.due else None,
            "overdue": self.overdue(today),
            "reason": self.reason,
            "contact": self.contact,
            "source": self.source.path,
            "line": self.source.line,
            "text": self.text,
        }


def sort_key(item: FollowUp) -> tuple[int, date, str, int, int, str]:
    """By due date (undated last), then by source file and line."""
    return (item.due is None, item.due or date.min, item.source.path, item.source.line, item.source.col, item.text)


def keep_in_touch_due(contact: Contact, activity: Activity) -> date | None:
    """When ``contact`` is next due for a keep-in-touch, or ``None`` without a cadence."""
    cadence = contact.keep_in_touch
    if cadence is None:
        return None
    last = activity.last_touch(contact.slug)
    if last is not None:
        return cadence.after(last.date)
    if contact.met is not None and contact.met.date is not None:
        return cadence.after(contact.met.date)
    return activity.today


def _keep_in_touch(journal: Journal, activity: Activity) -> list[FollowUp]:
    out = []
    for slug, contact in journal.contacts.items():
        due = keep_in_touch_due(contact, activity)
        if due is None or contact.snoozed(activity.today):
            continue
        last = activity.last_touch(slug)
        since = f"last contact {last.date.isoformat()}" if last else "no contact yet"
        out.append(
            FollowUp(
                due=due,
                reason="keep-in-touch",
                contact=slug,
                source=contact.loc("keep_in_touch"),
                entry=slug,
                text=f"Get in touch with {contact.name} (every {contact.keep_in_touch}; {since})",
            )
        )
    return out


def is_review(journal: Journal, entry: Entry) -> bool:
    """Whether ``entry`` is a weekly review (``journal review``): its checklist
    and the names it lists copy the week's plan, so no follow-up, figure or
    preparation counts them."""
    return entry.slug in journal.reflections and REVIEW_SLUG.search(entry.slug) is not None


def task_contact(journal: Journal, entry: Entry, task: Task) -> str | None:
    """The contact a task concerns: the first it links, else the contact
    whose file it is in (``journal done CONTACT`` reads tasks the same way)."""
    for slug in task.links:
        if slug in journal.contacts:
            return slug
    return entry.slug if entry.slug in journal.contacts else None


def _tasks(journal: Journal) -> list[FollowUp]:
    out = []
    for entry in journal.entries():
        if entry.tasks and is_review(journal, entry):
            continue
        for task in entry.tasks:
            if task.done:
                continue
            out.append(
                FollowUp(
                    due=task.due,
                    reason="task",
                    contact=task_contact(journal, entry, task),
                    source=task.loc,
                    entry=entry.slug,
                    text=task.text,
                )
            )
    return out


def _after_events(journal: Journal, activity: Activity) -> list[FollowUp]:
    # The days of each contact's own outreach, for "has followed up since".
    outreach: dict[str, list[date]] = {}
    for touch in activity.touches:
        if touch.kind == "log" and touch.by == "me":
            outreach.setdefault(touch.contact, []).append(touch.date)
    out = []
    delay = timedelta(days=journal.plan.after_event_days)
    for slug in activity.attended:
        event = journal.events[slug]
        day = activity.event_days[slug]
        seen: set[str] = set()
        for i, person in enumerate(event.people):
            contact = journal.contacts.get(person)
            if contact is None or person in seen:
                continue
            seen.add(person)
            days = outreach.get(person, ())
            if days and days[-1] >= day:  # days are in date order
                continue
            out.append(
                FollowUp(
                    due=day + delay,
                    reason="after-event",
                    contact=person,
                    source=event.loc("people", i),
                    entry=slug,
                    text=f"Follow up with {contact.name} after {event.title}",
                    event=slug,
                )
            )
    return out


def followups(journal: Journal, activity: Activity) -> list[FollowUp]:
    """Every open follow-up of the journal, sorted by due date then source."""
    return split_followups(journal, activity)[0]


def split_followups(journal: Journal, activity: Activity) -> tuple[list[FollowUp], list[FollowUp]]:
    """The open follow-ups, and the after-event ones missed (more than the
    plan's ``after_event_window`` overdue), each sorted by due date then source."""
    window = journal.plan.after_event_window
    today = activity.today
    after_events = _after_events(journal, activity)
    missed = [item for item in after_events if item.due is not None and window.after(item.due) < today]
    items = _keep_in_touch(journal, activity) + _tasks(journal)
    items += [item for item in after_events if item.due is None or window.after(item.due) >= today]
    items.sort(key=sort_key)
    missed.sort(key=sort_key)
    return items, missed
