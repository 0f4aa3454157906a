"""Pictures drawn at build time as inline SVG: no script, no request, and
readable in Material's light and dark palettes (colours come from its CSS
variables through the classes in ``assets/journal.css``).

Each picture is an ``<svg role="img">`` with a ``<title>`` that says in words
what it shows, and the page states the same figures in text next to it.  The
SVG sits in a ``<figure>``, a block that Markdown passes through untouched.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from markupsafe import Markup

from builder.render.i18n import Translator

CELL, GAP = 10, 2  # activity calendar squares
# Labels are drawn at FONT px (``.jr-axis`` in journal.css) and the pictures are
# never scaled down (a wide one scrolls in its own box), so every label is at
# least FONT px on any screen.  Layout reserves room for a label by a generous
# estimate of its width, so that no two labels overlap.
FONT = 11
_WIDE = frozenset("MWmw@%")


def text_width(text: str) -> float:
    """An upper estimate of ``text``'s width in px at FONT px, in the sans-serif
    fonts a browser falls back to (no web font is loaded)."""
    return sum(0.95 if c in _WIDE else 0.75 if c.isupper() else 0.62 for c in text) * FONT


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _figure(svg: str, caption: str, css: str) -> Markup:
    # One line with no blank lines inside: Python-Markdown keeps a raw HTML
    # block only up to the first blank line.
    # data-search-exclude: the pictures' labels are not text to search (Material's search skips them).
    return Markup(
        f'<figure class="jr-chart {css}" data-search-exclude>{svg}<figcaption>{_esc(caption)}</figcaption></figure>'
    )


def _level(count: int, peak: int) -> int:
    if count <= 0:
        return 0
    if peak <= 4:
        return min(4, count)
    return min(4, 1 + (count - 1) * 4 // peak)


def calendar_start(today: date) -> date:
    """The first day an activity calendar drawn on ``today`` shows: the
    Monday of the week a year ago (it moves on Mondays only)."""
    start = today - timedelta(days=364)
    return start - timedelta(days=start.weekday())


def activity_calendar(counts: Mapping[date, int], today: date, tr: Translator, uid: str = "a") -> Markup:
    """A year of activity as a square per day, like a contributions calendar.

    Only active days are drawn one by one; the empty grid is a single
    rectangle filled with a pattern, so the picture stays small even on a
    page per person.
    """
    start = calendar_start(today)
    weeks = (today - start).days // 7 + 1
    left = round(max(text_width(tr.weekday_short(row)) for row in (0, 2, 4))) + 6
    top = FONT + 7
    width, height = left + weeks * (CELL + GAP), top + 7 * (CELL + GAP)
    days = {d: n for d, n in counts.items() if start <= d <= today and n > 0}
    peak = max(days.values(), default=0)
    total = sum(days.values())
    summary = tr("{count} interactions on {days} days in the last 12 months", count=total, days=len(days))
    label = f"{tr('Activity over the last 12 months')}: {summary}"
    pattern = f"jr-grid-{uid}"
    parts = [
        f'<svg class="jr-calendar" role="img" aria-label="{_esc(label)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_esc(label)}</title>",
        f'<defs><pattern id="{pattern}" width="{CELL + GAP}" height="{CELL + GAP}" patternUnits="userSpaceOnUse">'
        f'<rect class="jr-l0" width="{CELL}" height="{CELL}" rx="2"/></pattern></defs>',
        f'<rect x="{left}" y="{top}" width="{weeks * (CELL + GAP)}" height="{7 * (CELL + GAP)}" '
        f'fill="url(#{pattern})"/>',
    ]
    for row in (0, 2, 4):  # every other weekday: a label is taller than a row
        y = top + row * (CELL + GAP) + CELL - 1
        parts.append(f'<text class="jr-axis" x="0" y="{y}">{_esc(tr.weekday_short(row))}</text>')
    month = None
    free_from = 0.0  # where the next month's label may start
    for week in range(weeks):
        first = start + timedelta(weeks=week)
        if first.month != month and first.day <= 7:
            month = first.month
            x = left + week * (CELL + GAP)
            name = tr.month_short(first.month)
            if x >= free_from and x + text_width(name) <= width:
                parts.append(f'<text class="jr-axis" x="{x}" y="{FONT + 1}">{_esc(name)}</text>')
                free_from = x + text_width(name) + 4
    for day, count in sorted(days.items()):
        offset = (day - start).days
        x = left + (offset // 7) * (CELL + GAP)
        y = top + (offset % 7) * (CELL + GAP)
        if count == 1:
            tip = tr("{date}: 1 interaction", date=tr.date(day))
        else:
            tip = tr("{date}: {count} interactions", date=tr.date(day), count=count)
        parts.append(
            f'<rect class="jr-l{_level(count, peak)}" x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="2">'
            f"<title>{_esc(tip)}</title></rect>"
        )
    parts.append("</svg>")
    return _figure("".join(parts), summary, "jr-chart--calendar")


def bars(
    values: Sequence[tuple[str, float]],
    target: float | None,
    title: str,
    caption: str,
    tr: Translator,
    met: Sequence[bool] | None = None,
) -> Markup:
    """Vertical bars (oldest first) with an optional target line: goal history,
    hours per week.  The first and last labels are written under the bars,
    with room for both side by side however few the bars."""
    bar_w, gap, h, bottom, left = 14, 4, 60, FONT + 6, 4
    peak = max([v for _, v in values] + [target or 0, 1])
    first, last = values[0][0] if values else "", values[-1][0] if values else ""
    labels = text_width(first) + (text_width(last) + 12 if len(values) > 1 else 0)
    width = round(max(left + len(values) * (bar_w + gap), left + labels))
    height = h + bottom
    parts = [
        f'<svg class="jr-bars" role="img" aria-label="{_esc(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{_esc(title)}</title>'
    ]
    for i, (label, value) in enumerate(values):
        bh = round(h * value / peak, 1)
        x = left + i * (bar_w + gap)
        state = " jr-bar-met" if met is not None and met[i] else ""
        parts.append(
            f'<rect class="jr-column{state}" x="{x}" y="{h - bh}" width="{bar_w}" height="{bh}">'
            f"<title>{_esc(label)}: {_esc(tr.number(value))}</title></rect>"
        )
    if target:
        y = round(h - h * target / peak, 1)
        parts.append(f'<line class="jr-target" x1="0" x2="{width}" y1="{y}" y2="{y}"/>')
    parts.append(f'<text class="jr-axis" x="{left}" y="{height - 3}">{_esc(first)}</text>')
    if len(values) > 1:
        parts.append(f'<text class="jr-axis" x="{width}" y="{height - 3}" text-anchor="end">{_esc(last)}</text>')
    parts.append("</svg>")
    return _figure("".join(parts), caption, "jr-chart--bars")


def mix(counts: Sequence[tuple[str, int]], title: str, tr: Translator, hidden: tuple[int, int] = (0, 0)) -> Markup:
    """Horizontal bars: how many events of each kind (variety of engagement),
    each kind's label on a line of its own above its bar, so that a long
    label needs no room beside the bars.  ``hidden``: (kinds, events) of
    kinds that may not be named (a public build), drawn as one bar."""
    rows = [(tr.word(kind), n) for kind, n in counts]
    hidden_kinds, hidden_events = hidden
    if hidden_kinds:
        rows.append((tr("other kinds (not published)"), hidden_events))
    row, bar_h, bar_max = 2 * FONT + 12, FONT - 2, 220
    peak = max([n for _, n in rows] + [1])
    width = round(max([bar_max + text_width(str(peak)) + 8] + [text_width(label) for label, _ in rows]))
    height = row * len(rows)
    kinds = len(counts) + hidden_kinds
    listed = ", ".join(f"{label}: {n}" for label, n in rows)
    if kinds == 1:
        caption = tr("1 kind of event: {list}", list=listed)
    else:
        caption = tr("{count} kinds of event: {list}", count=kinds, list=listed)
    parts = [
        f'<svg class="jr-mix" role="img" aria-label="{_esc(title)}: {_esc(caption)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{_esc(title)}</title>'
    ]
    for i, (label, n) in enumerate(rows):
        y = i * row
        w = round(bar_max * n / peak, 1)
        parts.append(f'<text class="jr-axis" x="0" y="{y + FONT}">{_esc(label)}</text>')
        parts.append(f'<rect class="jr-column" x="0" y="{y + FONT + 5}" width="{w}" height="{bar_h}"/>')
        parts.append(f'<text class="jr-axis" x="{w + 4}" y="{y + 2 * FONT + 3}">{n}</text>')
    parts.append("</svg>")
    return _figure("".join(parts), caption, "jr-chart--mix")
