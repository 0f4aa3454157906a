"""Google Contacts' CSV export, in its current layout (``First Name``,
``Organization Name``, ``E-mail 1 - Value``...) and its older one (``Name``,
``Given Name``, ``Organization 1 - Name``...).  Columns are found by their
header names; several values in one cell are separated by `` ::: ``."""

from __future__ import annotations

import csv
import io
import re

from builder.importers.records import Person, Skipped, clean

SEPARATOR = " ::: "


def _values(cell: str) -> list[str]:
    return [clean(v) for v in cell.split(SEPARATOR) if clean(v)]


def read_google(text: str) -> tuple[list[Person], list[Skipped]]:
    """The contacts of a Google export, and the rows that could not be read."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ValueError("the file is empty") from None
    index = {name: i for i, name in enumerate(header)}
    current = "First Name" in index or "Organization Name" in index
    older = "Given Name" in index or "Organization 1 - Name" in index
    if not (current or older) or not ({"Name", "First Name", "Given Name"} & set(index)):
        raise ValueError("line 1: no 'First Name' or 'Given Name' column: is this a Google Contacts CSV?")

    def numbered(pattern: str) -> list[int]:
        return [i for name, i in index.items() if re.fullmatch(pattern, name)]

    emails = numbered(r"E-mail \d+ - Value")
    phones = numbered(r"Phone \d+ - Value")
    websites = numbered(r"Website \d+ - Value")
    people: list[Person] = []
    skipped: list[Skipped] = []
    for row in reader:
        where = f"line {reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            skipped.append(Skipped(where, f"expected {len(header)} fields, found {len(row)}"))
            continue

        def get(*names: str, row: list[str] = row) -> str:
            for name in names:
                if name in index and clean(row[index[name]]):
                    return clean(row[index[name]])
            return ""

        parts = [
            get("First Name", "Given Name"),
            get("Middle Name", "Additional Name"),
            get("Last Name", "Family Name"),
        ]
        name = get("Name") or clean(" ".join(p for p in parts if p)) or get("Nickname", "File As")
        if not name:
            skipped.append(Skipped(where, "no name"))
            continue
        person = Person(
            where,
            name=name,
            organization=(_values(get("Organization Name", "Organization 1 - Name")) or [""])[0],
            role=(_values(get("Organization Title", "Organization 1 - Title")) or [""])[0],
            note=get("Notes"),
            birthday=get("Birthday"),
        )
        for i in emails:
            person.emails += _values(row[i])
        for i in phones:
            person.phones += _values(row[i])
        for i in websites:
            person.urls += _values(row[i])
        people.append(person)
    return people, skipped
