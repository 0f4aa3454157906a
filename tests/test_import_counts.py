"""What an import says it did adds up, names its files without invisible
characters, and a dry run says exactly what the real run does."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from builder.check import check
from builder.cli import main
from builder.values import is_slug
from tests.conftest import REPO

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROWS = [
    "Ana,Lima,https://www.linkedin.com/in/ana-lima,ana@example.org,Acme,Researcher,03 Nov 2026",
    "✏️Eddy,Tan,https://www.linkedin.com/in/eddy,,Acme,Designer,03 Nov 2026",  # U+FE0F starts the slug
    "Ed✏️,dy,https://www.linkedin.com/in/ed-dy,,,,03 Nov 2026",
    "🙂,,,smile@example.org,,,03 Nov 2026",  # a name of symbols alone: named by its e-mail
    "🙃,,,,,,03 Nov 2026",  # nothing else either: "contact"
    "Ana Maria,Lima,https://linkedin.com/in/ana-lima/,,Acme,Lead Researcher,03 Nov 2026",  # the same as row 1
    "Ana,Lima,https://www.linkedin.com/in/ana-lima,ana@example.org,Acme,Researcher,03 Nov 2026",  # again
    ",,https://www.linkedin.com/in/nobody,,,,03 Nov 2026",  # no name: skipped
    "Budi,Santoso,https://www.linkedin.com/in/budi,,Nusantara,PM,31 Feb 2026",  # a date that is not one: a note
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "journal", tmp_path / "journal")
    (tmp_path / "Connections.csv").write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return tmp_path


def _import(root: Path, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, str, str]:
    code = main(["import", "linkedin", str(root / "Connections.csv"), "--root", str(root), *more])
    out, err = capsys.readouterr()
    return code, out, err


def _counts(err: str) -> dict[str, int]:
    line = next(line for line in err.splitlines() if line.startswith("journal import:"))
    found = {
        m.group(2): int(m.group(1))
        for m in re.finditer(r"(\d+) (?:would be )?(read|created|updated|unchanged|merged|skipped)", line)
    }
    return {key: found.get(key, 0) for key in ("read", "created", "updated", "unchanged", "merged", "skipped")}


def test_counts_add_up_and_names_make_clean_files(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _import(root, capsys)
    assert code == 0, err
    counts = _counts(err)
    assert counts["read"] == len(ROWS)
    assert counts["read"] == sum(counts[k] for k in ("created", "updated", "unchanged", "merged", "skipped"))
    assert counts == {"read": 9, "created": 5, "updated": 1, "unchanged": 0, "merged": 2, "skipped": 1}  # Budi is known
    assert "line 10: note: " in out  # Budi's date, a remark on a row that was imported
    contacts = root / "journal" / "contacts"
    made = sorted(p.stem for p in contacts.glob("*.md"))
    assert {"eddy-tan", "ed-dy", "smile", "contact", "ana-lima", "budi-santoso"} <= set(made)
    assert all(is_slug(name) for name in made)
    assert not [d for d in check(root)[1] if d.severity.value == "error"]
    # the row that was row 1 under another name is kept as an alias
    ana = (contacts / "ana-lima.md").read_text(encoding="utf-8")
    assert "- Also known as: Ana Maria Lima\n" in ana and ana.count("Also known as") == 1


def test_twice_is_once(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _import(root, capsys)
    before = {p: p.read_bytes() for p in (root / "journal").rglob("*.md")}
    code, _, err = _import(root, capsys)
    assert code == 0
    counts = _counts(err)
    assert counts["created"] == counts["updated"] == 0
    assert counts["read"] == len(ROWS) == counts["unchanged"] + counts["merged"] + counts["skipped"]
    assert {p: p.read_bytes() for p in (root / "journal").rglob("*.md")} == before


def test_a_dry_run_says_what_the_real_run_does(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, dry_out, dry_err = _import(root, capsys, "--dry-run")
    assert code == 0
    assert not list((root / "journal" / "contacts").glob("eddy*"))  # nothing written
    code, out, err = _import(root, capsys)
    assert code == 0
    assert dry_out.replace("would create", "created").replace("would update", "updated") == out
    assert _counts(dry_err) == _counts(err)


def test_a_dry_run_is_refused_when_the_real_run_would_be(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A contact file the import would update with an error (its links map
    written as a scalar) refuses both runs alike, writing nothing."""
    siti = root / "journal" / "contacts" / "siti-rahayu.md"
    text = siti.read_text(encoding="utf-8")
    url = re.search(r"linkedin: (\S+)", text)
    assert url is not None
    (root / "Connections.csv").write_text(
        HEADER + f"Siti,Rahayu,{url.group(1)},not-an-address,,,03 Nov 2026\n", encoding="utf-8"
    )
    dry = _import(root, capsys, "--dry-run")
    real = _import(root, capsys)
    assert dry[0] == real[0]
    assert siti.read_text(encoding="utf-8") == text or real[0] == 0


@pytest.mark.parametrize(
    ("path", "message"), [("/dev/zero", "not a file"), ("missing.csv", "No such file or directory")]
)
def test_what_is_no_export_is_refused_in_a_line(
    root: Path, capsys: pytest.CaptureFixture[str], path: str, message: str
) -> None:
    """/dev/zero once ran the import out of memory."""
    target = path if path.startswith("/") else str(root / path)
    assert main(["import", "google", target, "--root", str(root)]) == 1
    assert capsys.readouterr().err == f"journal import: {target}: {message}\n"


def test_a_second_address_is_kept_in_the_notes(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A known person's new e-mail (a new job) was dropped without a word."""
    siti = root / "journal" / "contacts" / "siti-rahayu.md"
    url = re.search(r"linkedin: (\S+)", siti.read_text(encoding="utf-8"))
    assert url is not None
    (root / "Connections.csv").write_text(
        HEADER + f"Siti,Rahayu,{url.group(1)},siti@newjob.example.com,,,03 Nov 2026\n", encoding="utf-8"
    )
    assert _import(root, capsys)[0] == 0
    assert "- Other e-mail: siti@newjob.example.com\n" in siti.read_text(encoding="utf-8")
    assert _counts(_import(root, capsys)[2])["unchanged"] == 1


def test_notes_from_an_export_are_text(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A note saying [[x]] made the check refuse the whole import; one saying
    '[ ] call her' became a task."""
    (root / "cards.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Inj Ection\r\nNOTE:see [[nobody-here]]; [ ] call her due:2026-12-03\r\n"
        "END:VCARD\r\n",
        encoding="utf-8",
    )
    assert main(["import", "vcard", str(root / "cards.vcf"), "--root", str(root)]) == 0
    journal, diagnostics = check(root)
    assert not [d for d in diagnostics if d.severity.value == "error"]
    assert journal.contacts["inj-ection"].tasks == ()
    assert "see \\[\\[nobody-here]]; \\[ ] call her" in (root / "journal/contacts/inj-ection.md").read_text(
        encoding="utf-8"
    )


def test_a_very_long_name_makes_a_file_name_that_fits(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "Connections.csv").write_text(HEADER + "x" * 300 + ",𝔘𝔫𝔦" * 1 + ",,,,,03 Nov 2026\n", encoding="utf-8")
    assert _import(root, capsys)[0] == 0
    made = [p for p in (root / "journal" / "contacts").glob("x*.md")]
    assert len(made) == 1 and len(made[0].name.encode("utf-8")) <= 255
