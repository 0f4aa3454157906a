"""Every page kind on a desktop (1280 px) and on a phone (390 px), in
Chromium (``tests.conftest.find_chromium``): no page scrolls sideways (a
wide table or picture scrolls in its own box), the goals table keeps what is
done and the pace in view, and no two labels of a picture overlap, each
drawn at 11 px at least.

With ``JOURNAL_SHOTS=/some/folder`` set, the dashboard is also saved there
at both widths (``dashboard-1280.png``, ``dashboard-390.png``)::

    JOURNAL_SHOTS=/tmp/shots .venv/bin/python -m pytest tests/test_phone_layout.py -k dashboard
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.conftest import REPO, serve_folder

WIDTHS = (1280, 390)
PAGES = {
    "dashboard": "",
    "goals": "goals/",
    "followups": "followups/",
    "next actions": "next/",
    "people": "people/",
    "person": "people/siti-rahayu/",
    "organization": "organizations/lumen-health/",
    "event": "events/2026-06-18-researchops-webinar/",
    "reflection": "reflections/2026-11-21-seabridge-meetup-and-q4-review/",
    "topics": "topics/",
    "sources": "sources/",
    "history": "history/",
    "public dashboard": "public/",
    "public goals": "public/goals/",
}
CHARTS = {"dashboard", "goals", "person", "public dashboard", "public goals"}  # pages that have pictures
MIN_FONT = 11

# What the page measures: its width, and every SVG label's box and rendered size.
MEASURE = """() => {
  const labels = [...document.querySelectorAll("svg text")].map((t) => {
    const svg = t.ownerSVGElement;
    const box = t.getBoundingClientRect();
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return {text: t.textContent, x: box.x, y: box.y, w: box.width, h: box.height,
            size: parseFloat(getComputedStyle(t).fontSize) * scale, svg: [...document.querySelectorAll("svg")].indexOf(svg)};
  });
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth, labels: labels};
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example journal built (full, and public under ``public/``) and served; yields its base URL."""
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(REPO / "journal", root / "journal")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    command = [sys.executable, "-m", "builder", "build", "--root", str(root), "--today", "2026-11-27"]
    for flags in ([], ["--public", "--site-dir", str(root / "public-site")]):
        result = subprocess.run([*command, *flags], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    shutil.copytree(root / "public-site", root / "site" / "public")
    with serve_folder(root / "site") as url:
        yield url


def _overlaps(labels: list[dict[str, float]]) -> list[tuple[str, str]]:
    """Pairs of labels of one picture whose boxes overlap (by more than half a pixel)."""
    found = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if a["svg"] != b["svg"]:
                continue
            across = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            down = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if across > 0.5 and down > 0.5:
                found.append((str(a["text"]), str(b["text"])))
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_page_fits_and_its_labels_are_readable(site: str, browser: Browser, kind: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(site + PAGES[kind], wait_until="networkidle")
    found = page.evaluate(MEASURE)
    shots = os.environ.get("JOURNAL_SHOTS")
    if shots and kind == "dashboard":
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(shots) / f"dashboard-{width}.png"), full_page=True)
    page.close()
    assert found["scrollWidth"] <= found["innerWidth"], f"{kind} scrolls sideways at {width} px"
    labels = found["labels"]
    assert bool(labels) == (kind in CHARTS), kind
    small = [(label["text"], round(label["size"], 1)) for label in labels if label["size"] < MIN_FONT - 0.01]
    assert small == [], f"labels under {MIN_FONT} px"
    assert _overlaps(labels) == []


def test_the_goals_table_keeps_done_and_pace_in_view_on_a_phone(site: str, browser: Browser) -> None:
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(site, wait_until="networkidle")
        table = page.locator("table:has(.jr-bar)")
        assert table.count() == 1
        rows = table.locator("tbody tr")
        assert rows.count() >= 9
        for n in range(rows.count()):
            for cell in (3, 4):  # Done, Pace
                box = rows.nth(n).locator("td").nth(cell).bounding_box()
                assert box is not None and box["width"] > 0, (width, n, cell)
                assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, n, cell, box)
        # The header row is there for assistive technology, even where it is not drawn
        assert table.locator("thead th").all_inner_texts()[3:] == ["Done", "Pace"]
        page.close()


def test_wide_tables_scroll_in_their_own_box_on_a_phone(site: str, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(site + "people/", wait_until="networkidle")
    box = page.evaluate(
        """() => {
          const table = document.querySelector("article table");
          let box = table.parentElement;
          while (box && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
          const r = box.getBoundingClientRect();
          return {table: table.getBoundingClientRect().width, left: r.left, right: r.right, scroll: box.scrollWidth};
        }"""
    )
    page.close()
    assert box["table"] > 390  # five columns do not fit a phone...
    assert box["left"] >= 0 and box["right"] <= 390 and box["scroll"] > box["right"] - box["left"]  # ...so they scroll
