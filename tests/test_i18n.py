"""Every label the builder writes comes from the message catalogue, and the
shipped languages lack none of them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from builder import format as fmt
from builder.compute.followups import REASONS
from builder.render.i18n import CATALOGUES, LANGUAGES, Translator
from tests.conftest import REPO

RENDER = REPO / "builder" / "render"


def _messages() -> set[str]:
    found: set[str] = set()
    for template in (RENDER / "templates").glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        found |= {m.replace('\\"', '"') for m in re.findall(r'_\(\s*"((?:[^"\\]|\\.)*)"', text)}
        found |= set(re.findall(r'\("\w+", "([^"]+)"\)', text))  # (key, heading) pairs
        found |= set(re.findall(r'\("([A-Z][^"]+)", topic\.', text))
    for module in ("pages.py", "charts.py", "i18n.py", "week.py"):
        text = (RENDER / module).read_text(encoding="utf-8")
        found |= set(re.findall(r'(?:\btr|self\.tr|site\.tr|self|tr\.markup)\(\s*"((?:[^"\\]|\\.)*)"', text))
    found |= set(re.findall(r'"(\{count\} not published)"', (RENDER / "templates" / "goals.md.j2").read_text()))
    # journal review writes its reflection in the site's language: every tr("...") of builder/review.py
    review = (REPO / "builder" / "review.py").read_text(encoding="utf-8")
    found |= set(re.findall(r'\btr\(\s*"((?:[^"\\]|\\.)*)"', review))
    words = (
        fmt.RELATIONSHIPS
        + fmt.CHANNELS
        + fmt.ORGANIZATION_KINDS
        + fmt.EVENT_KINDS
        + fmt.EVENT_STATUSES
        + fmt.SOURCE_KINDS
        + fmt.GOAL_COUNTS
        + fmt.GOAL_PERIODS
        + REASONS
        + fmt.LINK_KEYS
        + ("day",)
    )
    found |= set(words)
    for unit in ("day", "week", "month", "year"):
        found |= {f"1 {unit}", f"{{count}} {unit}s"}
    return {m for m in found if not m.startswith("{") or " " in m}


def test_no_translation_is_missing() -> None:
    messages = _messages()
    assert len(messages) > 150  # the extraction itself works
    for language in LANGUAGES:
        if language == "en":
            continue
        missing = sorted(m for m in messages if m not in CATALOGUES[language])
        assert missing == [], f"{language} lacks {len(missing)}: {missing}"


def test_placeholders_match() -> None:
    for language, catalogue in CATALOGUES.items():
        for english, translated in catalogue.items():
            assert set(re.findall(r"\{\w+\}", english)) == set(re.findall(r"\{\w+\}", translated)), (language, english)


def test_dates_and_numbers_follow_the_language() -> None:
    en, id_ = Translator("en"), Translator("id")
    friday = date(2026, 11, 27)
    assert en.date_long(friday) == "Friday 27 November 2026"
    assert id_.date_long(friday) == "Jumat, 27 November 2026"
    assert id_.date(date(2026, 12, 2)) == "2 Des 2026"
    assert en.relative_day(date(2026, 11, 30), friday) == "in 3 days"
    assert id_.relative_day(date(2026, 11, 24), friday) == "3 hari lalu"
    assert id_.number(4.67) == "4,7" and en.number(4.67) == "4.7" and id_.number(6.0) == "6"
    assert id_.period("2026-Q4", "quarter", date(2026, 10, 1)) == "K4 2026"
    assert en.period("2026-W48", "week", date(2026, 11, 23)) == "week 48, 2026"
    assert id_.cadence("6w") == "6 minggu" and en.cadence("1m") == "1 month"
    assert Translator("fr")("Goals") == "Goals"  # unknown languages fall back to English
    assert Translator("id-ID")("Goals") == "Sasaran"


def test_the_example_in_indonesian(tmp_path: Path) -> None:
    shutil.copytree(REPO / "journal", tmp_path / "journal")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("language: en", "language: id")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--root", str(tmp_path), "--today", "2026-11-27"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    docs = tmp_path / "build" / "docs"
    pages = {str(p.relative_to(docs)): p.read_text(encoding="utf-8") for p in docs.rglob("*.md")}
    assert 'title: "Dasbor"' in pages["index.md"] and "## Sasaran periode ini" in pages["index.md"]
    assert "## Linimasa" in pages["people/siti-rahayu.md"] and "| Hubungan | mentor |" in pages["people/siti-rahayu.md"]
    assert "## Orang yang ditemui" in pages["events/2026-06-18-researchops-webinar.md"]
    # labels as the templates write them (the owner's own notes may say anything)
    english = [
        "## Goals this period",
        "## Timeline",
        "## People met",
        "| Last contact |",
        "### Overdue",
        "## Upcoming",
        "## Mentioned in",
        "| Relationship |",
        " days ago)",
        "in the last 12 months",
        "## No date",
        "*task*",
    ]
    leftovers = {page: [e for e in english if e in text] for page, text in pages.items()}
    assert {page: found for page, found in leftovers.items() if found} == {}
    site = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'lang="id"' in site
