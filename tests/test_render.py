"""Rendered pages: structure, links both ways, escaping, splitting."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import markdown
import pytest

from builder.build import render_site, site_files
from builder.check import check
from builder.render.body import render_body
from builder.render.context import RenderOptions
from builder.render.filters import attr, bar, md, relative
from builder.render.pages import group_letter
from tests.conftest import write_journal

TODAY = date(2026, 3, 10)
NASTY = "<script>alert(1)</script> | *bold* [x](y) `code` _u_ #1 &amp; \\"

FILES = {
    "contacts/ana.md": (
        "---\nname: Ana Lima\norganization: acme\nrelationship: mentor\ntopics: [UX Research]\n"
        "met: {date: 2026-01-05, at: 2026-01-05-webinar}\nkeep_in_touch: 30d\n"
        "links: {email: ana@example.org, website: 'https://example.org/a?b=1&c=2'}\n"
        "log:\n  - {date: 2026-02-01, channel: zoom, by: me, minutes: 30, note: 'Asked about <b>research</b>'}\n"
        "---\n# Notes heading\nSee [[acme]] and [[bo|Bo the peer]].\n<img src=x onerror=alert(1)>\n"
        "- [ ] Send the article to [[bo]] due:2026-03-12\n"
    ),
    "contacts/bo.md": "---\nname: " + repr(NASTY).replace("\\\\", "\\") + "\ntopics: [ux-research]\n---\n",
    "contacts/zoe.md": "---\nname: Zoë\nprivate: false\n---\n",
    "contacts/wang.md": "---\nname: 王磊\n---\n",
    "organizations/acme.md": "---\nname: Acme & Sons\nwebsite: https://example.org\nresearched: 2026-01-02\n---\nWe [[ana]].\n",
    "events/2026-01-05-webinar.md": (
        "---\ntitle: Webinar | one\nkind: webinar\nstart: 2026-01-05 19:00\nduration: 1h\nstatus: attended\n"
        "people: [ana, bo]\norganizations: [acme]\ntopics: [ux research]\n---\nAgenda.\n"
    ),
    "events/2026-03-15-mixer.md": "---\ntitle: Mixer\nkind: mixer\nstart: 2026-03-15\nstatus: registered\n---\n",
    "events/someday.md": "---\ntitle: Someday\n---\n",
    "reflections/2026-01-06-notes.md": (
        "---\ndate: 2026-01-06\ntitle: What I learned\npeople: [ana]\nevents: [2026-01-05-webinar]\n---\n"
        "## Learned\n\nListening to [[ana]].\n\n- [x] Thank her\n"
    ),
    "sources.yml": "- {name: A blog, kind: blog, url: 'https://example.org/blog', topics: [ux-research]}\n- {name: Forum}\n",
}
PLAN = "owner: Me\ntimezone: UTC\ntime_budget: 2h/week\ngoals:\n  - {title: Talk, count: people, target: 2}\n"


@pytest.fixture
def pages(tmp_path: Path) -> dict[str, str]:
    write_journal(tmp_path, FILES, plan=PLAN)
    journal, diagnostics = check(tmp_path)
    assert not diagnostics, diagnostics
    return render_site(journal, TODAY)


def test_every_page_kind_exists(pages: dict[str, str]) -> None:
    for path in [
        "index.md",
        "goals.md",
        "followups.md",
        "sources.md",
        "people/index.md",
        "people/ana.md",
        "people/wang.md",
        "organizations/index.md",
        "organizations/acme.md",
        "events/index.md",
        "events/2026-01-05-webinar.md",
        "reflections/index.md",
        "reflections/2026-01-06-notes.md",
        "topics/index.md",
        "topics/ux-research.md",
    ]:
        assert path in pages
        assert pages[path].startswith("---\ntitle: ")


def test_links_both_ways(pages: dict[str, str]) -> None:
    event = pages["events/2026-01-05-webinar.md"]
    assert "[Ana Lima](../people/ana.md)" in event
    assert "[What I learned](../reflections/2026-01-06-notes.md)" in event
    person = pages["people/ana.md"]
    assert "met at [Webinar &#124; one](../events/2026-01-05-webinar.md)" in person
    assert "reflection: [What I learned](../reflections/2026-01-06-notes.md)" in person
    assert "[Acme &#38; Sons](../organizations/acme.md)" in person  # organization, and "Mentioned in"
    org = pages["organizations/acme.md"]
    assert "[Ana Lima](../people/ana.md)" in org
    assert "[Webinar &#124; one](../events/2026-01-05-webinar.md)" in org
    topic = pages["topics/ux-research.md"]
    assert "[Ana Lima](../people/ana.md)" in topic and "(../events/2026-01-05-webinar.md)" in topic


def test_timeline_newest_first(pages: dict[str, str]) -> None:
    person = pages["people/ana.md"]
    timeline = person[person.index("## Timeline") :]
    days = re.findall(r"\*\*(\d+ \w+ \d{4})\*\*", timeline)
    assert days == ["1 Feb 2026", "6 Jan 2026", "5 Jan 2026"]


def test_dashboard_figures(pages: dict[str, str]) -> None:
    dash = pages["index.md"]
    # people this month (March): nobody; follow-ups: Ana's keep-in-touch was due 3 March (30d after 1 Feb)
    assert "| 0 of 2 |" in dash
    # this week's plan opens the page: Ana's keep-in-touch, the task, the mixer to prepare
    assert dash.index("## This week") < dash.index("## Goals this period")
    assert "**3 Mar 2026** (7 days ago) · Get in touch with [Ana Lima](people/ana.md)" in dash
    assert '`journal log ana --channel zoom "..."`' in dash
    assert "**12 Mar 2026** (in 2 days)" in dash  # the task, in the next 7 days
    assert "Prepare for [Mixer](events/2026-03-15-mixer.md)" in dash
    assert "[2 open follow-ups](followups.md) · 1 overdue · 1 due in the next 7 days" in dash
    assert "[Mixer](events/2026-03-15-mixer.md)" in dash  # upcoming within 14 days
    assert "0 h of 2 h budgeted this week (week 11, 2026)" in dash
    assert 'role="progressbar"' in dash


def test_followups_page_groups(pages: dict[str, str]) -> None:
    page = pages["followups.md"]
    assert (
        page.index("## Overdue (1)")  # Bo's follow-up after the January webinar is long missed
        < page.index("Get in touch with Ana Lima")
        < page.index("## Due in the next 7 days (1)")
    )
    assert "[Bo the peer]" not in page  # the task text links with the contact's name
    assert "Send the article to [" in page


def test_a_long_followups_list_says_how_many_it_leaves_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the limit, each group lists the most urgent and counts the rest
    (20,000 open follow-ups made a 3.9 MB page, rebuilt every day)."""
    monkeypatch.setattr("builder.render.pages.FOLLOWUPS_LIMIT", 2)
    tasks = "".join(f"- [ ] Task {n} due:2026-02-{n:02d}\n" for n in range(1, 6))
    write_journal(tmp_path, {"contacts/ana.md": "---\nname: Ana\n---\n" + tasks})
    journal, diagnostics = check(tmp_path)
    assert not diagnostics
    page = render_site(journal, TODAY)["followups.md"]
    assert "## Overdue (5)" in page
    assert "Task 1 " in page and "Task 2 " in page and "Task 3 " not in page
    assert "…and 3 more: `journal followups` lists them all" in page
    assert page.count("more: `journal followups`") == 1  # only the group that was cut
    person = render_site(journal, TODAY)["people/ana.md"]
    assert all(f"Task {n} " in person for n in range(1, 6))


