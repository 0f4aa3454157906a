"""Parsers for the scalar values of the journal format.

Every YAML scalar reaches these functions as the text the owner wrote (the
loader never lets YAML guess types), so ``NO`` stays ``"NO"`` and ``12:30``
stays ``"12:30"``.  Each parser returns a typed value or raises ``ValueError``
with a message fit for the owner.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from builder.pickled import ByConstructor

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)\s*(Z|[+-]\d{2}:?\d{2})?$")
_DURATION_RE = re.compile(r"^(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?$")
_CADENCE_RE = re.compile(r"^(\d+)\s*([dwmy])$")
_BUDGET_RE = re.compile(r"^(.+?)\s*/\s*(day|week|month|quarter|year)$")
_EMAIL_RE = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+$")
_PHONE_RE = re.compile(r"^\+?[0-9 ().\-/]+$")
_HANDLE_RE = re.compile(r"^@?[A-Za-z0-9_]{1,30}$")

PERIODS = ("day", "week", "month", "quarter", "year")

# The dates a journal may hold, and "today" may be.  The first is early
# enough for anyone met decades ago (and history dates before it are a clock
# set wrong); the last is far beyond any plan, yet, with the longest cadence
# (``MAX_CADENCE_YEARS``) and duration (``MAX_DURATION``) added and a
# year's periods on either side, every date the builder computes stays
# within Python's dates (years 1 to 9999).  A value outside is a located
# error from ``journal check`` (and ``--today`` outside it a refusal), never
# a crash in a later computation.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
MAX_CADENCE_YEARS = 100
# The longest cadence in each unit: 100 years (of 365.25 days, for days and weeks).
_CADENCE_MAX = {"d": 36525, "w": 5217, "m": 12 * MAX_CADENCE_YEARS, "y": MAX_CADENCE_YEARS}
MAX_DURATION = 365 * 24 * 60  # minutes: a year (a longer event gives its end instead)


def _word_char(ch: str) -> bool:
    # Letters and digits of any script, and the combining marks that some
    # scripts (Devanagari, Thai...) need inside words; not the marks that only
    # choose how a symbol looks (variation selectors: the U+FE0F of "✏️") or
    # enclose one (the keycap of "1️⃣"), which are invisible in a file name.
    return ch.isalnum() or (unicodedata.category(ch) in ("Mn", "Mc") and not _is_variation_selector(ch))


def _is_variation_selector(ch: str) -> bool:
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x180B <= code <= 0x180D


_ASCII_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_slug(text: str) -> bool:
    """Whether ``text`` is a valid slug: lowercase letters of any script,
    digits and inner hyphens, in Unicode NFC.  Such a name is safe as a file
    name and as a URL path segment.
    """
    if text.isascii():
        return _ASCII_SLUG.fullmatch(text) is not None
    return (
        bool(text)
        and text[0].isalnum()
        and not text.endswith("-")
        and "--" not in text
        and all(not part or part[0].isalnum() for part in text.split("-"))  # no word starts with a mark
        and text == text.lower()
        and all(ch == "-" or _word_char(ch) for ch in text)
        and unicodedata.is_normalized("NFC", text)
    )


# What no one-line value may hold: the control characters (Unicode category
# Cc: C0, DEL and C1) but TAB, the Unicode line and paragraph separators, and
# lone surrogates (which cannot be written as UTF-8).  A feed, an export or a
# table cell would take them for a line break or a broken file.  Also the
# bidirectional embeddings, overrides and isolates (U+202A-U+202E,
# U+2066-U+2069): a name with a right-to-left override shows its letters in
# another order than they are (the "Trojan Source" trick), and no name needs
# one; the marks U+200E/U+200F and the joiners U+200C/U+200D that scripts
# and emoji need stay allowed.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# The line breaks among them: a CRLF is one.
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_CONTROL_NAMES = {
    "\x00": "NUL character",
    "\x07": "bell character",
    "\x08": "backspace",
    "\x0a": "line break",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x0d": "carriage return",
    "\x1b": "escape character",
    "\x7f": "delete character",
    "\x85": "next line character",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
}


def find_control(text: str) -> int | None:
    """The index of the first character of ``text`` that no one-line value
    may hold (see ``_CONTROL``), or ``None``.  Most text is printable, and
    ``isprintable`` is the cheap test for that."""
    if text.isprintable():
        return None
    found = _CONTROL.search(text)
    return found.start() if found is not None else None


def control_name(ch: str) -> str:
    """What a user calls the character: ``carriage return``, ``NUL character``."""
    if "\ud800" <= ch <= "\udfff":
        return "unpaired surrogate"
    return _CONTROL_NAMES.get(ch, "control character")


def describe_control(ch: str) -> str:
    """``a carriage return (U+000D)``: the character named, and its code, for messages."""
    name = control_name(ch)
    article = "an" if name[0] in "aeiou" else "a"
    return f"{article} {name} (U+{ord(ch):04X})"


def shown(text: str) -> str:
    r"""``text`` for a message that quotes it: each character of
    ``find_control`` written as an escape (``\u000D``), so that a diagnostic
    stays one line."""
    if find_control(text) is None:
        return text
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", text)


def strip_controls(text: str, line_break: str = "\n") -> str:
    """``text`` with each line break (CRLF, CR, LF, NEL, U+2028, U+2029) as
    ``line_break`` and every other character of ``find_control`` dropped:
    what feeds, exports and imports keep, so that no text can end a line
    where they do not mean to."""
    if find_control(text) is None:
        return text
    return line_break.join(_CONTROL.sub("", line) for line in _LINE_BREAK.split(text))


def uri_value(url: str) -> str:
    """An address as calendar and vCard files write it (not escaped, as a URI
    is not): control characters and tabs dropped, as browsers drop them from
    an address, and a backslash written as %5C, which some readers take for
    an escape and others do not."""
    return strip_controls(url, line_break="").replace("\t", "").replace("\\", "%5C")


class DateOutOfRange(ValueError):
    """A well-formed date outside ``FIRST_DAY``..``LAST_DAY``: callers that
    know what the date means add what to write instead."""


def _check_year(year: str, text: str, what: str) -> None:
    """Refuse a year outside the range before any date is made of it (year
    0 is no date at all, and 9999 overflows what is computed from it)."""
    if not FIRST_DAY.year <= int(year) <= LAST_DAY.year:
        raise DateOutOfRange(f"expected {what} from {FIRST_DAY} to {LAST_DAY}, found '{text}'")


def parse_date(text: str) -> date:
    """``2026-11-27`` → ``date``, from ``FIRST_DAY`` to ``LAST_DAY``;
    nothing else (no times, no other orders)."""
    if not _DATE_RE.match(text):
        raise ValueError(f"expected a date like 2026-11-27, found '{text}'")
    _check_year(text[:4], text, "a date")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"invalid date '{text}': {exc}") from None


def parse_date_or_datetime(text: str) -> date | datetime:
    """A date, or a date-time: ``2026-12-03 19:00`` or ``2026-12-03T19:00+07:00``.

    A date-time without an offset is returned naive; the loader places it in
    the plan's timezone (``localize``).
    """
    if _DATE_RE.match(text):
        return parse_date(text)
    m = _DATETIME_RE.match(text)
    if not m:
        raise ValueError(
            f"expected a date (2026-12-03) or a date-time (2026-12-03 19:00 or 2026-12-03T19:00+07:00), found '{text}'"
        )
    day, clock, offset = m.groups()
    _check_year(day[:4], text, "a date-time")
    if offset and offset != "Z" and ":" not in offset:
        offset = offset[:3] + ":" + offset[3:]
    iso = f"{day}T{clock}" + ("+00:00" if offset == "Z" else offset or "")
    if offset and offset != "Z" and (int(offset[1:3]) > 23 or int(offset[4:6]) > 59):
        raise ValueError(f"invalid date-time '{text}': a UTC offset is at most 23:59 (e.g. +07:00)")
    try:
        value = datetime.fromisoformat(iso)
    except ValueError as exc:
        raise ValueError(f"invalid date-time '{text}': {exc}") from None
    return value


def localize(value: date | datetime | None, tz: ZoneInfo) -> date | datetime | None:
    """A naive date-time placed in ``tz``; dates and aware values unchanged."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value


