"""Dates relative to today ("3 days ago") on entry pages are the browser's
(``PageHelpers.ago``, ``assets/journal.js``): a daily build rewrites the
summary pages, the one script that carries today, and the pages of entries
whose status changed that day, not every entry's page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from builder.build import render_site, site_files
from builder.check import check
from builder.render.context import RenderOptions
from tests.conftest import REPO, serve_folder, write_journal

DAY1, DAY2 = date(2026, 11, 27), date(2026, 11, 28)
PLAN = "owner: Me\ntimezone: UTC\ntime_budget: 2h/week\ngoals:\n  - {title: Talk, count: people, target: 2}\n"
ENTRY_SECTIONS = ("people", "organizations", "events", "reflections")

FILES = {
    # due on DAY1 (30 days after her last call): overdue from DAY2
    "contacts/due.md": (
        "---\nname: Due Today\nkeep_in_touch: 30d\nlog:\n  - {date: 2026-10-28, channel: call, by: me}\n---\n"
    ),
    # met at the talk of DAY2, marked attended ahead: it counts from DAY2 (an interaction, a follow-up)
    "contacts/met.md": "---\nname: Met There\n---\n",
    "events/2026-11-28-talk.md": (
        "---\ntitle: Talk\nkind: webinar\nstart: 2026-11-28 18:00\nstatus: attended\npeople: [met]\n---\n"
    ),
    # a message written down ahead for DAY2: planned on DAY1, done on DAY2
    "contacts/planned.md": (
        "---\nname: Planned Message\nlog:\n  - {date: 2026-11-28, channel: email, by: me, note: Thanks}\n---\n"
    ),
    # pages with dates around today and no status that changes between the two days
    "contacts/old.md": (
        "---\nname: Long Overdue\norganization: acme\nkeep_in_touch: 6w\n"
        "log:\n  - {date: 2025-10-12, channel: zoom, by: them}\n---\n"
        "- [ ] Send the slides due:2026-11-20\n"
    ),
    # last seen a year and six days before DAY1: before the first week the activity calendar
    # draws (from Monday 24 Nov 2025), so no calendar on either day (not one of "0 interactions")
    "contacts/faded.md": "---\nname: Faded\nlog:\n  - {date: 2025-11-21, channel: chat, by: them}\n---\n",
    "contacts/quiet.md": "---\nname: Quiet One\nmet: {date: 2026-11-01, at: 2026-11-01-meetup}\n---\n",
    "organizations/acme.md": "---\nname: Acme\nresearched: 2026-01-02\n---\n- [ ] Ask [[quiet]] about Acme due:2026-11-27\n",
    "events/2016-01-01-old.md": "---\ntitle: Old Meetup\nstart: 2016-01-01 18:00\nstatus: attended\npeople: [old]\n---\n",
    "events/2026-11-01-meetup.md": "---\ntitle: Meetup\nstart: 2026-11-01\nstatus: attended\npeople: [quiet]\n---\n",
    "events/2026-11-27-today.md": "---\ntitle: Today's Webinar\nstart: 2026-11-27 09:00\nstatus: registered\n---\n",
    "events/2026-12-05-future.md": "---\ntitle: Future Fair\nstart: 2026-12-05\nstatus: planned\n---\n",
    "reflections/2026-11-20-notes.md": "---\ndate: 2026-11-20\npeople: [old]\n---\nWrite to [[old]] soon.\n",
}
CHANGED = {"people/due.md", "people/met.md", "people/planned.md", "events/2026-11-28-talk.md"}


def _entry_page(path: str) -> bool:
    section, _, name = path.partition("/")
    return section in ENTRY_SECTIONS and "/" not in name and name != "index.md"


@pytest.fixture
def two_days(tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    write_journal(tmp_path, FILES, plan=PLAN)
    journal, diagnostics = check(tmp_path)
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    return render_site(journal, DAY1), render_site(journal, DAY2)


def test_a_day_later_only_the_entries_whose_status_changed_have_new_pages(
    two_days: tuple[dict[str, str], dict[str, str]],
) -> None:
    first, second = two_days
    assert first.keys() == second.keys()
    entries = sorted(p for p in first if _entry_page(p))
    assert len(entries) == len(FILES)  # a page for every entry
    differ = {p for p in entries if first[p] != second[p]}
    assert differ == CHANGED
    # what changed is the status, said in words
    assert "**overdue**" not in first["people/due.md"] and "**overdue**" in second["people/due.md"]
    assert "counted as planned" in first["events/2026-11-28-talk.md"]
    assert "counted as planned" not in second["events/2026-11-28-talk.md"]
    assert "planned: email" in first["people/planned.md"] and "planned: email" not in second["people/planned.md"]
    assert "jr-calendar" in first["people/due.md"] and "jr-calendar" not in first["people/faded.md"]
    # the pages that change every day anyway still say it in words
    assert "(today)" in first["index.md"]
    assert "(yesterday)" in second["followups.md"]


def test_entry_pages_leave_the_relative_words_to_the_browser(
    two_days: tuple[dict[str, str], dict[str, str]],
) -> None:
    first, _ = two_days
    old = first["people/old.md"]
    assert '| Last contact | 12 Oct 2025<time class="jr-ago" datetime="2025-10-12"></time> |' in old
    assert 'next 23 Nov 2025<time class="jr-ago" datetime="2025-11-23"></time>, **overdue** |' in old
    assert '- **20 Nov 2026**<time class="jr-ago" datetime="2026-11-20"></time> · Send the slides' in old
    when = '| When | 1 Jan 2016 18:00<time class="jr-ago" datetime="2016-01-01"></time> |'
    assert when in first["events/2016-01-01-old.md"]
    for path, text in first.items():
        if _entry_page(path):
            assert not re.search(r"\((today|tomorrow|yesterday|in \d+ days|\d+ days ago)\)", text), path


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", {"ago": "{count} days ago", "in": "in {count} days", "today": "today", "tomorrow": "tomorrow"}),
        ("id", {"ago": "{count} hari lalu", "in": "{count} hari lagi", "today": "hari ini", "yesterday": "kemarin"}),
    ],
)
def test_the_script_starts_with_the_builds_today_and_the_words_of_the_language(
    tmp_path: Path, language: str, words: dict[str, str]
) -> None:
    write_journal(tmp_path, FILES, plan=PLAN)
    journal, _ = check(tmp_path)
    options = RenderOptions(language=language)
    scripts = [site_files(journal, day, options)["assets/journal.js"] for day in (DAY1, DAY2, DAY1)]
    assert all(isinstance(s, bytes) for s in scripts)
    first, second, again = (s.decode("utf-8") if isinstance(s, bytes) else s for s in scripts)
    assert first == again  # the same journal and today: the same bytes
    line, _, rest = first.partition("\n")
    assert second.partition("\n")[2] == rest and second != first  # only the first line changes with the day
    prefix = "window.journalDates = "
    assert line.startswith(prefix) and line.endswith(";")
    value = json.loads(line[len(prefix) : -1])
    assert value["today"] == "2026-11-27"
    assert words.items() <= value["words"].items()
    assert line == prefix + json.dumps(value, ensure_ascii=False, sort_keys=True) + ";"


# -- in Chromium ---------------------------------------------------------------

BROWSER_FILES = {
    "contacts/ana.md": "---\nname: Ana Lima\nlog:\n  - {date: 2026-11-24, channel: call, by: me}\n---\n",
    "events/2026-11-26-past.md": "---\ntitle: Past\nstart: 2026-11-26\nstatus: attended\n---\n",
    "events/2026-11-27-now.md": "---\ntitle: Now\nstart: 2026-11-27 19:00\nstatus: registered\n---\n",
    "events/2026-11-28-next.md": "---\ntitle: Next\nstart: 2026-11-28\nstatus: planned\n---\n",
    "events/2026-11-30-later.md": "---\ntitle: Later\nstart: 2026-11-30\nstatus: planned\n---\n",
}
# page -> (what its "When" or "Last contact" cell says in English, in Indonesian)
EXPECTED = {
    "people/ana/": ("24 Nov 2026 (3 days ago)", "24 Nov 2026 (3 hari lalu)"),
    "events/2026-11-26-past/": ("26 Nov 2026 (yesterday)", "26 Nov 2026 (kemarin)"),
    "events/2026-11-27-now/": ("27 Nov 2026 19:00 (today)", "27 Nov 2026 19:00 (hari ini)"),
    "events/2026-11-28-next/": ("28 Nov 2026 (tomorrow)", "28 Nov 2026 (besok)"),
    "events/2026-11-30-later/": ("30 Nov 2026 (in 3 days)", "30 Nov 2026 (3 hari lagi)"),
}
CELL = "() => [...document.querySelectorAll('article td')].find((td) => td.querySelector('time.jr-ago')).innerText"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The small journal built as of DAY1 in English (``en/``) and in
    Indonesian (``id/``), served; yields their folder and its URL."""
    served = tmp_path_factory.mktemp("served")
    for language in ("en", "id"):
        root = tmp_path_factory.mktemp(f"dates-{language}")
        write_journal(root, BROWSER_FILES, plan=PLAN)
        config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("language: en", f"language: {language}")
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "builder", "build", "--root", str(root), "--today", DAY1.isoformat()],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        shutil.copytree(root / "site", served / language)
    with serve_folder(served) as base:
        yield served, base


