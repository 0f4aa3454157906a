"""Dates at the ends of the journal's range (1900-01-01 to 2999-12-31) and
beyond: beyond, a located error from ``journal check`` (and from every
command that checks) or a one-line refusal of ``--today``, never an
internal error; at the ends, with the longest cadence and duration, every
computation and the build work."""

from __future__ import annotations

import gzip
import os
import shutil
import struct
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import sitegen
from builder.build import render_site
from builder.check import check
from builder.compute.activity import analyze, event_minutes
from builder.compute.followups import followups
from builder.compute.goals import goal_reports
from builder.history import read_history, within_range
from builder.model import Journal
from builder.render.calendar import events_calendar, followups_calendar
from builder.render.charts import activity_calendar
from builder.render.i18n import Translator
from builder.values import FIRST_DAY, LAST_DAY
from tests.conftest import REPO, write_journal

RANGE = "expected a date from 1900-01-01 to 2999-12-31"
CONTACT = "journal/contacts/example-contact.md"
EVENT = "journal/events/2026-12-04-example-webinar.md"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "builder", *args], capture_output=True, text=True, check=False, env=env
    )


def no_crash(result: subprocess.CompletedProcess[str]) -> None:
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode != 70


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A journal as ``journal init`` makes it (its examples dated December 2026)."""
    root = tmp_path / "j"
    result = run("init", str(root), "--today", "2026-12-07")
    assert result.returncode == 0, result.stderr
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(root: Path, rel: str, needle: str) -> tuple[int, int]:
    """Line and column (1-based) of ``needle`` in a file."""
    for number, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def refused_everywhere(root: Path, diagnostic: str) -> None:
    """``check`` reports the one located error; ``build`` prints it and
    builds nothing; ``followups`` and ``goals`` leave the entry out and say why."""
    result = run("check", "--root", str(root))
    no_crash(result)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [diagnostic]
    built = run("build", "--root", str(root), "--today", "2026-12-07")
    no_crash(built)
    assert built.returncode == 1
    assert diagnostic in built.stdout.splitlines()
    assert not (root / "site").exists()
    for command in ("followups", "goals"):
        result = run(command, "--root", str(root), "--today", "2026-12-07")
        no_crash(result)
        assert diagnostic in result.stderr


def test_a_task_due_in_year_9999_is_a_located_error(fresh: Path) -> None:
    edit(fresh, CONTACT, "due:2026-12-12", "due:9999-12-31")
    line, col = line_of(fresh, CONTACT, "due:9999")
    refused_everywhere(
        fresh,
        f"{CONTACT}:{line}:{col}: error: task due date: {RANGE}, found '9999-12-31'; "
        "to mean no deadline, leave due: out",
    )


def test_an_event_at_the_end_of_year_9999_is_a_located_error(fresh: Path) -> None:
    edit(fresh, EVENT, "start: 2026-12-04 18:00", "start: 9999-12-31 23:00")
    edit(fresh, EVENT, "duration: 1h", "duration: 2h")
    line, col = line_of(fresh, EVENT, "9999")
    refused_everywhere(
        fresh,
        f"{EVENT}:{line}:{col}: error: expected a date-time from 1900-01-01 to 2999-12-31, found '9999-12-31 23:00'",
    )


def test_a_cadence_of_9999_years_is_a_located_error(fresh: Path) -> None:
    edit(fresh, CONTACT, "keep_in_touch: 6w", "keep_in_touch: 9999y")
    line, col = line_of(fresh, CONTACT, "9999y")
    refused_everywhere(
        fresh,
        f"{CONTACT}:{line}:{col}: error: expected a cadence of at most 100 years "
        "(36525d, 5217w, 1200m or 100y), found '9999y'",
    )


def test_an_event_of_a_million_hours_is_a_located_error(fresh: Path) -> None:
    edit(fresh, EVENT, "duration: 1h", "duration: " + "9" * 5000 + "h")
    line, col = line_of(fresh, EVENT, "999")
    result = run("check", "--root", str(fresh))
    no_crash(result)
    assert result.stdout.splitlines() == [
        f"{EVENT}:{line}:{col}: error: expected a duration of at most a year (8760h), found '{'9' * 5000}h'"
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["goals", "--today", "9999-12-31"],
        ["goals", "--today", "9999-10-01"],
        ["goals", "--today", "9999-12-31", "--json"],
        ["goals", "--today", "9999-12-31", "--history"],
        ["goals", "--today", "0001-01-01"],
        ["followups", "--today", "9999-12-31"],
        ["build", "--today", "3000-01-01"],
        ["followups", "--today", "1899-12-31", "--json"],
    ],
)
def test_a_today_out_of_range_is_refused_in_one_line(fresh: Path, args: list[str]) -> None:
    result = run(*args, "--root", str(fresh))
    no_crash(result)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (f"journal {args[0]}: error: argument --today: {RANGE}, found '{args[2]}'")


def test_journal_today_out_of_range_is_refused_in_one_line(fresh: Path) -> None:
    result = run("goals", "--root", str(fresh), env=dict(os.environ, JOURNAL_TODAY="9999-12-31"))
    no_crash(result)
    assert result.returncode == 1
    assert result.stderr == f"journal: JOURNAL_TODAY: {RANGE}, found '9999-12-31'\n"


def test_a_build_in_year_9999_is_refused_and_leaves_nothing_behind(fresh: Path) -> None:
    site = fresh.parent / "s"
    result = run("build", "--root", str(fresh), "--today", "9999-01-01", "--site-dir", str(site))
    no_crash(result)
    assert result.returncode == 2
    assert sorted(p.name for p in fresh.parent.iterdir()) == ["j"]


def test_a_build_after_2106_fits_the_sitemap_archive(fresh: Path) -> None:
    """gzip holds a time stamp from 1970 to 2106: beyond, the sitemap's
    archive has none (0), the sitemap and the site are whole, and nothing
    is left beside the site."""
    site = fresh.parent / "s"
    for today in ("2107-01-01", "1900-01-01", "2026-12-07"):
        result = run("build", "--root", str(fresh), "--today", today, "--site-dir", str(site))
        no_crash(result)
        assert result.returncode == 0, result.stderr
        assert sorted(p.name for p in fresh.parent.iterdir()) == ["j", "s"]
        archive = (site / "sitemap.xml.gz").read_bytes()
        (mtime,) = struct.unpack("<L", archive[4:8])
        expected = int(datetime.fromisoformat(today).replace(tzinfo=UTC).timestamp())
        assert mtime == (expected if today == "2026-12-07" else 0)
        assert gzip.decompress(archive) == (site / "sitemap.xml").read_bytes()


def test_any_failure_of_mkdocs_removes_the_half_built_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only the failures it reports (a full disk, a broken theme): the
    staging folder goes whatever stops the build."""
    write_journal(tmp_path, {})
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    config, problems = sitegen.read_config(tmp_path)
    assert config is not None, problems

    def broken(self: sitegen.MkDocsSite, keep: bool = True, cache: object = None) -> int:
        (self.site_dir / "half.html").parent.mkdir(parents=True, exist_ok=True)
        (self.site_dir / "half.html").write_text("half", encoding="utf-8")
        raise struct.error("'L' format requires 0 <= number <= 4294967295")

    monkeypatch.setattr(sitegen.MkDocsSite, "build", broken)
    target = tmp_path / "out"
    with pytest.raises(struct.error):
        sitegen.mkdocs_build(config, date(2026, 12, 7), target)
    assert not target.exists()
    assert not (tmp_path / ".out.building").exists()