def parse_duration(text: str) -> int:
    """``90``, ``90m``, ``2h``, ``1h30m``, ``1.5h`` → minutes (a bare whole
    number is minutes).  The one reading of a length of time: an event's
    ``duration``, a log item's ``minutes`` and ``journal log --minutes``
    accept the same forms.  At most ``MAX_DURATION`` (a year), so that an
    event's end is a date-time wherever it starts."""
    minutes = _minutes_of(text)
    if minutes > MAX_DURATION:
        raise ValueError(f"expected a duration of at most a year ({MAX_DURATION // 60}h), found '{text}'")
    return minutes


def parse_minutes(text: str) -> int:
    """A log item's length: a duration (``parse_duration``) of at most a day."""
    minutes = _minutes_of(text)
    if minutes > 24 * 60:
        raise ValueError(f"expected at most a day (24h), found '{text}'")
    return minutes


def _minutes_of(text: str) -> int:
    """The minutes of any duration, however long (more than a year is one
    minute more than a year: the callers refuse it)."""
    stripped = text.strip()
    if stripped.isascii() and stripped.isdigit():
        return _bounded_int(stripped, MAX_DURATION + 1)
    m = _DURATION_RE.match(stripped)
    if not stripped or not m or not (m.group(1) or m.group(2)):
        raise ValueError(f"expected a duration like 45, 90m, 2h or 1h30m, found '{text}'")
    minutes = float(m.group(1) or 0) * 60 + _bounded_int(m.group(2) or "0", MAX_DURATION + 1)
    return round(minutes) if minutes <= MAX_DURATION else MAX_DURATION + 1