def test_events_index_sections(pages: dict[str, str]) -> None:
    page = pages["events/index.md"]
    assert page.index("## Upcoming") < page.index("Mixer") < page.index("## Not yet scheduled")
    assert page.index("Someday") < page.index("## Past") < page.index("Webinar")


def _html(text: str) -> str:
    body = text.split("---\n", 2)[2]
    return markdown.markdown(body, extensions=["tables", "attr_list", "pymdownx.tasklist"])


def _text(html_fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_fragment))


def test_nasty_name_shows_as_typed(pages: dict[str, str]) -> None:
    for page in ("people/index.md", "people/bo.md", "followups.md", "events/2026-01-05-webinar.md"):
        rendered = _html(pages[page])
        assert "<script" not in rendered, page
        assert NASTY in _text(rendered), page
    rows = re.findall(r"<tr>.*?</tr>", _html(pages["people/index.md"]), re.S)
    assert len(rows) == 5 and all(row.count("<td") in (0, 5) for row in rows)  # the table keeps its columns
    assert pages["people/bo.md"].startswith('---\ntitle: "&lt;script&gt;')  # YAML string, HTML-escaped


def test_bodies_are_markdown_with_links_and_no_raw_html(pages: dict[str, str]) -> None:
    person = pages["people/ana.md"]
    assert "## Notes heading" in person  # demoted under the page title
    assert "[Bo the peer](bo.md)" in person
    out = _html(person)
    assert "<img" not in out and "&lt;img" in out
    assert "Asked about &lt;b&gt;research&lt;/b&gt;" in out or "Asked about &#60;b&#62;" in person
    assert 'type="checkbox"' in out and "(due 12 Mar 2026)" in out
    hrefs = [html.unescape(h) for h in re.findall(r'<a href="([^"]*)"', out)]
    assert "https://example.org/a?b=1&c=2" in hrefs


