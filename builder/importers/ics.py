"""Reading event invitations: the bytes of an ``.ics`` file into ``Invitation``
records, whatever wrote it (Zoom, Microsoft Teams and Outlook, Google
Calendar, Meetup, EventBrite).

The text is decoded like every export (``textfile.decode``: a byte-order
mark, UTF-16, a legacy code page, any line ends), quoted-printable values
(vCalendar 1.0, old Outlook) are decoded first, and the ``icalendar``
package parses the rest, every calendar of the file (two VCALENDARs in one
file are read).  Each VEVENT gives one invitation or one ``Skipped`` line.

Times keep their zone: a TZID that names an IANA zone is that zone; a
Windows name ("GTB Standard Time", "Pacific Standard Time") is mapped to
its IANA zone with CLDR's windowsZones table (as ``icalendar`` carries
it); another name is read with the calendar's own VTIMEZONE.  UTC times
are UTC, floating times stay naive (the reader's own timezone, which the
journal takes to be the plan's), and all-day events are dates.

Nothing here knows the journal: ``builder.importers.events`` plans the
entries.  Any file that is not a calendar is a ``ValueError`` in one line.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from builder.importers.records import Skipped, clean
from builder.importers.textfile import decode
from builder.values import parse_email, parse_url

try:  # CLDR's windowsZones, kept up to date by icalendar (6.1 and later)
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
except ImportError:  # pragma: no cover - an older icalendar: the common names
    WINDOWS_TO_OLSON = {
        "UTC": "Etc/UTC",
        "GMT Standard Time": "Europe/London",
        "W. Europe Standard Time": "Europe/Berlin",
        "Romance Standard Time": "Europe/Paris",
        "Central European Standard Time": "Europe/Warsaw",
        "GTB Standard Time": "Europe/Bucharest",
        "FLE Standard Time": "Europe/Kiev",
        "Russian Standard Time": "Europe/Moscow",
        "Eastern Standard Time": "America/New_York",
        "Central Standard Time": "America/Chicago",
        "Mountain Standard Time": "America/Denver",
        "Pacific Standard Time": "America/Los_Angeles",
        "India Standard Time": "Asia/Calcutta",
        "SE Asia Standard Time": "Asia/Bangkok",
        "Singapore Standard Time": "Asia/Singapore",
        "China Standard Time": "Asia/Shanghai",
        "Tokyo Standard Time": "Asia/Tokyo",
        "AUS Eastern Standard Time": "Australia/Sydney",
    }

NO_CALENDAR = "not an iCalendar file: no BEGIN:VCALENDAR"
FIRST_YEAR, LAST_YEAR = 1900, 2999  # what the journal's dates hold

# Where the join or event link is, in order: the event's own URL, the
# conferencing properties of Teams and Google, then the first web address
# written in the location or the description.
LINK_PROPERTIES = ("URL", "X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-GOOGLE-CONFERENCE", "LOCATION", "DESCRIPTION")
# The platform a link's host is on: the host itself or any host under it.
PLATFORMS = (
    ("zoom.us", "Zoom"),
    ("zoom.com", "Zoom"),
    ("zoomgov.com", "Zoom"),
    ("teams.microsoft.com", "Microsoft Teams"),
    ("teams.live.com", "Microsoft Teams"),
    ("meet.google.com", "Google Meet"),
    ("meetup.com", "Meetup"),
    ("slack.com", "Slack"),
    ("youtube.com", "YouTube"),
    ("youtu.be", "YouTube"),
    ("instagram.com", "Instagram Live"),
    ("webex.com", "Webex"),
    ("gotomeeting.com", "GoTo Meeting"),
    ("linkedin.com", "LinkedIn"),
    ("discord.com", "Discord"),
    ("discord.gg", "Discord"),
    ("twitch.tv", "Twitch"),
    ("lu.ma", "Luma"),
    ("meet.jit.si", "Jitsi Meet"),
)
PLATFORM_NAMES = frozenset({name for _, name in PLATFORMS} | {"EventBrite"})
# A location with no link that names its platform ("Microsoft Teams Meeting").
PLATFORM_WORDS = (
    ("microsoft teams", "Microsoft Teams"),
    ("google meet", "Google Meet"),
    ("zoom", "Zoom"),
    ("webex", "Webex"),
)
# Addresses of robots, not people: never matched or added as contacts.
ROBOTS = re.compile(
    r"^(?:no-?reply|do-?not-?reply|noreply-\w+|notifications?|calendar(?:-notification)?|invites?|mailer-daemon)"
    r"(?:[+.-].*)?@",
    re.IGNORECASE,
)
_LINK = re.compile(r"https?://[^\s<>\"'\\\[\]{}|^`]+", re.IGNORECASE)
_TEXT_PROPERTIES = ("SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT")


@dataclass(frozen=True, slots=True)
class Attendee:
    """The organiser or an attendee: an e-mail address and a name (CN, or '')."""

    email: str
    name: str
    organizer: bool


@dataclass(frozen=True, slots=True)
class Invitation:
    """One VEVENT, in the journal's terms.

    ``start`` and ``end`` are dates (all-day), aware date-times (``zone``
    names their zone: an IANA name, ``UTC``, or the calendar's own TZID) or
    naive date-times (floating: the reader's own time).  ``end`` is
    exclusive for dates, as in iCalendar."""

    where: str
    uid: str | None
    title: str
    start: date | datetime
    end: date | datetime | None
    zone: str | None
    link: str | None
    platform: str | None
    cancelled: bool
    sequence: int
    stamp: datetime | None  # DTSTAMP or LAST-MODIFIED, in UTC
    people: tuple[Attendee, ...]
    recurring: bool


def read_ics(data: bytes) -> tuple[list[Invitation], list[Skipped]]:
    """The invitations of an ``.ics`` file, and the VEVENTs left out (with
    why).  ``ValueError`` (one line) when the file is not a calendar."""
    text = decode(data)
    if not re.search(r"(?im)^[ \t]*BEGIN[ \t]*:[ \t]*VCALENDAR[ \t]*$", text):
        raise ValueError(NO_CALENDAR)
    lines = _event_lines(text)
    text = _unquote_printable(text)
    try:
        from icalendar import Calendar

        calendars = Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # icalendar raises what its value parsers raise: all mean "unreadable"
        raise ValueError(f"not a readable iCalendar file: {clean(str(exc))[:200] or type(exc).__name__}") from None
    invitations: list[Invitation] = []
    skipped: list[Skipped] = []
    number = 0
    for calendar in calendars:
        method = str(calendar.get("METHOD", "")).strip().upper()
        for component in calendar.walk("VEVENT"):
            number += 1
            where = f"line {lines[number - 1]}" if len(lines) >= number else f"event {number}"
            try:
                found = _invitation(component, method, where)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
                found = f"unreadable event: {clean(str(exc))[:200] or type(exc).__name__}"
            if isinstance(found, str):
                skipped.append(Skipped(where, found))
            else:
                invitations.append(found)
    if number == 0 and not skipped:
        raise ValueError("no events in this iCalendar file (no BEGIN:VEVENT)")
    return invitations, skipped


def _event_lines(text: str) -> list[int]:
    """The line number of each BEGIN:VEVENT, in order."""
    return [
        n
        for n, line in enumerate(text.split("\n"), start=1)
        if re.fullmatch(r"[ \t]*BEGIN[ \t]*:[ \t]*VEVENT[ \t]*", line, re.IGNORECASE)
    ]


def _unquote_printable(text: str) -> str:
    """``text`` with each ``ENCODING=QUOTED-PRINTABLE`` value decoded (its
    soft line breaks joined, its ``CHARSET`` honoured) and written as
    iCalendar text, so that the parser reads it like any other value."""
    if "QUOTED-PRINTABLE" not in text.upper():
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        head, colon, value = line.partition(":")
        if not colon or not re.search(r";\s*ENCODING\s*=\s*\"?QUOTED-PRINTABLE", head, re.IGNORECASE):
            out.append(line)
            i += 1
            continue
        while i + 1 < len(lines) and (value.endswith("=") or lines[i + 1][:1] in (" ", "\t")):
            i += 1
            value = value[:-1] + lines[i] if value.endswith("=") else value + lines[i][1:]
        i += 1
        charset = re.search(r";\s*CHARSET\s*=\s*\"?([\w.:-]+)", head, re.IGNORECASE)
        raw = quopri.decodestring(value.encode("utf-8", "surrogateescape"))
        try:
            decoded = raw.decode(charset.group(1) if charset else "utf-8")
        except (LookupError, UnicodeDecodeError):
            decoded = raw.decode("utf-8", "replace")
        decoded = decoded.replace("\r\n", "\n").replace("\r", "\n")
        name = head.split(";", 1)[0].strip().upper()
        if name in _TEXT_PROPERTIES:
            decoded = decoded.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        else:
            decoded = " ".join(decoded.split())
        head = re.sub(r";\s*(?:ENCODING|CHARSET)\s*=\s*(?:\"[^\"]*\"|[^;:]*)", "", head, flags=re.IGNORECASE)
        out.append(f"{head}:{decoded}")
    return "\n".join(out)


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return "" if value is None else str(value)


def _invitation(component: Any, method: str, where: str) -> Invitation | str:
    """The invitation a VEVENT holds, or why it is left out."""
    if component.get("RECURRENCE-ID") is not None:
        return "one occurrence of a recurring series (RECURRENCE-ID): the series itself is imported"
    title = clean(_text(component, "SUMMARY"))
    if not title:
        return "no title (SUMMARY)"
    if component.get("DTSTART") is None:
        return f"'{title}': no start (DTSTART)"
    start, zone = _moment(component["DTSTART"])
    if start is None:
        return f"'{title}': unreadable start (DTSTART)"
    if zone == UNKNOWN_ZONE:
        tzid = component["DTSTART"].params.get("TZID")
        return f"'{title}': its time zone '{clean(str(tzid))[:60]}' is none we know, and the file does not define it"
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        return f"'{title}': starts in {start.year}, outside the years the journal holds ({FIRST_YEAR} to {LAST_YEAR})"
    end: date | datetime | None = None
    if component.get("DTEND") is not None:
        end, _ = _moment(component["DTEND"])
    elif component.get("DURATION") is not None:
        length = getattr(component["DURATION"], "dt", None)
        if isinstance(length, timedelta) and length > timedelta(0):
            end = start + length
    if end is not None and not (_comparable(start, end) and end > start):
        end = None  # before the start, or a date with a date-time: no length can be told
    status = _text(component, "STATUS").strip().upper()
    uid = clean(_text(component, "UID")) or None
    sequence = _int(component.get("SEQUENCE"))
    stamp = _stamp(component.get("DTSTAMP")) or _stamp(component.get("LAST-MODIFIED"))
    link = _link(component)
    platform = platform_of(link) if link else _platform_in_words(_text(component, "LOCATION"))
    return Invitation(
        where=where,
        uid=uid,
        title=title,
        start=start,
        end=end,
        zone=zone,
        link=link,
        platform=platform,
        cancelled=method == "CANCEL" or status == "CANCELLED",
        sequence=sequence,
        stamp=stamp,
        people=_people(component),
        recurring=component.get("RRULE") is not None or component.get("RDATE") is not None,
    )


def _comparable(a: date | datetime, b: date | datetime) -> bool:
    """Both dates, or both date-times with a zone, or both floating."""
    if isinstance(a, datetime) and isinstance(b, datetime):
        return (a.tzinfo is None) == (b.tzinfo is None)
    return not isinstance(a, datetime) and not isinstance(b, datetime)


def _int(value: Any) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 0
    return number if 0 <= number < 2**31 else 0


def _stamp(prop: Any) -> datetime | None:
    value = getattr(prop, "dt", None)
    if not isinstance(value, datetime):
        return None
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


UNKNOWN_ZONE = "?"  # the zone of a time whose TZID names no zone we know and the file does not define
_OFFSET_NAME = re.compile(r"\(?(?:UTC|GMT)\s*([+\-\u2212])(\d{1,2})(?::?(\d{2}))?\)?")


def zone_name(tzid: str) -> str | None:
    """The IANA name of a TZID: itself when it is one, a Windows name mapped
    with CLDR's table, Mozilla's ``/mozilla.org/20050126_1/Europe/Berlin``
    and the like by their last parts; ``None`` when it names no zone we know."""
    name = tzid.strip().strip('"').strip()
    if not name or len(name) > 100:
        return None
    if name.upper() in ("UTC", "GMT", "Z", "ETC/UTC", "ETC/GMT", "TZONE://MICROSOFT/UTC"):
        return "UTC"
    mapped = WINDOWS_TO_OLSON.get(name)
    if mapped is not None:
        return mapped if _zone(mapped) is not None else None
    parts = name.strip("/").split("/")
    for n in range(min(len(parts), 3), 0, -1):  # Europe/Berlin, America/Argentina/Buenos_Aires
        candidate = "/".join(parts[-n:])
        if _zone(candidate) is not None:
            return candidate
    return None


def _zone(name: str) -> ZoneInfo | None:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*", name):
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return None


def _moment(prop: Any) -> tuple[date | datetime | None, str | None]:
    """A DTSTART or DTEND as (value, zone name)."""
    value = getattr(prop, "dt", None)
    if isinstance(value, datetime):
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            return value, None
        params = getattr(prop, "params", {})
        tzid = params.get("TZID") if hasattr(params, "get") else None
        if tzid:
            name = zone_name(str(tzid))
            if name is not None:
                zone: tzinfo = UTC if name == "UTC" else ZoneInfo(name)
                return value.replace(tzinfo=zone), name
            if value.tzinfo is not None:  # the calendar's own VTIMEZONE says what it is
                return value, clean(str(tzid))
            offset = _OFFSET_NAME.match(str(tzid).strip().strip('"'))
            if offset is not None:  # Outlook's "(UTC-05:00) Eastern Time (US & Canada)": its offset at least
                sign = -1 if offset[1] in "-\u2212" else 1
                fixed = timezone(sign * timedelta(hours=int(offset[2]), minutes=int(offset[3] or 0)))
                return value.replace(tzinfo=fixed), f"UTC{offset[1]}{offset[2]}:{offset[3] or '00'}"
            return value, UNKNOWN_ZONE  # a zone nothing defines: read as the plan's, and said so
        if value.tzinfo is not None:
            return value.astimezone(UTC), "UTC"
        return value, None
    if isinstance(value, date):
        return value, None
    return None, None


def _link(component: Any) -> str | None:
    """The join or event link: the first web address of ``LINK_PROPERTIES``."""
    for name in LINK_PROPERTIES:
        values = component.get(name)
        for value in values if isinstance(values, list) else [values]:
            if value is None:
                continue
            for found in _LINK.findall(str(value)):
                address = _unwrap(found.rstrip(".,;:!?)>'\""))
                if address is not None:
                    return address
    return None


def _unwrap(address: str) -> str | None:
    """``address`` as a web address the journal takes, the real one behind
    Outlook's Safe Links and Google's redirects; ``None`` if it is not one."""
    try:
        parts = urlsplit(address)
        host = (parts.hostname or "").lower()
        if host.endswith("safelinks.protection.outlook.com") or (host.endswith("google.com") and parts.path == "/url"):
            query = parse_qs(parts.query)
            inner = (query.get("url") or query.get("q") or [""])[0]
            if inner.lower().startswith(("http://", "https://")) and inner != address:
                return _unwrap(inner)
        address = clean(address)
        return parse_url(address) if address and " " not in address else None
    except ValueError:
        return None


def platform_of(link: str) -> str | None:
    """The platform of a link, from its host (``PLATFORMS``): Zoom, Microsoft
    Teams, Google Meet, EventBrite (any ``eventbrite.*``), Meetup, Slack,
    YouTube, Instagram Live...; else the host itself, without ``www.``."""
    try:
        host = (urlsplit(link).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    for domain, name in PLATFORMS:
        if host == domain or host.endswith("." + domain):
            return name
    if "eventbrite" in host.split("."):
        return "EventBrite"
    return host.removeprefix("www.")


def _platform_in_words(location: str) -> str | None:
    folded = location.casefold()
    return next((name for word, name in PLATFORM_WORDS if word in folded), None)


def _people(component: Any) -> tuple[Attendee, ...]:
    """The organiser, then the attendees, once each; rooms, resources and
    robots (no-reply addresses) left out."""
    out: dict[str, Attendee] = {}
    for name, organizer in (("ORGANIZER", True), ("ATTENDEE", False)):
        values = component.get(name)
        for value in values if isinstance(values, list) else [values]:
            if value is None:
                continue
            params = getattr(value, "params", {})
            if str(params.get("CUTYPE", "INDIVIDUAL")).upper() in ("ROOM", "RESOURCE"):
                continue
            email = _email(str(value))
            if email is None or ROBOTS.match(email) or email.casefold() in out:
                continue
            cn = clean(str(params.get("CN", ""))).strip('"').strip()
            if not cn and "<" in str(value):  # vCalendar 1.0: ATTENDEE:Name <address>
                cn = clean(str(value).split("<", 1)[0]).strip('"').strip()
            if cn.casefold() == email.casefold() or "@" in cn:
                cn = ""
            out[email.casefold()] = Attendee(email, cn, organizer)
    return tuple(out.values())


def _email(value: str) -> str | None:
    """The address of a CAL-ADDRESS: ``mailto:a@b``, or vCalendar 1.0's ``Name <a@b>``."""
    text = clean(value)
    inside = re.search(r"<([^<>]+)>", text)
    if inside:
        text = inside.group(1)
    text = re.sub(r"(?i)^mailto:", "", text.strip())
    try:
        return parse_email(text)
    except ValueError:
        return None