def _bounded_int(digits: str, limit: int) -> int:
    """``int(digits)``, at most ``limit``: without reading more digits than
    the limit has (Python refuses over 4,300 of them, in words for
    programmers)."""
    digits = digits.lstrip("0") or "0"
    return min(int(digits), limit) if len(digits) <= len(str(limit)) else limit


@dataclass(frozen=True, slots=True)
class Cadence(ByConstructor):
    """How often to keep in touch: ``30d``, ``6w``, ``3m`` (months), ``1y``."""

    count: int
    unit: str  # one of d, w, m, y

    def after(self, day: date) -> date:
        """The date one cadence after ``day`` (month ends are clamped)."""
        if self.unit == "d":
            return day + timedelta(days=self.count)
        if self.unit == "w":
            return day + timedelta(weeks=self.count)
        months = self.count * (12 if self.unit == "y" else 1)
        return add_months(day, months)

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months``, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def parse_cadence(text: str) -> Cadence:
    """``30d``, ``6w``, ``3m``, ``1y`` → ``Cadence``, of at most
    ``MAX_CADENCE_YEARS``: so that a due date computed from any date of the
    journal stays a date."""
    m = _CADENCE_RE.match(text.strip())
    count = _bounded_int(m.group(1), 10**6) if m else 0
    if not m or count == 0:
        raise ValueError(f"expected a cadence like 30d, 6w, 3m or 1y (days, weeks, months, years), found '{text}'")
    unit = m.group(2)
    if count > _CADENCE_MAX[unit]:
        most = ", ".join(f"{_CADENCE_MAX[u]}{u}" for u in "dwm") + f" or {_CADENCE_MAX['y']}y"
        raise ValueError(f"expected a cadence of at most {MAX_CADENCE_YEARS} years ({most}), found '{text}'")
    return Cadence(count, unit)


_ISO_WEEK_RE = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)


def parse_iso_week(text: str) -> date:
    """``2026-W49`` (or ``2026W49``) → the Monday of that ISO week."""
    m = _ISO_WEEK_RE.fullmatch(text.strip())
    if m:
        try:
            return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            pass
    raise ValueError(f"expected an ISO week like 2026-W49, found '{text}'")


def parse_cadence_or_never(text: str) -> Cadence | None:
    """A cadence, or ``never`` (``None``): how long before a person is quiet."""
    if text.strip().lower() == "never":
        return None
    try:
        return parse_cadence(text)
    except ValueError as exc:
        if "at most" in str(exc):
            raise
        raise ValueError(f"expected a cadence like 3m or 1y, or never, found '{text}'") from None


@dataclass(frozen=True, slots=True)
class Budget:
    """Time set aside for networking: ``minutes`` per ``per`` (week, month...)."""

    minutes: int
    per: str

    def __str__(self) -> str:
        hours, minutes = divmod(self.minutes, 60)
        amount = f"{hours}h" if not minutes else (f"{minutes}m" if not hours else f"{hours}h{minutes}m")
        return f"{amount}/{self.per}"


def parse_budget(text: str) -> Budget:
    """``3h/week``, ``12h/month``, ``90m/week`` → ``Budget``.  The amount
    has its unit (``3/week`` is not taken for three minutes, as a bare
    number is in a duration: nobody budgets minutes without saying so)."""
    m = _BUDGET_RE.match(text.strip())
    if not m or m.group(1).strip().isdigit():
        raise ValueError(f"expected a time budget like 3h/week or 12h/month, found '{text}'")
    try:
        minutes = parse_duration(m.group(1))
    except ValueError:
        raise ValueError(f"expected a time budget like 3h/week or 12h/month, found '{text}'") from None
    per = m.group(2)
    most = _PERIOD_DAYS[per] * 24 * 60
    if minutes > most:
        raise ValueError(f"expected at most the hours a {per} has ({most // 60}h/{per}), found '{text}'")
    return Budget(minutes, per)


