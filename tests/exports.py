"""Realistic address-book exports, generated with a fixed seed: several
hundred rows with names in many scripts, commas and quotes, empty fields,
duplicates, and a few broken rows."""

from __future__ import annotations

import csv
import io
import random

FIRST = [
    "Siti",
    "Budi",
    "Ana",
    "María",
    "Zoë",
    "Ólafur",
    "Олег",
    "Мария",
    "王",
    "李",
    "प्रिया",
    "ليلى",
    "김",
    "Nguyễn",
    "Jean-Luc",
    "O'Brien",
]
LAST = [
    "Rahayu",
    "Santoso",
    "Lima",
    "González",
    "Müller",
    "Иванова",
    "磊",
    "娜",
    "शर्मा",
    "حداد",
    "민준",
    "Thị Lan",
    "D'Arcy",
    "van der Berg",
]
COMPANIES = [
    "Nusantara Digital",
    "Lumen Health",
    "Acme, Inc.",
    'The "Quoted" Co',
    "Seabridge Fintech",
    "",
    "Café Über GmbH",
]
POSITIONS = ["UX Researcher", "Head of Design", "Recruiter, APAC", "Data Analyst", "", "Product Manager"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

LINKEDIN_NOTES = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or download "
    'their email address using this setting https://www.linkedin.com/psettings/privacy/email."\n'
    "\n"
)


