"""Calendar periods of goals and budgets: days, ISO weeks (Monday first), months, quarters, years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from builder.values import add_months

PERIOD_KINDS = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A calendar period: ``start`` is its first day, ``end`` its last."""

    start: date
    end: date
    kind: str

    @property
    def label(self) -> str:
        """``2026-11-27``, ``2026-W48``, ``2026-11``, ``2026-Q4`` or ``2026``."""
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}"

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def previous(self) -> Period:
        """The period just before this one."""
        return period_of(self.start - timedelta(days=1), self.kind)

    def elapsed_fraction(self, today: date) -> float:
        """Share of the period that has passed by the end of ``today``."""
        if today < self.start:
            return 0.0
        if today > self.end:
            return 1.0
        return ((today - self.start).days + 1) / self.days


def period_of(day: date, kind: str) -> Period:
    """The period of ``kind`` that contains ``day``."""
    if kind == "day":
        return Period(day, day, kind)
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return Period(start, start + timedelta(days=6), kind)
    if kind == "month":
        start = day.replace(day=1)
    elif kind == "quarter":
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    elif kind == "year":
        start = date(day.year, 1, 1)
    else:
        raise ValueError(f"unknown period kind {kind!r}")
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    return Period(start, add_months(start, months) - timedelta(days=1), kind)


def periods_back(current: Period, count: int) -> list[Period]:
    """``current`` and the ``count - 1`` periods before it, newest first."""
    out = [current]
    while len(out) < count:
        out.append(out[-1].previous())
    return out
