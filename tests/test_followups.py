"""Follow-up rules on small journals, with hand-computed due dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from builder.check import check
from builder.compute.activity import analyze
from builder.compute.followups import FollowUp, followups
from tests.conftest import write_journal

TODAY = date(2026, 3, 10)


def _followups(tmp_path: Path, files: dict[str, str], today: date = TODAY, plan: str | None = None) -> list[FollowUp]:
    kwargs = {} if plan is None else {"plan": plan}
    write_journal(tmp_path, files, **kwargs)
    journal, diagnostics = check(tmp_path)
    assert not [d for d in diagnostics if d.severity.value == "error"], diagnostics
    return followups(journal, analyze(journal, today))


def _contact(slug: str, extra: str = "", body: str = "") -> dict[str, str]:
    return {f"contacts/{slug}.md": f"---\nname: {slug.title()}\n{extra}---\n{body}"}


def test_keep_in_touch_from_last_interaction_with_month_clamp(tmp_path: Path) -> None:
    files = _contact("ana", "keep_in_touch: 1m\nlog:\n  - {date: 2026-01-31, channel: email}\n")
    (item,) = _followups(tmp_path, files)
    assert (item.reason, item.contact, item.due) == ("keep-in-touch", "ana", date(2026, 2, 28))
    assert item.overdue(TODAY)
    assert item.source.path == "journal/contacts/ana.md" and item.source.line == 3


def test_keep_in_touch_leap_year(tmp_path: Path) -> None:
    files = _contact("ana", "keep_in_touch: 1y\nlog:\n  - {date: 2028-02-29, channel: zoom}\n")
    (item,) = _followups(tmp_path, files, today=date(2028, 3, 1))
    assert item.due == date(2029, 2, 28)


def test_keep_in_touch_without_interaction(tmp_path: Path) -> None:
    files = {
        **_contact("ana", "keep_in_touch: 6w\nmet: {date: 2026-01-01, at: LinkedIn}\n"),
        **_contact("bo", "keep_in_touch: 30d\n"),
        **_contact("cy"),  # no cadence: nothing due
    }
    items = {i.contact: i for i in _followups(tmp_path, files)}
    assert set(items) == {"ana", "bo"}
    assert items["ana"].due == date(2026, 2, 12)
    assert items["bo"].due == TODAY and not items["bo"].overdue(TODAY)


def test_future_log_items_are_planned_not_done(tmp_path: Path) -> None:
    files = _contact(
        "ana",
        "keep_in_touch: 30d\nlog:\n  - {date: 2026-01-01, channel: email}\n  - {date: 2026-04-01, channel: zoom}\n",
    )
    (item,) = _followups(tmp_path, files)
    assert item.due == date(2026, 1, 31)


def test_attended_event_counts_as_interaction(tmp_path: Path) -> None:
    files = {
        **_contact("ana", "keep_in_touch: 30d\nlog:\n  - {date: 2026-01-01, channel: email}\n"),
        "events/e.md": "---\ntitle: E\nstart: 2026-02-20 19:00\nstatus: attended\npeople: [ana]\n---\n",
    }
    items = [i for i in _followups(tmp_path, files) if i.reason == "keep-in-touch"]
    assert items[0].due == date(2026, 3, 22)


def test_tasks_and_their_contacts(tmp_path: Path) -> None:
    files = {
        **_contact("ana", body="- [ ] Send Ana the article due:2026-03-12\n- [x] Done already due:2026-01-01\n"),
        **_contact("bo"),
        "reflections/r.md": "---\ndate: 2026-03-01\npeople: [bo]\n---\n"
        "* [ ] Call [[bo]] and [[ana]] due:2026-03-01\n1. [ ] Read the book\n",
    }
    items = _followups(tmp_path, files)
    assert [(i.reason, i.contact, i.due, i.text) for i in items] == [
        ("task", "bo", date(2026, 3, 1), "Call [[bo]] and [[ana]]"),
        ("task", "ana", date(2026, 3, 12), "Send Ana the article"),
        ("task", None, None, "Read the book"),
    ]
    assert items[0].source.path == "journal/reflections/r.md" and items[0].source.line == 5


def test_after_event_until_i_follow_up(tmp_path: Path) -> None:
    plan = "timezone: Asia/Jakarta\nafter_event_days: 3\n"
    files = {
        **_contact("ana", "log:\n  - {date: 2026-03-02, channel: email, by: them}\n"),  # them: not a follow-up
        **_contact("bo", "log:\n  - {date: 2026-03-01, channel: linkedin, by: me}\n"),  # on the day: done
        **_contact("cy", "log:\n  - {date: 2026-02-27, channel: email, by: me}\n"),  # before: not done
        "events/e.md": "---\ntitle: Mixer\nstart: 2026-03-01T02:00+00:00\nstatus: attended\npeople: [ana, bo, cy, ana]\n---\n",
        "events/later.md": "---\ntitle: Later\nstart: 2026-03-20\nstatus: attended\npeople: [ana]\n---\n",
        "events/skipped.md": "---\ntitle: Skipped\nstart: 2026-03-01\nstatus: skipped\npeople: [ana]\n---\n",
    }
    items = _followups(tmp_path, files, plan=plan)
    assert [(i.reason, i.contact, i.due, i.event) for i in items] == [
        ("after-event", "ana", date(2026, 3, 4), "e"),
        ("after-event", "cy", date(2026, 3, 4), "e"),
    ]
    assert items[0].text == "Follow up with Ana after Mixer"
    assert items[1].source.line == 5


def test_event_day_is_in_the_plan_timezone(tmp_path: Path) -> None:
    plan = "timezone: Asia/Jakarta\n"
    files = {
        **_contact("ana"),
        # 20:00 UTC on 1 March is 03:00 on 2 March in Jakarta
        "events/e.md": "---\ntitle: E\nstart: 2026-03-01T20:00Z\nstatus: attended\npeople: [ana]\n---\n",
    }
    (item,) = _followups(tmp_path, files, plan=plan)
    assert item.due == date(2026, 3, 4)


def test_sorted_by_due_then_source_and_json(tmp_path: Path) -> None:
    files = {
        **_contact("bo", "keep_in_touch: 30d\nmet: {date: 2026-02-01}\n"),
        **_contact("ana", "keep_in_touch: 30d\nmet: {date: 2026-02-01}\n", body="- [ ] x\n"),
    }
    items = _followups(tmp_path, files)
    assert [(i.contact, i.reason) for i in items] == [
        ("ana", "keep-in-touch"),
        ("bo", "keep-in-touch"),
        ("ana", "task"),
    ]
    assert items[0].as_json(TODAY) == {
        "due": "2026-03-03",
        "overdue": True,
        "reason": "keep-in-touch",
        "contact": "ana",
        "source": "journal/contacts/ana.md",
        "line": 3,
        "text": "Get in touch with Ana (every 30d; no contact yet)",
    }
    assert items[2].as_json(TODAY)["due"] is None


def test_a_task_keeps_its_code_spans() -> None:
    """Code in a task is text: not a link, not a due date, and not blanked out."""
    from builder.markdown import scan_body

    body = "- [ ] Code `[[example-contact]]` and `due:x` stay due:2026-12-01\n"
    tasks, links, problems = scan_body(body, 5, "journal/contacts/a.md", "a")
    assert [(t.text, t.due, t.links) for t in tasks] == [
        ("Code `[[example-contact]]` and `due:x` stay", date(2026, 12, 1), ())
    ]
    assert links == () and problems == []


def test_plain_text_leaves_code_as_written() -> None:
    from builder.names import plain_text

    text = "Explain `[[ana]]` and ``a [[ana]] b`` to [[ana]], [[ana|her]] and [[nobody]]"
    assert plain_text(text, lambda s: None) == "Explain `[[ana]]` and ``a [[ana]] b`` to ana, her and nobody"
