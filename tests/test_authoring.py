"""journal new / log / done on a copy of the example journal: exact text
before and after, nothing written when refused, journal check passes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.check import check
from tests.conftest import REPO

TODAY = "2026-11-27"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "journal", tmp_path / "journal")
    return tmp_path


def journal(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args, "--root", str(root), "--today", TODAY],
        capture_output=True,
        text=True,
        check=False,
    )


def clean(root: Path) -> None:
    diagnostics = check(root)[1]
    assert not [d for d in diagnostics if d.severity.value == "error"], diagnostics


def test_log_appends_in_the_files_style(root: Path) -> None:
    path = root / "journal" / "contacts" / "siti-rahayu.md"
    before = path.read_text(encoding="utf-8")
    result = journal(root, "log", "Siti", "--channel", "zoom", "--minutes", "30", "Talked about: research ops #1")
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    anchor = "    note: Sent the second draft of the delivery-app case study and asked whether the February role will open again.\n"
    assert after == before.replace(
        anchor,
        anchor
        + "  - date: 2026-11-27\n    channel: zoom\n    by: me\n    minutes: 30\n"
        + '    note: "Talked about: research ops #1"\n',
    )
    clean(root)


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (  # flow items stay flow
            "name: Ana\nlog:\n  - {date: 2026-01-01, channel: email} # first\nrole: x\n",
            "name: Ana\nlog:\n  - {date: 2026-01-01, channel: email} # first\n"
            "  - {date: 2026-11-27, channel: email, by: them, note: Hi}\nrole: x\n",
        ),
        (  # no log yet
            "name: Ana\n# a comment\n",
            "name: Ana\n# a comment\nlog:\n  - date: 2026-11-27\n    channel: email\n    by: them\n    note: Hi\n",
        ),
        (  # an empty log
            "name: Ana\nlog: [] # none yet\nrole: x\n",
            "name: Ana\nlog: # none yet\n  - date: 2026-11-27\n    channel: email\n    by: them\n    note: Hi\nrole: x\n",
        ),
        (  # a log with nothing after the colon
            "name: Ana\nlog:\nrole: x\n",
            "name: Ana\nlog:\n  - date: 2026-11-27\n    channel: email\n    by: them\n    note: Hi\nrole: x\n",
        ),
        (  # a flow list of flow items
            "name: Ana\nlog: [{date: 2026-01-01, channel: zoom}]\n",
            "name: Ana\nlog: [{date: 2026-01-01, channel: zoom}, {date: 2026-11-27, channel: email, by: them, note: Hi}]\n",
        ),
        (  # four-space indentation is kept
            "name: Ana\nlog:\n    - date: 2026-01-01\n      channel: zoom\n",
            "name: Ana\nlog:\n    - date: 2026-01-01\n      channel: zoom\n"
            "    - date: 2026-11-27\n      channel: email\n      by: them\n      note: Hi\n",
        ),
    ],
    ids=["flow-items", "no-log", "empty-flow", "null", "flow-list", "wide-indent"],
)
def test_log_shapes(root: Path, front: str, expected: str) -> None:
    path = root / "journal" / "contacts" / "ana-test.md"
    body = "Notes stay.\n\n- [ ] a task\n"
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    result = journal(root, "log", "ana-test", "--channel", "email", "--by", "them", "Hi")
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.read_text(encoding="utf-8") == f"---\n{expected}---\n{body}"
    clean(root)


def _tree(root: Path) -> dict[str, bytes]:
    """The journal's files (build/, where the editing lock lives, is not the journal)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "journal").rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "nobody-at-all", "--channel", "email", "x"], "no contact matches 'nobody-at-all'"),
        (["log", "siti rahyu", "--channel", "email", "x"], "did you mean: Siti Rahayu (siti-rahayu)"),
        (["log", "an", "--channel", "email", "x"], "no contact matches 'an'"),
        (["log", "santo", "--channel", "email", "--date", "2026-02-30", "x"], "invalid date"),
        (["log", "priya", "--channel", "email", "--minutes", "-5", "x"], "expected a number from 0"),
        (["done", "siti-rahayu:3"], "is not a task line"),
        (["done", "journal/reflections/2026-11-21-seabridge-meetup-and-q4-review.md"], "has 3 open tasks; say which"),
        (["done", "journal/reflections/2026-11-21-seabridge-meetup-and-q4-review.md:37"], "already done"),
        (["done", "journal/nothing.md"], "no entry file or slug"),
        (["new", "contact", "Someone", "--relationship", "boss"], "unknown relationship 'boss'"),
        (["new", "contact", "Someone", "--organisation", "x"], "did you mean 'organization'?"),
        (["new", "contact", "!!!"], "cannot make a file name"),
    ],
)
def test_refused_commands_write_nothing(root: Path, args: list[str], message: str) -> None:
    before = _tree(root)
    result = journal(root, *args)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(root) == before


