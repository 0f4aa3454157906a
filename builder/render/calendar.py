"""Calendar feeds: ``events.ics`` (every event that is not cancelled),
``follow-ups.ics`` (every dated open follow-up, as an all-day item) and
``next.ics`` (this week's actions of ``journal next``, all day on their due
date, or today when they have none).

UIDs are made from what an item *is* (an event's slug; a follow-up's kind,
contact and text), not from where it sits in a file, so a calendar that
subscribes sees updates, not duplicates.  DTSTAMP is today's date, so the
same journal and today give the same bytes.

The VEVENT lines are written here (RFC 5545 escaping and folding are a few
lines, and a career's worth of items must not take seconds); the VTIMEZONE
of each time zone comes from the icalendar package, which derives it from
the tz database.  Tests read the feeds back with icalendar and vobject.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar

from builder.compute.actions import Action
from builder.compute.followups import FollowUp
from builder.model import Contact, Entry, Event
from builder.names import plain_text
from builder.values import strip_controls, uri_value

PRODID = "-//networking-journal//journal build//EN"
DOMAIN = "networking-journal"
STATUS = {"planned": "TENTATIVE", "registered": "CONFIRMED", "attended": "CONFIRMED", "skipped": "CANCELLED"}
_TEXT_SPECIAL = re.compile(r"[\\;,\n]")


def _text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped
    (RFC 5545, 3.3.11), other control characters dropped, so that no text
    can end the line and start a property or an item of its own."""
    value = strip_controls(value)
    if not _TEXT_SPECIAL.search(value):
        return value
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """A content line folded at 75 octets (never inside a character), CRLF-ended."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts: list[bytes] = []
    start, limit = 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # never split a UTF-8 sequence
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74  # continuation lines start with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8") + "\r\n"


def _when(name: str, value: date | datetime) -> str:
    """``DTSTART;TZID=Asia/Jakarta:20261202T190000``, ``...Z`` or ``;VALUE=DATE``."""
    if isinstance(value, datetime):
        if isinstance(value.tzinfo, ZoneInfo) and value.tzinfo.key != "UTC":
            return f"{name};TZID={value.tzinfo.key}:{value.strftime('%Y%m%dT%H%M%S')}"
        return f"{name}:{value.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}"
    return f"{name};VALUE=DATE:{value.strftime('%Y%m%d')}"


@lru_cache(maxsize=64)
def _vtimezone(key: str) -> str:
    """The VTIMEZONE of a tz database zone, as icalendar derives it."""
    cal = icalendar.Calendar()
    event = icalendar.Event()
    event.add("dtstart", datetime(2026, 1, 1, 12, tzinfo=ZoneInfo(key)))
    cal.add_component(event)
    cal.add_missing_timezones()
    text = str(cal.to_ical().decode("utf-8"))
    start = text.index("BEGIN:VTIMEZONE")
    end = text.index("END:VTIMEZONE") + len("END:VTIMEZONE\r\n")
    return text[start:end]


def _calendar(name: str, events: list[str], zones: Iterable[str]) -> str:
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(name)}",
    ]
    return (
        "".join(_fold(line) for line in head)
        + "".join(_vtimezone(z) for z in sorted(set(zones)))
        + "".join(events)
        + "END:VCALENDAR\r\n"
    )


def _moment(value: date | datetime) -> date | datetime:
    """Named zones stay (with a VTIMEZONE); fixed offsets become UTC."""
    if isinstance(value, datetime) and not isinstance(value.tzinfo, ZoneInfo):
        return value.astimezone(UTC)
    return value


def _zone(value: date | datetime) -> str | None:
    if isinstance(value, datetime) and isinstance(value.tzinfo, ZoneInfo) and value.tzinfo.key != "UTC":
        return value.tzinfo.key
    return None


def _vevent(lines: list[str]) -> str:
    return "".join(_fold(line) for line in ["BEGIN:VEVENT", *lines, "END:VEVENT"])


def events_calendar(events: Iterable[Event], today: date, minutes: Mapping[str, int | None]) -> str:
    """``events.ics`` for ``events`` (those with a start and not cancelled)."""
    stamp = f"DTSTAMP:{today.strftime('%Y%m%d')}T000000Z"
    chosen = [e for e in events if e.start is not None and e.status != "cancelled"]
    chosen.sort(key=lambda e: (_moment(e.start).isoformat() if e.start is not None else "", e.slug))
    out, zones = [], []
    for event in chosen:
        assert event.start is not None
        start = _moment(event.start)
        lines = [f"UID:{_text(f'event-{event.slug}@{DOMAIN}')}", stamp, _when("DTSTART", start)]
        end: date | datetime | None = None
        if event.end is not None:
            end = _moment(event.end)
            if not isinstance(end, datetime):
                end = end + timedelta(days=1)  # DTEND of a whole-day event is exclusive
        elif isinstance(start, datetime) and minutes.get(event.slug):
            end = start + timedelta(minutes=minutes[event.slug] or 0)
        elif not isinstance(start, datetime):
            end = start + timedelta(days=1)
        if end is not None:
            lines.append(_when("DTEND", end))
        lines.append(f"SUMMARY:{_text(event.title)}")
        lines.append(f"STATUS:{STATUS.get(event.status, 'TENTATIVE')}")
        if event.url:
            lines.append(f"URL:{uri_value(event.url)}")
        if event.platform:
            lines.append(f"LOCATION:{_text(event.platform)}")
        lines.append("DESCRIPTION:" + _text(" · ".join(d for d in (event.kind, event.platform, event.status) if d)))
        if event.kind:
            lines.append(f"CATEGORIES:{_text(event.kind)}")
        zones += [z for z in (_zone(start), _zone(end) if end is not None else None) if z]
        out.append(_vevent(lines))
    return _calendar("Networking events", out, zones)


def _followup_key(item: FollowUp) -> str:
    if item.reason == "keep-in-touch":
        return f"keep-in-touch/{item.contact}"
    if item.reason == "after-event":
        return f"after-event/{item.event}/{item.contact}"
    return f"task/{item.entry}/{item.text}"


def _uid(prefix: str, key: str) -> str:
    # surrogatepass: a lone surrogate (no checked journal has one) must not stop the feed
    return f"{prefix}-{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:24]}@{DOMAIN}"


def _followup_uid(item: FollowUp) -> str:
    return _uid("followup", _followup_key(item))


def _action_uid(action: Action) -> str:
    """What the action is about, not when: a follow-up's key, else its kind
    and the person, event, organisation or goal it concerns."""
    if action.followup is not None:
        return _uid("next", _followup_key(action.followup))
    key = "/".join((action.kind, action.reason or "", action.contact or "", action.event or ""))
    key += "/" + "/".join(
        (action.organization or "", action.goal or "", action.text if action.reason == "source" else "")
    )
    return _uid("next", key)


def next_calendar(actions: Iterable[Action], today: date, words: Callable[[Action], str]) -> str:
    """``next.ics``: each action of this week, all day on its due date (today
    when it has none); ``words`` says it in the site's language."""
    stamp = f"DTSTAMP:{today.strftime('%Y%m%d')}T000000Z"
    out = []
    seen: set[str] = set()
    for action in actions:
        uid = _action_uid(action)
        if uid in seen:  # the same task written twice in one entry
            continue
        seen.add(uid)
        day = action.due or today
        where = f"{action.source.path}:{action.source.line}"
        description = " · ".join(x for x in (action.kind, action.command or "", where) if x)
        out.append(
            _vevent(
                [
                    f"UID:{uid}",
                    stamp,
                    _when("DTSTART", day),
                    _when("DTEND", day + timedelta(days=1)),
                    f"SUMMARY:{_text(words(action))}",
                    f"DESCRIPTION:{_text(description)}",
                    "TRANSP:TRANSPARENT",
                    f"CATEGORIES:{action.kind}",
                ]
            )
        )
    return _calendar("Networking: this week", out, ())


