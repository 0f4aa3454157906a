"""Imports of realistic exports: idempotent, loss-free, clear about what they skip."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.check import check
from builder.importers.google import read_google
from builder.importers.linkedin import read_linkedin
from builder.importers.vcard import read_vcard
from tests.conftest import REPO
from tests.exports import google_export, linkedin_export, vcard_export


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "journal", tmp_path / "journal")
    return tmp_path


def journal(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args, "--root", str(root)], capture_output=True, text=True, check=False
    )


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "journal").rglob("*")) if p.is_file()}


EXPORTS = {
    "linkedin": ("Connections.csv", linkedin_export),
    "google": ("contacts.csv", lambda: google_export("current")),
    "google-older": ("contacts-older.csv", lambda: google_export("older")),
    "vcard": ("contacts.vcf", vcard_export),
}


@pytest.mark.parametrize("kind", list(EXPORTS))
def test_import_twice_changes_nothing_the_second_time(root: Path, kind: str) -> None:
    name, make = EXPORTS[kind]
    export = root / name
    export.write_text(make(), encoding="utf-8", newline="")
    fmt = kind.split("-")[0]
    first = journal(root, "import", fmt, str(export))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Traceback" not in first.stderr
    counts = re.search(
        r"journal import: (\d+) read: (\d+) created, (\d+) updated, (\d+) unchanged(?:, (\d+) merged into an earlier row)?, "
        r"(\d+) skipped",
        first.stderr,
    )
    assert counts is not None, first.stderr
    read, created, *rest = (int(n or 0) for n in counts.groups())
    assert created > 150
    assert read == created + sum(rest)  # every row is counted once
    assert not [d for d in check(root)[1] if d.severity.value == "error"]
    after_first = _tree(root)
    second = journal(root, "import", fmt, str(export))
    assert second.returncode == 0
    assert "0 created, 0 updated" in second.stderr
    assert _tree(root) == after_first


def test_skipped_rows_are_named_with_their_line(root: Path) -> None:
    export = root / "Connections.csv"
    export.write_text(linkedin_export(), encoding="utf-8", newline="")
    result = journal(root, "import", "linkedin", str(export), "--dry-run")
    assert f"{export}: line 84: skipped: no name" in result.stdout
    assert f"{export}: line 124: skipped: expected 7 fields, found 3" in result.stdout
    assert "note: unreadable date '2026-02-30' (expected like 03 Nov 2026); imported without it" in result.stdout
    assert "would create journal/contacts/" in result.stdout
    vcf = root / "contacts.vcf"
    vcf.write_text(vcard_export(), encoding="utf-8", newline="")
    result = journal(root, "import", "vcard", str(vcf), "--dry-run")
    assert "note: card has no name (FN or N): imported as 'noname@example.org', its e-mail" in result.stdout
    assert "note: not a vCard property: 'this line is not vCard'" in result.stdout  # a line, not a card
    assert "skipped: card has no END:VCARD" in result.stdout


def test_dry_run_writes_nothing(root: Path) -> None:
    export = root / "contacts.csv"
    export.write_text(google_export("older"), encoding="utf-8", newline="")
    before = _tree(root)
    result = journal(root, "import", "google", str(export), "--dry-run")
    assert result.returncode == 0 and "would be created" in result.stderr
    assert _tree(root) == before


def test_matches_by_profile_and_adds_only_what_is_missing(root: Path) -> None:
    siti = root / "journal" / "contacts" / "siti-rahayu.md"
    before = siti.read_text(encoding="utf-8")
    export = root / "Connections.csv"
    export.write_text(linkedin_export(), encoding="utf-8", newline="")
    assert journal(root, "import", "linkedin", str(export)).returncode == 0
    assert siti.read_text(encoding="utf-8") == before  # same profile, same company and role: nothing to add
    assert not (root / "journal" / "contacts" / "siti-rahayu-2.md").exists()


def test_a_job_change_updates_organization_and_role_only(root: Path) -> None:
    export = root / "Connections.csv"
    old = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    export.write_text(
        old + "Rina,Wati,https://www.linkedin.com/in/rina-wati,,Acme,Analyst,03 Nov 2026\r\n", encoding="utf-8"
    )
    assert journal(root, "import", "linkedin", str(export)).returncode == 0
    path = root / "journal" / "contacts" / "rina-wati.md"
    first = path.read_text(encoding="utf-8")
    assert first == (
        "---\nname: Rina Wati\norganization: Acme\nrole: Analyst\nmet: {date: 2026-11-03, at: LinkedIn}\n"
        "links:\n  linkedin: https://www.linkedin.com/in/rina-wati\n---\n"
    )
    path.write_text(first + "My own notes about Rina.\n", encoding="utf-8")  # the owner writes
    export.write_text(
        old
        + "Rina,Wati,https://linkedin.com/in/rina-wati/,rina@example.org,Lumen Health,Senior Analyst,03 Nov 2026\r\n",
        encoding="utf-8",
    )
    result = journal(root, "import", "linkedin", str(export))
    assert (
        "updated journal/contacts/rina-wati.md: links.email added, organization: Acme → lumen-health, role: Analyst → Senior Analyst"
        in result.stdout
    )
    assert path.read_text(encoding="utf-8") == (
        "---\nname: Rina Wati\norganization: lumen-health\nrole: Senior Analyst\nmet: {date: 2026-11-03, at: LinkedIn}\n"
        "links:\n  linkedin: https://www.linkedin.com/in/rina-wati\n  email: rina@example.org\n---\nMy own notes about Rina.\n"
    )


def test_loss_free_details_from_vcards(root: Path) -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dewi Anggraini\r\nORG:Seabridge Fintech;Research;Ops\r\n"
        "TITLE:Researcher\r\nEMAIL;TYPE=work:dewi@example.org\r\nEMAIL;TYPE=home:dewi.home@example.net\r\n"
        "TEL;TYPE=cell:+62 811 1111\r\nTEL;TYPE=work:+62 21 2222\r\nNOTE:Line one\\nline two\\, with comma\r\n"
        "BDAY:1990-01-02\r\nPHOTO;ENCODING=b:AAAA\r\n BBBB\r\nEND:VCARD\r\n"
    )
    (root / "c.vcf").write_text(card, encoding="utf-8", newline="")
    assert journal(root, "import", "vcard", str(root / "c.vcf")).returncode == 0
    text = (root / "journal" / "contacts" / "dewi-anggraini.md").read_text(encoding="utf-8")
    assert "organization: seabridge-fintech\nrole: Researcher\n" in text
    assert "links:\n  email: dewi@example.org\n  phone: +62 811 1111\n" in text
    for kept in (
        "Other e-mail: dewi.home@example.net",
        "Other phone: +62 21 2222",
        "Line one line two, with comma",
        "Birthday: 1990-01-02",
        "Unit: Research, Ops",
    ):
        assert kept in text
    assert "AAAA" not in text


def test_malformed_files_get_a_message_not_a_traceback(root: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01 not a csv at all")
    for fmt in ("linkedin", "google"):
        result = journal(root, "import", fmt, str(bad))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert str(bad) in result.stderr
    missing = journal(root, "import", "vcard", str(tmp_path / "nope.vcf"))
    assert missing.returncode == 1 and "No such file" in missing.stderr


def test_readers_on_their_own() -> None:
    people, skipped = read_linkedin(linkedin_export(count=20))
    assert len(people) == 20 + 1 + 1 + 1  # rows, the duplicate, the bad date, Siti
    assert people[0].connected_on is not None
    google, _ = read_google(google_export("current", count=10))
    assert any(len(p.emails) == 2 for p in google)  # "a ::: b"
    assert any("research ops" in p.note for p in google)
    cards, skipped = read_vcard(vcard_export(count=6))
    assert [p.name for p in cards][:2] == ["王 Müller", "Zoë Santoso"]  # quoted-printable (2.1), then 3.0
    assert [s.where for s in skipped] == ["line 83", "line 87", "line 88"]
    assert any(p.note.startswith("Long note that is folded with a soft line break") for p in cards)


ODD_EXPORTS = {
    "vcard": (
        "odd.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Odd\x07 Card\r\nORG:Bell\x00 Labs\r\nTITLE:Ring\x1b er\r\n"
        "EMAIL:odd.card\x07@example.org\r\nURL:https://example.org/odd\x00card\r\nNOTE:a\x0cb\x7f\r\nEND:VCARD\r\n",
        "odd-card",
        ["name: Odd Card\n", "organization: Bell Labs\n", "role: Ring er\n", "email: odd.card@example.org\n"],
    ),
    "linkedin": (
        "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        'Odd\x07,"Row\rSmith",https://www.linkedin.com/in/odd\x00row,,"Acme\x00 Inc",Lead\x9b Analyst,03 Nov 2026\r\n',
        "odd-row-smith",
        ["name: Odd Row Smith\n", "organization: Acme Inc\n", "role: Lead Analyst\n", "/in/oddrow\n"],
    ),
    "google": (
        "contacts.csv",
        "First Name,Last Name,Organization Name,Organization Title,E-mail 1 - Value,Notes\r\n"
        'Odd\x07,Google,"Beta\r\nCorp",Chief\x1b,odd.google@example.org,"note\x00 here"\r\n',
        "odd-google",
        ["name: Odd Google\n", "organization: Beta Corp\n", "role: Chief\n", "- note here\n"],
    ),
}


@pytest.mark.parametrize("kind", list(ODD_EXPORTS))
def test_control_characters_in_an_export_are_dropped(root: Path, kind: str) -> None:
    """One odd card or row must not block a whole import: what the importers
    write holds no control character for the check to refuse."""
    name, content, slug, expected = ODD_EXPORTS[kind]
    (root / name).write_text(content, encoding="utf-8", newline="")
    result = journal(root, "import", kind, str(root / name))
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [d for d in check(root)[1] if d.severity.value == "error"]
    text = (root / "journal" / "contacts" / f"{slug}.md").read_text(encoding="utf-8")
    assert re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\\]", text) is None, repr(text)
    for line in expected:
        assert line in text, text


def test_an_error_elsewhere_does_not_block_an_import(root: Path) -> None:
    """A plan naming an organisation not written yet is the plan's problem:
    the import goes ahead and lists it; a contact file that cannot be read
    stops it (that person would be imported twice)."""
    export = root / "contacts.vcf"
    export.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rina Wulandari\r\nEND:VCARD\r\n", encoding="utf-8")
    plan = root / "journal" / "plan.yml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("goals:\n", "goals:\n  - {title: Acme, organizations: [acme]}\n", 1),
        encoding="utf-8",
    )
    siti = root / "journal" / "contacts" / "siti-rahayu.md"
    siti.write_text(siti.read_text(encoding="utf-8").replace("role:", "\trole:", 1), encoding="utf-8")
    before = _tree(root)
    stopped = journal(root, "import", "vcard", str(export))
    assert stopped.returncode == 1 and "contact files could not be read (siti-rahayu)" in stopped.stderr
    assert _tree(root) == before
    siti.write_text(siti.read_text(encoding="utf-8").replace("\trole:", "role:", 1), encoding="utf-8")
    done = journal(root, "import", "vcard", str(export))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "created journal/contacts/rina-wulandari.md" in done.stdout
    assert "1 error already in the journal" in done.stderr and "unknown organization 'acme'" in done.stderr