def _people(seed: int, count: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if (first, last) == ("Siti", "Rahayu"):  # the example journal's Siti appears once, on purpose
            last = "Santoso"
        handle = f"person-{i}"
        out.append(
            {
                "first": first,
                "last": last,
                "url": f"https://www.linkedin.com/in/{handle}",
                "email": f"{handle}@example.org" if rng.random() < 0.6 else "",
                "company": rng.choice(COMPANIES),
                "position": rng.choice(POSITIONS),
                "connected": f"{rng.randrange(1, 29):02d} {rng.choice(MONTHS)} {rng.choice([2019, 2023, 2026])}",
                "phone": f"+62 812 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}"
                if rng.random() < 0.5
                else "",
            }
        )
    return out


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def linkedin_export(count: int = 300, seed: int = 7) -> str:
    people = _people(seed, count)
    rows = [["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]]
    rows += [[p["first"], p["last"], p["url"], p["email"], p["company"], p["position"], p["connected"]] for p in people]
    rows.insert(50, rows[10])  # a duplicate row
    rows.insert(80, ["", "", "https://www.linkedin.com/in/nobody", "", "", "", "01 Jan 2026"])  # no name
    rows.insert(120, ["Broken", "Row", "https://www.linkedin.com/in/broken"])  # too few fields
    rows.insert(150, ["Bad", "Date", "https://www.linkedin.com/in/bad-date", "", "", "", "2026-02-30"])
    # an existing contact of the example journal, matched by profile address
    rows.append(
        [
            "Siti",
            "Rahayu",
            "https://www.linkedin.com/in/siti-rahayu-uxr-example/",
            "",
            "Nusantara Digital",
            "Head of UX Research",
            "20 Jun 2026",
        ]
    )
    return LINKEDIN_NOTES + _csv(rows)


GOOGLE_CURRENT = [
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "E-mail 2 - Label",
    "E-mail 2 - Value",
    "Phone 1 - Label",
    "Phone 1 - Value",
    "Website 1 - Label",
    "Website 1 - Value",
]
GOOGLE_OLDER = [
    "Name",
    "Given Name",
    "Additional Name",
    "Family Name",
    "Yomi Name",
    "Given Name Yomi",
    "Additional Name Yomi",
    "Family Name Yomi",
    "Name Prefix",
    "Name Suffix",
    "Initials",
    "Nickname",
    "Short Name",
    "Maiden Name",
    "Birthday",
    "Gender",
    "Location",
    "Billing Information",
    "Directory Server",
    "Mileage",
    "Occupation",
    "Hobby",
    "Sensitivity",
    "Priority",
    "Subject",
    "Notes",
    "Language",
    "Photo",
    "Group Membership",
    "E-mail 1 - Type",
    "E-mail 1 - Value",
    "Phone 1 - Type",
    "Phone 1 - Value",
    "Organization 1 - Type",
    "Organization 1 - Name",
    "Organization 1 - Yomi Name",
    "Organization 1 - Title",
    "Organization 1 - Department",
    "Website 1 - Type",
    "Website 1 - Value",
]


def google_export(layout: str = "current", count: int = 250, seed: int = 11) -> str:
    people = _people(seed, count)
    header = GOOGLE_CURRENT if layout == "current" else GOOGLE_OLDER
    rows = [header]
    for i, p in enumerate(people):
        row = dict.fromkeys(header, "")
        emails = " ::: ".join(e for e in (p["email"], f"second-{i}@example.net" if i % 7 == 0 else "") if e)
        if layout == "current":
            row.update(
                {
                    "First Name": p["first"],
                    "Last Name": p["last"],
                    "Organization Name": p["company"],
                    "Organization Title": p["position"],
                    "E-mail 1 - Label": "* Work",
                    "E-mail 1 - Value": emails,
                    "Phone 1 - Label": "Mobile",
                    "Phone 1 - Value": p["phone"],
                    "Labels": "* myContacts",
                    "Notes": 'Met at the job fair;\nasked about "research ops"' if i % 5 == 0 else "",
                    "Website 1 - Value": p["url"] if i % 3 == 0 else "",
                    "Birthday": "1990-04-12" if i % 9 == 0 else "",
                }
            )
        else:
            row.update(
                {
                    "Name": f"{p['first']} {p['last']}",
                    "Given Name": p["first"],
                    "Family Name": p["last"],
                    "Organization 1 - Name": p["company"],
                    "Organization 1 - Title": p["position"],
                    "E-mail 1 - Type": "* Work",
                    "E-mail 1 - Value": emails,
                    "Phone 1 - Value": p["phone"],
                    "Group Membership": "* myContacts",
                    "Notes": "Old export note" if i % 4 == 0 else "",
                }
            )
        rows.append([row[h] for h in header])
    rows.insert(30, rows[5])  # duplicate
    rows.insert(60, [""] * len(header))  # empty row: ignored
    rows.insert(90, ["only", "three", "cells"])  # malformed
    noname = dict.fromkeys(header, "")
    noname[header[header.index("E-mail 1 - Value")]] = "ghost@example.org"
    rows.insert(100, [noname[h] for h in header])
    return _csv(rows)


def vcard_export(count: int = 200, seed: int = 13) -> str:
    people = _people(seed, count)
    cards = []
    for i, p in enumerate(people):
        name = f"{p['first']} {p['last']}"
        version = ("2.1", "3.0", "4.0")[i % 3]
        lines = ["BEGIN:VCARD", f"VERSION:{version}"]
        if version == "2.1":
            encoded = "".join(f"={b:02X}" if b > 127 or b in (61,) else chr(b) for b in name.encode("utf-8"))
            lines.append(f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{encoded}")
            lines.append(f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{encoded};;;;")
            if p["phone"]:
                lines.append(f"TEL;CELL;PREF:{p['phone']}")
            if p["email"]:
                lines.append(f"EMAIL;INTERNET;HOME:{p['email']}")
            lines.append("NOTE;ENCODING=QUOTED-PRINTABLE:Long note that is folded with a soft =")
            lines.append("line break=0D=0Aand a second line")
        else:
            lines.append("FN:" + name.replace(",", "\\,"))
            lines.append(f"N:{p['last']};{p['first']};;;")
            if p["company"]:
                org = p["company"].replace(",", "\\,").replace(";", "\\;")
                lines.append(f"ORG:{org};Research")
            if p["position"]:
                lines.append("TITLE:" + p["position"].replace(",", "\\,"))
            if p["email"]:
                lines.append(f"EMAIL;TYPE=work:{p['email']}")
                lines.append(f"EMAIL;TYPE=home:home-{i}@example.net")
            if p["phone"]:
                lines.append(
                    f'TEL;VALUE=uri;TYPE="voice,cell":tel:{p["phone"].replace(" ", "-")}'
                    if version == "4.0"
                    else f"TEL;TYPE=CELL:{p['phone']}"
                )
            lines.append(f"URL:{p['url']}")
            lines.append("NOTE:Likes tea\\, books\\nand long walks\\; asked about portfolios")
            lines.append("BDAY:1988-02-29")
            lines.append(
                "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U"
            )
            lines.append(" HRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIy")
            lines.append("ADR;TYPE=work:;;Jl. Sudirman 1;Jakarta;;10220;Indonesia")
        lines.append("END:VCARD")
        cards.append("\r\n".join(lines))
    cards.insert(20, cards[3])  # duplicate
    cards.insert(40, "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:noname@example.org\r\nEND:VCARD")  # no name
    cards.insert(60, "this line is not vCard")
    cards.append("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Never Closed")
    return "\r\n".join(cards) + "\r\n"
