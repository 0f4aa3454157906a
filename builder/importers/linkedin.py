"""LinkedIn's Connections.csv, in every layout it has had (2016 to 2025):
``First Name,Last Name,URL,Email Address,Company,Position,Connected On``,
with or without ``URL`` and ``Email Address``, with or without a few
"Notes:" lines before the header, and as Excel re-saves it (``;`` or tab
separated, every field quoted, names in another case or spacing).

"Connected On" is ``03 Nov 2026`` today; older exports wrote ``1/8/18, 6:14
PM`` (month first), and a spreadsheet may have rewritten the dates as
``2026-11-03``, ``3-Nov-26`` or ``13/01/2021``.  Whether numeric dates put
the day or the month first is decided once for the whole file, from its
values: a first number above 12 means day first, a second one above 12
month first; with nothing to tell, month first (LinkedIn's own order), and
the import says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from builder.importers.csvtable import in_file_order, read_table
from builder.importers.records import Person, Skipped, clean
from builder.values import FIRST_DAY, LAST_DAY, parse_date

HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
WHAT = "LinkedIn export"

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_CLOCK = (
    r"(?:[\s,T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?\s?m\.?)?"
    r"(?:\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2}))?)?"
)
_NAMED = re.compile(rf"(\d{{1,2}})[\s./-]*([a-z]{{3,9}})\.?[\s.,/-]*(\d{{4}}|\d{{2}}){_CLOCK}", re.IGNORECASE)
_NAMED_MONTH_FIRST = re.compile(
    rf"([a-z]{{3,9}})\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){_CLOCK}", re.IGNORECASE
)
_ISO = re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_CLOCK}", re.IGNORECASE)
_NUMERIC = re.compile(rf"(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d{{4}}|\d{{2}}){_CLOCK}", re.IGNORECASE)
EXAMPLE = "03 Nov 2026"


def _month(word: str) -> int | None:
    """A month's number from its English name or abbreviation (``Nov``,
    ``November``, ``Sept``)."""
    word = word.lower()
    for number, name in enumerate(_MONTHS, 1):
        if len(word) >= 3 and name.startswith(word):
            return number
    return None


def _year(text: str) -> int:
    """A year; two digits are this century's up to 69, as Python's ``%y`` reads them."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _day(year: int, month: int | None, day: int) -> date | None:
    if month is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_first(values: Iterable[str]) -> tuple[bool, bool]:
    """Whether the numeric dates among ``values`` put the day first, and
    whether that was only assumed (none of them tells).  Decided once per
    file: a first number above 12 counts for day first, a second for month
    first; the larger count wins, and a tie or nothing is month first,
    unless the dates are dotted (``03.11.2026``): only day-first locales
    write them so."""
    days = months = numeric = dotted = 0
    for value in values:
        m = _NUMERIC.fullmatch(value.strip())
        if m is None:
            continue
        numeric += 1
        days += int(m[1]) > 12
        months += int(m[2]) > 12
        dotted += "." in value
    if days == months and dotted * 2 > numeric:
        return True, False
    return days > months, numeric > 0 and days == months == 0


def parse_connected(text: str, *, day_first: bool = False) -> date | None:
    """A "Connected On" value as a date, or None when it is none we know."""
    value = text.strip()
    if m := _NAMED.fullmatch(value):
        return _day(_year(m[3]), _month(m[2]), int(m[1]))
    if m := _NAMED_MONTH_FIRST.fullmatch(value):
        return _day(_year(m[3]), _month(m[1]), int(m[2]))
    if m := _ISO.fullmatch(value):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.fullmatch(value):
        first, second = int(m[1]), int(m[2])
        month, day = (second, first) if day_first else (first, second)
        return _day(_year(m[3]), month, day)
    return None


def _accept(keys: set[str]) -> str | None:
    if not {"firstname", "lastname"} <= keys:
        return "no header with First Name and Last Name"
    if not keys & {"connectedon", "url", "position"}:
        return "no Connected On, URL or Position column (a Google Contacts or Outlook file? journal import google)"
    return None


def read_linkedin(text: str) -> tuple[list[Person], list[Skipped]]:
    """The connections in an export, and the rows that could not be read
    (with notes on rows imported without their date).  ``ValueError``, in
    one line, when the text is no LinkedIn export."""
    table = read_table(text, WHAT, _accept)
    skipped = list(table.skipped)
    first, last = table.column("firstname"), table.column("lastname")
    url, email = table.column("url", "profileurl"), table.column("emailaddress", "email")
    company, position = table.column("company"), table.column("position")
    connected = table.column("connectedon")

    def cell(row: list[str], i: int | None) -> str:
        return clean(row[i]) if i is not None else ""

    dates = [cell(row.cells, connected) for row in table.rows]
    days_first, assumed = day_first(dates)
    if assumed:
        skipped.append(
            Skipped(
                f"line {table.header_line}",
                "numeric dates read month first, as LinkedIn writes them (1/8/18 is 8 Jan 2018): "
                "no day above 12 tells otherwise",
                note=True,
            )
        )
    people: list[Person] = []
    for row, when in zip(table.rows, dates, strict=True):
        name = clean(f"{cell(row.cells, first)} {cell(row.cells, last)}")
        if not name:
            skipped.append(Skipped(row.where, "no name"))
            continue
        person = Person(row.where, name=name, organization=cell(row.cells, company), role=cell(row.cells, position))
        if cell(row.cells, url):
            person.urls.append(cell(row.cells, url))
        if cell(row.cells, email):
            person.emails.append(cell(row.cells, email))
        if when:
            person.connected_on = _connected(when, days_first, row.where, skipped)
        people.append(person)
    return people, in_file_order(skipped)


def _connected(value: str, days_first: bool, where: str, skipped: list[Skipped]) -> date | None:
    day = parse_connected(value, day_first=days_first)
    if day is None:
        skipped.append(
            Skipped(where, f"unreadable date '{value}' (expected like {EXAMPLE}); imported without it", note=True)
        )
        return None
    try:
        return parse_date(day.isoformat())  # within the dates a journal holds
    except ValueError:
        skipped.append(
            Skipped(
                where,
                f"unreadable date '{value}' (outside the journal's dates, {FIRST_DAY} to {LAST_DAY}); "
                "imported without it",
                note=True,
            )
        )
        return None