# -- the ends of the range ---------------------------------------------------------

EXTREME_PLAN = """\
owner: Edge
timezone: Pacific/Kiritimati
time_budget: 8760h/year
after_event_days: 365
goals:
  - {title: People a week, count: people, target: 1, per: week}
  - {title: Hours a month, count: hours, target: 10, per: month}
  - {title: New a quarter, count: new-contacts, target: 1, per: quarter}
  - {title: Events a year, count: events, target: 1, per: year}
  - {title: Kinds a year, count: engagement-kinds, target: 2, per: year}
  - {title: Research, organizations: [org], per: quarter}
  - {title: Topic, topic: edges, per: month}
"""

# Every date at an end of the range, with the longest cadences, durations
# and delays after events.
EXTREME = {
    "contacts/first.md": (
        "---\nname: First\norganization: org\ntopics: [edges]\nmet: {date: 1900-01-01}\nkeep_in_touch: 36525d\n"
        "log:\n  - {date: 1900-01-01, channel: email, minutes: 24h}\n---\n"
        "- [ ] early due:1900-01-01\n- [ ] late [[last]] due:2999-12-31\n"
    ),
    "contacts/last.md": (
        "---\nname: Last\ntopics: [edges]\nmet: {date: 2999-12-31}\nkeep_in_touch: 100y\n"
        "log:\n  - {date: 2999-12-31, channel: call, minutes: 1440}\n---\n- [ ] due:2999-12-31\n"
    ),
    "contacts/months.md": "---\nname: Months\nmet: {date: 2999-12-31}\nkeep_in_touch: 1200m\n---\n",
    "contacts/weeks.md": "---\nname: Weeks\nkeep_in_touch: 5217w\n---\n",
    "organizations/org.md": "---\nname: Org\nresearched: 2999-12-31\n---\n",
    "events/late.md": (
        "---\ntitle: Late\nkind: webinar\nstart: 2999-12-31T23:59-12:00\nduration: 8760h\n"
        "status: attended\npeople: [first, last]\norganizations: [org]\n---\n"
    ),
    "events/early.md": (
        "---\ntitle: Early\nkind: mixer\nstart: 1900-01-01T00:00+14:00\nduration: 8760h\n"
        "status: attended\npeople: [first]\n---\n"
    ),
    "events/day.md": "---\ntitle: Day\nstart: 2999-12-31\nend: 2999-12-31\nstatus: attended\npeople: [weeks]\n---\n",
    "events/span.md": "---\ntitle: Span\nstart: 1900-01-01 00:00\nend: 2999-12-31 23:59\nstatus: registered\n---\n",
    "reflections/then.md": "---\ndate: 1900-01-01\npeople: [first]\n---\nThen.\n",
    "reflections/now.md": "---\ndate: 2999-12-31\nevents: [late]\n---\nNow.\n",
}