def followups_calendar(
    items: Iterable[FollowUp],
    today: date,
    entries: Mapping[str, Entry],
    words: Callable[[FollowUp], str] = lambda item: item.text,
    label: Callable[[str], str] = lambda reason: reason,
) -> str:
    """``follow-ups.ics``: each dated open follow-up, all day on its due date;
    ``words`` and ``label`` say it in the site's language."""
    stamp = f"DTSTAMP:{today.strftime('%Y%m%d')}T000000Z"
    seen: set[str] = set()
    out = []
    for item in items:
        if item.due is None:
            continue
        uid = _followup_uid(item)
        if uid in seen:  # the same task written twice in one entry
            continue
        seen.add(uid)
        entry = entries.get(item.contact or item.entry)
        who = entry.name if isinstance(entry, Contact) else None
        text = words(item)
        text = plain_text(text, entries.get)
        where = f"{item.source.path}:{item.source.line}"
        out.append(
            _vevent(
                [
                    f"UID:{uid}",
                    stamp,
                    _when("DTSTART", item.due),
                    _when("DTEND", item.due + timedelta(days=1)),
                    f"SUMMARY:{_text(text)}",
                    "DESCRIPTION:" + _text(f"{label(item.reason)}{f' · {who}' if who else ''} · {where}"),
                    "TRANSP:TRANSPARENT",
                    f"CATEGORIES:{item.reason}",
                ]
            )
        )
    return _calendar("Networking follow-ups", out, ())
