"""``journal review``: a reflection on one ISO week, written from the figures.

A pure function of ``(journal, week, today, language)``: no file is read or
written here (``builder.commands.planning.cmd_review`` does that, through
the editing session).  The review holds

- the week's numbers against the plan: interactions, the people talked to,
  who started each conversation, events attended, time against the weekly
  budget and the goals' states, computed as of the end of the week (its
  Sunday, or today while the week is not over): the week's figures, not
  today's;
- who was talked to and events attended, each linked as ``[[slug]]``;
- the listening prompts as headings to fill in;
- the actions of the week after (``WeekPlan.this_week`` as of its Monday,
  or of today once that Monday has passed) as ``- [ ]`` tasks, each due on
  the action's day or else on that day.

Every person and event it names is a ``[[slug]]`` link, and the front matter
lists them (``people``, ``events``).  Every sentence goes through the
``Translator`` of the site's language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from builder.compute.actions import Action, week_budget
from builder.compute.activity import Touch
from builder.compute.figures import Figures, compute_figures
from builder.compute.goals import Progress, hours_in
from builder.compute.periods import Period, period_of
from builder.markdown import WIKILINK
from builder.model import Journal
from builder.render.filters import md
from builder.render.i18n import Translator
from builder.render.week import Phrasing

FOLDER = "journal/reflections"
REVIEW_FILE = re.compile(r"week-review-\d{4}-w\d{2}\.md$")  # how every review's file name ends
STATES = ("met", "on pace", "behind", "missed")  # the order goals are listed in


@dataclass(frozen=True, slots=True)
class Review:
    """A week's review: where it goes and what it says."""

    rel: str  # the file, relative to the repository's root
    text: str
    week: Period
    day: date  # the reflection's date: the week's Sunday, or today while the week is not over
    people: tuple[str, ...]  # the contacts it names, in order of appearance
    events: tuple[str, ...]  # the events it names


def review_suffix(week: Period) -> str:
    """How every review of ``week`` ends its file name: ``week-review-2026-w48.md``."""
    year, number, _ = week.start.isocalendar()
    return f"week-review-{year}-w{number:02d}.md"


def review_path(week: Period, day: date) -> str:
    """``journal/reflections/2026-11-29-week-review-2026-w48.md``."""
    return f"{FOLDER}/{day.isoformat()}-{review_suffix(week)}"


def week_review(journal: Journal, monday: date, today: date, language: str = "en") -> Review:
    """The review of the ISO week that holds ``monday``, as of ``today``
    (``ValueError`` when the week has not begun)."""
    week = period_of(monday, "week")
    if week.start > today:
        raise ValueError(f"week {week.label} has not begun yet (today is {today.isoformat()})")
    day = min(week.end, today)
    next_day = max(week.end + timedelta(days=1), today)
    figures = compute_figures(journal, day)
    earliest = figures.whole_facts.earliest()
    if earliest is not None and week.end < earliest:
        raise ValueError(f"week {week.label} ended before the journal's first entry ({earliest.isoformat()})")
    writer = _Writer(journal, Translator(language), week, figures, next_day)
    text, people, events = writer.text(compute_figures(journal, next_day))
    return Review(review_path(week, day), text, week, day, people, events)


def _one_line(text: str) -> str:
    """A value quoted into a line of the review: no line breaks."""
    return " ".join(text.split())


def _link(slug: str) -> str:
    return f"[[{slug}]]"


def _escaped(text: str) -> str:
    """A value from the journal shown as typed in the review's Markdown (a
    goal titled ``[[x]]`` or ``[a](http://b)`` must not become a link)."""
    return str(md(_one_line(text)))


