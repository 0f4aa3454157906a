"""``journal next``'s rules (builder.compute.actions) on small journals, with
today fixed: each kind of action, the order, the budget fitting, snoozes,
the after-event window and the pace rule."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from builder.check import check
from builder.cli import main
from builder.compute.actions import Action, WeekPlan
from builder.compute.figures import compute_figures
from tests.conftest import write_journal

TODAY = date(2026, 12, 2)  # a Wednesday of ISO week 2026-W49

PLAN = """\
owner: Test Owner
timezone: Asia/Jakarta
time_budget: 3h/week
"""


def _plan(tmp_path: Path, files: dict[str, str], today: date = TODAY, plan: str = PLAN) -> WeekPlan:
    write_journal(tmp_path, files, plan=plan)
    journal, diagnostics = check(tmp_path)
    assert not [d for d in diagnostics if d.severity.value == "error"], diagnostics
    week = compute_figures(journal, today).week
    assert week is not None
    return week


def _contact(slug: str, extra: str = "", body: str = "") -> dict[str, str]:
    return {f"contacts/{slug}.md": f"---\nname: {slug.title()}\n{extra}---\n{body}"}


def _event(slug: str, extra: str) -> dict[str, str]:
    return {f"events/{slug}.md": f"---\ntitle: {slug.title()}\n{extra}---\n"}


def _kinds(week: WeekPlan) -> list[tuple[str, str | None]]:
    return [(a.kind, a.contact or a.event) for a in week.actions]


# -- quiet contacts ------------------------------------------------------------

QUIET_CASES = [
    # relationship, last contact, plan override, expected due (None: no action)
    ("mentor", "2026-09-01", "", date(2026, 12, 1)),  # 3m passed yesterday
    ("mentor", "2026-09-03", "", None),  # 3m passes tomorrow
    ("mentor", "2026-09-02", "", date(2026, 12, 2)),  # due on the day the threshold passed
    ("peer", "2026-05-01", "", date(2026, 11, 1)),
    ("peer", "2026-07-01", "", None),
    ("recruiter", "2026-08-01", "", date(2026, 11, 1)),
    ("colleague", "2025-11-01", "", date(2026, 11, 1)),
    ("colleague", "2026-01-01", "", None),
    ("other", "2010-01-01", "", None),  # other: never
    (None, "2010-01-01", "", None),  # no relationship: other
    ("peer", "2026-07-01", "quiet_after: {peer: 1m}\n", date(2026, 8, 1)),
    ("other", "2026-10-01", "quiet_after: {other: 30d}\n", date(2026, 10, 31)),
    ("mentor", "2026-01-01", "quiet_after: {mentor: never}\n", None),
]


@pytest.mark.parametrize(("relationship", "last", "override", "due"), QUIET_CASES)
def test_quiet(tmp_path: Path, relationship: str | None, last: str, override: str, due: date | None) -> None:
    rel = f"relationship: {relationship}\n" if relationship else ""
    files = _contact("ana", f"{rel}log:\n  - {{date: {last}, channel: zoom}}\n")
    week = _plan(tmp_path, files, plan=PLAN + override)
    quiet = [a for a in week.actions if a.kind == "quiet"]
    assert [a.due for a in quiet] == ([due] if due else [])


def test_quiet_counts_from_met_date_and_events_and_skips_cadenced(tmp_path: Path) -> None:
    files = {
        **_contact("ana", "relationship: peer\nmet: {date: 2026-04-01, at: a meetup}\n"),
        **_contact("bo", "relationship: peer\nmet: {date: 2026-04-01, at: x}\n"),  # seen at an event since
        **_contact("cy", "relationship: peer\nkeep_in_touch: 1y\nmet: {date: 2026-01-01, at: x}\n"),
        **_contact("di", "relationship: peer\n"),  # no date at all: nothing to measure from
        **_event("2026-10-01-mixer", "start: 2026-10-01\nstatus: attended\npeople: [bo]\n"),
    }
    week = _plan(tmp_path, files)
    assert [(a.contact, a.due) for a in week.actions if a.kind == "quiet"] == [("ana", date(2026, 10, 1))]


# -- awaiting a reply ----------------------------------------------------------

REPLY_CASES = [
    # the log, plan override, expected due (None: no action)
    ("  - {date: 2026-11-20, channel: email}\n", "", date(2026, 11, 27)),
    ("  - {date: 2026-11-26, channel: email}\n", "", None),  # 6 days: not yet
    ("  - {date: 2026-11-25, channel: email}\n", "", None),  # 7 days: not more than reply_after
    ("  - {date: 2026-11-24, channel: linkedin}\n", "", date(2026, 12, 1)),
    ("  - {date: 2026-10-03, channel: chat}\n", "", date(2026, 10, 10)),  # 60 days ago: still
    ("  - {date: 2026-10-02, channel: chat}\n", "", None),  # 61 days: let go
    ("  - {date: 2026-11-20, channel: zoom}\n", "", None),  # spoken: nothing to wait for
    ("  - {date: 2026-11-20, channel: email, by: them}\n", "", None),  # theirs
    ("  - {date: 2026-11-20, channel: email}\n  - {date: 2026-11-21, channel: email, by: them}\n", "", None),
    (
        "  - {date: 2026-11-21, channel: email, by: them}\n  - {date: 2026-11-22, channel: email}\n",
        "",
        date(2026, 11, 29),
    ),
    (
        "  - {date: 2026-11-20, channel: email}\n  - {date: 2026-12-05, channel: email, by: them}\n",
        "",
        date(2026, 11, 27),
    ),  # a future item is not a reply
    ("  - {date: 2026-11-20, channel: email}\n", "reply_after: 14d\n", None),
    ("  - {date: 2026-11-10, channel: email}\n", "reply_after: 2w\n", date(2026, 11, 24)),
]


@pytest.mark.parametrize(("log", "override", "due"), REPLY_CASES)
def test_awaiting_reply(tmp_path: Path, log: str, override: str, due: date | None) -> None:
    week = _plan(tmp_path, _contact("ana", "log:\n" + log), plan=PLAN + override)
    replies = [a for a in week.actions if a.kind == "awaiting-reply"]
    assert [a.due for a in replies] == ([due] if due else [])
    if due:
        assert replies[0].command is not None and replies[0].command.startswith("journal log ana --channel")


def test_a_later_attended_event_with_them_is_an_answer(tmp_path: Path) -> None:
    files = {
        **_contact("ana", "log:\n  - {date: 2026-11-10, channel: email}\n"),
        **_event("2026-11-20-mixer", "start: 2026-11-20\nstatus: attended\npeople: [ana]\n"),
    }
    assert not [a for a in _plan(tmp_path, files).actions if a.kind == "awaiting-reply"]


# -- events to mark and to prepare ---------------------------------------------

EVENT_CASES = [
    # start, status, expected kinds
    ("2026-11-30", "registered", ["mark-event"]),
    ("2026-11-30", "planned", ["mark-event"]),
    ("2026-11-30", "attended", []),
    ("2026-11-30", "skipped", []),
    ("2026-11-02", "registered", ["mark-event"]),  # 30 days ago
    ("2026-11-01", "registered", []),  # 31 days: too late to matter
    ("2026-12-02", "registered", ["prepare"]),  # today
    ("2026-12-08", "planned", ["prepare"]),  # in 6 days
    ("2026-12-09", "planned", []),  # in 7 days: next week's business
    ("2026-12-04", "cancelled", []),
    ("2026-12-04", "skipped", []),
]


@pytest.mark.parametrize(("start", "status", "kinds"), EVENT_CASES)
def test_events(tmp_path: Path, start: str, status: str, kinds: list[str]) -> None:
    week = _plan(tmp_path, _event("talk", f"start: {start}\nstatus: {status}\n"))
    assert [a.kind for a in week.actions if a.kind in ("mark-event", "prepare")] == kinds
    for action in week.actions:
        if action.kind == "mark-event":
            assert action.command == "journal mark talk attended" and action.minutes == 1


def test_preparation_names_who_tasks_and_last_reflection(tmp_path: Path) -> None:
    files = {
        **_contact("ana"),
        **{"organizations/acme.md": "---\nname: Acme\n---\n"},
        **_event(
            "2026-12-04-acme-talk",
            "start: 2026-12-04T19:00\nduration: 45m\nstatus: planned\nurl: https://example.org/t\n"
            "organizations: [acme]\npeople: [ana]\n",
        ),
        **{
            "reflections/2026-11-01-acme.md": "---\ndate: 2026-11-01\ntitle: What Acme said\n---\nAbout [[acme]].\n",
            "reflections/2026-11-20-other.md": "---\ndate: 2026-11-20\n---\nNothing about them.\n",
            "contacts/bo.md": "---\nname: Bo\n---\n- [ ] Ask Bo about [[2026-12-04-acme-talk]] due:2026-12-20\n",
        },
    }
    week = _plan(tmp_path, files)
    (prep,) = [a for a in week.actions if a.kind == "prepare"]
    assert prep.minutes == 45 and prep.due == date(2026, 12, 4)
    assert prep.details == (
        "Listed: Ana",
        "Not registered yet: https://example.org/t",
        "Open task: Ask Bo about [[2026-12-04-acme-talk]]",
        "Last reflection (2026-11-01): [[2026-11-01-acme|What Acme said]]",
    )


# -- goals ---------------------------------------------------------------------


def _goal_plan(goal: str) -> str:
    return PLAN + "goals:\n  - " + goal + "\n"


def test_people_goal_suggests_the_longest_unseen(tmp_path: Path) -> None:
    files = {
        **_contact("ana", "relationship: peer\nlog:\n  - {date: 2026-11-20, channel: zoom}\n"),
        **_contact("bo", "relationship: peer\nlog:\n  - {date: 2026-10-01, channel: zoom}\n"),
        **_contact("cy", "keep_in_touch: 1y\nlog:\n  - {date: 2026-11-01, channel: zoom}\n"),
        **_contact("di", "relationship: mentor\n"),  # never seen: first
        **_contact("ed"),  # no cadence, no relationship: not a candidate
    }
    # 9 a week: due by Wednesday = 9 × 3/7 → 3; 0 done → behind by 3
    week = _plan(tmp_path, files, plan=_goal_plan("{title: Talk to people, count: people, target: 9, per: week}"))
    goal = [a.contact for a in week.actions if a.kind == "goal"]
    assert goal == ["di", "bo", "cy"]
    assert all(a.goal == "Talk to people" for a in week.actions if a.kind == "goal")


def test_no_suggestion_when_on_pace_and_none_on_day_one(tmp_path: Path) -> None:
    files = _contact("ana", "relationship: peer\n")
    plan = _goal_plan("{title: Talk to people, count: people, target: 6, per: month}")
    # 1 December: 6 × 1/31 rounds down to 0: not behind, no red, no suggestion
    week = _plan(tmp_path, files, today=date(2026, 12, 1), plan=plan)
    assert not [a for a in week.actions if a.kind == "goal"]
    journal, _ = check(tmp_path)
    (report,) = compute_figures(journal, date(2026, 12, 1)).reports
    assert report.current.state == "on pace" and report.current.due == 0
    # 6 December: 6 × 6/31 → 1 due, 0 done: behind
    (report,) = compute_figures(journal, date(2026, 12, 6)).reports
    assert report.current.state == "behind" and report.current.due == 1


def test_topic_goal_suggests_people_of_the_topic_else_sources(tmp_path: Path) -> None:
    plan = _goal_plan("{title: Talk research ops, topic: research operations, per: week, target: 2}")
    files = {
        **_contact("ana", "topics: [research operations]\n"),
        **_contact(
            "bo", "topics: [Research Operations]\nlog:\n  - {date: 2026-12-01, channel: zoom}\n"
        ),  # seen this week
        **_contact("cy", "topics: [design]\n"),
    }
    week = _plan(tmp_path, files, today=date(2026, 12, 6), plan=plan)
    assert [a.contact for a in week.actions if a.kind == "goal"] == ["ana"]
    other = tmp_path / "other"
    sources = (
        "- {name: Design weekly, kind: newsletter, topics: [design]}\n"
        "- {name: ResearchOps Slack, kind: forum, topics: [research operations]}\n"
    )
    week = _plan(other, {**_contact("cy", "topics: [design]\n"), "sources.yml": sources}, date(2026, 12, 6), plan)
    assert [(a.reason, a.text) for a in week.actions if a.kind == "goal"] == [
        ("source", "Go through ResearchOps Slack: find someone who talks about research operations")
    ]


def test_organizations_goal_suggests_their_people_or_research(tmp_path: Path) -> None:
    plan = _goal_plan("{title: Employers, organizations: [acme, globex, initech], per: week}")
    files = {
        "organizations/acme.md": "---\nname: Acme\nresearched: 2026-11-30\n---\n",  # reached this week
        "organizations/globex.md": "---\nname: Globex\n---\n",
        "organizations/initech.md": "---\nname: Initech\n---\n",
        **_contact("ana", "organization: globex\n"),
    }
    week = _plan(tmp_path, files, today=date(2026, 12, 6), plan=plan)
    goal = [(a.reason, a.contact, a.organization) for a in week.actions if a.kind == "goal"]
    assert goal == [("contact", "ana", "globex"), ("research", None, "initech")]


def test_variety_goal_suggests_upcoming_events_of_new_kinds(tmp_path: Path) -> None:
    plan = _goal_plan("{title: Variety, count: engagement-kinds, target: 4, per: month}")
    files = {
        **_event("a", "start: 2026-12-01\nkind: webinar\nstatus: attended\n"),
        **_event("b", "start: 2026-12-27\nkind: webinar\nstatus: registered\n"),  # a kind done already
        **_event("c", "start: 2026-12-28\nkind: mixer\nstatus: planned\n"),
        **_event("d", "start: 2027-01-05\nkind: job-fair\nstatus: planned\n"),  # next period
    }
    # 20 December: 4 × 20/31 → 2 due, 1 done: behind (events within 7 days would be "prepare")
    week = _plan(tmp_path, files, today=date(2026, 12, 20), plan=plan)
    assert [(a.event, a.reason) for a in week.actions if a.kind == "goal"] == [("c", "event")]


# -- order and budget ------------------------------------------------------------


def _busy_journal() -> dict[str, str]:
    return {
        **_contact("ana", "keep_in_touch: 1m\nlog:\n  - {date: 2026-10-01, channel: email}\n"),  # overdue 11-01
        **_contact("bo", "keep_in_touch: 1m\nlog:\n  - {date: 2026-11-05, channel: zoom}\n"),  # due 12-05
        **_contact("cy", "log:\n  - {date: 2026-11-10, channel: email}\n"),  # awaiting since 11-17
        **_contact("di", "relationship: mentor\nlog:\n  - {date: 2026-06-01, channel: zoom}\n"),  # quiet
        **_event("2026-11-28-old", "start: 2026-11-28\nstatus: registered\n"),  # to mark, due 11-29
        **_event("2026-12-03-talk", "start: 2026-12-03\nduration: 1h\nstatus: registered\n"),
    }


def test_order(tmp_path: Path) -> None:
    week = _plan(tmp_path, _busy_journal())
    assert _kinds(week) == [
        ("follow-up", "ana"),
        ("mark-event", "2026-11-28-old"),
        ("follow-up", "bo"),
        ("prepare", "2026-12-03-talk"),
        ("awaiting-reply", "cy"),
        ("quiet", "di"),
    ]


# The busy journal's actions, in order, with their minutes:
# ana 10, mark 1, bo 30, prepare 60, cy 10, di 30 (141 in all)
BUDGET_CASES = [
    # time_budget line, minutes logged this week, which are this week's
    ("time_budget: 3h/week\n", 0, "ana mark bo prepare cy di"),
    ("time_budget: 1h/week\n", 0, "ana mark bo cy"),  # the hour-long talk does not fit; the short ones after it do
    ("time_budget: 1h/week\n", 45, "ana mark"),  # 15 left
    ("time_budget: 4h/month\n", 0, "ana mark bo cy"),  # 4h × 12/52 = 55 min a week
    ("", 0, "ana mark bo prepare cy di"),  # no budget: 3h
    ("time_budget: 3h/week\n", 200, ""),  # the week is spent
]
NAMES = ["ana", "mark", "bo", "prepare", "cy", "di"]


@pytest.mark.parametrize(("budget", "logged", "fitting"), BUDGET_CASES)
def test_budget(tmp_path: Path, budget: str, logged: int, fitting: str) -> None:
    files = _busy_journal()
    files.update(_contact("ed", f"log:\n  - {{date: 2026-12-01, channel: zoom, by: them, minutes: {logged}}}\n"))
    plan = "owner: T\ntimezone: Asia/Jakarta\n" + budget
    week = _plan(tmp_path, files, plan=plan)
    assert [a.week for a in week.actions] == ["this" if n in fitting.split() else "later" for n in NAMES]
    assert week.spent == logged
    assert week.planned == sum(a.minutes for a in week.this_week) <= week.left
    assert week.budgeted == bool(budget)


def test_minutes_follow_the_plan_and_the_channel(tmp_path: Path) -> None:
    plan = PLAN + "action_minutes: {message: 5, call: 45}\n"
    week = _plan(tmp_path, _busy_journal(), plan=plan)
    minutes = {(a.kind, a.contact or a.event): a.minutes for a in week.actions}
    assert minutes[("follow-up", "ana")] == 5  # e-mail: a message
    assert minutes[("follow-up", "bo")] == 45  # last time a video call: a call
    assert minutes[("prepare", "2026-12-03-talk")] == 60  # an event: its length


def test_snooze_holds_back_reminders_but_not_dated_tasks(tmp_path: Path) -> None:
    files = _busy_journal()
    for slug in ("ana", "cy", "di"):
        text = files[f"contacts/{slug}.md"].replace("---\n", "---\nsnooze_until: 2026-12-10\n", 1)
        files[f"contacts/{slug}.md"] = text + "- [ ] Send the paper due:2026-12-03\n"
    week = _plan(tmp_path, files)
    assert [k for k in _kinds(week) if k[1] in ("ana", "cy", "di")] == [
        ("follow-up", "ana"),
        ("follow-up", "cy"),
        ("follow-up", "di"),
    ]
    assert all(a.reason == "task" for a in week.actions if a.contact in ("ana", "cy", "di"))
    later = _plan(tmp_path / "later", files, today=date(2026, 12, 11))  # the day after: back
    assert [a.reason for a in later.actions if a.contact == "ana"] == ["keep-in-touch", "task"]


def test_after_event_window(tmp_path: Path) -> None:
    files = {
        **_contact("ana"),
        **_event("2026-11-10-mixer", "start: 2026-11-10\nstatus: attended\npeople: [ana]\n"),
    }
    # due 11-12 (after_event_days 2); 14 days' window ends 11-26: still open on 11-26, missed on 11-27
    for today, open_ in ((date(2026, 11, 26), True), (date(2026, 11, 27), False)):
        write_journal(tmp_path, files, plan=PLAN)
        journal, _ = check(tmp_path)
        figures = compute_figures(journal, today)
        assert [f.reason for f in figures.followups] == (["after-event"] if open_ else [])
        assert [f.contact for f in figures.missed] == ([] if open_ else ["ana"])


def test_one_reminder_per_person(tmp_path: Path) -> None:
    files = {
        **_contact("ana", "keep_in_touch: 2w\n"),
        **_event("2026-11-30-mixer", "start: 2026-11-30\nstatus: attended\npeople: [ana]\n"),
    }
    week = _plan(tmp_path, files)
    assert [(a.kind, a.reason) for a in week.actions if a.contact == "ana"] == [("follow-up", "after-event")]


def test_cli_json_matches_the_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    week = _plan(tmp_path, _busy_journal())
    assert main(["next", "--root", str(tmp_path), "--today", TODAY.isoformat(), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == [a.as_json() for a in week.actions]
    assert set(printed[0]) == {
        "kind",
        "contact",
        "event",
        "goal",
        "due",
        "minutes",
        "text",
        "source",
        "line",
        "week",
        "command",
    }
    assert main(["next", "--root", str(tmp_path), "--today", TODAY.isoformat(), "--json", "--week"]) == 0
    assert json.loads(capsys.readouterr().out) == [a.as_json() for a in week.this_week]
    assert main(["next", "--root", str(tmp_path), "--today", TODAY.isoformat()]) == 0
    text = capsys.readouterr().out
    assert text.startswith("This week (2026-W49): 6 actions, 141 min of the 180 min left")
    assert "journal mark 2026-11-28-old attended" in text


def test_action_json_has_every_key_even_when_null() -> None:
    from builder.diagnostics import Loc

    action = Action("prepare", None, 5, "x", Loc("journal/events/a.md", 1, 1))
    assert action.as_json()["contact"] is None and action.as_json()["week"] == "later"


# -- one value, three views ------------------------------------------------------


@pytest.mark.parametrize("today", [date(2026, 11, 27), date(2026, 12, 1), date(2026, 12, 14)])
def test_cli_dashboard_and_feed_show_the_same_actions(capsys: pytest.CaptureFixture[str], today: date) -> None:
    import icalendar

    from builder.build import render_site
    from tests.conftest import REPO

    assert main(["next", "--root", str(REPO), "--today", today.isoformat(), "--json", "--week"]) == 0
    actions = json.loads(capsys.readouterr().out)
    assert actions and all(a["week"] == "this" for a in actions)
    journal, _ = check(REPO)
    files = render_site(journal, today)
    dashboard = files["index.md"]
    section = dashboard[dashboard.index("## This week") : dashboard.index("next actions, and what comes later")]
    items = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(items) == len(actions)
    for item, action in zip(items, actions, strict=True):
        assert f"· {action['minutes']} min" in item
        if action["command"]:
            assert f"`{action['command']}`" in item
    feed = icalendar.Calendar.from_ical(files["next.ics"]).walk("VEVENT")
    assert [str(e["categories"].cats[0]) for e in feed] == [a["kind"] for a in actions]
    assert [e.decoded("dtstart") for e in feed] == [
        date.fromisoformat(a["due"]) if a["due"] else today for a in actions
    ]
    assert len({str(e["uid"]) for e in feed}) == len(feed)
    # the next page lists them all, this week's first
    page = files["next.md"]
    assert page.count("\n- ") >= len(actions)


def test_next_feed_uids_stay_when_the_day_moves() -> None:
    import icalendar

    from builder.build import render_site
    from tests.conftest import REPO

    journal, _ = check(REPO)
    uids = []
    for today in (date(2026, 12, 1), date(2026, 12, 2)):
        feed = icalendar.Calendar.from_ical(render_site(journal, today)["next.ics"]).walk("VEVENT")
        uids.append({str(e["uid"]): str(e["summary"]) for e in feed})
    same = set(uids[0]) & set(uids[1])
    assert len(same) >= 5  # the same actions keep their UIDs from one day to the next
    assert all(uids[0][u] == uids[1][u] or "(" in uids[0][u] for u in same)


def test_public_build_has_no_actions() -> None:
    import icalendar

    from builder.build import render_site
    from builder.render.context import RenderOptions
    from tests.conftest import REPO

    journal, _ = check(REPO)
    files = render_site(journal, date(2026, 12, 1), RenderOptions(public=True))
    assert icalendar.Calendar.from_ical(files["next.ics"]).walk("VEVENT") == []
    assert "## This week" not in files["index.md"] and "The method at a glance" not in files["index.md"]
    assert "journal log" not in files["next.md"]


def test_an_event_of_yesterday_is_to_mark_today(tmp_path: Path) -> None:
    """Due the day after it (today): not overdue, still this week's business."""
    week = _plan(tmp_path, _event("talk", "start: 2026-12-01\nstatus: registered\n"))
    assert [(a.kind, a.due) for a in week.actions] == [("mark-event", TODAY)]


