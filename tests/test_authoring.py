"""journal new / log / done on a copy of the example journal: exact text
before and after, nothing written when refused, journal check passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
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
        (["log", "priya", "--channel", "email", "--minutes", "-5", "x"], "expected a duration like 45"),
        (["done", "siti-rahayu:3"], "is not a task line"),
        (["done", "journal/reflections/2026-11-21-seabridge-meetup-and-q4-review.md"], "has 3 open tasks; say which"),
        (["done", "journal/reflections/2026-11-21-seabridge-meetup-and-q4-review.md:37"], "already done"),
        (["done", "journal/nothing.md"], "no entry file"),
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


def test_errors_already_in_the_journal_do_not_block_any_command(root: Path) -> None:
    broken = root / "journal" / "contacts" / "broken.md"
    broken.write_text("---\nname: Broken\nlog:\n\t- {date: 2026-01-02, channel: zoom}\n---\n", encoding="utf-8")
    siti = root / "journal" / "contacts" / "siti-rahayu.md"
    before = siti.read_text(encoding="utf-8")
    for args in (
        ["log", "siti", "--channel", "email", "--minutes", "20m", "Asked about her team"],
        ["new", "contact", "Dewi Lestari"],
        ["done", "journal/reflections/2026-11-21-seabridge-meetup-and-q4-review.md:38"],
        ["followups"],
        ["goals", "--json"],
    ):
        result = journal(root, *args)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        assert "1 error already in the journal, not from this command" in result.stderr, args
        assert "  journal/contacts/broken.md:4:1: error: " in result.stderr, args
        assert "broken.md" not in result.stdout, args  # the output is the command's own (JSON stays JSON)
    after = siti.read_text(encoding="utf-8")
    assert after != before and "minutes: 20" in after and "Asked about her team" in after
    assert (root / "journal" / "contacts" / "dewi-lestari.md").is_file()
    assert broken.read_text(encoding="utf-8").count("\t") == 1  # left for its owner to fix


def test_an_edit_that_would_add_an_error_is_refused(root: Path) -> None:
    (root / "journal" / "contacts" / "broken.md").write_text("---\nname: [\n---\n", encoding="utf-8")
    before = _tree(root)
    result = journal(root, "new", "contact", "Dewi Lestari", "--keep-in-touch", "sometimes")
    assert result.returncode == 1
    assert result.stdout.startswith("journal/contacts/dewi-lestari.md:3:16: error: ")
    assert "broken.md" not in result.stdout  # not the new entry's fault: listed apart
    assert "nothing was written: the change would add 1 error to the journal (above)" in result.stderr
    assert "1 error already in the journal" in result.stderr and "  journal/contacts/broken.md:" in result.stderr
    assert _tree(root) == before


def test_an_entry_the_plan_names_can_be_written(root: Path) -> None:
    plan = root / "journal" / "plan.yml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "goals:\n", "goals:\n  - {title: Learn about Acme, organizations: [acme]}\n", 1
        ),
        encoding="utf-8",
    )
    assert "unknown organization 'acme'" in " ".join(d.message for d in check(root)[1])
    result = journal(root, "new", "organization", "Acme")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "already in the journal" not in result.stderr  # the new entry resolves it
    clean(root)


def test_done_and_log_find_entries_alike(root: Path) -> None:
    """One resolver: what names a contact for log names it for done."""
    (root / "journal" / "contacts" / "siti-rahayu.md").write_text(
        "---\nname: Siti Rahayu\n---\n- [ ] Send the case study\n", encoding="utf-8"
    )
    org = root / "journal" / "organizations" / "nusantara-digital.md"
    org.write_text(
        org.read_text(encoding="utf-8").replace("- [ ] Follow up with [[siti", "- [x] Follow up with [[siti")
    )
    result = journal(root, "done", "siti")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done: Send the case study (journal/contacts/siti-rahayu.md:4)"
    assert "- [x] Send the case study" in (root / "journal" / "contacts" / "siti-rahayu.md").read_text(encoding="utf-8")
    result = journal(root, "done", "rahay")  # a part of the name, as for journal log
    assert result.returncode == 1 and "Siti Rahayu has no open task" in result.stderr


def test_new_finds_the_entries_it_names(root: Path) -> None:
    result = journal(
        root, "new", "event", "Portfolio review", "--start", "2026-12-10", "--people", "siti, priya-sharma"
    )
    assert result.returncode == 0, result.stderr
    text = (root / "journal" / "events" / "2026-12-10-portfolio-review.md").read_text(encoding="utf-8")
    assert "people: [siti-rahayu, priya-sharma]" in text
    result = journal(root, "new", "event", "Portfolio review 2", "--people", "nobody-at-all")
    assert result.returncode == 1 and "--people: no contact matches 'nobody-at-all'" in result.stderr
    result = journal(root, "new", "contact", "Rina", "--organization", "A freelance collective")
    assert result.returncode == 0, result.stderr  # free text stays free text
    assert "organization: A freelance collective" in (root / "journal" / "contacts" / "rina.md").read_text(
        encoding="utf-8"
    )


def test_new_kind_help_lists_its_keys() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "builder", "new", "event", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for key in ("--kind", "--platform", "--start", "--duration", "--url", "--status", "--people", "--topics"):
        assert f"\n  {key} " in result.stdout, key
    assert "  --duration       length, e.g. 90m or 1h30m (instead of end)" in result.stdout
    assert "--title" not in result.stdout  # the title is the argument


def test_done_ticks_exactly_one_box(root: Path) -> None:
    path = root / "journal" / "reflections" / "2026-11-21-seabridge-meetup-and-q4-review.md"
    before = path.read_text(encoding="utf-8")
    result = journal(root, "done", "journal/reflections/2026-11-21-seabridge-meetup-and-q4-review.md:40")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "done: Tell Budi Santoso I will bring the case study to the year-end mixer "
        "(journal/reflections/2026-11-21-seabridge-meetup-and-q4-review.md:40)"
    )
    line = "- [ ] Tell [[budi-santoso]] I will bring the case study to the year-end mixer due:2026-12-04"
    assert path.read_text(encoding="utf-8") == before.replace(line, line.replace("[ ]", "[x]"))
    # by slug: the tasks followups lists under her, in her file and elsewhere
    contact = root / "journal" / "contacts" / "siti-rahayu.md"
    before = contact.read_text(encoding="utf-8")
    several = journal(root, "done", "siti-rahayu")
    assert several.returncode == 1 and "Siti Rahayu has 2 open tasks; say which, as FILE:LINE" in several.stderr
    assert "journal/organizations/nusantara-digital.md:24 Follow up with [[siti-rahayu]]" in several.stderr
    assert journal(root, "done", "journal/organizations/nusantara-digital.md:24").returncode == 0
    assert journal(root, "done", "siti-rahayu").returncode == 0  # now the only one
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
    again = journal(root, "new", "contact", "ana  LIMA")  # the same person, typed again
    assert again.returncode == 1 and again.stdout == ""
    assert "journal/contacts/ana-lima.md is already contact 'Ana Lima': to write another" in again.stderr
    again = journal(root, "new", "contact", "Ana Lima", "--force")  # another person of that name
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


def test_an_entry_whose_file_cannot_be_read_is_named_as_such(root: Path) -> None:
    """Not 'no contact matches': the contact is there, its file is what is wrong."""
    siti = root / "journal" / "contacts" / "siti-rahayu.md"
    siti.write_text(siti.read_text(encoding="utf-8").replace("role:", "\trole:", 1), encoding="utf-8")
    for args in (["log", "siti-rahayu", "--channel", "email", "x"], ["log", "rahayu", "--channel", "email", "x"]):
        result = journal(root, *args)
        assert result.returncode == 1
        assert "names contact 'siti-rahayu', whose file could not be read: fix it first" in result.stderr


def test_new_names_files_as_a_person_expects(root: Path) -> None:
    same_file = journal(root, "new", "contact", "Siti-Rahayu")  # the file name of an existing contact
    assert same_file.returncode == 1 and "siti-rahayu.md is already contact 'Siti Rahayu'" in same_file.stderr
    other_kind = journal(root, "new", "organization", "Siti Rahayu")  # slugs are one namespace: -2, and why
    assert other_kind.stdout.strip() == "journal/organizations/siti-rahayu-2.md"
    assert "note: the file name siti-rahayu.md is taken by contact 'Siti Rahayu'" in other_kind.stderr
    topics = journal(root, "new", "contact", "Tari", "--topics", "[ux, careers]")  # as --help shows a list
    assert "topics: [ux, careers]\n" in (root / topics.stdout.strip()).read_text(encoding="utf-8")
    long = journal(root, "new", "contact", "Long Name " * 30)
    assert long.returncode == 0, long.stderr
    assert len(Path(long.stdout.strip()).stem) <= 80 and not long.stdout.strip().endswith("-.md")
    dated = journal(root, "new", "event", "2026-12-05 Meetup", "--start", "2026-12-05")
    assert dated.stdout.strip() == "journal/events/2026-12-05-meetup.md"
    clean(root)


def test_entries_are_named_the_same_however_typed(root: Path) -> None:
    assert journal(root, "new", "contact", "José Álvarez").stdout.strip() == "journal/contacts/josé-álvarez.md"
    for query in (
        "jose-alvarez",
        "josé-álvarez",
        "JOSE  ALVAREZ",
        "José Álvarez (josé-álvarez)",
        "alvarez",
        "jose alvarez",
    ):
        result = journal(root, "log", query, "--channel", "email", "x")
        assert result.returncode == 0, (query, result.stderr)
    nfd = unicodedata.normalize("NFD", "journal/contacts/josé-álvarez.md")
    path = root / "journal" / "contacts" / "josé-álvarez.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n- [ ] Send the deck\n", encoding="utf-8")
    assert journal(root, "done", nfd).returncode == 0
    short = journal(root, "log", "wa", "--channel", "email", "x")
    assert short.returncode == 1 and "a part of a name needs 3 characters or more" in short.stderr


def test_new_edit_checks_what_the_editor_saved(root: Path, tmp_path: Path) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nsed -i "s/^name: /\\trole: [x\\nname: /" "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    env = {**os.environ, "EDITOR": str(editor), "VISUAL": ""}
    result = subprocess.run(
        [sys.executable, "-m", "builder", "new", "contact", "Ed Seven", "--edit", "--root", str(root)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout.startswith("journal/contacts/ed-seven.md\njournal/contacts/ed-seven.md:2:1: error: ")
    assert "has 1 error after your edit (above): fix them" in result.stderr
    env["EDITOR"] = str(tmp_path / "no-such-editor")
    missing = subprocess.run(
        [sys.executable, "-m", "builder", "new", "contact", "Ed Eight", "--edit", "--root", str(root)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert missing.returncode == 1 and "internal error" not in missing.stderr
    assert "cannot run the editor" in missing.stderr and "journal/contacts/ed-eight.md is written" in missing.stderr


def test_commands_find_the_repository_from_a_folder_inside_it(
    root: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    inside = root / "journal" / "contacts"
    here = subprocess.run(
        [sys.executable, "-m", "builder", "log", "siti", "--channel", "email", "x", "--today", TODAY],
        capture_output=True, text=True, cwd=inside, check=False,
    )  # fmt: skip
    assert here.returncode == 0, here.stderr
    assert not (inside / "build").exists()
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "journal").mkdir()  # the folder that holds a repository named journal (journal init journal)
    for args in (["log", "siti", "--channel", "email", "x"], ["followups"], ["new", "contact", "X"]):
        result = subprocess.run(
            [sys.executable, "-m", "builder", *args], capture_output=True, text=True, cwd=outside, check=False
        )
        assert result.returncode == 1, args
        assert "is not in a journal repository (no journal/plan.yml here or above it)" in result.stderr
        assert [p.name for p in outside.rglob("*")] == ["journal"]  # no lock, no folder made


def test_a_note_may_start_with_a_dash_and_a_later_day_is_said(root: Path) -> None:
    result = subprocess.run(
        [*(sys.executable, "-m", "builder", "log", "siti", "--root", str(root), "--today", TODAY),
         *("--channel", "chat", "--date", "2026-12-05", "--", "- the slides, v2")],
        capture_output=True, text=True, cwd=root, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "logged chat on 2026-12-05 (after today: it counts from that day on)" in result.stdout
    assert 'note: "- the slides, v2"' in (root / "journal" / "contacts" / "siti-rahayu.md").read_text(encoding="utf-8")
    clean(root)


def test_followups_columns_line_up_in_any_script() -> None:
    from builder.console import column as _column

    assert _column("王磊", 8) == "王磊    "  # two columns each
    assert _column("Putri", 8) == "Putri   "
    assert _column("A very long name", 8) == "A very …"
    assert _column("王王王王王", 8) == "王王王… "


def test_a_problem_whose_words_an_edit_moves_is_still_the_same_problem(root: Path) -> None:
    """An edit above a problem moves the line its message quotes; a new
    entry can change its "did you mean": neither is the edit's error."""
    siti = root / "journal" / "contacts" / "siti-rahayu.md"
    text = siti.read_text(encoding="utf-8")
    siti.write_text(text.replace("\n---\n", "\nrole: Twice\n---\n", 1), encoding="utf-8")
    reflection = root / "journal" / "reflections" / "2026-11-21-seabridge-meetup-and-q4-review.md"
    reflection.write_text(reflection.read_text(encoding="utf-8") + "\nAsk about [[acme-corp]].\n", encoding="utf-8")
    before = [str(d) for d in check(root)[1] if d.severity.value == "error"]
    assert any("line" in line and "role" in line for line in before), before
    logged = journal(root, "log", "siti", "--channel", "email", "x")
    assert logged.returncode == 0, logged.stdout + logged.stderr
    assert "2 errors already in the journal" in logged.stderr
    created = journal(root, "new", "organization", "Acme Corps")
    assert created.returncode == 0, created.stdout + created.stderr
    after = [str(d) for d in check(root)[1] if d.severity.value == "error"]
    assert any("did you mean 'acme-corps'" in line for line in after), after  # its hint changed: still not new


