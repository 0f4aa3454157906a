"""Whatever an address book holds, an import either refuses it in one line
or writes entries that pass ``journal check``; never an internal error,
never a file name with an invisible character, and twice is once."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.check import check
from builder.cli import main
from builder.values import is_slug
from tests.conftest import write_journal

PLAN = "owner: T\ntimezone: UTC\n"
# Any text a field may hold: every script, emoji and their joiners,
# variation selectors, control and bidi characters, YAML's special words.
FIELD = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
    st.sampled_from(["NO", "null", "~", "- x", "a: b", "#c", "✏️Eddy", "👩\u200d💻", "\u202eevil", "1️⃣", "&a *b", "'q"]),
)
ROWS = st.lists(st.tuples(FIELD, FIELD, FIELD, FIELD, FIELD), min_size=1, max_size=6)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _run(fmt: str, name: str, data: bytes) -> None:
    root = Path(tempfile.mkdtemp())
    try:
        write_journal(root, {}, plan=PLAN)
        export = root / name
        export.write_bytes(data)
        first = main(["import", fmt, str(export), "--root", str(root)])
        assert first in (0, 1)  # a one-line refusal, or done: never 70
        _, diagnostics = check(root)
        assert not [d for d in diagnostics if d.severity.value == "error"], [str(d) for d in diagnostics]
        assert all(is_slug(p.stem) for p in (root / "journal" / "contacts").glob("*.md"))
        before = {p: p.read_bytes() for p in (root / "journal").rglob("*.md")}
        assert main(["import", fmt, str(export), "--root", str(root)]) == first
        assert {p: p.read_bytes() for p in (root / "journal").rglob("*.md")} == before
    finally:
        shutil.rmtree(root, ignore_errors=True)


@SETTINGS
@given(rows=ROWS, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_any_linkedin_rows(rows: list[tuple[str, ...]], encoding: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
    for first, last, company, position, email in rows:
        writer.writerow([first, last, "", email, company, position, "03 Nov 2026"])
    _run("linkedin", "Connections.csv", out.getvalue().encode(encoding, "replace"))
    capsys.readouterr()


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


@SETTINGS
@given(rows=ROWS)
def test_any_vcards(rows: list[tuple[str, ...]], capsys: pytest.CaptureFixture[str]) -> None:
    cards = []
    for name, org, title, note, email in rows:
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"FN:{_escape(name)}\r\nORG:{_escape(org)}\r\nTITLE:{_escape(title)}\r\n"
            f"NOTE:{_escape(note)}\r\nEMAIL:{_escape(email)}\r\nEND:VCARD\r\n"
        )
    _run("vcard", "contacts.vcf", "".join(cards).encode("utf-8"))
    capsys.readouterr()


@SETTINGS
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(["linkedin", "vcard", "google", "ics"]))
def test_any_bytes(data: bytes, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    _run(fmt, "export", data)
    capsys.readouterr()
