"""The built site in a real browser (Chromium, driven by Playwright; see
``tests.conftest.find_chromium``):
every page kind loads without console errors, asks nothing of other hosts,
passes axe-core's serious and critical checks, and the main paths work."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import REPO, npm_package, serve_folder

SCREENSHOTS = REPO / "build" / "screenshots"
AXE_VERSION = "4.10.3"

PAGES = {
    "dashboard": "",
    "goals": "goals/",
    "followups": "followups/",
    "people": "people/",
    "person": "people/siti-rahayu/",
    "organizations": "organizations/",
    "organization": "organizations/lumen-health/",
    "events": "events/",
    "event": "events/2026-06-18-researchops-webinar/",
    "reflections": "reflections/",
    "reflection": "reflections/2026-11-21-seabridge-meetup-and-q4-review/",
    "topics": "topics/",
    "topic": "topics/research-operations/",
    "sources": "sources/",
}


def _axe() -> Path:
    return npm_package("axe-core", AXE_VERSION, "axe.min.js") / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example journal built and served on localhost; yields its base URL."""
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(REPO / "journal", root / "journal")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    result = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--root", str(root), "--today", "2026-11-27"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_folder(root / "site") as url:
        yield url


class Visit:
    """A page opened with its console errors and requests recorded."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.page: Page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url, wait_until="networkidle")

    def foreign(self) -> list[str]:
        return [u for u in self.requests if urlsplit(u).hostname not in ("127.0.0.1", "localhost", None)]


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_kind(site: str, browser: Browser, kind: str) -> None:
    visit = Visit(browser, site + PAGES[kind])
    page = visit.page
    assert page.locator("h1").first.is_visible()
    page.add_script_tag(path=str(_axe()))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], json.dumps(serious, indent=1)
    assert visit.errors == []
    assert visit.foreign() == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{kind}.png"), full_page=True)
    page.close()


def test_dashboard_shows_progress_and_activity(site: str, browser: Browser) -> None:
    page = Visit(browser, site).page
    bars = page.locator("[role=progressbar]")
    assert bars.count() >= 9
    assert bars.first.get_attribute("aria-valuenow") == "100"
    calendar = page.locator("svg.jr-calendar")
    assert calendar.is_visible()
    assert "interactions on" in (calendar.get_attribute("aria-label") or "")
    assert page.locator("svg.jr-calendar rect.jr-l1, svg.jr-calendar rect.jr-l2").count() > 10
    page.close()


def test_search_finds_a_person(site: str, browser: Browser) -> None:
    page = Visit(browser, site).page
    page.locator(".md-search__input").first.click()
    page.keyboard.type("Siti Rahayu")
    result = page.locator(".md-search-result__item a[href*='people/siti-rahayu']").first
    result.wait_for(timeout=10_000)
    result.click()
    page.wait_for_url("**/people/siti-rahayu/**")
    assert page.locator("h1").first.inner_text().rstrip("¶") == "Siti Rahayu"
    page.close()


def test_follow_up_leads_to_the_person(site: str, browser: Browser) -> None:
    page = Visit(browser, site + "followups/").page
    link = page.locator("article li a[href*='people/putri-handayani']").first
    link.click()
    page.wait_for_url("**/people/putri-handayani/**")
    assert "Putri Handayani" in page.locator("h1").first.inner_text()
    page.close()
