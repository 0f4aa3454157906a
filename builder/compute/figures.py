"""The computed journal: every figure of ``(journal, today, public)``,
computed once into one value that every view reads (the site's pages,
``journal followups`` and ``journal goals``, ``journal serve``'s refresh).

Goals are measured on the whole journal, whatever is published (a goal is
about what you did, not about what you show); everything else is computed
on the view: in a public build, the public view (``builder.privacy``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from builder.compute.activity import Activity, analyze
from builder.compute.followups import FollowUp, followups, keep_in_touch_due
from builder.compute.goals import Facts, GoalReport, goal_reports
from builder.compute.relations import Relations, relate
from builder.model import Journal
from builder.privacy import public_view, unpublished_slugs


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
    whole_facts: Facts  # the whole journal's dated facts, for goals
    reports: tuple[GoalReport, ...]  # every goal, on the whole journal
    relations: Relations  # of the view: links both ways, topics
    due: dict[str, date | None]  # each contact's next keep-in-touch date (view)


def compute_figures(journal: Journal, today: date, *, public: bool = False) -> Figures:
    """Every figure, once: the activity, follow-ups, goal reports, relations
    and due dates of ``journal`` as of ``today`` (``public``: of its public
    view, goals still on the whole)."""
    view = public_view(journal) if public else journal
    activity = analyze(view, today)
    whole_activity = analyze(journal, today) if public else activity
    facts = Facts(journal, whole_activity)
    return Figures(
        whole=journal,
        journal=view,
        today=today,
        public=public,
        unpublished=unpublished_slugs(journal) if public else frozenset(),
        activity=activity,
        followups=() if public else tuple(followups(view, activity)),
        whole_facts=facts,
        reports=tuple(goal_reports(journal, whole_activity, facts=facts)),
        relations=relate(view),
        due={slug: keep_in_touch_due(c, activity) for slug, c in view.contacts.items()},
    )