class _Writer:
    """The sections of one review."""

    def __init__(self, journal: Journal, tr: Translator, week: Period, figures: Figures, next_day: date) -> None:
        self.journal = journal
        self.tr = tr
        self.week = week
        self.figures = figures
        self.day = figures.today
        self.next_day = next_day
        facts = figures.whole_facts
        self.touches: tuple[Touch, ...] = tuple(facts.touches_in(week))
        self.attended: tuple[tuple[date, str], ...] = tuple(facts.attended_in(week))
        self.minutes = round(hours_in(week, facts) * 60)

    def text(self, following: Figures) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        """The whole file, and the people and events it names."""
        tr = self.tr
        sections = [
            self.intro(),
            self.section(tr("The week in numbers"), self.numbers()),
            self.section(tr("Who I talked to"), self.people()),
            self.section(tr("Events I attended"), self.events()),
            self.section(tr("Goals"), self.goals()),
            self.section(tr("What I learned"), []),
            self.section(tr("Which questions I asked"), []),
            self.section(tr("What I will do next"), self.next_steps(following)),
            self.section(tr("Who to thank"), []),
        ]
        body = "\n\n".join(sections) + "\n"
        # Its people and events are the week's: who you talked to, what you
        # attended; the checklist names next week's, and links them only.
        named = [m.group(1).strip() for m in WIKILINK.finditer("\n".join(sections[:4]))]
        people = tuple(dict.fromkeys(s for s in named if s in self.journal.contacts))
        events = tuple(dict.fromkeys(s for s in named if s in self.journal.events))
        front = [
            "---",
            f"date: {self.day.isoformat()}",
            "title: " + json.dumps(tr("Review of {week}", week=self.period(self.week)), ensure_ascii=False),
        ]
        if people:
            front.append(f"people: [{', '.join(people)}]")
        if events:
            front.append(f"events: [{', '.join(events)}]")
        topic = tr("weekly-review")  # a topic page gathers the reviews
        front += [f"topics: [{topic}]", "---"]
        return "\n".join(front) + "\n" + body, people, events

    # -- the sections ---------------------------------------------------------

    @staticmethod
    def section(heading: str, lines: Iterable[str]) -> str:
        return "\n".join([f"## {heading}", *([""] if lines else []), *lines]).rstrip("\n")

    def period(self, period: Period) -> str:
        return self.tr.period(period.label, period.kind, period.start)

    def intro(self) -> str:
        tr = self.tr
        line = tr("From {start} to {end}.", start=tr.date_long(self.week.start), end=tr.date_long(self.week.end))
        if self.day < self.week.end:
            line += " " + tr(
                "The week is not over yet: these are its figures as of {date}.", date=tr.date_long(self.day)
            )
        return line

    def numbers(self) -> list[str]:
        tr = self.tr
        logged = [t for t in self.touches if t.kind == "log"]
        mine = sum(1 for t in logged if t.by == "me")
        lines = [
            "- " + tr("Interactions: {count}", count=len(self.touches)),
            "- " + tr("People I talked to: {count}", count=len({t.contact for t in self.touches})),
            "- "
            + tr(
                "Started by me: {mine}; by them: {theirs}; at events: {events}",
                mine=mine,
                theirs=len(logged) - mine,
                events=len(self.touches) - len(logged),
            ),
            "- " + tr("Events attended: {count}", count=len(self.attended)),
        ]
        budget = week_budget(self.journal)
        spent, weekly = tr.minutes(self.minutes), tr.minutes(budget)
        if self.journal.plan.time_budget is None:
            lines.append(
                "- "
                + tr("Time: {spent} (no time budget in the plan: {budget} a week assumed)", spent=spent, budget=weekly)
            )
        else:
            percent = f"{round(100 * self.minutes / budget)}%" if budget else "–"
            lines.append(
                "- "
                + tr(
                    "Time: {spent} of the {budget} a week the plan gives ({percent})",
                    spent=spent,
                    budget=weekly,
                    percent=percent,
                )
            )
        states = [r.current.state for r in self.figures.reports]
        if states:
            lines.append(
                "- "
                + tr(
                    "Goals: {met} met, {on_pace} on pace, {behind} behind",
                    met=states.count("met"),
                    on_pace=states.count("on pace"),
                    behind=len(states) - states.count("met") - states.count("on pace"),
                )
            )
        return lines

    def people(self) -> list[str]:
        tr = self.tr
        by_person: dict[str, list[Touch]] = {}
        for touch in self.touches:
            by_person.setdefault(touch.contact, []).append(touch)
        if not by_person:
            return [tr("Nobody this week.")]
        lines = []
        for slug, touches in by_person.items():  # in the order of each person's first interaction
            parts = []
            for t in touches:
                when, channel = tr.date(t.date), tr.word(t.channel)
                if t.kind == "event" and t.event:
                    parts.append(tr("{date}, at {event}", date=when, event=_link(t.event)))
                elif t.by == "me":
                    parts.append(tr("{date}, {channel}, I started it", date=when, channel=channel))
                else:
                    parts.append(tr("{date}, {channel}, they started it", date=when, channel=channel))
            lines.append(f"- {_link(slug)}: " + "; ".join(parts))
        return lines

    def events(self) -> list[str]:
        tr = self.tr
        if not self.attended:
            return [tr("No event attended this week.")]
        return [
            f"- {_link(slug)} ({tr.date(day)}, {tr.word(self.journal.events[slug].kind or 'other')})"
            for day, slug in self.attended
        ]

    def goals(self) -> list[str]:
        tr = self.tr
        current = [r.current for r in self.figures.reports]
        if not current:
            return [tr("No goals in the plan.")]
        order = sorted(range(len(current)), key=lambda i: (STATES.index(current[i].state), i))
        return ["- " + self.goal(current[i]) for i in order]

    def goal(self, p: Progress) -> str:
        tr = self.tr
        actual = tr.number(round(p.actual, 1)) if p.goal.count == "hours" else str(int(p.actual))
        values = {
            "goal": _escaped(p.goal.title),
            "actual": actual,
            "target": p.target,
            "period": self.period(p.period),
        }
        if p.state == "met":
            return tr("Met: {goal} ({actual} of {target}, {period})", **values)
        if p.state == "on pace":
            return tr("On pace: {goal} ({actual} of {target}, {period})", **values)
        return tr("Behind: {goal} ({actual} of {target}, {period})", **values)

    def next_steps(self, following: Figures) -> list[str]:
        tr = self.tr
        if self.next_day > self.week.end + timedelta(days=7):
            # the week after this one is over: the plan now is today's, not that week's
            return [tr("The week after is over: no plan for it here.")]
        actions = following.week.this_week if following.week is not None else ()
        if not actions:
            return [tr("Nothing planned for the week ahead yet.")]
        # A task of the notes stays where it is written (ticked there, it is
        # done everywhere): here it is only named.  The other actions become
        # this review's checklist, which no follow-up list counts
        # (compute.followups.is_review): the reminders they copy clear by themselves.
        phrasing = Phrasing(self.journal, following.activity, tr, _link, _escaped)
        lines = []
        for a in actions:
            due = (a.due or self.next_day).isoformat()
            if a.kind == "follow-up" and a.reason == "task":
                lines.append(f"- {self.task(a, following)} ({due})")
            else:
                lines.append(f"- [ ] {phrasing(a)} due:{due}")
        return lines

    def task(self, a: Action, figures: Figures) -> str:
        """A task of the notes in its own words, with links to whom and where it concerns."""
        text = _one_line(a.text)
        item = a.followup
        linked = {m.group(1).strip() for m in WIKILINK.finditer(text)}
        about = [a.contact, a.event, item.entry if item is not None else None]
        extra = [_link(s) for s in dict.fromkeys(s for s in about if s) if s not in linked and self.journal.entry(s)]
        return " · ".join([text, *extra])