def test_a_source_is_suggested_once_whatever_the_goals(tmp_path: Path) -> None:
    plan = PLAN + (
        "goals:\n"
        "  - {title: Events, count: events, target: 4, per: week}\n"
        "  - {title: Hours, count: hours, target: 10, per: week}\n"
        "  - {title: Job fairs, count: events, kinds: [job-fair], target: 3, per: week}\n"
    )
    files = {"sources.yml": "- {name: Meetup search, kind: event-platform}\n- {name: A blog, kind: blog}\n"}
    week = _plan(tmp_path, files, today=date(2026, 12, 6), plan=plan)
    suggested = [(a.goal, a.source_name, a.kinds) for a in week.actions if a.reason == "source"]
    assert suggested == [("Events", "Meetup search", ()), ("Events", "A blog", ())]
    assert all("a event" not in a.text for a in week.actions)


def test_someone_not_met_yet_is_no_candidate(tmp_path: Path) -> None:
    files = {
        **_contact("ana", "relationship: peer\nmet: {date: 2026-12-20, at: the mixer}\n"),
        **_contact("bo", "relationship: peer\n"),
    }
    plan = _goal_plan("{title: Talk to people, count: people, target: 9, per: week}")
    week = _plan(tmp_path, files, plan=plan)
    assert [a.contact for a in week.actions if a.kind == "goal"] == ["bo"]


def test_a_sentence_is_made_of_its_links(tmp_path: Path) -> None:
    """An organisation called 'people' once turned into a link inside the link of
    a contact at it (people/ann-lee.md): the strict build refused the page."""
    from builder.build import render_site

    files = {
        "organizations/people.md": "---\nname: people\n---\n",
        **_contact("ann-lee", "organization: people\nrelationship: peer\n"),
    }
    plan = _goal_plan("{title: 'Know [people]', organizations: [people], per: week}")
    write_journal(tmp_path, files, plan=plan)
    journal, diagnostics = check(tmp_path)
    assert not [d for d in diagnostics if d.severity.value == "error"], diagnostics
    page = render_site(journal, date(2026, 12, 6))["next.md"]
    assert (
        "Get in touch with [Ann-Lee](people/ann-lee.md) at [people](organizations/people.md), "
        "for the goal Know &#91;people&#93;" in page
    )
