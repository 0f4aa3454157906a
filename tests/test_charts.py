"""The pictures are well-formed SVG with their figures in words, and no script."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from builder.render.charts import activity_calendar, bars, mix
from builder.render.i18n import Translator

EN = Translator("en")
SVG = "{http://www.w3.org/2000/svg}"


def _svg(markup: str) -> ET.Element:
    inner = re.search(r"<svg.*</svg>", markup, re.S)
    assert inner is not None
    return ET.fromstring(inner.group(0))


def test_activity_calendar() -> None:
    today = date(2026, 11, 27)
    counts = {today: 3, today - timedelta(days=1): 1, today - timedelta(days=400): 5, today - timedelta(days=30): 0}
    markup = activity_calendar(counts, today, EN, "x")
    assert markup.startswith('<figure class="jr-chart jr-chart--calendar" data-search-exclude>')
    assert "\n\n" not in markup  # one raw HTML block for Markdown
    svg = _svg(markup)
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == "Activity over the last 12 months: 4 interactions on 2 days in the last 12 months"
    days = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [r.find(f"{SVG}title").text for r in days] == ["26 Nov 2026: 1 interaction", "27 Nov 2026: 3 interactions"]  # type: ignore[union-attr]
    assert {r.get("class") for r in days} == {"jr-l1", "jr-l3"}
    assert "<script" not in markup and "href" not in markup.replace('fill="url(#jr-grid-x)"', "")
    assert "4 interactions on 2 days in the last 12 months</figcaption>" in markup


def test_bars_and_mix_escape_labels() -> None:
    markup = bars([("<b>a</b>", 2.0), ("b & c", 4.5)], 3, 'Goal "x" <y>', "caption <z>", EN, [False, True])
    svg = _svg(markup)
    columns = [r for r in svg.iter(f"{SVG}rect")]
    assert [c.get("class") for c in columns] == ["jr-column", "jr-column jr-bar-met"]
    assert float(columns[1].get("height") or 0) > float(columns[0].get("height") or 0)
    assert svg.find(f"{SVG}line") is not None  # the target
    assert "<b>" not in markup and "caption &lt;z&gt;" in markup
    kinds = mix([("webinar", 3), ("job-fair", 1)], "Variety", Translator("id"))
    assert "bursa kerja: 1" in kinds and ET.fromstring(re.search(r"<svg.*</svg>", kinds, re.S).group(0)) is not None  # type: ignore[union-attr]
