from datetime import date

import pytest

from builder.compute.periods import period_of, periods_back


@pytest.mark.parametrize(
    ("day", "kind", "start", "end", "label"),
    [
        (date(2026, 11, 27), "week", date(2026, 11, 23), date(2026, 11, 29), "2026-W48"),
        (date(2026, 11, 23), "week", date(2026, 11, 23), date(2026, 11, 29), "2026-W48"),  # Monday
        (date(2026, 11, 29), "week", date(2026, 11, 23), date(2026, 11, 29), "2026-W48"),  # Sunday
        (date(2027, 1, 1), "week", date(2026, 12, 28), date(2027, 1, 3), "2026-W53"),  # ISO year differs
        (date(2026, 11, 27), "month", date(2026, 11, 1), date(2026, 11, 30), "2026-11"),
        (date(2028, 2, 29), "month", date(2028, 2, 1), date(2028, 2, 29), "2028-02"),  # leap day
        (date(2026, 12, 31), "quarter", date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
        (date(2026, 1, 1), "quarter", date(2026, 1, 1), date(2026, 3, 31), "2026-Q1"),
        (date(2026, 7, 4), "year", date(2026, 1, 1), date(2026, 12, 31), "2026"),
        (date(2026, 7, 4), "day", date(2026, 7, 4), date(2026, 7, 4), "2026-07-04"),
    ],
)
def test_period_of(day: date, kind: str, start: date, end: date, label: str) -> None:
    period = period_of(day, kind)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert day in period


def test_elapsed_fraction_counts_today() -> None:
    november = period_of(date(2026, 11, 1), "month")
    assert november.elapsed_fraction(date(2026, 11, 1)) == pytest.approx(1 / 30)
    assert november.elapsed_fraction(date(2026, 11, 15)) == pytest.approx(0.5)
    assert november.elapsed_fraction(date(2026, 10, 31)) == 0.0
    assert november.elapsed_fraction(date(2026, 12, 1)) == 1.0


def test_periods_back_crosses_years() -> None:
    labels = [p.label for p in periods_back(period_of(date(2026, 2, 10), "month"), 4)]
    assert labels == ["2026-02", "2026-01", "2025-12", "2025-11"]
    labels = [p.label for p in periods_back(period_of(date(2026, 1, 2), "week"), 2)]
    assert labels == ["2026-W01", "2025-W52"]
    labels = [p.label for p in periods_back(period_of(date(2026, 2, 10), "quarter"), 2)]
    assert labels == ["2026-Q1", "2025-Q4"]
