"""The search index a phone can load: entry pages by title and a summary,
other pages by their headings and first words, unless
``extra.journal.search: full`` (builder.sitegen.summarized)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from builder import sitegen
from builder.cli import main
from builder.sitegen import SUMMARY_LENGTH, summarized
from tests.conftest import REPO


def test_entry_pages_keep_their_title_and_a_summary() -> None:
    long_list = "<ul>" + "<li>a follow-up</li>" * 500 + "</ul>"
    entries = [
        {"location": "", "title": "Dashboard", "text": "<p>All of it</p>"},
        {"location": "people/", "title": "People", "text": "<p>Every name</p>"},
        {
            "location": "people/ana/",
            "title": "Ana",
            "text": "<p>In the journal since 1 Jan.</p> <p>Researcher &amp; co " + "x " * 200 + "</p>",
        },
        {"location": "people/ana/#notes", "title": "Notes", "text": "<p>long notes</p>"},
        {"location": "events/2026-01-05-webinar/", "title": "Webinar", "text": "<p>Only one paragraph</p>"},
        {"location": "followups/#overdue-20000", "title": "Overdue (20000)", "text": long_list},
    ]
    out = summarized(entries)
    assert [e["location"] for e in out] == [
        "",
        "people/",
        "people/ana/",
        "events/2026-01-05-webinar/",
        "followups/#overdue-20000",
    ]
    assert len(out[4]["text"]) <= SUMMARY_LENGTH + 1  # a list of 20,000 follow-ups was 2 MB of the index
    assert [out[0]["text"], out[1]["text"]] == ["All of it", "Every name"]  # other pages: their first words too
    ana = out[2]["text"]
    assert ana.startswith("Researcher &amp; co x") and ana.endswith("…") and len(ana) <= SUMMARY_LENGTH + 8
    assert "<" not in ana and "In the journal since" not in ana
    assert out[3]["text"] == "Only one paragraph"


def _index(root: Path) -> dict[str, str]:
    data = json.loads((root / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {d["location"]: d["text"] for d in data["docs"]}


def test_the_built_index_and_the_full_one(tmp_path: Path) -> None:
    shutil.copytree(REPO / "journal", tmp_path / "journal")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert main(["build", "--root", str(tmp_path), "--today", "2026-12-01"]) == 0
    summary = _index(tmp_path)
    assert "people/siti-rahayu/#notes" not in summary
    assert summary["people/siti-rahayu/"].startswith("Head of UX Research at Nusantara Digital")
    assert "\nextra:" not in config  # the example sets none of extra's keys
    (tmp_path / "mkdocs.yml").write_text(config + "\nextra:\n  journal:\n    search: full\n", encoding="utf-8")
    assert main(["build", "--root", str(tmp_path), "--today", "2026-12-01"]) == 0
    full = _index(tmp_path)
    assert "people/siti-rahayu/#notes" in full and len(full) > len(summary)


def test_a_search_setting_that_is_none_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(REPO / "journal", tmp_path / "journal")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8") + "\nextra:\n  journal:\n    search: everything\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert main(["build", "--root", str(tmp_path), "--today", "2026-12-01"]) == 1
    assert "extra.journal.search must be summary or full" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ('<h1 id="ana">Ana</h1><p>Since 2020.</p><h2 id="notes">Notes</h2><p>x</p>', 2),  # cut at the second
        ('<p>Preface.</p><h1 id="ana">Ana</h1><p>x</p>', 1),  # after a preface the first heading opens a section
        ('<h1 id="ana">Ana</h1><h2>No id</h2><p>x</p><h3 data-id="x">Data</h3>', 0),  # no second section
        ('<h1 id="ana">Ana</h1><p>x</p><H2 class="c" id="n">N</H2>', 2),
    ],
)
def test_an_entry_pages_first_section_ends_where_the_search_parser_starts_another(html: str, kept: int) -> None:
    cut = sitegen._first_section(html)
    assert html.startswith(cut)
    if kept:
        assert len(re.findall(r"<h[1-6]", cut, re.I)) == (kept - 1)
    else:
        assert cut == html


def test_reading_only_the_first_section_indexes_entry_pages_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search parser reads an entry page only up to its second section
    (the rest is left out of the index anyway): the index is the same."""
    indexes = []
    for whole in (False, True):
        root = tmp_path / f"whole-{whole}"
        root.mkdir()
        shutil.copytree(REPO / "journal", root / "journal")
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        if whole:
            monkeypatch.setattr(sitegen, "_first_section", lambda content: content)
        assert main(["build", "--root", str(root), "--today", "2026-11-27", "--no-cache"]) == 0
        indexes.append((root / "site" / "search" / "search_index.json").read_bytes())
    assert indexes[0] == indexes[1]
