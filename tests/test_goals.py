"""Goal figures on small journals, computed by hand."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from builder.check import check
from builder.compute.activity import analyze
from builder.compute.goals import GoalReport, goal_reports
from builder.diagnostics import Severity
from tests.conftest import write_journal

TODAY = date(2026, 11, 27)  # a Friday; week 2026-W48 is 23-29 November

ENTRIES = {
    "organizations/acme.md": "---\nname: Acme\nresearched: 2026-10-02\n---\n",
    "organizations/globex.md": "---\nname: Globex\n---\n",
    "organizations/initech.md": "---\nname: Initech\n---\n",
    "contacts/ana.md": (
        "---\nname: Ana\norganization: globex\ntopics: [Research Operations]\nmet: {date: 2026-11-02}\nlog:\n"
        "  - {date: 2026-11-03, channel: email, by: me, minutes: 15}\n"
        "  - {date: 2026-11-24, channel: zoom, by: them, minutes: 45}\n"
        "  - {date: 2026-11-28, channel: zoom, by: me, minutes: 60}\n"  # tomorrow: planned, never counted
        "---\n"
    ),
    "contacts/bo.md": (
        "---\nname: Bo\ntopics: [research-operations]\nmet: {date: 2026-10-31}\nlog:\n"
        "  - {date: 2026-10-31, channel: chat, by: me}\n"
        "  - {date: 2026-11-23, channel: linkedin, by: me}\n---\n"
    ),
    "contacts/cy.md": "---\nname: Cy\nmet: {date: 2026-11-30}\n---\n",  # met in the future
    "events/w1.md": "---\ntitle: W1\nkind: webinar\nstart: 2026-11-05 19:00\nduration: 90m\nstatus: attended\npeople: [cy]\n---\n",
    "events/w2.md": (
        "---\ntitle: W2\nkind: webinar\nstart: 2026-11-26T18:00+00:00\nend: 2026-11-26T19:30+00:00\n"
        "status: attended\norganizations: [initech]\n---\n"
    ),
    # 31 October 23:00 UTC is 1 November 06:00 in Jakarta: November, not October
    "events/fair.md": "---\ntitle: Fair\nkind: job-fair\nstart: 2026-10-31T23:00Z\nstatus: attended\n---\n",
    "events/skipped.md": "---\ntitle: S\nkind: conference\nstart: 2026-11-10\nstatus: skipped\n---\n",
    "events/future.md": "---\ntitle: F\nkind: mixer\nstart: 2026-11-29\nstatus: attended\n---\n",
}

PLAN = """\
timezone: Asia/Jakarta
goals:
  - {title: people, count: people, target: 4}
  - {title: outreach, count: outreach, target: 2}
  - {title: new, count: new-contacts, target: 3}
  - {title: events, count: events, target: 2}
  - {title: webinars, count: events, kinds: [webinar], target: 2}
  - {title: kinds, count: engagement-kinds, target: 3, per: quarter}
  - {title: hours, count: hours, target: 5}
  - {title: orgs, organizations: [acme, globex, initech], per: quarter}
  - {title: topic, topic: research operations}
  - {title: weekly people, count: people, target: 1, per: week}
  - {title: yearly outreach, count: outreach, target: 10, per: year}
