"""The rules of "the site on a phone and for a visitor" that need no browser:
template prompts are not notes, every table has a header row, goal history
starts at the journal's first entry, sources are headed by their kind's
label, charts leave room for their labels, and a public build speaks to a
visitor (empty states, the navigation, the variety of events)."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from builder.build import render_site
from builder.check import check
from builder.compute.activity import analyze
from builder.compute.goals import goal_reports
from builder.edit.authoring import BODIES
from builder.render.body import PROMPT_HEADINGS, PROMPTS, without_prompts
from builder.render.charts import FONT, bars, mix, text_width
from builder.render.context import RenderOptions
from builder.render.i18n import Translator
from builder.render.pages import NAV_HIDDEN
from tests.conftest import REPO, write_journal

TODAY = date(2026, 3, 10)
PLAN = "owner: Me\ntimezone: UTC\ngoals:\n  - {title: Talk, count: people, target: 2, per: month}\n"
SCAFFOLD = REPO / "builder" / "scaffold" / "examples" / "journal"


def _pages(tmp_path: Path, files: dict[str, str], plan: str = PLAN, **options: object) -> dict[str, str]:
    write_journal(tmp_path, files, plan=plan)
    journal, diagnostics = check(tmp_path)
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    return render_site(journal, TODAY, RenderOptions(**options))  # type: ignore[arg-type]


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


# -- template prompts --------------------------------------------------------------


def test_every_prompt_journal_new_writes_is_known() -> None:
    for body in BODIES.values():
        for paragraph in _paragraphs(body):
            heading = re.match(r"#+\s+(.*)", paragraph)
            assert (heading.group(1) in PROMPT_HEADINGS) if heading else (paragraph in PROMPTS), paragraph


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_an_unedited_new_entry_has_no_notes(kind: str) -> None:
    assert without_prompts(BODIES[kind]) == ""
    assert without_prompts(BODIES[kind].replace("\n", "\r\n")).strip() == ""


def test_journal_init_examples_lose_their_prompts_and_keep_the_rest() -> None:
    contact = (SCAFFOLD / "contacts" / "example-contact.md").read_text("utf-8").split("---\n", 2)[2]
    kept = without_prompts(contact)
    assert "Notes about this person" not in kept and "- [ ] Send them the article" in kept
    for path in ("organizations/example-organization.md", "events/{date-3}-example-webinar.md"):
        body = (SCAFFOLD / path).read_text("utf-8").split("---\n", 2)[2]
        assert without_prompts(body) == "", path
    reflection = (SCAFFOLD / "reflections" / "{date-2}-example-reflection.md").read_text("utf-8")
    body = reflection.split("---\n", 2)[2]
    assert without_prompts(body) == body  # an example filled in: every heading has something under it


def test_edited_prompts_and_filled_sections_stay() -> None:
    edited = "Who they are, what you have in common, what they care about. Both of us moved from teaching.\n"
    assert without_prompts(edited) == edited
    reflection = "## What I learned\n\nAsk before advising.\n\n## Questions I asked\n\n\n## Next steps\n\n"
    assert without_prompts(reflection).split() == ["##", "What", "I", "learned", "Ask", "before", "advising."]
    nested = "## Next steps\n\n### This week\n\n- [ ] Write to Ana\n"
    assert without_prompts(nested) == nested
    fenced = "```\nWho they are, what you have in common, what they care about.\n```\n"
    assert without_prompts(fenced) == fenced
    quoted = "> Who they are, what you have in common, what they care about.\n"
    assert without_prompts(quoted) == quoted


def test_pages_do_not_show_unedited_prompts_as_notes(tmp_path: Path) -> None:
    files = {
        "contacts/ana.md": "---\nname: Ana\n---\n" + BODIES["contacts"],
        "contacts/bo.md": "---\nname: Bo\n---\n" + BODIES["contacts"] + "\nMet at a fair.\n",
        "organizations/acme.md": "---\nname: Acme\n---\n" + BODIES["organizations"],
        "events/2026-03-01-talk.md": "---\ntitle: Talk\nstart: 2026-03-01\n---\n" + BODIES["events"],
        "reflections/2026-03-02-r.md": "---\ndate: 2026-03-02\ntitle: R\n---\n" + BODIES["reflections"],
        "reflections/2026-03-03-s.md": (
            "---\ndate: 2026-03-03\ntitle: S\n---\n"
            + BODIES["reflections"].replace("## Next steps\n", "## Next steps\n- [ ] Call Bo\n")
        ),
    }
    pages = _pages(tmp_path, files)
    prompts = [p for body in BODIES.values() for p in _paragraphs(body)]
    for path in ("people/ana.md", "organizations/acme.md", "events/2026-03-01-talk.md", "reflections/2026-03-02-r.md"):
        assert "## Notes" not in pages[path], path
        assert not [p for p in prompts if p.lstrip("# ") in pages[path]], path
    bo = pages["people/bo.md"]
    assert "## Notes\n\nMet at a fair." in bo and "Who they are" not in bo
    s = pages["reflections/2026-03-03-s.md"]
    assert "## Next steps" in s and "Call Bo" in s and "What I learned" not in s and "Questions I asked" not in s


# -- tables --------------------------------------------------------------------------


def _tables(page: str) -> list[list[str]]:
    """Each Markdown table of ``page`` as its lines."""
    tables: list[list[str]] = []
    lines = page.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("|") and (i == 0 or not lines[i - 1].startswith("|")):
            block = []
            for row in lines[i:]:
                if not row.startswith("|"):
                    break
                block.append(row)
            tables.append(block)
    return tables


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


@pytest.mark.parametrize(
    "options", [RenderOptions(), RenderOptions(public=True), RenderOptions(language="id")], ids=str
)
def test_every_table_has_a_header_row(options: RenderOptions) -> None:
    journal, _ = check(REPO)
    pages = render_site(journal, date(2026, 11, 27), options)
    found = 0
    for path, page in pages.items():
        if not path.endswith(".md"):
            continue
        for table in _tables(page):
            found += 1
            assert len(table) >= 2 and set("".join(_cells(table[1]))) <= set("-: "), (path, table[:2])
            header = _cells(table[0])
            assert header and all(header), (path, table[0])
            assert all(len(_cells(row)) == len(header) for row in table[2:]), (path, table[:3])
    assert found > 20


def test_the_details_table_names_its_columns(tmp_path: Path) -> None:
    pages = _pages(tmp_path, {"contacts/ana.md": "---\nname: Ana\nrelationship: peer\n---\n"})
    assert "| Detail | Value |\n| --- | --- |\n| Relationship | peer |" in pages["people/ana.md"]
    pages = _pages(tmp_path, {"contacts/ana.md": "---\nname: Ana\nrelationship: peer\n---\n"}, language="id")
    assert "| Rincian | Keterangan |" in pages["people/ana.md"]


# -- goal history starts at the first entry -----------------------------------------------


@pytest.mark.parametrize(
    "first",
    [
        "contacts/old.md: ---\nname: Old\nmet: {date: 2025-06-20}\n---\n",
        "contacts/old.md: ---\nname: Old\nlog:\n  - {date: 2025-06-20, channel: email, by: me}\n---\n",
        "events/2025-06-20-x.md: ---\ntitle: X\nstart: 2025-06-20 10:00\nstatus: cancelled\n---\n",
        "events/2025-06-20-x.md: ---\ntitle: X\nstart: 2025-06-20\nstatus: planned\n---\n",
        "reflections/2025-06-20-r.md: ---\ndate: 2025-06-20\ntitle: R\n---\n",
        "organizations/o.md: ---\nname: O\nresearched: 2025-06-20\n---\n",
    ],
    ids=["met", "log", "cancelled event", "planned event", "reflection", "researched"],
)
def test_goal_history_starts_at_the_first_entry(tmp_path: Path, first: str) -> None:
    path, text = first.split(": ", 1)
    files = {path: text, "contacts/ana.md": "---\nname: Ana\nlog:\n  - {date: 2026-02-01, channel: zoom}\n---\n"}
    write_journal(tmp_path, files, plan=PLAN)
    journal, diagnostics = check(tmp_path)
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    (report,) = goal_reports(journal, analyze(journal, TODAY))
    assert [p.period.label for p in report.history][-1] == "2025-06"  # oldest: June 2025, the first entry's month
    assert len(report.history) == 9  # February 2026 back to June 2025


def test_goal_history_of_a_journal_without_dates_is_empty(tmp_path: Path) -> None:
    write_journal(tmp_path, {"contacts/ana.md": "---\nname: Ana\n---\n"}, plan=PLAN)
    journal, _ = check(tmp_path)
    (report,) = goal_reports(journal, analyze(journal, TODAY))
    assert report.history == ()


# -- sources ----------------------------------------------------------------------------


def test_sources_are_headed_by_their_kind_s_label(tmp_path: Path) -> None:
    files = {
        "sources.yml": "- {name: List, kind: mailing-list}\n- {name: Platform, kind: event-platform}\n- {name: Thing}\n"
    }
    page = _pages(tmp_path, files)["sources.md"]
    assert "## Mailing list" in page and "## Event platform" in page and "## Other" in page
    assert "## mailing-list" not in page
    page = _pages(tmp_path, files, language="id")["sources.md"]
    assert "## Milis" in page and "## Platform acara" in page and "## Lainnya" in page


# -- charts -------------------------------------------------------------------------------


def _texts(svg: str) -> list[tuple[float, str, str]]:
    return [(float(x), anchor or "start", text) for x, anchor, text in _TEXT.findall(svg)]


_TEXT = re.compile(r'<text class="jr-axis" x="([\d.]+)" y="[\d.]+"(?: text-anchor="(\w+)")?>([^<]*)</text>')


@pytest.mark.parametrize("count", [1, 2, 3, 12])
def test_bar_labels_have_room_however_few_the_bars(count: int) -> None:
    values = [(f"December {2000 + i}", float(i)) for i in range(count)]
    svg = bars(values, 2, "t", "c", Translator("en"))
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))  # type: ignore[union-attr]
    texts = _texts(svg)
    assert len(texts) == min(count, 2)
    (x0, _, first), *rest = texts
    assert x0 + text_width(first) <= width
    for x, anchor, last in rest:
        assert anchor == "end" and x0 + text_width(first) + 4 <= x - text_width(last) and x <= width


def test_the_mix_puts_each_label_above_its_bar() -> None:
    svg = mix([("zoom-meeting", 4), ("webinar", 1)], "Variety", Translator("en"), (2, 3))
    assert ">zoom-meeting<" in svg and ">other kinds (not published)<" in svg
    assert "4 kinds of event: zoom-meeting: 4, webinar: 1, other kinds (not published): 3" in svg
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))  # type: ignore[union-attr]
    assert width >= text_width("other kinds (not published)") and width <= 340  # fits a 390 px phone
    rows = re.findall(r'<text class="jr-axis" x="0" y="([\d.]+)">', svg)
    assert [float(b) - float(a) for a, b in itertools.pairwise(rows)] == [2 * FONT + 12] * 2


# -- a public build speaks to a visitor ------------------------------------------------------


PUBLIC_FILES = {
    "contacts/ana.md": "---\nname: Ana\n---\n",
    "organizations/acme.md": "---\nname: Acme\n---\n",
    "events/2026-03-02-a.md": "---\ntitle: A\nkind: webinar\nstart: 2026-03-02\nstatus: attended\n---\n",
    "events/2026-03-03-b.md": "---\ntitle: B\nkind: mixer\nstart: 2026-03-03\nstatus: attended\n---\n",
    "events/2026-03-04-c.md": (
        "---\ntitle: C\nkind: conference\nstart: 2026-03-04\nstatus: attended\npublic: true\n---\n"
    ),
    "events/2026-03-05-d.md": "---\ntitle: D\nkind: conference\nstart: 2026-03-05\nstatus: attended\n---\n",
    "reflections/2026-03-06-r.md": "---\ndate: 2026-03-06\ntitle: R\n---\n",
}
VARIETY_PLAN = PLAN + "  - {title: Variety, count: engagement-kinds, target: 3, per: quarter}\n"
SECTIONS = ["people/index.md", "organizations/index.md", "reflections/index.md", "topics/index.md", "sources.md"]


def test_empty_sections_speak_to_a_visitor(tmp_path: Path) -> None:
    public = _pages(tmp_path, PUBLIC_FILES, plan=VARIETY_PLAN, public=True)
    full = _pages(tmp_path, PUBLIC_FILES, plan=VARIETY_PLAN)
    for path in SECTIONS:
        assert "Nothing published yet." in public[path], path
        assert "journal/" not in public[path], path  # no instructions to the owner
        assert public[path].startswith(NAV_HIDDEN), path
        assert "journal_nav" not in full[path], path
    for path in ("followups.md", "events/index.md", "goals.md", "index.md", "history.md"):
        assert ("journal_nav" in public[path]) == (path in ("followups.md", "history.md")), path
    assert not [p for p, text in full.items() if "journal_nav" in text]
    event = public["events/2026-03-04-c.md"]
    assert "## People met\n\nNothing published yet." in event
    indonesian = _pages(tmp_path, PUBLIC_FILES, plan=VARIETY_PLAN, public=True, language="id")
    assert "Belum ada yang diterbitkan." in indonesian["people/index.md"]


def test_no_goals_in_a_public_build(tmp_path: Path) -> None:
    public = _pages(tmp_path, PUBLIC_FILES, plan="owner: Me\ntimezone: UTC\n", public=True)
    assert "Nothing published yet." in public["goals.md"] and "plan.yml" not in public["goals.md"]
    assert public["goals.md"].startswith(NAV_HIDDEN)


def test_the_variety_figure_agrees_with_the_goal(tmp_path: Path) -> None:
    public = _pages(tmp_path, PUBLIC_FILES, plan=VARIETY_PLAN, public=True)
    full = _pages(tmp_path, PUBLIC_FILES, plan=VARIETY_PLAN)
    for pages in (public, full):
        assert "| 3 of 3 |" in pages["index.md"]  # the goal: webinar, mixer, conference
        assert "3 kinds of event: " in pages["index.md"]
    assert "3 kinds of event: conference: 2, other kinds (not published): 2" in public["index.md"]
    assert "3 kinds of event: conference: 2, mixer: 1, webinar: 1" in full["index.md"]
    assert "webinar" not in public["index.md"] and "mixer" not in public["index.md"]


BUILD = [sys.executable, "-m", "builder", "build"]


def test_the_public_site_leaves_empty_sections_out_of_the_navigation(tmp_path: Path) -> None:
    write_journal(tmp_path, PUBLIC_FILES, plan=VARIETY_PLAN)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    sites = {}
    for name, flags in (("public", ["--public"]), ("full", [])):
        site = tmp_path / f"site-{name}"
        result = subprocess.run(
            [*BUILD, "--root", str(tmp_path), "--today", "2026-03-10", "--site-dir", str(site), *flags],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        sites[name] = site
    nav = re.compile(r'<a href="([^"#]*)" class="md-nav__link')

    def links(site: Path) -> set[str]:
        return set(nav.findall((site / "index.html").read_text("utf-8")))

    public, full = links(sites["public"]), links(sites["full"])
    for hidden in ("people/", "organizations/", "reflections/", "topics/", "sources/", "followups/"):
        assert hidden in full and hidden not in public, hidden
        assert (sites["public"] / hidden / "index.html").is_file()  # the page stays, for the links to it
    assert {"goals/", "events/"} <= public
