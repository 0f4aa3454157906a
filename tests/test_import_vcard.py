"""vCard files as phones and address books really export them (the fixtures
in tests/fixtures/imports/ are rewritten copies of real exports, their
structure kept: line ends, encodings, folding, photos), read end to end by
``journal import vcard``, twice; the reader alone on random text; files
that are not vCards refused in one line; photos in linear time."""

from __future__ import annotations

import base64
import codecs
import contextlib
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.check import check
from builder.cli import main
from builder.importers.records import Person, Skipped
from builder.importers.vcard import NAMED_AFTER, NOT_A_VCARD, read_vcard, read_vcard_bytes
from tests.conftest import REPO

FIXTURES = Path(__file__).parent / "fixtures" / "imports"

# Every card of each fixture: (name, first e-mail, organization, role); the
# model each follows is said where the fixture is described below.
CARDS: dict[str, list[tuple[str, str, str, str]]] = {
    # iPhone / iCloud, vCard 3.0: PRODID, item1.EMAIL with X-ABLabel, type=pref, folded photo
    "iphone.vcf": [
        ("Rudi Hartono Wijaya", "rudi.wijaya@lumbung.example", "Lumbung Data", "Data Steward"),
        ("Mei Ling Tan", "meiling.tan@harbour.example", "", ""),
    ],
    # Android, vCard 2.1: N/FN/ORG/TITLE/NOTE in QUOTED-PRINTABLE;CHARSET=UTF-8, soft line
    # breaks onto unindented lines
    "android.vcf": [
        ("Надежда Иванова", "nadia.ivanova@mail.example", "Уральский ИТ-кластер", "Руководитель сообщества"),
        ("José García", "jose.garcia@obra.example", "", ""),
    ],
    # Outlook, vCard 2.1 in Windows-1252 without CHARSET: LABEL and NOTE quoted-printable,
    # X-MS-*, photo indented and ended by a blank line, ROLE besides TITLE
    "outlook.vcf": [
        ("Dr. Jürgen Müller", "j.mueller@grossmann-soehne.example", "Großmann & Söhne GmbH", "Leiter Partnerschaften")
    ],
    # Google Contacts, vCard 3.0 with LF line ends: several e-mails, item labels, escaped URLs
    "gmail.vcf": [
        ("Priya Raman", "priya.raman@kavach.example", "Kavach Security", "Security Researcher"),
        ("Arnold Smith", "arnold.smith@mail.example", "", ""),
    ],
    # Evolution, vCard 3.0: quoted X-COUCHDB-UUID parameters, values folded at 75 octets
    "evolution.vcf": [
        (
            "Anneke Johanna, Maria de Vries",
            "anneke.devries@openkennis.example",
            "Stichting Open Kennis",
            "Projectleider",
        )
    ],
    # Lotus Notes, vCard 3.0: two ORG, two TITLE, a ROLE, two NOTE
    "lotus.vcf": [("Chinedu Okafor", "chinedu.okafor@lagostechhub.example", "Lagos Tech Hub", "Program Manager")],
    # BlackBerry, vCard 2.1: the whole photo on one line, a blank line, an empty NOTE
    "blackberry.vcf": [("Samir Haddad", "", "Cedar Labs", "")],
    # Thunderbird, a vCard 2.1 attachment saved with its mail headers: lowercase names,
    # quoted-printable ORG broken onto an unindented line, VERSION last
    "thunderbird.vcf": [
        (
            "Kaisa Virtanen",
            "kaisa.virtanen@pohjoinen.example",
            "Pohjoisen Ohjelmisto Oy · Avoimen lähdekoodin keskus",
            "Yhteisövastaava",
        )
    ],
    # An old phone, vCard 2.1 in Windows-1253 bytes with CHARSET=Windows-1253 on each value
    # (and one card in ISO-8859-7): read whole, the file passes for Windows-1252
    "old-phone-greek.vcf": [
        ("Βαγγέλης Παπαδόπουλος", "", "Ψηφιακή Αθήνα", ""),
        ("Ελένη Νικολάου", "", "", ""),
    ],
    # Outlook's Unicode export: UTF-16 LE with a byte-order mark, CRLF
    "utf16-outlook.vcf": [
        ("Trần Bảo Ngọc", "ngoc.tran@saigonhub.example", "Sài Gòn Startup Hub", "Cộng đồng"),
        ("Min-jun Lee", "minjun.lee@seoul.example", "", ""),
    ],
    # vCard 2.1 photo whose base64 lines have no leading space, ended by a blank line
    "photo.vcf": [("Luana Santos", "luana.santos@mail.example", "", "Designer")],
    # no FN or N: named after the e-mail, the phone; the third card has neither
    "nameless.vcf": [
        ("someone@nameless.example", "someone@nameless.example", "", ""),
        ("+44 7700 900123", "", "", ""),
    ],
}
# What must reach the contact's notes (every ORG, TITLE and NOTE; other details).
NOTES = {
    "lotus.vcf": [
        "Other organization: Pan-African Developer Network",
        "Other title: Board Member",
        "Role: Mentor",
        "First note: met at the AfricArena pitch day.",
        "Second note: introduced by Ada.",
    ],
    "outlook.vcf": ["Kennengelernt auf der Messe Fragt nach Praktika für Studierende.", "Role: Vertriebsingenieur"],
    "android.vcf": ["Познакомились на вебинаре, обещала прислать запись."],
    "old-phone-greek.vcf": ["Γνωριστήκαμε στο συνέδριο."],
    "evolution.vcf": ["zoekt sprekers, vooral over privacy.", "Unit: Onderzoek, Team Data"],
    "gmail.vcf": ["Other e-mail: priya.r@mail.example", "Other e-mail: p.raman@alumni.example"],
    "iphone.vcf": ["Other e-mail: rudi@home.example", "Address (home): Jl. Kenanga 5, Bandung"],
    "nameless.vcf": [NAMED_AFTER + "e-mail"],
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "journal", tmp_path / "journal")
    return tmp_path


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "journal").rglob("*")) if p.is_file()}