@pytest.fixture(scope="module")
def extreme_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_journal(tmp_path_factory.mktemp("edges"), EXTREME, EXTREME_PLAN)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="module")
def journals(extreme_root: Path) -> list[Journal]:
    """The example journal, and one with every date at an end of the range."""
    out = []
    for root in (REPO, extreme_root):
        journal, diagnostics = check(root)
        assert [d for d in diagnostics if d.severity.name == "ERROR"] == []
        out.append(journal)
    return out


def compute_everything(journal: Journal, today: date) -> None:
    """What goals, followups and the calendar feeds compute, as of ``today``."""
    activity = analyze(journal, today)
    items = followups(journal, activity)
    for item in items:
        item.as_json(today)
    for report in goal_reports(journal, activity):
        for progress in (report.current, *report.history):
            progress.as_json()
    minutes = {slug: event_minutes(e) for slug, e in journal.events.items()}
    events_calendar(journal.events.values(), today, minutes)
    followups_calendar(items, today, {e.slug: e for e in journal.entries()})
    activity_calendar(Counter(t.date for t in activity.touches), today, Translator("en"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(today=st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
def test_any_today_in_range_computes(journals: list[Journal], today: date) -> None:
    for journal in journals:
        compute_everything(journal, today)


@pytest.mark.parametrize("today", [FIRST_DAY, LAST_DAY])
def test_every_page_renders_at_the_ends(journals: list[Journal], today: date) -> None:
    for journal in journals:
        files = render_site(journal, today)
        assert f"DTSTAMP:{today.strftime('%Y%m%d')}T000000Z" in files["events.ics"]


def test_the_site_builds_on_the_last_day(extreme_root: Path) -> None:
    result = run("build", "--root", str(extreme_root), "--today", "2999-12-31")
    no_crash(result)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "today is 2999-12-31" in result.stderr
    assert (extreme_root / "site" / "index.html").is_file()
    assert "29991231" in (extreme_root / "site" / "events.ics").read_text(encoding="utf-8")
    assert sorted(p.name for p in extreme_root.iterdir() if p.name.startswith(".")) == []


# -- dates from git and the file system ---------------------------------------------


def test_history_dates_are_kept_in_range() -> None:
    assert within_range(datetime(9999, 12, 31, 23, tzinfo=UTC)) == datetime(2999, 12, 31, tzinfo=UTC)
    assert within_range(datetime(1, 1, 1, tzinfo=UTC)) == datetime(1900, 1, 1, tzinfo=UTC)
    now = datetime(2026, 12, 7, 10, tzinfo=UTC)
    assert within_range(now) is now


def test_a_commit_dated_in_year_9999_builds(fresh: Path) -> None:
    """git takes any commit date (here 9999-12-31 23:00 UTC, which is
    year 10000 in Jakarta): the history holds it as the last day of the range."""
    edit(fresh, CONTACT, "role: Researcher", "role: Lead researcher")
    env = dict(os.environ, GIT_COMMITTER_DATE="@253402297200 +0000", GIT_AUTHOR_DATE="@253402297200 +0000")
    for command in (["add", "journal"], ["commit", "-q", "-m", "A clock set wrong"]):
        subprocess.run(["git", "-C", str(fresh), *command], check=True, env=env, capture_output=True)
    history = read_history(fresh)
    assert history.available
    assert max(c.date for c in history.commits) == datetime(2999, 12, 31, tzinfo=UTC)
    result = run("build", "--root", str(fresh), "--today", "2026-12-07")
    no_crash(result)
    assert result.returncode == 0, result.stderr
    # that commit, as it was: today is its date, moved into the range (year 10000 in the committer's zone)
    env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = "@253402297200 +0700"
    subprocess.run(["git", "-C", str(fresh), "commit", "-q", "--amend", "-C", "HEAD"], check=True, env=env)
    as_of = run("build", "--root", str(fresh), "--rev", "HEAD", "--site-dir", str(fresh.parent / "then"))
    no_crash(as_of)
    assert as_of.returncode == 0, as_of.stderr
    assert "today is 2999-12-31" in as_of.stderr


def test_a_linkedin_date_out_of_range_is_imported_without_it(fresh: Path) -> None:
    export = fresh / "Connections.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Lima,https://www.linkedin.com/in/ana-lima,,,,01 Jan 0001\n",
        encoding="utf-8",
    )
    result = run("import", "linkedin", str(export), "--root", str(fresh))
    no_crash(result)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "unreadable date '01 Jan 0001'" in result.stdout and "imported without it" in result.stdout