def _cell(page: Any) -> str:
    """The text of the table cell that holds the page's relative date."""
    return str(page.locator("article td:has(time.jr-ago)").inner_text())


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_browser_fills_the_dates_from_the_builds_today(
    browser: Any, built: tuple[Path, str], language: str
) -> None:
    page = browser.new_page()
    page.clock.set_fixed_time("2031-06-15T12:00:00Z")  # the reader's clock is not the build's today
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for path, (english, indonesian) in EXPECTED.items():
            page.goto(f"{built[1]}{language}/{path}", wait_until="load")
            assert _cell(page) == (english if language == "en" else indonesian), path
    finally:
        page.close()
    assert errors == []


def test_without_javascript_the_date_stands_alone(browser: Any, built: tuple[Path, str]) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for path, (english, _) in EXPECTED.items():
            page.goto(f"{built[1]}en/{path}", wait_until="load")
            assert _cell(page) == english.split(" (")[0], path
    finally:
        context.close()


def test_the_search_index_has_no_relative_words(built: tuple[Path, str]) -> None:
    for language, words in (
        ("en", r"days? ago|in \d+ days|yesterday|tomorrow"),
        ("id", r"hari lalu|hari lagi|kemarin|besok"),
    ):
        index = json.loads((built[0] / language / "search" / "search_index.json").read_text(encoding="utf-8"))
        entries = [e for e in index["docs"] if e["location"].split("/")[0] in ENTRY_SECTIONS]
        assert any(e["location"] == "people/ana/" and "24 Nov 2026" in e["text"] for e in entries), language
        assert [e for e in entries if re.search(words, e["text"])] == [], language