def _import(root: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["import", "vcard", str(path), "--root", str(root)])
    out, err = capsys.readouterr()
    return code, out, err


def _contact(root: Path, name: str) -> str:
    for path in (root / "journal" / "contacts").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if f"\nname: {name}\n" in text or f"\nname: '{name}'\n" in text or f'\nname: "{name}"\n' in text:
            return text
    raise AssertionError(f"no contact named {name!r}")


def test_every_fixture_is_described() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.vcf")) == sorted(CARDS)


@pytest.mark.parametrize("name", sorted(CARDS))
def test_the_reader_reads_every_card(name: str) -> None:
    people, skipped = read_vcard_bytes((FIXTURES / name).read_bytes())
    assert [(p.name, (p.emails or [""])[0], p.organization, p.role) for p in people] == CARDS[name]
    rows = [s for s in skipped if not s.note]
    assert [s.why for s in rows] == (["card has no name (FN or N), e-mail or phone"] if name == "nameless.vcf" else [])
    details = " ".join(" ".join(" ".join([p.note, *p.extra]).split()) for p in people)
    for note in NOTES.get(name, []):
        if not note.startswith("Other e-mail"):  # the import's own wording, for the e-mails after the first
            assert note in details, details


@pytest.mark.parametrize("name", sorted(CARDS))
def test_each_fixture_imports_and_twice_changes_nothing(
    root: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, out, err = _import(root, FIXTURES / name, capsys)
    assert code == 0, out + err
    assert "Traceback" not in err
    lines = [line for line in out.splitlines() if "skipped:" in line]
    assert len(lines) == (1 if name == "nameless.vcf" else 0), out
    assert not [d for d in check(root)[1] if d.severity.value == "error"]
    for card, email, _organization, role in CARDS[name]:
        text = _contact(root, card)
        if email:
            assert f"email: {email}" in text
        if role:
            assert role in text
        assert "/9j/" not in text and "AAAA" not in text  # no photo
    notes = " ".join(" ".join(_contact(root, c[0]).split()) for c in CARDS[name])
    for note in NOTES.get(name, []):
        assert note in notes
    after = _tree(root)
    code, out, err = _import(root, FIXTURES / name, capsys)
    assert code == 0, out + err
    assert " 0 created, 0 updated" in err
    assert _tree(root) == after


def test_a_card_without_a_name_says_what_it_was_named_after(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _import(root, FIXTURES / "nameless.vcf", capsys)
    assert code == 0
    assert "line 1: note: card has no name (FN or N): imported as 'someone@nameless.example', its e-mail" in out
    assert "line 5: note: card has no name (FN or N): imported as '+44 7700 900123', its phone" in out
    assert "line 9: skipped: card has no name (FN or N), e-mail or phone" in out


NOT_VCARDS = {
    "empty.vcf": b"",
    "blank.vcf": b"\r\n\r\n  \r\n",
    "invite.ics": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Webinar\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "Connections.csv": b"First Name,Last Name,URL\r\nAna,Lima,https://www.linkedin.com/in/ana\r\n",
    "notes.txt": b"Some notes: call Ana.\nNothing here is a card.\n",
    "utf16.vcf": codecs.BOM_UTF16_LE + "Just text: no card\r\n".encode("utf-16-le"),
}


@pytest.mark.parametrize("name", sorted(NOT_VCARDS))
def test_a_file_that_is_not_a_vcard_is_refused_in_one_line(
    root: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = root / name
    path.write_bytes(NOT_VCARDS[name])
    before = _tree(root)
    code, out, err = _import(root, path, capsys)
    assert code == 1
    assert out == ""
    assert err == f"journal import: {path}: {NOT_A_VCARD}\n"
    assert _tree(root) == before


def test_an_image_is_refused_in_one_line(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = root / "photo.vcf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    code, out, err = _import(root, path, capsys)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"journal import: {path}: not a text file")
    with pytest.raises(ValueError, match="not a text file"):
        read_vcard_bytes(path.read_bytes())


def _photo_card(size: int) -> bytes:
    """One card with a vCard 2.1 photo of ``size`` base64 characters: lines
    without a leading space, ended by a blank line."""
    data = base64.b64encode(bytes((i * 7 + 3) % 256 for i in range(size * 3 // 4))).decode()
    lines = "\r\n".join(data[i : i + 76] for i in range(0, len(data), 76))
    return (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Foto;Besar;;;\r\nFN:Besar Foto\r\n"
        f"PHOTO;TYPE=JPEG;ENCODING=BASE64:\r\n{lines}\r\n\r\n"
        "EMAIL;INTERNET:besar.foto@example.org\r\nEND:VCARD\r\n"
    ).encode("ascii")


def _read_time(data: bytes) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        people, skipped = read_vcard_bytes(data)
        best = min(best, time.perf_counter() - start)
        assert [p.name for p in people] == ["Besar Foto"] and people[0].emails == ["besar.foto@example.org"]
        assert skipped == []
    return best


def test_a_photo_takes_time_in_proportion_to_its_size(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    small, large = _photo_card(500_000), _photo_card(5_000_000)
    small_time, large_time = _read_time(small), _read_time(large)
    assert large_time < 3.0
    assert large_time < 30 * max(small_time, 0.002), (small_time, large_time)  # about 10x; quadratic was 160x
    path = root / "big.vcf"
    path.write_bytes(large)
    start = time.perf_counter()
    code, out, err = _import(root, path, capsys)
    assert code == 0, err
    assert time.perf_counter() - start < 10.0
    assert "skipped" not in out and "1 created" in err


def test_binary_values_of_every_kind_are_skipped_silently() -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Raka Putra\r\n"
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQN\r\n DAsLDBkSEw8U\r\n"
        "LOGO;ENCODING=BASE64;TYPE=PNG:iVBORw0KGgo=\r\nSOUND;ENCODING=b:UklGRg==\r\n"
        "KEY;ENCODING=b:MIIB/jCCAWugAwIBAgIQ\r\nX-MS-CARDPICTURE;ENCODING=BASE64:R0lGODlh\r\n"
        "PHOTO;VALUE=uri:https://example.org/raka.jpg\r\nTITLE:Analyst\r\nEND:VCARD\r\n"
    )
    people, skipped = read_vcard(card)
    assert skipped == []
    assert [(p.name, p.role, p.extra, p.note) for p in people] == [("Raka Putra", "Analyst", [], "")]


def test_text_values_in_base64_and_charsets_are_decoded() -> None:
    greek = base64.b64encode("Ελένη".encode("iso8859-7")).decode()
    shift_jis = "".join(f"={b:02X}" for b in "山田太郎".encode("shift_jis"))
    data = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        f"FN;CHARSET=ISO-8859-7;ENCODING=BASE64:{greek}\r\n"
        f"NOTE;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:{shift_jis}\r\n"
        "TITLE;CHARSET=x-no-such-charset:Lead\r\nEND:VCARD\r\n"
    ).encode("ascii")
    people, skipped = read_vcard_bytes(data)
    assert skipped == []
    assert [(p.name, p.note, p.role) for p in people] == [("Ελένη", "山田太郎", "Lead")]


def test_a_charset_naming_one_of_pythons_escape_codecs_is_not_taken() -> None:
    """``unicode_escape`` is a Python codec, no character set: the value's
    backslashes stay as typed (and no warning about them is printed)."""
    import warnings

    data = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Raka Putra\r\n"
        "NOTE;CHARSET=unicode_escape;ENCODING=QUOTED-PRINTABLE:\\x41 \\q\r\nEND:VCARD\r\n"
    ).encode("ascii")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        people, _ = read_vcard_bytes(data)
    assert [p.note for p in people] == ["\\x41 \\q"]


def test_utf16_without_a_byte_order_mark_and_a_vcard_inside_an_agent() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Dewi Lestari\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\n"
        "FN:Her Assistant\r\nEND:VCARD\r\nEMAIL:dewi@example.org\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Budi\r\nEND:VCARD\r\n"
    )
    people, skipped = read_vcard_bytes(text.encode("utf-16-be"))
    assert skipped == []
    assert [(p.name, p.emails) for p in people] == [("Dewi Lestari", ["dewi@example.org"]), ("Budi", [])]


def test_a_preferred_email_comes_first_and_unreadable_lines_are_one_skip() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Sari\nEMAIL;TYPE=home:sari@home.example\n"
        "EMAIL;TYPE=work,pref:sari@work.example\nthis is not\na property either\nEND:VCARD\n"
    )
    people, skipped = read_vcard(text)
    assert people[0].emails == ["sari@work.example", "sari@home.example"]
    assert [(s.where, s.why) for s in skipped] == [
        ("line 6", "not a vCard property: 'this is not' (and 1 more lines up to line 7)")
    ]


# Random input: the reader answers with cards or a ValueError, nothing else.

_PROPERTY_NAMES = [
    "FN",
    "N",
    "ORG",
    "TITLE",
    "NOTE",
    "EMAIL",
    "TEL",
    "URL",
    "PHOTO",
    "ADR",
    "BDAY",
    "X-FOO",
    "item1.EMAIL",
]
_PARAMS = [
    "",
    ";CHARSET=UTF-8",
    ";ENCODING=QUOTED-PRINTABLE",
    ";CHARSET=Windows-1253;ENCODING=QUOTED-PRINTABLE",
    ";ENCODING=BASE64",
    ";ENCODING=b",
    ";TYPE=work,pref",
    ';X-UUID="a:b;c"',
    ";CHARSET=rot13",
    ";CHARSET=unicode_escape",
    ";QUOTED-PRINTABLE",
]
_lines = st.one_of(
    st.builds(
        lambda n, p, v: f"{n}{p}:{v}",
        st.sampled_from(_PROPERTY_NAMES),
        st.sampled_from(_PARAMS),
        st.text(max_size=40),
    ),
    st.sampled_from(["BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "", " folded", "=", "AGENT:", "begin:vcard"]),
    st.text(max_size=30),
)
_vcard_like = st.lists(_lines, max_size=30).map(lambda lines: "\r\n".join(lines))


def _readable(people: list[Person], skipped: list[Skipped]) -> None:
    for person in people:
        assert person.name and person.name == person.name.strip()
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in person.name)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_random_text_gives_cards_or_a_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        _readable(*read_vcard(text))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_vcard_like, st.sampled_from(["utf-8", "cp1253", "utf-16", "latin-1"]))
def test_random_vcard_like_text_gives_cards_or_a_value_error(text: str, encoding: str) -> None:
    with contextlib.suppress(ValueError):
        _readable(*read_vcard(text))
    with contextlib.suppress(ValueError):
        _readable(*read_vcard_bytes(text.encode(encoding, errors="replace")))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_give_cards_or_a_value_error(data: bytes) -> None:
    with contextlib.suppress(ValueError):
        _readable(*read_vcard_bytes(b"BEGIN:VCARD\r\n" + data))
    with contextlib.suppress(ValueError):
        _readable(*read_vcard_bytes(data))
