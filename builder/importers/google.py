"""Google Contacts' CSV export, in each of its layouts, as Google writes it
or a spreadsheet re-saves it (``,`` ``;`` or tab separated, quoted or not):

- "Google CSV", current: ``First Name,Middle Name,Last Name,...,Organization
  Name,Organization Title,...,E-mail 1 - Label,E-mail 1 - Value,...``;
- "Google CSV", older: ``Name,Given Name,Additional Name,Family Name,...,
  E-mail 1 - Type,E-mail 1 - Value,...,Organization 1 - Name,Organization 1 -
  Title,...``;
- "Outlook CSV": ``First Name,Middle Name,Last Name,Title,Suffix,...,E-mail
  Address,E-mail 2 Address,...,Mobile Phone,...,Company,Job Title,...,Notes``
  (its ``Title`` is Mr or Dr, not a position).

Columns are found by their names, whatever the layout (so a file mixing
them reads too); several values in one cell are separated by `` ::: ``."""

from __future__ import annotations

import re

from builder.importers.csvtable import Row, Table, in_file_order, read_table
from builder.importers.records import Person, Skipped, clean

SEPARATOR = " ::: "
WHAT = "Google Contacts export"
_NAMES = {"firstname", "lastname", "givenname", "familyname", "name"}
_EMAIL = re.compile(r"email\d*value|email\d*address|email")
_PHONE = re.compile(r"phone\d*value|[a-z]+phone\d*")  # Phone 1 - Value; Outlook's Mobile Phone, Home Phone 2
_WEBSITE = re.compile(r"website\d*value|[a-z]*webpage")
_EMPTY_BIRTHDAY = {"0/0/00", "0/0/0000", "00/00/0000"}  # what Outlook writes for none


def _values(cell: str) -> list[str]:
    return [clean(v) for v in cell.split(SEPARATOR) if clean(v)]


def _accept(keys: set[str]) -> str | None:
    if "connectedon" in keys:
        return "it is LinkedIn's Connections.csv (journal import linkedin reads it)"
    if not keys & _NAMES:
        return "no header with First Name, Last Name, Given Name or Name"
    return None


def read_google(text: str) -> tuple[list[Person], list[Skipped]]:
    """The contacts of a Google export, and the rows that could not be read.
    ``ValueError``, in one line, when the text is no such export."""
    table = read_table(text, WHAT, _accept)
    skipped = list(table.skipped)
    people: list[Person] = []
    for row in table.rows:
        person, named_after = _person(table, row)
        if person is None:
            skipped.append(Skipped(row.where, "no name, e-mail or phone"))
            continue
        people.append(person)
        if named_after:
            skipped.append(Skipped(row.where, f"no name: imported as {person.name!r}, its {named_after}", note=True))
    return people, in_file_order(skipped)


def _person(table: Table, row: Row) -> tuple[Person | None, str]:
    """The person a row holds, and what names them when it gives no name
    ("e-mail" or "phone"; "" when it does)."""

    def get(*names: str) -> str:
        for name in names:
            i = table.column(name)
            if i is not None and clean(row.cells[i]):
                return clean(row.cells[i])
        return ""

    def every(pattern: re.Pattern[str]) -> list[str]:
        found: list[str] = []
        for i in table.columns(pattern):
            found += _values(row.cells[i])
        return found

    parts = [get("firstname", "givenname"), get("middlename", "additionalname"), get("lastname", "familyname")]
    name = get("name") or clean(" ".join(p for p in parts if p)) or get("nickname", "fileas")
    emails, phones = every(_EMAIL), every(_PHONE)
    named_after = ""
    if not name:  # as a card without a name: under its e-mail, else its phone (and said so)
        name, named_after = (emails[0], "e-mail") if emails else (phones[0], "phone") if phones else ("", "")
    if not name:
        return None, ""
    birthday = get("birthday")
    person = Person(
        row.where,
        name=name,
        organization=(_values(get("organizationname", "organization1name", "company")) or [""])[0],
        role=(_values(get("organizationtitle", "organization1title", "jobtitle")) or [""])[0],
        note=get("notes"),
        birthday="" if birthday in _EMPTY_BIRTHDAY else birthday,
    )
    department = get("organizationdepartment", "organization1department", "department")
    if department:
        person.extra.append(f"Unit: {department}")
    person.emails += emails
    person.phones += phones
    person.urls += every(_WEBSITE)
    if named_after:
        person.extra.append(f"No name in the export: named after its {named_after}")
    return person, named_after
