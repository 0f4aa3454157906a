"""journal snooze and journal mark: exact text before and after, values that
read back as typed, refusals that write nothing; and what the pages say
about a snooze and about follow-ups that were missed."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from builder.build import context_of, render_site
from builder.check import check
from builder.cli import main
from builder.privacy import public_view
from builder.render.context import RenderOptions
from builder.render.entry_pages import person_markdown
from builder.render.i18n import INDONESIAN
from tests.conftest import write_journal

TODAY = "2026-11-27"
PLAN = "owner: Me\ntimezone: Asia/Jakarta\ngoals:\n  - {title: Talk, count: people, target: 2}\n"
ANA = (
    "---\n"
    "name: Ana Lima  # as she writes it\n"
    "# monthly, she asked\n"
    "keep_in_touch: 30d # cadence\n"
    "log:\n"
    "  - {date: 2026-09-01, channel: email, by: me}\n"
    "---\n"
    "Notes stay.\n\n- [ ] Send Ana the draft\n"
)
WEBINAR = (
    "---\n"
    "title: Research webinar\n"
    "kind: webinar\n"
    "start: 2026-12-02 19:00 # WIB\n"
    "duration: 90m\n"
    "status: registered  # paid\n"
    "people: [ana]\n"
    "---\n"
    "Agenda.\n"
)


@pytest.fixture(autouse=True)
def _collector() -> Iterator[None]:
    yield
    gc.enable()  # the command turns the collector off for its short run


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_journal(
        tmp_path, {"contacts/ana.md": ANA, "events/2026-12-02-research-webinar.md": WEBINAR}, plan=PLAN
    )


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str, today: str = TODAY) -> tuple[int, str, str]:
    """``journal ARGS`` in this process, ``--root`` and ``--today`` first:
    after ``--`` every word is the REASON's.  (The REASON goes before the
    options or after ``--``: argparse takes the positionals together.)"""
    command, *rest = args
    status = main([command, "--root", str(root), "--today", today, *rest])
    out, err = capsys.readouterr()
    return status, out, err


def text(root: Path, rel: str) -> str:
    return (root / "journal" / rel).read_text(encoding="utf-8")


def errors(root: Path) -> list[str]:
    return [str(d) for d in check(root)[1] if d.severity.value == "error"]


# -- journal snooze ------------------------------------------------------------


def test_snooze_until_writes_two_lines_after_keep_in_touch(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(root, capsys, "snooze", "ana", "on", "parental", "leave", "--until", "2027-01-10")
    assert status == 0, err
    assert text(root, "contacts/ana.md") == ANA.replace(
        "keep_in_touch: 30d # cadence\n",
        "keep_in_touch: 30d # cadence\nsnooze_until: 2027-01-10\nsnooze_reason: on parental leave\n",
    )
    assert out == (
        "journal/contacts/ana.md: snoozed Ana Lima until 2027-01-10, reminders again from 2027-01-11: "
        "on parental leave\n"
    )
    assert errors(root) == []


def test_snooze_for_adds_the_length_to_today(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(root, capsys, "snooze", "Ana Lima", "--for", "1m")
    assert status == 0
    assert "snooze_until: 2026-12-27\n" in text(root, "contacts/ana.md")
    assert "snooze_reason" not in text(root, "contacts/ana.md")
    assert "until 2026-12-27 (1m from today)" in out
    # months are calendar months, clamped: 31 January + 1m = 28 February
    run(root, capsys, "snooze", "ana", "--for", "1m", today="2027-01-31")
    assert "snooze_until: 2027-02-28\n" in text(root, "contacts/ana.md")


def test_snooze_twice_gives_the_same_file(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(root, capsys, "snooze", "ana", "away: back #soon", "--until", "2027-01-10")
    first = text(root, "contacts/ana.md")
    status, out, err = run(root, capsys, "snooze", "ana", "away: back #soon", "--until", "2027-01-10")
    assert status == 0, err
    assert text(root, "contacts/ana.md") == first
    assert "was until" not in out


def test_snooze_replaces_values_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (
        "---\nname: Ana\nsnooze_until: 2026-12-01   # back in December\nrole: x\n"
        "snooze_reason: 'old reason' # why\nkeep_in_touch: 3m\n---\n"
    )
    write_journal(tmp_path, {"contacts/ana.md": before}, plan=PLAN)
    status, out, err = run(tmp_path, capsys, "snooze", "ana", "new reason", "--until", "2027-02-01")
    assert status == 0, err
    assert text(tmp_path, "contacts/ana.md") == (
        "---\nname: Ana\nsnooze_until: 2027-02-01   # back in December\nrole: x\n"
        "snooze_reason: new reason # why\nkeep_in_touch: 3m\n---\n"
    )
    assert "; was until 2026-12-01: new reason" in out


def test_snooze_without_a_reason_keeps_the_one_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = "---\nname: Ana\nsnooze_reason: on leave\n---\n"
    write_journal(tmp_path, {"contacts/ana.md": before}, plan=PLAN)
    status, out, _ = run(tmp_path, capsys, "snooze", "ana", "--until", "2027-03-01")
    assert status == 0
    assert (
        text(tmp_path, "contacts/ana.md") == "---\nname: Ana\nsnooze_reason: on leave\nsnooze_until: 2027-03-01\n---\n"
    )
    assert out.rstrip().endswith(": on leave")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # an empty value, with a comment
            "---\nname: Ana\nsnooze_until: # fill in\nsnooze_reason:\nrole: x\n---\n",
            "---\nname: Ana\nsnooze_until: 2027-01-10 # fill in\nsnooze_reason: why\nrole: x\n---\n",
        ),
        (  # a folded reason over several lines
            "---\nname: Ana\nsnooze_reason: >-\n  a long\n  story\n\n# next\nrole: x\n---\n",
            "---\nname: Ana\nsnooze_reason: why\nsnooze_until: 2027-01-10\n\n# next\nrole: x\n---\n",
        ),
        (  # nothing to go after: the last keys
            "---\nname: Ana\nlog:\n  - date: 2026-01-01\n    channel: email\n---\nBody\n",
            "---\nname: Ana\nlog:\n  - date: 2026-01-01\n    channel: email\n"
            "snooze_until: 2027-01-10\nsnooze_reason: why\n---\nBody\n",
        ),
    ],
)
def test_snooze_in_each_style(tmp_path: Path, capsys: pytest.CaptureFixture[str], before: str, after: str) -> None:
    write_journal(tmp_path, {"contacts/ana.md": before}, plan=PLAN)
    status, _, err = run(tmp_path, capsys, "snooze", "ana", "why", "--until", "2027-01-10")
    assert status == 0, err
    assert text(tmp_path, "contacts/ana.md") == after
    assert errors(tmp_path) == []


def test_snooze_keeps_crlf_and_the_byte_order_mark(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = "\ufeff---\r\nname: Ana\r\nkeep_in_touch: 30d\r\n---\r\nNotes.\r\n"
    write_journal(tmp_path, {"contacts/ana.md": before.encode("utf-8")}, plan=PLAN)
    status, _, err = run(tmp_path, capsys, "snooze", "ana", "--until", "2027-01-10")
    assert status == 0, err
    data = (tmp_path / "journal" / "contacts" / "ana.md").read_bytes()
    assert data == before.replace("30d\r\n", "30d\r\nsnooze_until: 2027-01-10\r\n").encode("utf-8")


@pytest.mark.parametrize(
    "reason",
    [
        "back in March: after the move",
        "#1 priority is the baby",
        "busy # not a comment",
        "'quoted' start",
        '"double" quotes and a \\ backslash',
        "- a leading dash",
        "🎉 sabbatical 👩‍💻",
        "NO",
        "yes",
        "null",
        "~",
        "2026-12-01",
        "12:30",
        "0x1F",
        "[in brackets]",
        "{braces}",
        "*star, &amp, !tag, %pct, @at, `tick`",
        "ends with a colon:",
        "ünïcödé and 王磊",
    ],
)
def test_a_reason_reads_back_as_typed(root: Path, capsys: pytest.CaptureFixture[str], reason: str) -> None:
    status, out, err = run(root, capsys, "snooze", "--until", "2027-01-10", "ana", "--", reason)
    assert status == 0, err
    journal, diagnostics = check(root)
    assert [d for d in diagnostics if d.severity.value == "error"] == []
    assert journal.contacts["ana"].snooze_reason == reason
    assert journal.contacts["ana"].snooze_until == date(2027, 1, 10)
    assert out.rstrip().endswith(f": {reason}")
    before = text(root, "contacts/ana.md")
    run(root, capsys, "snooze", "--until", "2027-01-10", "ana", "--", reason)
    assert text(root, "contacts/ana.md") == before  # and twice is once


def test_a_reason_stays_on_one_line(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(
        root, capsys, "snooze", "--until", "2027-01-10", "ana", "--", "two\nlines\x07\u202e and  spaces"
    )
    assert status == 0, err
    assert "snooze_reason: two lines and spaces\n" in text(root, "contacts/ana.md")


def test_a_past_date_is_refused(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(root, capsys, "snooze", "ana", "--until", "2026-11-26")
    assert status == 1
    assert out == ""
    assert err == ("journal snooze: 2026-11-26 is before today (2026-11-27): a snooze lasts until today or later\n")
    assert text(root, "contacts/ana.md") == ANA
    status, _, err = run(root, capsys, "snooze", "ana", "--until", TODAY)  # today is the last day
    assert status == 0, err
    assert "snooze_until: 2026-11-27\n" in text(root, "contacts/ana.md")


def test_no_such_contact_and_a_zero_length(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(root, capsys, "snooze", "bob", "--for", "2w")
    assert status == 1
    assert err.startswith("journal snooze: no contact matches 'bob'")
    with pytest.raises(SystemExit) as exit_:
        run(root, capsys, "snooze", "ana", "--for", "0d")
    assert exit_.value.code == 2
    assert "expected a cadence like 30d" in capsys.readouterr().err
    assert text(root, "contacts/ana.md") == ANA


def test_errors_already_there_do_not_stop_it(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_journal(root, {"contacts/bo.md": "---\nname: Bo\nkeep_in_touch: often\n---\n"}, plan=None)
    status, _, err = run(root, capsys, "snooze", "ana", "--for", "2w")
    assert status == 0, err
    assert "already in the journal" in err
    assert "snooze_until: 2026-12-11\n" in text(root, "contacts/ana.md")


def _followups(root: Path, capsys: pytest.CaptureFixture[str], today: str) -> list[dict[str, object]]:
    status, out, err = run(root, capsys, "followups", "--json", today=today)
    assert status == 0, err
    items: list[dict[str, object]] = json.loads(out)
    return items


def test_a_snooze_holds_back_keep_in_touch_but_not_tasks(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reasons = [(i["reason"], i["contact"]) for i in _followups(root, capsys, TODAY)]
    assert ("keep-in-touch", "ana") in reasons and ("task", "ana") in reasons
    assert run(root, capsys, "snooze", "ana", "--until", "2026-12-31")[0] == 0
    reasons = [(i["reason"], i["contact"]) for i in _followups(root, capsys, TODAY)]
    assert ("keep-in-touch", "ana") not in reasons and ("task", "ana") in reasons
    assert ("keep-in-touch", "ana") not in [(i["reason"], i["contact"]) for i in _followups(root, capsys, "2026-12-31")]
    # the day after the last one, the reminder is back
    assert ("keep-in-touch", "ana") in [(i["reason"], i["contact"]) for i in _followups(root, capsys, "2027-01-01")]


# -- journal mark --------------------------------------------------------------

EVENT = "events/2026-12-02-research-webinar.md"


def test_mark_replaces_the_status_keeping_its_comment(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(root, capsys, "mark", "research web", "skipped")
    assert status == 0, err
    assert text(root, EVENT) == WEBINAR.replace("status: registered  # paid", "status: skipped  # paid")
    assert out == (
        "journal/events/2026-12-02-research-webinar.md: marked 'Research webinar' skipped (was registered)\n"
    )
    status, out, _ = run(root, capsys, "mark", "2026-12-02-research-webinar", "skipped")
    assert status == 0
    assert text(root, EVENT) == WEBINAR.replace("status: registered  # paid", "status: skipped  # paid")
    assert out.endswith("is skipped already; nothing to change\n")


def test_attended_before_it_happened_is_refused(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(root, capsys, "mark", "Research webinar", "attended")
    assert status == 1 and out == ""
    assert err.startswith("journal mark: it has not happened yet: 'Research webinar' is on 2026-12-02")
    assert err.count("\n") == 1
    assert text(root, EVENT) == WEBINAR
    # on the day itself, it has
    status, _, err = run(root, capsys, "mark", "Research webinar", "attended", today="2026-12-02")
    assert status == 0, err
    assert "status: attended  # paid\n" in text(root, EVENT)


def test_the_day_is_the_plans(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    late = "---\ntitle: Late call\nstart: 2026-11-27 18:00+00:00\n---\n"  # 01:00 on the 28th in Jakarta
    write_journal(tmp_path, {"events/late.md": late}, plan=PLAN)
    status, _, err = run(tmp_path, capsys, "mark", "late", "attended")
    assert status == 1 and "is on 2026-11-28" in err


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # after start
            "---\ntitle: Meetup\nstart: 2026-11-01 # evening\nkind: meetup\n---\nBody\n",
            "---\ntitle: Meetup\nstart: 2026-11-01 # evening\nstatus: attended\nkind: meetup\n---\nBody\n",
        ),
        (  # no start: after the title, even one over two lines
            '---\ntitle: "A long\n  title"\nkind: meetup\n---\n',
            '---\ntitle: "A long\n  title"\nstatus: attended\nkind: meetup\n---\n',
        ),
        (  # an empty status
            "---\ntitle: Meetup\nstatus:\n---\n",
            "---\ntitle: Meetup\nstatus: attended\n---\n",
        ),
    ],
)
def test_mark_in_each_style(tmp_path: Path, capsys: pytest.CaptureFixture[str], before: str, after: str) -> None:
    write_journal(tmp_path, {"events/meetup.md": before}, plan=PLAN)
    status, _, err = run(tmp_path, capsys, "mark", "meetup", "attended")
    assert status == 0, err
    assert text(tmp_path, "events/meetup.md") == after
    assert errors(tmp_path) == []
    run(tmp_path, capsys, "mark", "meetup", "attended")
    assert text(tmp_path, "events/meetup.md") == after


def test_mark_says_what_it_was(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_journal(tmp_path, {"events/meetup.md": "---\ntitle: Meetup\nstart: 2026-11-01\n---\n"}, plan=PLAN)
    _, out, _ = run(tmp_path, capsys, "mark", "meetup", "cancelled")
    assert out == "journal/events/meetup.md: marked 'Meetup' cancelled (no status yet: planned)\n"


def test_mark_finds_events_only(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(root, capsys, "mark", "ana", "attended")
    assert status == 1 and err.startswith("journal mark: no event matches 'ana'")


def test_attended_brings_the_follow_up_after_it(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    later = "2026-12-03"
    assert not [i for i in _followups(root, capsys, later) if i["reason"] == "after-event"]
    assert run(root, capsys, "mark", "webinar", "attended", today=later)[0] == 0
    items = [i for i in _followups(root, capsys, later) if i["reason"] == "after-event"]
    assert [(i["contact"], i["due"]) for i in items] == [("ana", "2026-12-04")]


# -- the pages -----------------------------------------------------------------

MET = "---\ntitle: Old webinar\nstart: 2026-10-01\nstatus: attended\npeople: [ana]\npublic: true\n---\n"


def _page(root: Path, today: date, public: bool = False, language: str = "en") -> str:
    journal = check(root)[0]
    site = context_of(journal, today, RenderOptions(public=public, language=language))
    return person_markdown(site, "ana")


def test_the_page_says_while_snoozed(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(root, capsys, "snooze", "--until", "2027-01-10", "ana", "--", "on *leave* <b>")
    page = _page(root, date(2026, 11, 27))
    assert "\n\nSnoozed until 10 Jan 2027: on &#42;leave&#42; &#60;b&#62;\n\n" in page  # escaped, as all values
    assert ", **overdue**" not in page  # a snoozed cadence is not overdue
    assert "Snoozed" not in _page(root, date(2027, 1, 11))
    assert ", **overdue**" in _page(root, date(2027, 1, 11))
    assert "Pengingat ditunda sampai 10 Jan 2027: on" in _page(root, date(2026, 11, 27), language="id")


def test_the_page_says_without_a_reason(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(root, capsys, "snooze", "ana", "--until", "2027-01-10")
    page = _page(root, date(2026, 11, 27))
    assert "\n\nSnoozed until 10 Jan 2027\n\n" in page


def test_the_page_lists_missed_follow_ups(root: Path) -> None:
    write_journal(root, {"events/2026-10-01-old-webinar.md": MET}, plan=None)
    page = _page(root, date(2026, 11, 27))
    assert (
        "## Missed follow-ups\n\n"
        "- Follow up after [Old webinar](../events/2026-10-01-old-webinar.md) (due 3 Oct 2026): missed"
    ) in page
    assert "Follow up with Ana Lima after Old webinar" not in page  # not an open follow-up any more
    # within the window it is still open, not missed
    assert "Missed follow-ups" not in _page(root, date(2026, 10, 10))
    indonesian = _page(root, date(2026, 11, 27), language="id")
    assert "## Tindak lanjut yang terlewat" in indonesian and "(jatuh tempo 3 Okt 2026): terlewat" in indonesian


PUBLIC_ANA = (
    "---\nname: Ana Lima\nkeep_in_touch: 30d\npublic: true\n{fields}"
    "snooze_until: 2027-01-10\nsnooze_reason: SECRET-REASON recovering\n---\n"
)


@pytest.mark.parametrize("fields", ["", "public_fields: [keep_in_touch]\n"])
def test_a_public_build_never_says_why(tmp_path: Path, fields: str) -> None:
    write_journal(
        tmp_path,
        {"contacts/ana.md": PUBLIC_ANA.format(fields=fields), "events/2026-10-01-old-webinar.md": MET},
        plan=PLAN,
    )
    journal = check(tmp_path)[0]
    assert journal.contacts["ana"].snooze_reason == "SECRET-REASON recovering"
    view = public_view(journal).contacts["ana"]
    assert view.snooze_reason is None
    assert view.snooze_until == (date(2027, 1, 10) if fields else None)
    pages = render_site(journal, date(2026, 11, 27), RenderOptions(public=True))
    everything = "\n".join(pages.values())
    assert "SECRET-REASON" not in everything
    assert "Missed follow-ups" not in everything
    page = pages["people/ana.md"]
    assert ("Snoozed until 10 Jan 2027" in page) == bool(fields)
    full = render_site(journal, date(2026, 11, 27))["people/ana.md"]
    assert "Snoozed until 10 Jan 2027: SECRET-REASON recovering" in full and "Missed follow-ups" in full


def test_every_new_message_is_in_indonesian() -> None:
    source = (Path(__file__).resolve().parent.parent / "builder" / "render" / "entry_pages.py").read_text()
    for message in (
        "Snoozed until {date}: {reason}",
        "Snoozed until {date}",
        "Missed follow-ups",
        "Follow up after {event} (due {date}): missed",
    ):
        assert f'"{message}"' in source
        assert message in INDONESIAN