def test_ambiguous_contact_lists_candidates(root: Path) -> None:
    (root / "journal" / "contacts" / "siti-aminah.md").write_text("---\nname: Siti Aminah\n---\n", encoding="utf-8")
    result = journal(root, "log", "siti", "--channel", "email", "x")
    assert result.returncode == 1
    assert "matches several contacts: Siti Aminah (siti-aminah), Siti Rahayu (siti-rahayu)" in result.stderr


def test_log_refused_when_the_journal_would_not_pass(root: Path) -> None:
    (root / "journal" / "contacts" / "broken.md").write_text("---\nname: [\n---\n", encoding="utf-8")
    before = _tree(root)
    result = journal(root, "log", "siti-rahayu", "--channel", "email", "x")
    assert result.returncode == 1 and "nothing was written" in result.stderr
    assert "journal/contacts/broken.md:3:1: error" in result.stdout
    assert _tree(root) == before


def test_done_ticks_exactly_one_box(root: Path) -> None:
    path = root / "journal" / "reflections" / "2026-11-21-seabridge-meetup-and-q4-review.md"
    before = path.read_text(encoding="utf-8")
    result = journal(root, "done", "journal/reflections/2026-11-21-seabridge-meetup-and-q4-review.md:40")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done: Tell [[budi-santoso]] I will bring the case study to the year-end mixer"
    line = "- [ ] Tell [[budi-santoso]] I will bring the case study to the year-end mixer due:2026-12-04"
    assert path.read_text(encoding="utf-8") == before.replace(line, line.replace("[ ]", "[x]"))
    # by slug, the only open task
    contact = root / "journal" / "contacts" / "siti-rahayu.md"
    before = contact.read_text(encoding="utf-8")
    assert journal(root, "done", "siti-rahayu").returncode == 0
    assert contact.read_text(encoding="utf-8") == before.replace("- [ ] Send her", "- [x] Send her")
    clean(root)


def test_new_entries_from_templates(root: Path) -> None:
    result = journal(
        root,
        "new",
        "contact",
        "Ana Lima",
        "--organization",
        "lumen-health",
        "--topics",
        "ux, careers",
        "--links.email",
        "ana@example.org",
        "--keep-in-touch",
        "6w",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "journal/contacts/ana-lima.md"
    text = (root / "journal" / "contacts" / "ana-lima.md").read_text(encoding="utf-8")
    assert text.startswith(
        "---\nname: Ana Lima\norganization: lumen-health\ntopics: [ux, careers]\n"
        "links: {email: ana@example.org}\nkeep_in_touch: 6w\n# role: job title\n"
    )
    again = journal(root, "new", "contact", "Ana Lima")
    assert again.stdout.strip() == "journal/contacts/ana-lima-2.md"
    event = journal(root, "new", "event", "Year-end mixer!", "--start", "2026-12-20 19:00", "--kind", "mixer")
    assert event.stdout.strip() == "journal/events/2026-12-20-year-end-mixer.md"
    reflection = journal(root, "new", "reflection", "Что я узнал", "--people", "ana-lima")
    assert reflection.stdout.strip() == "journal/reflections/2026-11-27-что-я-узнал.md"
    body = (root / "journal" / "reflections" / "2026-11-27-что-я-узнал.md").read_text(encoding="utf-8")
    assert body.startswith("---\ntitle: Что я узнал\ndate: 2026-11-27\npeople: [ana-lima]\n")
    org = journal(root, "new", "organization", "NO")  # a name YAML 1.1 would read as false
    assert org.stdout.strip() == "journal/organizations/no.md"
    assert (root / "journal" / "organizations" / "no.md").read_text(encoding="utf-8").startswith('---\nname: "NO"\n')
    clean(root)


def test_new_opens_the_file_it_made_in_the_editor(root: Path, tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {opened}\n', encoding="utf-8")
    editor.chmod(0o755)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "builder",
            "new",
            "contact",
            "Edith Editor",
            "--edit",
            "--root",
            str(root),
            "--today",
            TODAY,
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "EDITOR": str(editor), "VISUAL": ""},
    )
    assert result.returncode == 0, result.stderr
    assert opened.read_text(encoding="utf-8") == str(root / "journal" / "contacts" / "edith-editor.md")
