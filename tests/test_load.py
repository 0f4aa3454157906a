"""The loaded model: typed values, positions, no YAML type guessing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from builder.diagnostics import Loc
from builder.load import load
from builder.yamlnodes import compose
from tests.conftest import write_journal

CONTACT = """\
---
name: NO
role: 12:30
organization: 0x1F
links:
  phone: 0812 3456 7890
  email: ana@example.org
  github: https://example.org/ana
topics: [yes, null-island, 1e3]
met: {date: 2026-06-18, at: Jakarta meetup}
keep_in_touch: 6w
log:
  - {date: 2026-07-01, channel: zoom, minutes: 30, note: on}
  - date: 2026-07-02
    channel: email
    by: them
---
Body line one.
- [ ] Call [[ana]] due:2026-12-01
"""


def test_values_are_what_was_written(tmp_path: Path) -> None:
    write_journal(tmp_path, {"contacts/ana.md": CONTACT})
    journal, diagnostics = load(tmp_path)
    assert diagnostics == []
    ana = journal.contacts["ana"]
    assert ana.name == "NO"
    assert ana.role == "12:30"
    assert ana.organization == "0x1F"
    assert ana.links["phone"] == "0812 3456 7890"
    assert list(ana.links) == ["phone", "email", "github"]
    assert ana.topics == ("yes", "null-island", "1e3")
    assert ana.met is not None and ana.met.at == "Jakarta meetup" and ana.met.date == date(2026, 6, 18)
    assert str(ana.keep_in_touch) == "6w"
    assert [i.by for i in ana.log] == ["me", "them"]
    assert ana.log[0].minutes == 30 and ana.log[0].note == "on"


def test_every_value_knows_its_line(tmp_path: Path) -> None:
    write_journal(tmp_path, {"contacts/ana.md": CONTACT})
    journal, _ = load(tmp_path)
    ana = journal.contacts["ana"]
    path = "journal/contacts/ana.md"
    assert ana.src == Loc(path, 1, 1)
    assert ana.loc("name") == Loc(path, 2, 7)
    assert ana.loc("links", "email") == Loc(path, 7, 10)
    assert ana.loc("topics", 2) == Loc(path, 9, 28)
    assert ana.loc("met", "at") == Loc(path, 10, 29)
    assert ana.loc("log", 1) == Loc(path, 14, 5)
    assert ana.log[1].src == Loc(path, 14, 5)
    assert ana.log[1].loc("by") == Loc(path, 16, 9)
    assert ana.loc("no", "such") == ana.src
    assert ana.body_line == 18
    (task,) = ana.tasks
    assert task.loc == Loc(path, 19, 3) and task.due == date(2026, 12, 1) and task.links == ("ana",)
    assert ana.wikilinks[0].loc == Loc(path, 19, 12)


def test_event_times_in_plan_timezone(tmp_path: Path) -> None:
    write_journal(
        tmp_path,
        {
            "events/a.md": "---\ntitle: A\nstart: 2026-12-02 19:00\nduration: 1h30m\n---\n",
            "events/b.md": "---\ntitle: B\nstart: 2026-12-02T19:00+00:00\nend: 2026-12-03\n---\n",
        },
    )
    journal, diagnostics = load(tmp_path)
    assert diagnostics == []
    a, b = journal.events["a"], journal.events["b"]
    assert a.start == datetime(2026, 12, 2, 19, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert a.duration == 90 and a.status == "planned"
    assert isinstance(b.start, datetime) and b.start.utcoffset() is not None and b.start.hour == 19
    assert b.end == date(2026, 12, 3)


def test_entries_are_in_slug_order_and_immutable(tmp_path: Path) -> None:
    files = {f"contacts/{slug}.md": f"---\nname: {slug}\n---\n" for slug in ("zed", "amir", "mia", "王磊")}
    write_journal(tmp_path, files)
    journal, _ = load(tmp_path)
    assert list(journal.contacts) == sorted(["zed", "amir", "mia", "王磊"])
    try:
        journal.contacts["new"] = journal.contacts["zed"]  # type: ignore[index]
    except TypeError:
        pass
    else:
        raise AssertionError("contacts must be read-only")


def test_nfd_file_names_are_normalised(tmp_path: Path) -> None:
    nfd = "jose\u0301"
    write_journal(tmp_path, {f"contacts/{nfd}.md": "---\nname: José\n---\n"})
    journal, diagnostics = load(tmp_path)
    assert diagnostics == []
    assert list(journal.contacts) == ["jos\u00e9"]


def test_deep_nesting_does_not_crash() -> None:
    for depth in (10, 20_000, 200_000):
        text = "a: " + "[" * depth + "]" * depth
        node, diagnostics = compose(text, "x.yml")
        assert node is not None or diagnostics
    node, diagnostics = compose("a:\n" + "- " * 100_000 + "x\n", "x.yml")
    assert node is not None or diagnostics


def test_plan_defaults(tmp_path: Path) -> None:
    write_journal(tmp_path, {}, plan="owner: O\n")
    journal, diagnostics = load(tmp_path)
    assert [d.message for d in diagnostics] == [
        "no timezone: dates are computed in UTC; add e.g. 'timezone: Asia/Jakarta'"
    ]
    assert journal.plan.timezone == ZoneInfo("UTC")
    assert journal.plan.after_event_days == 2
    assert journal.plan.goals == ()


def test_an_unreadable_folder_is_an_error_not_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    write_journal(tmp_path, {"contacts/a.md": "---\nname: A\n---\n", "contacts/locked/b.md": "---\nname: B\n---\n"})
    real = os.scandir

    def scandir(path: Any) -> Any:
        if str(path).endswith("locked"):  # as if its permissions shut us out (root ignores chmod)
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    journal, diagnostics = load(tmp_path)
    assert [str(d) for d in diagnostics] == [
        "journal/contacts/locked:1:1: error: cannot read folder: Permission denied"
    ]
    assert list(journal.contacts) == ["a"]


def test_links_are_followed_but_loops_are_reported(tmp_path: Path) -> None:
    write_journal(tmp_path, {"contacts/a.md": "---\nname: A\n---\n"})
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "b.md").write_text("---\nname: B\n---\n", encoding="utf-8")
    (shared / "back").symlink_to(shared, target_is_directory=True)  # a loop below a linked folder
    (tmp_path / "journal" / "contacts" / "shared").symlink_to(shared, target_is_directory=True)
    (tmp_path / "journal" / "contacts" / "c.md").symlink_to(shared / "b.md")
    (tmp_path / "journal" / "contacts" / "gone.md").symlink_to("missing.md")
    journal, diagnostics = load(tmp_path)
    assert list(journal.contacts) == ["a", "b", "c"]
    assert [str(d) for d in diagnostics] == [
        "journal/contacts/shared/back:1:1: error: symbolic link loop: it leads back to journal/contacts/shared, "
        "a folder it is in; not read",
        "journal/contacts/gone.md:1:1: error: cannot read file: No such file or directory",
    ]


def test_a_file_name_with_control_characters_makes_a_one_line_diagnostic(journal_root) -> None:  # type: ignore[no-untyped-def]
    (d,) = journal_root({"contacts/a\nb\x1b[31m.md": "---\nname: A\n---\n"})
    assert "\n" not in str(d) and "\x1b" not in str(d)
    assert str(d).startswith("journal/contacts/a\\u000Ab\\u001B[31m.md:1:1: error: ")


def test_a_list_item_with_a_value_that_cannot_be_read_is_left_out(tmp_path: Path) -> None:
    """A log item with 'by: mee' would count as mine, one with 'minutes: half'
    as no time: each is reported once and left out, as an unreadable file is."""
    contact = (
        "---\nname: Ana\nlog:\n"
        "  - {date: 2026-07-01, channel: zoom, by: mee}\n"
        "  - {date: 2026-07-02, channel: zoom, minutes: half}\n"
        "  - {date: 2026-07-03, channel: zoom, minutes: 30}\n"
        "---\n"
    )
    sources = "- {name: Blog, url: 'ftp://example.org'}\n- {name: Forum}\n"
    write_journal(tmp_path, {"contacts/ana.md": contact, "sources.yml": sources})
    journal, diagnostics = load(tmp_path)
    assert sorted((d.loc.path, d.loc.line, d.severity.value) for d in diagnostics) == [
        ("journal/contacts/ana.md", 4, "error"),
        ("journal/contacts/ana.md", 5, "error"),
        ("journal/sources.yml", 1, "error"),
    ]
    assert [(i.date.day, i.minutes) for i in journal.contacts["ana"].log] == [(3, 30)]
    assert [s.name for s in journal.sources] == ["Forum"]