"""


@pytest.fixture
def reports(tmp_path: Path) -> dict[str, GoalReport]:
    write_journal(tmp_path, ENTRIES, plan=PLAN)
    journal, diagnostics = check(tmp_path)
    assert not diagnostics, diagnostics
    return {r.current.goal.title: r for r in goal_reports(journal, analyze(journal, TODAY))}


def _current(reports: dict[str, GoalReport], title: str) -> tuple[str, float, int, bool]:
    p = reports[title].current
    return (p.period.label, p.actual, p.target, p.met)


def test_people(reports: dict[str, GoalReport]) -> None:
    # Ana (log 3 and 24 Nov), Bo (log 23 Nov), Cy (met at the attended W1 on 5 Nov)
    assert _current(reports, "people") == ("2026-11", 3, 4, False)
    assert reports["people"].current.counted == ("ana", "bo", "cy")


def test_outreach_counts_my_log_items(reports: dict[str, GoalReport]) -> None:
    assert _current(reports, "outreach") == ("2026-11", 2, 2, True)  # Ana 3 Nov, Bo 23 Nov


def test_new_contacts(reports: dict[str, GoalReport]) -> None:
    assert _current(reports, "new") == ("2026-11", 1, 3, False)  # Ana; Bo was October, Cy is in the future


def test_events_and_kinds(reports: dict[str, GoalReport]) -> None:
    # W1, W2 and the fair (1 November in Jakarta); not the skipped one, not the future one
    assert _current(reports, "events") == ("2026-11", 3, 2, True)
    assert reports["events"].current.counted == ("fair", "w1", "w2")
    assert {p.period.label: p.actual for p in reports["events"].history} == {"2026-10": 0}
    assert _current(reports, "webinars") == ("2026-11", 2, 2, True)
    # Q4: webinar (W1, W2) and job-fair; the skipped conference and the future mixer do not count
    assert _current(reports, "kinds") == ("2026-Q4", 2, 3, False)
    assert reports["kinds"].current.counted == ("job-fair", "webinar")


def test_hours(reports: dict[str, GoalReport]) -> None:
    # log minutes 15 + 45 (the 60 is tomorrow) + W1 90 + W2 90 = 240 minutes
    assert _current(reports, "hours") == ("2026-11", 4.0, 5, False)
    assert reports["hours"].current.as_json()["actual"] == 4.0


def test_organizations(reports: dict[str, GoalReport]) -> None:
    # acme researched 2 Oct; globex through Ana; initech listed by W2. Target: all three.
    assert _current(reports, "orgs") == ("2026-Q4", 3, 3, True)


def test_topic_compares_slug_forms(reports: dict[str, GoalReport]) -> None:
    assert _current(reports, "topic") == ("2026-11", 2, 1, True)


def test_week_boundaries(reports: dict[str, GoalReport]) -> None:
    # W48 = 23..29 Nov: Bo on Monday 23, Ana on 24
    assert _current(reports, "weekly people") == ("2026-W48", 2, 1, True)
    history = {p.period.label: p.actual for p in reports["weekly people"].history}
    assert history["2026-W47"] == 0  # 16..22 Nov
    assert history["2026-W45"] == 2  # 2..8 Nov: Ana (3 Nov) and Cy (W1 on 5 Nov)
    assert history["2026-W44"] == 1  # 26 Oct..1 Nov: Bo on 31 Oct


def test_history_and_json(reports: dict[str, GoalReport]) -> None:
    history = reports["outreach"].history
    assert [p.period.label for p in history] == ["2026-10"]  # back to the first dated fact (acme, 2 Oct)
    assert history[0].as_json() == {
        "title": "outreach",
        "period": "2026-10",
        "actual": 1,
        "target": 2,
        "met": False,
        "state": "missed",  # a past period is met or missed, never behind
        "on_pace": False,
        "expected": 2.0,  # a past period: the whole target
        "due": 2,
        "start": "2026-10-01",
        "end": "2026-10-31",
    }
    assert _current(reports, "yearly outreach") == ("2026", 3, 10, False)


def test_on_pace(reports: dict[str, GoalReport]) -> None:
    p = reports["people"].current
    assert p.expected == pytest.approx(4 * 27 / 30)  # 3.6 people by 27 November
    assert p.due == 3  # but only 3 whole ones: Ana, Bo and Cy are enough
    assert (p.on_pace, p.state) == (True, "on pace")
    new = reports["new"].current  # 1 of 3: 2.7 expected, 2 due
    assert (new.due, new.on_pace, new.state) == (2, False, "behind")
    assert reports["outreach"].current.on_pace
    hours = reports["hours"].current  # 4 of 5 hours: 4.5 expected, 4 whole hours due
    assert (hours.due, hours.state) == (4, "on pace")


def test_past_periods_are_met_or_missed(reports: dict[str, GoalReport]) -> None:
    weekly = {p.period.label: p for p in reports["weekly people"].history}
    assert (weekly["2026-W47"].state, weekly["2026-W47"].on_pace) == ("missed", False)
    assert (weekly["2026-W45"].state, weekly["2026-W45"].on_pace) == ("met", True)
    for report in reports.values():
        for p in report.history:
            assert p.past and p.state in ("met", "missed") and p.on_pace == p.met
        assert not report.current.past and report.current.state != "missed"


def _states(tmp_path: Path, plan: str, today: date, entries: dict[str, str | bytes] | None = None) -> dict[str, str]:
    write_journal(tmp_path, entries or {}, plan=plan)
    journal, diagnostics = check(tmp_path)
    assert not diagnostics, diagnostics
    return {r.current.goal.title: r.current.state for r in goal_reports(journal, analyze(journal, today))}


def test_nothing_is_due_on_the_first_day(tmp_path: Path) -> None:
    """A fresh journal on the 1st: no whole person, event or hour is due yet:
    nothing is red on day one."""
    plan = (
        "timezone: UTC\ngoals:\n"
        "  - {title: people, count: people, target: 6}\n"
        "  - {title: events, count: events, target: 1, per: week}\n"
        "  - {title: topic, topic: ux}\n"
        "  - {title: hours, count: hours, target: 5}\n"
    )
    states = _states(tmp_path, plan, date(2026, 12, 1))
    assert states == {"people": "on pace", "events": "on pace", "topic": "on pace", "hours": "on pace"}
    # the 7th: 5 × 7/31 = 1.1 hours expected, one whole hour due
    assert _states(tmp_path, plan, date(2026, 12, 7))["hours"] == "behind"


def test_a_whole_one_falls_due_exactly(tmp_path: Path) -> None:
    """3 × 10/30 is a whole person on 10 November, whatever the float product."""
    plan = "timezone: UTC\ngoals:\n  - {title: people, count: people, target: 3}\n"
    journal_files: dict[str, str | bytes] = {"contacts/ana.md": "---\nname: Ana\n---\n"}
    assert _states(tmp_path, plan, date(2026, 11, 9), journal_files) == {"people": "on pace"}
    assert _states(tmp_path, plan, date(2026, 11, 10), journal_files) == {"people": "behind"}
    met = {"contacts/ana.md": "---\nname: Ana\nlog:\n  - {date: 2026-11-02, channel: zoom}\n---\n"}
    assert _states(tmp_path, plan, date(2026, 11, 10), met) == {"people": "on pace"}
    assert _states(tmp_path, plan, date(2026, 11, 20), met) == {"people": "behind"}


BAD_GOALS = """\
timezone: UTC
goals:
  - {title: Zero, count: people, target: 0}
  - {title: Negative, count: people, target: -1}
  - {title: Words, count: people, target: abc}
  - {title: Fraction, count: hours, target: 1.5}
  - {title: Huge, count: hours, target: 99999999999}
  - {title: No target, count: people}
  - {title: Fortnightly, count: people, target: 2, per: fortnight}
  - {title: Both, count: people, topic: ux, target: 2}
  - {title: Misspelt kinds, count: events, target: 2, kind: [webinar]}
  - {title: Typo, organizations: [acme, acmee]}
  - {title: Too many, organizations: [acme], target: 2}
  - {title: Talk, count: people, target: 2}
  - {title: Acme, organizations: [acme]}