def test_a_name_with_brackets_is_a_name_first(root: Path) -> None:
    """The pasted 'Name (slug)' form never wins over an entry's own name."""
    (root / "journal" / "organizations" / "alibaba.md").write_text(
        "---\nname: Alibaba\n---\n- [ ] Research their UX team\n", encoding="utf-8"
    )
    (root / "journal" / "contacts" / "li-wei.md").write_text(
        "---\nname: Li Wei (Alibaba)\n---\n- [ ] Ask Li about the team\n", encoding="utf-8"
    )
    result = journal(root, "done", "Li Wei (Alibaba)")
    assert result.stdout.startswith("done: Ask Li about the team (journal/contacts/li-wei.md:4)"), result.stderr
    assert journal(root, "log", "Siti Rahayu (siti-rahayu)", "--channel", "email", "x").returncode == 0
    wrong = journal(root, "log", "Budi Santoso (siti-rahayu)", "--channel", "email", "x")
    assert wrong.returncode == 1  # a name and a slug that disagree name nobody


def test_an_unreadable_entry_is_named_by_its_name_too(root: Path) -> None:
    siti = root / "journal" / "contacts" / "siti-rahayu.md"
    siti.write_text(siti.read_text(encoding="utf-8").replace("role:", "\trole:", 1), encoding="utf-8")
    result = journal(root, "log", "Siti Rahayu", "--channel", "email", "x")
    assert result.returncode == 1 and "names contact 'siti-rahayu', whose file could not be read" in result.stderr


def test_new_takes_root_before_the_kind(root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "builder", "new", "--root", str(root), "contact", "Root First", "--today", TODAY],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (root / "journal" / "contacts" / "root-first.md").is_file()