def test_sources_by_kind(pages: dict[str, str]) -> None:
    page = pages["sources.md"]
    assert page.index("## Blog") < page.index("A blog") < page.index("## Other") < page.index("Forum")


def test_split_by_letter_and_year(tmp_path: Path) -> None:
    write_journal(tmp_path, FILES, plan=PLAN)
    journal, _ = check(tmp_path)
    pages = render_site(journal, TODAY, RenderOptions(split_at=0))
    assert "people-by-letter/a.md" in pages and "people-by-letter/cjk.md" in pages
    assert "people-by-letter/z.md" in pages  # Zoë under Z
    assert "[A](../people-by-letter/a.md) (1)" in pages["people/index.md"]
    assert "events-by-year/2026.md" in pages
    assert "[Ana Lima](../people/ana.md)" in pages["people-by-letter/a.md"]


def test_group_letters() -> None:
    assert [group_letter(n) for n in ["ana", "Óscar", "Ольга", "王磊", "ليلى", "प्रिया", "3M", "", "Ελένη"]] == [
        "A",
        "O",
        "О",
        "CJK",
        "Arabic",
        "Devanagari",
        "#",
        "#",
        "Ε",
    ]


def test_topic_named_index_does_not_clash(tmp_path: Path) -> None:
    write_journal(tmp_path, {"contacts/a.md": "---\nname: A\ntopics: [Index]\n---\n"}, plan=PLAN)
    journal, _ = check(tmp_path)
    pages = render_site(journal, TODAY)
    assert "topics/index-topic.md" in pages and "topics/index.md" in pages


def test_assets_are_included(tmp_path: Path) -> None:
    write_journal(tmp_path, {}, plan=PLAN)
    journal, _ = check(tmp_path)
    files = site_files(journal, TODAY)
    assert b".jr-bar" in files["assets/journal.css"]  # type: ignore[operator]


def test_md_escape_and_relative_links() -> None:
    assert md("a|b") == "a&#124;b"
    assert md("- item") == "&#45; item"
    assert md("1. first") == "&#49;&#46; first"
    assert md("2.5") == "2.5"
    assert md("line\nbreak") == "line break"
    assert relative("people/王磊.md", "events/x.md") == "../people/%E7%8E%8B%E7%A3%8A.md"
    assert relative("goals.md", "index.md") == "goals.md"


def test_body_fence_left_alone_and_closed() -> None:
    out = render_body("```\n[[ana]] <b>\n# h", "p.md", lambda s: ("Ana", "people/ana.md"))
    assert out == "```\n[[ana]] <b>\n# h\n```"


def test_people_with_roles_each_on_a_line_of_their_own(tmp_path: Path) -> None:
    # Regression: the templates ran "- [A](a.md), Role- [B](b.md), Role" into one list item.
    files = {
        "contacts/a.md": "---\nname: A\norganization: org\nrole: Designer\n---\n",
        "contacts/b.md": "---\nname: B\norganization: org\nrole: Researcher\n---\n",
        "organizations/org.md": "---\nname: Org\n---\n",
        "events/2026-01-05-call.md": "---\ntitle: Call\nstart: 2026-01-05\nstatus: attended\npeople: [a, b]\n---\n",
    }
    write_journal(tmp_path, files, plan=PLAN)
    journal, diagnostics = check(tmp_path)
    assert not diagnostics, diagnostics
    rendered = render_site(journal, TODAY)
    expected = "\n\n- [A](../people/a.md), Designer\n- [B](../people/b.md), Researcher\n"
    assert "## People met" + expected in rendered["events/2026-01-05-call.md"]
    assert "## People" + expected in rendered["organizations/org.md"]


@pytest.mark.parametrize(
    "label", ["[x](javascript:alert(1))", 'a "quoted" <b> & *c* _d_ `e` | {f}', "[r]: javascript:x"]
)
def test_an_attribute_in_markdown_shows_as_typed_and_makes_no_markup(label: str) -> None:
    out = markdown.markdown(f"| a |\n| --- |\n| {bar(0.5, label)} |\n\n{bar(0.5, label)}\n", extensions=["tables"])
    assert "<a" not in out and "<b>" not in out and "<em>" not in out and "<code>" not in out
    assert f'aria-label="{attr(label)}"' in out
    assert out.count('role="progressbar"') == 2
    assert html.unescape(str(attr(label))) == " ".join(label.split())