_PERIOD_DAYS = {"day": 1, "week": 7, "month": 31, "quarter": 92, "year": 366}  # the longest of each


def parse_timezone(text: str) -> ZoneInfo:
    """An IANA timezone name such as ``Asia/Jakarta``."""
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown timezone '{text}'; expected an IANA name such as Asia/Jakarta") from None


_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


def _check_no_controls(text: str) -> None:
    if _SPACE_OR_CONTROL.search(text):
        raise ValueError(f"a link must not contain spaces or control characters: '{text}'")


def parse_url(text: str, schemes: tuple[str, ...] = ("http", "https")) -> str:
    """A web address; only the given schemes are allowed (never ``javascript:``)."""
    _check_no_controls(text)
    try:
        parts = urlsplit(text)
    except ValueError:
        raise ValueError(f"not a valid address: '{text}'") from None
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        allowed = " or ".join(f"{s}:" for s in schemes)
        found = f"'{scheme}:'" if scheme else "none"
        raise ValueError(f"a link must start with {allowed} (scheme {found}): '{text}'")
    if scheme in ("http", "https") and not parts.hostname:
        raise ValueError(f"a web address needs a host: '{text}'")
    if scheme == "mailto":
        parse_email(text[len("mailto:") :].split("?", 1)[0])
    return text


def parse_email(text: str) -> str:
    """An e-mail address, with or without ``mailto:``; returns the bare address."""
    address = text[7:] if text.lower().startswith("mailto:") else text
    if not _EMAIL_RE.match(address):
        raise ValueError(f"expected an e-mail address like name@example.com, found '{text}'")
    return address


def parse_phone(text: str) -> str:
    """A phone number: digits, spaces, ``+ ( ) - . /``; at least three digits."""
    if not _PHONE_RE.match(text) or sum(ch.isdigit() for ch in text) < 3:
        raise ValueError(f"expected a phone number like +62 812 3456 7890, found '{text}'")
    return text


def parse_handle_or_url(text: str) -> str:
    """A social handle (``@name``) or an http(s) address."""
    if _HANDLE_RE.match(text):
        return text if text.startswith("@") else "@" + text
    try:
        return parse_url(text)
    except ValueError:
        raise ValueError(f"expected a handle like @name or an https:// address, found '{text}'") from None


def parse_link_key(text: str) -> str:
    """A key of ``links`` beyond the known ones: ``github``, ``google-scholar``.

    Lowercase ASCII letters, digits and inner hyphens, so that the key is a
    word in every place it goes, such as a parameter of the vCard export
    (``URL;TYPE=github:...``), where anything else could add a parameter.
    """
    if _ASCII_SLUG.fullmatch(text):
        return text
    suggestion = slugify(text)
    hint = f"; write '{suggestion}'" if _ASCII_SLUG.fullmatch(suggestion) else ""
    raise ValueError(
        f"link key '{text}' must be lowercase letters, digits and hyphens, like github or google-scholar{hint}"
    )


def slugify(text: str) -> str:
    """A slug made from a title: lowercase, words joined by hyphens.

    Letters and digits of every script are kept, with the combining marks
    their words need; symbols (an emoji) and punctuation separate words;
    what cannot be seen (variation selectors, joiners, other format
    characters) and a mark with no letter before it are dropped, so no file
    name carries an invisible character.  A title of symbols alone gives "".
    """
    chars: list[str] = []
    in_word = False
    for ch in unicodedata.normalize("NFC", text.lower()):
        if ch.isalnum():
            chars.append(ch)
            in_word = True
        elif _word_char(ch):
            if in_word:  # a mark on the letter before it
                chars.append(ch)
        elif ch != "\u200b" and (unicodedata.category(ch) in ("Cf", "Me") or _is_variation_selector(ch)):
            continue  # invisible, or drawn around a symbol: neither a letter nor a break
        else:
            chars.append(" ")
            in_word = False
    return "-".join("".join(chars).split())


@functools.lru_cache(maxsize=65536)
def topic_key(topic: str) -> str:
    """Topics compare in slug form: ``Research Operations`` = ``research-operations``.
    (Cached: a journal names a few hundred topics tens of thousands of times.)"""
    return slugify(topic)
