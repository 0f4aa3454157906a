"""LinkedIn and Google Contacts exports as people really have them: every
layout from 2016 to 2025, as Excel and other spreadsheets re-save them, and
files that are something else given to the wrong command.

The fixtures under ``tests/fixtures/imports/`` keep their bytes (encoding,
byte-order mark, separators, line ends) as the programs that wrote them do;
``test_fixtures_keep_their_bytes`` guards that no editor or git setting
normalised them.  Each imports end to end (``journal import ... --root``
on a copy of the example journal), passes ``journal check``, and changes
nothing when imported a second time.
"""

from __future__ import annotations

import codecs
import datetime
import random
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.check import check
from builder.cli import main
from builder.importers.csvtable import key
from builder.importers.google import read_google
from builder.importers.linkedin import day_first, parse_connected, read_linkedin
from builder.importers.textfile import NotText, decode
from builder.values import FIRST_DAY, LAST_DAY, is_slug, slugify
from tests.conftest import REPO

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"
NOV_3 = datetime.date(2026, 11, 3)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "journal", tmp_path / "journal")
    return tmp_path


def _import(root: Path, fmt: str, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["import", fmt, str(path), "--root", str(root)])
    out = capsys.readouterr()
    return code, out.out, out.err


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "journal").rglob("*")) if p.is_file()}


def _contacts(root: Path) -> dict[str, dict[str, Any]]:
    """Every contact's front matter, by name."""
    found = {}
    for path in (root / "journal" / "contacts").glob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        found[front["name"]] = {**front, "slug": path.stem}
    return found


