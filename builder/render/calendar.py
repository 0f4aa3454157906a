"""Calendar feeds: ``events.ics`` (every event that is not cancelled) and
``follow-ups.ics`` (every dated open follow-up, as an all-day item).

UIDs are made from what an item *is* (an event's slug; a follow-up's kind,
contact and text), not from where it sits in a file, so a calendar that
subscribes sees updates, not duplicates.  DTSTAMP is today's date, so the
same journal and today give the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from builder.compute.followups import FollowUp
from builder.model import Contact, Entry, Event

PRODID = "-//networking-journal//journal build//EN"
DOMAIN = "networking-journal"
STATUS = {"planned": "TENTATIVE", "registered": "CONFIRMED", "attended": "CONFIRMED", "skipped": "CANCELLED"}
_WIKILINK = re.compile(r"\[\[([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]")


def _calendar(name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _stamp(today: date) -> datetime:
    return datetime(today.year, today.month, today.day, tzinfo=UTC)


def _moment(value: date | datetime) -> date | datetime:
    """Named zones stay (with a VTIMEZONE); fixed offsets become UTC."""
    if isinstance(value, datetime) and not isinstance(value.tzinfo, ZoneInfo):
        return value.astimezone(UTC)
    return value


def events_calendar(events: Iterable[Event], today: date, minutes: Mapping[str, int | None]) -> str:
    """``events.ics`` for ``events`` (those with a start and not cancelled)."""
    cal = _calendar("Networking events")
    ordered = sorted(
        (e for e in events if e.start is not None and e.status != "cancelled"),
        key=lambda e: (str(_moment(e.start)) if e.start is not None else "", e.slug),
    )
    for event in ordered:
        assert event.start is not None
        item = icalendar.Event()
        item.add("uid", f"event-{event.slug}@{DOMAIN}")
        item.add("dtstamp", _stamp(today))
        start = _moment(event.start)
        item.add("dtstart", start)
        if event.end is not None:
            end = _moment(event.end)
            if not isinstance(end, datetime):
                end = end + timedelta(days=1)  # DTEND of a whole-day event is exclusive
            item.add("dtend", end)
        elif isinstance(start, datetime) and minutes.get(event.slug):
            item.add("dtend", start + timedelta(minutes=minutes[event.slug] or 0))
        elif not isinstance(start, datetime):
            item.add("dtend", start + timedelta(days=1))
        item.add("summary", event.title)
        item.add("status", STATUS.get(event.status, "TENTATIVE"))
        if event.url:
            item.add("url", event.url)
        if event.platform:
            item.add("location", event.platform)
        details = [d for d in (event.kind, event.platform, event.status) if d]
        item.add("description", " · ".join(details))
        if event.kind:
            item.add("categories", [event.kind])
        cal.add_component(item)
    cal.add_missing_timezones()
    return str(cal.to_ical().decode("utf-8"))


def _plain(text: str, titles: Mapping[str, str]) -> str:
    return _WIKILINK.sub(lambda m: (m.group(2) or titles.get(m.group(1).strip(), "")).strip(), text)


def _followup_uid(item: FollowUp) -> str:
    if item.reason == "keep-in-touch":
        key = f"keep-in-touch/{item.contact}"
    elif item.reason == "after-event":
        key = f"after-event/{item.event}/{item.contact}"
    else:
        key = f"task/{item.entry}/{item.text}"
    return f"followup-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:24]}@{DOMAIN}"


def followups_calendar(items: Iterable[FollowUp], today: date, entries: Mapping[str, Entry]) -> str:
    """``follow-ups.ics``: each dated open follow-up, all day on its due date."""
    cal = _calendar("Networking follow-ups")
    titles = {slug: getattr(e, "name", None) or getattr(e, "title", None) or slug for slug, e in entries.items()}
    seen: set[str] = set()
    for item in items:
        if item.due is None:
            continue
        uid = _followup_uid(item)
        if uid in seen:  # the same task written twice in one entry
            continue
        seen.add(uid)
        entry = entries.get(item.contact or item.entry)
        who = entry.name if isinstance(entry, Contact) else None
        summary = _plain(item.text, titles)
        vevent = icalendar.Event()
        vevent.add("uid", uid)
        vevent.add("dtstamp", _stamp(today))
        vevent.add("dtstart", item.due)
        vevent.add("dtend", item.due + timedelta(days=1))
        vevent.add("summary", summary)
        vevent.add("description", f"{item.reason}{f' · {who}' if who else ''} · {item.source.path}:{item.source.line}")
        vevent.add("transp", "TRANSPARENT")
        vevent.add("categories", [item.reason])
        cal.add_component(vevent)
    return str(cal.to_ical().decode("utf-8"))
