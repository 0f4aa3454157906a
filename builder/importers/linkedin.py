"""LinkedIn's Connections.csv: a few lines of notes, then
``First Name,Last Name,URL,Email Address,Company,Position,Connected On``."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from builder.importers.records import Person, Skipped, clean
from builder.values import parse_date

HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]


def read_linkedin(text: str) -> tuple[list[Person], list[Skipped]]:
    """The connections in an export, and the rows that could not be read."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.lstrip("\ufeff").startswith("First Name,")), None)
    if start is None:
        raise ValueError("no header line 'First Name,Last Name,URL,...': is this LinkedIn's Connections.csv?")
    reader = csv.reader(io.StringIO("".join(lines[start:])))
    header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    missing = [h for h in ("First Name", "Last Name") if h not in header]
    if missing:
        raise ValueError(f"line {start + 1}: the header lacks {', '.join(missing)}")
    col = {name: header.index(name) for name in HEADER if name in header}
    people: list[Person] = []
    skipped: list[Skipped] = []
    for row in reader:
        where = f"line {start + reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            skipped.append(Skipped(where, f"expected {len(header)} fields, found {len(row)}"))
            continue

        def get(name: str, row: list[str] = row) -> str:
            return clean(row[col[name]]) if name in col else ""

        name = clean(f"{get('First Name')} {get('Last Name')}")
        if not name:
            skipped.append(Skipped(where, "no name"))
            continue
        person = Person(where, name=name, organization=get("Company"), role=get("Position"))
        if get("URL"):
            person.urls.append(get("URL"))
        if get("Email Address"):
            person.emails.append(get("Email Address"))
        connected = get("Connected On")
        if connected:
            try:
                when = datetime.strptime(connected, "%d %b %Y").date()
                person.connected_on = parse_date(when.isoformat())  # within the dates a journal holds
            except ValueError:
                skipped.append(
                    Skipped(where, f"unreadable date '{connected}' (expected like 03 Nov 2026); imported without it")
                )
        people.append(person)
    return people, skipped