# fixture: (command, {name: what its entry holds}, lines the import prints)
EXPECTED: dict[str, tuple[str, dict[str, dict[str, Any]], list[str]]] = {
    "linkedin-2025.csv": (
        "linkedin",
        {
            "Arif Hidayat": {"organization": "Seabridge Fintech", "role": "Data Engineer", "met": NOV_3},
            "Maya Kusuma": {
                "organization": "Lumen Health, Inc.",
                "role": "Recruiter, APAC",
                "email": "maya.kusuma@example.org",
                "met": datetime.date(2025, 2, 14),
            },
        },
        ["line 7: skipped: no name"],
    ),
    "linkedin-excel-utf8-bom-semicolon.csv": (
        "linkedin",
        {
            "Joséphine Dubois": {
                "organization": "Société Générale",
                "role": "Analyste, Risques",
                "met": datetime.date(2021, 1, 13),
            },
            "Jürgen Weiß": {"email": "jw@example.de", "met": datetime.date(2021, 2, 5)},  # day first: 5 Feb
        },
        [],
    ),
    "linkedin-excel-cp1252-semicolon.csv": (
        "linkedin",
        {
            "Zoë Müller": {
                "organization": "Café Über GmbH",
                "role": "Geschäftsführerin",
                "met": datetime.date(2019, 12, 24),
            },
            "Íñigo Núñez": {"email": "inigo@example.es", "met": datetime.date(2020, 4, 3)},
        },
        [],
    ),
    "linkedin-unicode-text.txt": (
        "linkedin",
        {
            "Олег Иванов": {"organization": "Яндекс", "role": "Разработчик", "met": NOV_3},
            "Ha-eun Kim": {"organization": "Kakao Bank", "met": datetime.date(2026, 3, 2)},
        },
        [],
    ),
    "linkedin-all-quoted.csv": (
        "linkedin",
        {
            "Bayu Saputra": {"organization": "Gojek", "role": "Backend Engineer", "met": datetime.date(2023, 8, 21)},
            'Kartika "Tika" Sari': {"met": datetime.date(2023, 9, 9)},
        },
        [],
    ),
    "linkedin-cr-only.csv": (
        "linkedin",
        {
            "Dimas Wibowo": {
                "organization": "Tokopedia",
                "role": "Product Designer",
                "met": datetime.date(2022, 5, 17),
            },
            "Fitri Amalia": {"met": datetime.date(2022, 6, 30)},
        },
        [],
    ),
    "linkedin-2018-old-dates.csv": (
        "linkedin",
        {
            "Hendra Gunawan": {"email": "hendra.g@example.com", "met": datetime.date(2018, 1, 8)},
            "Lestari Putri": {"organization": "Bank Mandiri", "met": datetime.date(2017, 12, 25)},
            "Yusuf Maulana": {"met": datetime.date(2016, 3, 4)},  # month first, as the file's 12/25/17 says
        },
        [],
    ),
    "linkedin-excel-day-first.csv": (
        "linkedin",
        {
            "Agus Salim": {"met": datetime.date(2021, 2, 1)},  # 01/02/2021: day first, as 13/01/2021 says
            "Nia Ramadhani": {"met": datetime.date(2021, 1, 13)},
            "Rudi Hartono": {"met": None},
        },
        [
            "line 7: note: unreadable date '31/12/1899' (outside the journal's dates, 1900-01-01 to 2999-12-31); "
            "imported without it"
        ],
    ),
    "linkedin-emoji-names.csv": (
        "linkedin",
        {
            "✏️Eddy Prasetyo": {"slug": "eddy-prasetyo", "organization": "Kopi Kenangan"},
            "Ka❤️te Lim": {"met": datetime.date(2025, 10, 3)},
            "👩\u200d💻 Dewi Lestari": {"slug": "dewi-lestari", "role": "Developer"},
            "🚀": {"email": "rocket@example.org"},
        },
        [],
    ),
    "google-current.csv": (
        "google",
        {
            "Wahyu Nugroho": {
                "organization": "Grab",
                "role": "Operations Manager",
                "email": "wahyu.nugroho@example.com",
                "phone": "+62 812 5555 0101",
                "linkedin": "https://www.linkedin.com/in/wahyu-nugroho",
                "notes": ["Met at the job fair; asked about ops", "Other e-mail: wahyu@example.net", "Unit: Mobility"],
            },
            "Sri Ayu Wulandari": {
                "organization": "Shopee",
                "role": "Category Lead",
                "email": "sri.wulandari@example.com",
            },
            # no name but an e-mail: imported under it, as a nameless vCard is
            "ghost@example.org": {"email": "ghost@example.org"},
        },
        ["line 5: note: no name: imported as 'ghost@example.org', its e-mail"],
    ),
    "google-older.csv": (
        "google",
        {
            "Eleni Karagiannis": {
                "organization": "Ελληνικά Πετρέλαια",
                "role": "Μηχανικός",
                "email": "eleni.k@example.gr",
                "phone": "+30 690 000 0001",
            },
            "Tanaka Hiroshi": {"organization": "Rakuten", "role": "Engineer", "notes": ["Old export note"]},
        },
        [],
    ),
    "google-outlook.csv": (
        "google",
        {
            "Ratna Dewanti": {
                "organization": "Institut Teknologi Bandung",
                "role": "Associate Professor",
                "email": "ratna.dewanti@example.ac.id",
                "phone": "+62 811 2222 3333",
                "website": "https://ratna.example.ac.id",
                "notes": [
                    'Keynote at the data summit, asked about "open data"',
                    "Other e-mail: ratna@example.com",
                    "Other phone: +62 21 555 0199",
                    "Unit: Informatics",
                ],
            },
            "Bagus Permana": {"organization": "Pertamina", "role": "Geologist", "email": "bagus.permana@example.com"},
        },
        [],
    ),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_export_imports_as_described(root: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    fmt, people, printed = EXPECTED[name]
    export = FIXTURES / name
    code, out, err = _import(root, fmt, export, capsys)
    assert code == 0, out + err
    for line in printed:
        assert f"{export}: {line}" in out, out
    contacts = _contacts(root)
    for person, wanted in people.items():
        assert person in contacts, sorted(contacts)
        entry = contacts[person]
        links = entry.get("links") or {}
        for field, value in wanted.items():
            if field == "met":
                assert (entry.get("met") or {}).get("date") == value, entry
            elif field in ("email", "phone", "linkedin", "website"):
                assert str(links.get(field)) == value, entry
            elif field == "notes":
                path = root / "journal" / "contacts" / f"{entry['slug']}.md"
                body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
                for note in value:
                    assert note in body, body
            elif field == "organization":  # the journal's organisation of that name, or the name
                assert entry.get(field) in (value, slugify(value)), entry
            else:
                assert entry.get(field) == value, entry
    _, diagnostics = check(root)
    assert not [d for d in diagnostics if d.severity.value == "error"], [str(d) for d in diagnostics]
    assert all(is_slug(p.stem) for p in (root / "journal" / "contacts").glob("*.md"))
    after_first = _tree(root)
    code, out, err = _import(root, fmt, export, capsys)
    assert code == 0 and re.search(r"\b0 created, 0 updated\b", err), err
    assert _tree(root) == after_first


def test_the_example_journals_siti_is_matched_not_created_again(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    siti = root / "journal" / "contacts" / "siti-rahayu.md"
    before = siti.read_bytes()
    code, _, _ = _import(root, "linkedin", FIXTURES / "linkedin-2025.csv", capsys)
    assert code == 0
    assert siti.read_bytes() == before
    assert not (root / "journal" / "contacts" / "siti-rahayu-2.md").exists()


def test_fixtures_keep_their_bytes() -> None:
    """The structure each fixture stands for is in its bytes; a checkout that
    rewrote line ends or encodings would test nothing."""

    def data(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    assert data("linkedin-excel-utf8-bom-semicolon.csv").startswith(codecs.BOM_UTF8)
    assert b"\r\nFirst Name;Last Name;URL" in data("linkedin-excel-utf8-bom-semicolon.csv")
    cp1252 = data("linkedin-excel-cp1252-semicolon.csv")
    assert b"Zo\xeb;M\xfcller;" in cp1252 and b"\r\n" in cp1252
    unicode_text = data("linkedin-unicode-text.txt")
    assert unicode_text.startswith(codecs.BOM_UTF16_LE) and "\t".encode("utf-16-le") in unicode_text
    assert "\r\n".encode("utf-16-le") in unicode_text
    assert data("linkedin-all-quoted.csv").count(b'"First Name","Last Name"') == 1
    cr_only = data("linkedin-cr-only.csv")
    assert b"\r" in cr_only and b"\n" not in cr_only
    assert b'"1/8/18, 6:14 PM"\r\n' in data("linkedin-2018-old-dates.csv")
    assert "✏️Eddy".encode() in data("linkedin-emoji-names.csv")
    assert data("google-older.csv").startswith(codecs.BOM_UTF16_LE)
    assert b",E-mail Address,E-mail 2 Address," in data("google-outlook.csv")
    assert b",Organization Name,Organization Title," in data("google-current.csv")


# --- files that are not what the command reads ------------------------------------------

VCARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Siti Rahayu\r\nEMAIL:siti@example.org\r\nEND:VCARD\r\n"
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Webinar\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
WRONG: dict[str, tuple[bytes, dict[str, str]]] = {
    "contacts.vcf": (
        VCARD,
        {
            "linkedin": "not a LinkedIn export: no header with First Name and Last Name (found: BEGIN:VCARD)",
            "google": "not a Google Contacts export: no header with First Name, Last Name, Given Name or Name "
            "(found: BEGIN:VCARD)",
        },
    ),
    "invite.ics": (ICS, {"linkedin": "not a LinkedIn export: no header", "google": "not a Google Contacts export"}),
    "photo.png": (PNG, {"linkedin": "not a text file", "google": "not a text file"}),
    "empty.csv": (b"", {"linkedin": "not a LinkedIn export: the file is empty", "google": "the file is empty"}),
    "blank.csv": (b"\r\n \r\n", {"linkedin": "the file is empty", "google": "the file is empty"}),
    "random.bin": (random.Random(16).randbytes(4096), {"linkedin": "", "google": ""}),
    "google-as-linkedin.csv": (
        (FIXTURES / "google-current.csv").read_bytes(),
        {"linkedin": "not a LinkedIn export: no Connected On, URL or Position column"},
    ),
    "outlook-as-linkedin.csv": (
        (FIXTURES / "google-outlook.csv").read_bytes(),
        {"linkedin": "not a LinkedIn export: no Connected On, URL or Position column"},
    ),
    "linkedin-as-google.csv": (
        (FIXTURES / "linkedin-2025.csv").read_bytes(),
        {"google": "not a Google Contacts export: it is LinkedIn's Connections.csv (journal import linkedin reads it)"},
    ),
}


@pytest.mark.parametrize(("name", "fmt"), [(name, fmt) for name, (_, cases) in WRONG.items() for fmt in cases])
def test_a_file_of_another_kind_is_refused_in_one_line(
    root: Path, name: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data, cases = WRONG[name]
    export = root / name
    export.write_bytes(data)
    before = _tree(root)
    code, out, err = _import(root, fmt, export, capsys)
    assert code == 1, out + err
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"journal import: {export}: "), err
    assert cases[fmt] in err
    assert _tree(root) == before


# --- the readers on their own -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "month_first", "day_first_"),
    [
        ("03 Nov 2026", NOV_3, NOV_3),
        ("3 Nov 2026", NOV_3, NOV_3),
        ("3-Nov-26", NOV_3, NOV_3),
        ("03 November 2026", NOV_3, NOV_3),
        ("Nov 3, 2026", NOV_3, NOV_3),
        ("2026-11-03", NOV_3, NOV_3),
        ("2026-11-03 14:05:00", NOV_3, NOV_3),
        ("11/3/26, 6:14 PM", NOV_3, datetime.date(2026, 3, 11)),
        ("03.11.2026", datetime.date(2026, 3, 11), NOV_3),
        ("13/01/2021", None, datetime.date(2021, 1, 13)),
        ("31 Feb 2026", None, None),
        ("03 Foo 2026", None, None),
        ("", None, None),
    ],
)
def test_connected_on_formats(value: str, month_first: object, day_first_: object) -> None:
    assert parse_connected(value) == month_first
    assert parse_connected(value, day_first=True) == day_first_


def test_the_order_of_numeric_dates_is_decided_once_per_file() -> None:
    assert day_first(["01/02/2021", "13/01/2021"]) == (True, False)
    assert day_first(["01/02/2021", "12/25/2017"]) == (False, False)
    assert day_first(["01/02/2021", "03 Nov 2026"]) == (False, True)  # assumed: nothing tells
    assert day_first(["03 Nov 2026", "2026-11-03"]) == (False, False)  # no numeric dates: nothing to assume
    head = "First Name,Last Name,URL,Connected On\n"
    _, notes = read_linkedin(head + "A,B,,01/02/2021\n")
    assert [(n.where, n.note) for n in notes] == [("line 1", True)]
    assert "read month first" in notes[0].why
    _, notes = read_linkedin(head + "A,B,,01/02/2021\nC,D,,13/02/2021\n")
    assert notes == []


def test_header_names_in_any_case_spacing_and_quoting() -> None:
    assert key(" E-mail 1 - Value ") == "email1value" == key("EMAIL_1_VALUE")
    for header, row in (
        ("First Name,Last Name,Connected On", "Ana,Lima,03 Nov 2026"),
        ('"FIRST NAME";"last name";"Connected  On"', '"Ana";"Lima";"03 Nov 2026"'),
        ("first_name\tlast_name\tconnected_on", "Ana\tLima\t03 Nov 2026"),
        ("\ufeffFirst Name , Last Name , Connected On", "Ana , Lima , 03 Nov 2026"),
        ("First Name;Last Name;Company;Connected On", 'Ana;Lima;"Acme; Inc, Ltd";03 Nov 2026'),
    ):
        people, skipped = read_linkedin(f"{header}\n{row}\n")
        assert [(p.name, p.connected_on) for p in people] == [("Ana Lima", NOV_3)], header
        assert skipped == []


def test_rows_excel_padded_or_short() -> None:
    text = 'First Name,Last Name,Connected On\nAna,Lima,03 Nov 2026,,\n,,\nBo,Li\nCy,"Do",03 Nov 2026,extra\n'
    people, skipped = read_linkedin(text)
    assert [p.name for p in people] == ["Ana Lima"]
    assert [(s.where, s.why) for s in skipped] == [
        ("line 4", "expected 3 fields, found 2"),
        ("line 5", "expected 3 fields, found 4"),
    ]


def test_google_multiple_values_and_outlook_fields() -> None:
    people, _ = read_google(
        "First Name,Last Name,Title,E-mail Address,E-mail 2 Address,Mobile Phone,Company,Job Title,Birthday\n"
        "Ana,Lima,Dr.,a@example.org,b@example.org,+62 1,Acme,Lead,0/0/00\n"
    )
    (ana,) = people
    assert (ana.name, ana.organization, ana.role, ana.birthday) == ("Ana Lima", "Acme", "Lead", "")
    assert ana.emails == ["a@example.org", "b@example.org"] and ana.phones == ["+62 1"]


# --- properties -------------------------------------------------------------------------

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
READERS = [read_linkedin, read_google]


def _read_bytes(data: bytes) -> None:
    try:
        text = decode(data)
    except NotText:
        return
    for reader in READERS:
        _read_text(reader, text)


def _read_text(reader: Any, text: str) -> None:
    try:
        people, skipped = reader(text)
    except ValueError as exc:
        message = str(exc)
        assert message and "\n" not in message and len(message) < 400, message
        return
    for person in people:
        assert person.name and person.name == person.name.strip()
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", person.name + person.organization + person.role)
        assert person.connected_on is None or FIRST_DAY <= person.connected_on <= LAST_DAY
    for item in skipped:
        assert item.where.startswith("line ") and item.why


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_are_text_or_refused(data: bytes) -> None:
    _read_bytes(data)


@SETTINGS
@given(st.text(max_size=500))
def test_random_text_never_breaks_a_reader(text: str) -> None:
    for reader in READERS:
        _read_text(reader, text)


HEADERS = [
    ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
    ["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"],
    ["First Name", "Middle Name", "Last Name", "Organization Name", "Organization Title", "E-mail 1 - Value"],
    ["Name", "Given Name", "Family Name", "E-mail 1 - Value", "Organization 1 - Name", "Organization 1 - Title"],
    ["First Name", "Last Name", "Title", "E-mail Address", "E-mail 2 Address", "Company", "Job Title", "Notes"],
]
CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(['"', '""', ",", ";", "\t", "\r", "\n", "\r\n", "\x00", "✏️", " ::: ", "1/8/18, 6:14 PM"]),
    st.sampled_from(["03 Nov 2026", "13/01/2021", "01/13/2021", "2026-11-03", "31/12/1899", "0/0/00", "99/99/99"]),
)


@st.composite
def csvish(draw: st.DrawFn) -> str:
    """Text shaped like an export: maybe notes, a known header in some case,
    separator and quoting, rows of odd cells, any line ends."""
    sep = draw(st.sampled_from([",", ";", "\t"]))
    quote_all = draw(st.booleans())
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    header = [
        draw(st.sampled_from([h, h.upper(), h.lower(), h.replace(" ", "  ")])) for h in draw(st.sampled_from(HEADERS))
    ]

    def line(cells: list[str]) -> str:
        return sep.join(
            f'"{c}"' if quote_all or sep in c or '"' in c else c for c in (c.replace('"', '""') for c in cells)
        )

    lines = draw(st.lists(st.sampled_from(["Notes:", '"When exporting..."', "", sep * 3]), max_size=3))
    lines.append(line(header))
    for _ in range(draw(st.integers(0, 6))):
        width = len(header) + draw(st.integers(-2, 2))
        lines.append(line([draw(CELL) for _ in range(max(width, 0))]))
    return end.join(lines) + draw(st.sampled_from(["", end]))


@SETTINGS
@given(csvish(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_csv_like_text_is_read_or_refused_in_one_line(text: str, encoding: str) -> None:
    for reader in READERS:
        _read_text(reader, text)
    _read_bytes(text.encode(encoding, "replace"))


def test_dotted_dates_are_day_first() -> None:
    """03.11.2026 is 3 November where dates are written with dots."""
    from builder.importers.linkedin import day_first

    assert day_first(["03.11.2026", "04.05.2025"]) == (True, False)
    assert day_first(["03/11/2026"]) == (False, True)  # slashes: LinkedIn's month first, said in a note


def test_an_unclosed_quote_says_which_rows_it_took() -> None:
    from builder.importers.linkedin import read_linkedin

    text = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        'Ana,Lima,,,,,03 Nov 2026\n"Bob,Stray,,,,,03 Nov 2026\nCara,X,,,,,03 Nov 2026\nDan,Y,,,,,03 Nov 2026\n'
    )
    people, skipped = read_linkedin(text)
    assert [p.name for p in people] == ["Ana Lima"]
    assert [s.why for s in skipped if s.row] == [
        "expected 7 fields, found 1; a quote opened on line 3 runs to line 5, and the rows in it were not read"
    ]