"""


def test_a_goal_with_an_error_is_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every goal that `journal check` rejects is left out of the model's goals
    (kept in ``left_out`` for the rules) and so of every report: no target of
    1 for 'target: 0', no month for 'per: fortnight'."""
    from builder.cli import main

    entries: dict[str, str | bytes] = {
        "organizations/acme.md": "---\nname: Acme\n---\n",
        "contacts/ana.md": "---\nname: Ana\nlog:\n  - {date: 2026-11-02, channel: zoom}\n---\n",
    }
    write_journal(tmp_path, entries, plan=BAD_GOALS)
    journal, diagnostics = check(tmp_path)
    assert [g.title for g in journal.plan.goals] == ["Talk", "Acme"]
    left_out = [g.title for g in journal.plan.left_out]
    assert left_out == [
        *("Zero", "Negative", "Words", "Fraction", "Huge", "No target", "Fortnightly", "Both"),
        *("Misspelt kinds", "Typo", "Too many"),
    ]
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert sorted({d.loc.line for d in errors}) == list(range(3, 14))  # one error per goal left out, none more
    assert len(errors) == len(left_out)

    assert main(["goals", "--root", str(tmp_path), "--today", "2026-11-27", "--json", "--history"]) == 0
    out, err = capsys.readouterr()
    assert [(g["title"], g["target"], g["state"]) for g in json.loads(out)] == [
        ("Talk", 2, "on pace"),
        ("Acme", 1, "on pace"),
    ]
    assert "11 errors already in the journal" in err
    assert main(["goals", "--root", str(tmp_path), "--today", "2026-11-27"]) == 0
    assert [line.split()[-1] for line in capsys.readouterr().out.splitlines()] == ["Talk", "Acme"]


def test_organizations_of_a_goal_left_out_are_in_no_goal(tmp_path: Path) -> None:
    """The organization page's 'Part of the goals' reads the same goals."""
    from builder.compute.relations import relate

    plan = "timezone: UTC\ngoals:\n  - {title: Typo, organizations: [acme, acmee]}\n"
    write_journal(tmp_path, {"organizations/acme.md": "---\nname: Acme\n---\n"}, plan=plan)
    journal, _ = check(tmp_path)
    assert journal.plan.goals == () and [g.title for g in journal.plan.left_out] == ["Typo"]
    assert relate(journal).goals_of_org == {}
