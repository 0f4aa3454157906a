"""The computed journal: every figure of ``(journal, today, public)``,
computed once into one value that every view reads (the site's pages,
``journal followups`` and ``journal goals``, ``journal serve``'s refresh).

Goals are measured on the whole journal, whatever is published (a goal is
about what you did, not about what you show); everything else is computed
on the view: in a public build, the public view (``builder.privacy``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from builder.compute.actions import WEEKS_PER, WeekPlan, plan_week, week_budget
from builder.compute.activity import Activity, analyze, event_minutes
from builder.compute.followups import FollowUp, keep_in_touch_due, split_followups
from builder.compute.goals import Facts, GoalReport, goal_reports, hours_in
from builder.compute.method import Method, method
from builder.compute.periods import Period, period_of
from builder.compute.relations import Relations, relate
from builder.model import Journal
from builder.privacy import public_view, unpublished_slugs

WEEKS_SHOWN = 12  # weeks of hours on the dashboard


@dataclass(frozen=True, slots=True)
class TimeSpent:
    """Hours spent in the budget's current period, against the budget."""

    period: Period
    spent: float  # hours
    budget: float  # hours
    expected: float  # hours: the budget's share of the period gone by

    @property
    def fraction(self) -> float:
        """Spent over budget (1 when the budget is zero)."""
        return self.spent / self.budget if self.budget else 1.0


@dataclass(frozen=True, slots=True)
class Figures:
    """What the computations found, for one journal, day and view."""

    whole: Journal  # everything, as loaded
    journal: Journal  # what is shown: the whole journal, or its public view
    today: date
    public: bool
    unpublished: frozenset[str]  # slugs no page of a public build may name
    activity: Activity  # of the view
    followups: tuple[FollowUp, ...]  # of the view; none in a public build
    missed: tuple[FollowUp, ...]  # after-event follow-ups past the plan's window (view); none in a public build
    week: WeekPlan | None  # what to do this week; None in a public build
    method: Method | None  # the method at a glance, last 90 days; None in a public build
    whole_facts: Facts  # the whole journal's dated facts, for goals
    reports: tuple[GoalReport, ...]  # every goal, on the whole journal
    relations: Relations  # of the view: links both ways, topics
    due: dict[str, date | None]  # each contact's next keep-in-touch date (view)
    event_minutes: dict[str, int | None]  # each event's length (view)
    time_spent: TimeSpent | None  # None without a time budget
    weekly_hours: tuple[tuple[Period, float], ...]  # the last WEEKS_SHOWN weeks (with a time budget)
    weekly_target: float  # the budget's share of a week, in hours
    kinds_this_quarter: tuple[tuple[str, int], ...]  # events attended by kind, most first (view)


def compute_figures(journal: Journal, today: date, *, public: bool = False) -> Figures:
    """Every figure, once: the activity, follow-ups, goal reports, relations
    and due dates of ``journal`` as of ``today`` (``public``: of its public
    view, goals still on the whole)."""
    view = public_view(journal) if public else journal
    activity = analyze(view, today)
    whole_activity = analyze(journal, today) if public else activity
    facts = Facts(journal, whole_activity)
    budget = journal.plan.time_budget
    time_spent: TimeSpent | None = None
    weekly: tuple[tuple[Period, float], ...] = ()
    target = 0.0
    if budget is not None:
        period = period_of(today, budget.per)
        hours = budget.minutes / 60
        time_spent = TimeSpent(period, hours_in(period, facts), hours, hours * period.elapsed_fraction(today))
        weeks = [period_of(today - timedelta(weeks=n), "week") for n in range(WEEKS_SHOWN - 1, -1, -1)]
        weekly = tuple((week, hours_in(week, facts)) for week in weeks)
        target = hours * WEEKS_PER[budget.per]
    open_items, missed = ([], []) if public else split_followups(view, activity)
    reports = tuple(goal_reports(journal, whole_activity, facts=facts))
    due = {slug: keep_in_touch_due(c, activity) for slug, c in view.contacts.items()}
    week_minutes = week_budget(journal) if budget is not None else None
    quarter = period_of(today, "quarter")
    kinds = Counter(
        view.events[slug].kind or "other" for slug in activity.attended if activity.event_days[slug] in quarter
    )
    return Figures(
        whole=journal,
        journal=view,
        today=today,
        public=public,
        unpublished=unpublished_slugs(journal) if public else frozenset(),
        activity=activity,
        followups=tuple(open_items),
        missed=tuple(missed),
        week=None if public else plan_week(journal, activity, facts, open_items, reports),
        method=None if public else method(journal, activity, facts, reports, due, week_minutes),
        whole_facts=facts,
        reports=reports,
        relations=relate(view),
        due=due,
        event_minutes={slug: event_minutes(e) for slug, e in view.events.items()},
        time_spent=time_spent,
        weekly_hours=weekly,
        weekly_target=target,
        kinds_this_quarter=tuple(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
