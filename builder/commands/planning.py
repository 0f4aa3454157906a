"""``journal next`` and ``journal review``: what to do this week, and a
reflection on the week gone by."""

from __future__ import annotations

import argparse
import json

from builder.commands.reading import checked
from builder.compute.actions import Action, WeekPlan
from builder.compute.figures import compute_figures
from builder.console import column
from builder.model import Journal
from builder.names import plain_text
from builder.values import shown

LATER_SHOWN = 20  # later actions listed without --json


def _line(action: Action, journal: Journal) -> list[str]:
    """An action as two or three lines: when, what, who; the details; the command."""
    due = action.due.isoformat() if action.due else ""
    person = journal.contacts.get(action.contact or "")
    event = journal.events.get(action.event or "")
    who = person.name if person else event.title if event else ""
    text = shown(plain_text(action.text, journal.entry))
    lines = [f"{due:<10}  {action.kind:<14}  {action.minutes:>4} min  {column(shown(who), 20)}  {text}"]
    if action.minutes > 9999:  # an event of days: the column keeps its width, the line says it
        lines[0] = lines[0].replace(f"{action.minutes:>4} min", f"{action.minutes // 60:>3}h   ", 1)
    pad = " " * (10 + 2 + 14 + 2 + 8 + 2)
    lines += [f"{pad}- {shown(plain_text(d, journal.entry))}" for d in action.details]
    if action.goal:
        lines.append(f"{pad}for the goal: {shown(action.goal)}")
    where = f"{action.source.path}:{action.source.line}"
    if action.command is None:
        lines.append(f"{pad}({where})")
    elif where in action.command:
        lines.append(f"{pad}{action.command}")
    else:
        lines.append(f"{pad}{action.command}  ({where})")
    return lines


def _summary(week: WeekPlan) -> str:
    budget = f"{week.budget} min a week" + ("" if week.budgeted else " (no time_budget in the plan: 3h assumed)")
    return (
        f"This week ({week.week.label}): {len(week.this_week)} actions, {week.planned} min "
        f"of the {week.left} min left ({budget}; {week.spent} min logged so far)"
    )


def cmd_next(args: argparse.Namespace) -> int:
    """``journal next``: this week's actions within the time budget, then the rest."""
    journal, today = checked(args, "next")
    week = compute_figures(journal, today).week
    assert week is not None  # computed for every view but a public one
    actions = week.this_week if args.week else week.actions
    if args.json:
        print(json.dumps([a.as_json() for a in actions], ensure_ascii=False, indent=2))
        return 0
    print(_summary(week))
    if not week.this_week:
        if not week.actions:
            why = "nothing to do"
        elif not week.budget:
            why = "the plan's time budget is 0"
        elif not week.left:
            why = "the week's budget is spent"
        else:
            why = f"each takes more than the {week.left} min left"
        print(f"  nothing fits: {why}")
    for action in week.this_week:
        print("\n".join(_line(action, journal)))
    later = week.later
    if later and not args.week:
        print(f"\nLater ({len(later)}), when there is time:")
        for action in later[:LATER_SHOWN]:
            print("\n".join(_line(action, journal)))
        if len(later) > LATER_SHOWN:
            print(f"...and {len(later) - LATER_SHOWN} more (journal next --json lists them all)")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    """``journal review [--week W]``: write the week's review as a reflection
    (``builder.review``), unless one is written already: then print it.  The
    file goes through the editing session (the journal's lock, no error
    added, an atomic write that never replaces a file)."""
    import sys
    from datetime import date
    from pathlib import Path

    from builder.commands.editing import _edit
    from builder.compute.periods import period_of
    from builder.review import FOLDER, review_suffix, week_review
    from builder.sitegen import read_config

    class Reviewed(Exception):  # the week has a review already: its path
        pass

    config, _ = read_config(args.root)
    language = config.language if config is not None else "en"

    def make(journal: Journal, files: object, today: date) -> tuple[str, str, str]:
        week = period_of(args.week or today, "week")
        found = sorted(Path(args.root, FOLDER).rglob(f"*{review_suffix(week)}"))
        if found:
            raise Reviewed(found[0].relative_to(args.root).as_posix())
        review = week_review(journal, week.start, today, language)
        return review.rel, review.text, review.rel

    try:
        status = _edit(args, "review", make)
    except Reviewed as exc:
        rel = str(exc)
        print(f"journal review: the week has a review already (left as it is): {rel}", file=sys.stderr)
        print(rel)
        try:
            sys.stdout.write(Path(args.root, rel).read_text(encoding="utf-8", errors="replace"))
        except OSError as problem:
            print(f"journal review: {rel}: {problem.strerror or problem}", file=sys.stderr)
            return 1
        return 0
    if status == 0:
        print("journal review: fill in the headings, then commit", file=sys.stderr)
    return status
