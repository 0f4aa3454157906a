"""The week's plan and the method at a glance, in the site's language: the
words of each action (``builder.compute.actions``) and of each figure of the
method (``builder.compute.method``), for the dashboard, ``next.md`` and
``next.ics``.  Pages get Markdown with links; the feed gets plain text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup

from builder.compute.actions import Action, WeekPlan
from builder.compute.activity import Activity
from builder.compute.method import Method
from builder.model import Journal
from builder.render import filters
from builder.render.context import PageHelpers, Site, entry_title
from builder.render.i18n import Translator


class Phrasing:
    """How one output names things in an action's sentence: ``name`` turns an
    entry's slug into its name (plain, a page link, or ``[[slug]]``), ``text``
    makes a value from the journal safe where it goes, and ``say`` is the
    translator's plain or Markup form.  One sentence per kind of action,
    whatever the output, so the dashboard, the feed and the review agree."""

    def __init__(
        self,
        journal: Journal,
        activity: Activity,
        tr: Translator,
        name: Callable[[str], Any],
        text: Callable[[str], Any] = str,
        markup: bool = False,
    ) -> None:
        self.journal, self.activity, self.tr = journal, activity, tr
        self.name, self.text = name, text
        self.say: Callable[..., Any] = tr.markup if markup else tr

    def __call__(self, action: Action) -> Any:
        """What ``action`` asks, in the site's language (a task: its own line)."""
        tr, say, name = self.tr, self.say, self.name
        item = action.followup
        if item is not None:
            return self.followup(action)
        who = name(action.contact) if action.contact else ""
        event = name(action.event) if action.event else ""
        goal = self.text(action.goal or "")
        since = tr.date(action.since) if action.since else ""
        if action.kind == "mark-event":
            return say("Did you attend {event} ({date})? Mark it attended or skipped", event=event, date=since)
        if action.kind == "prepare":
            return say("Prepare for {event}", event=event)
        if action.kind == "awaiting-reply":
            return say(
                "No reply from {name} to your {channel} of {date}: send a short nudge, or let it go",
                name=who,
                channel=tr.word(action.channel),
                date=since,
            )
        if action.kind == "quiet":
            contact = self.journal.contacts.get(action.contact or "")
            relationship = tr.word(contact.relationship if contact and contact.relationship else "other")
            return say(
                "Write to {name} ({relationship}): nothing since {date}",
                name=who,
                relationship=relationship,
                date=since,
            )
        organization = name(action.organization) if action.organization else ""
        if action.reason == "research":
            return say(
                "Research {organization}: who works there, what they hire for (then set researched:)",
                organization=organization,
            )
        if action.reason == "event":
            return say("Attend {event}, for the goal {goal}", event=event, goal=goal)
        if action.reason == "source":
            source = self.text(action.source_name or "")
            if action.topic:
                return say(
                    "Go through {source} to find someone who talks about {topic}, for the goal {goal}",
                    source=source,
                    topic=self.text(action.topic),
                    goal=goal,
                )
            if action.kinds:
                kinds = ", ".join(tr.word(k) for k in action.kinds)
                return say(
                    "Go through {source} to find an event to attend ({kinds}), for the goal {goal}",
                    source=source,
                    kinds=kinds,
                    goal=goal,
                )
            return say("Go through {source} to find an event to attend, for the goal {goal}", source=source, goal=goal)
        if organization:
            return say(
                "Get in touch with {name} at {organization}, for the goal {goal}",
                name=who,
                organization=organization,
                goal=goal,
            )
        return say("Get in touch with {name}, for the goal {goal}", name=who, goal=goal)

    def followup(self, action: Action) -> Any:
        """A follow-up: a reminder in the language; a task in its own words."""
        item = action.followup
        assert item is not None
        tr, say = self.tr, self.say
        contact = self.journal.contacts.get(item.contact or "")
        if item.reason == "keep-in-touch" and contact is not None:
            last = self.activity.last_touch(contact.slug)
            cadence = tr.cadence(contact.keep_in_touch)
            if last is None:
                return say(
                    "Get in touch with {name} (every {cadence}; no contact yet)",
                    name=self.name(contact.slug),
                    cadence=cadence,
                )
            return say(
                "Get in touch with {name} (every {cadence}; last contact {date})",
                name=self.name(contact.slug),
                cadence=cadence,
                date=tr.date(last.date),
            )
        if item.reason == "after-event" and contact is not None and item.event in self.journal.events:
            return say(
                "Follow up with {name} after {event}", name=self.name(contact.slug), event=self.name(item.event or "")
            )
        return item.text


def _plain(site: Site) -> Phrasing:
    """Names as plain text: the calendar feed."""

    def name(slug: str) -> str:
        entry = site.journal.entry(slug)
        return entry_title(entry, site.tr) if entry is not None else slug

    return Phrasing(site.journal, site.activity, site.tr, name)


def action_words(site: Site, action: Action) -> str:
    """What an action asks, as plain text in the site's language (the feed)."""
    return str(_plain(site)(action))


def _linked(h: PageHelpers, action: Action) -> Markup:
    """An action's words with the person, event or organisation linked: the
    sentence is made of the links (a task's line keeps its own links, and
    names its person after it)."""
    item = action.followup
    if item is not None and item.reason == "task":
        text = h.followup_text(item)
        if item.contact and item.contact != h.page_slug and f"[[{item.contact}" not in item.text:
            return Markup(f"{text} · {h.entry_link(item.contact)}")
        if item.entry != h.page_slug:
            return Markup(f"{text} · {h.tr.markup('in {link}', link=h.entry_link(item.entry))}")
        return text
    phrasing = Phrasing(h.site.journal, h.site.activity, h.tr, h.entry_link, filters.md, markup=True)
    return Markup(phrasing(action))


def _code(command: str) -> Markup:
    """A command as inline code (commands hold slugs, paths and ``"..."``)."""
    fence = "``" if "`" in command else "`"
    return filters.safe(f"{fence}{command}{fence}")


def action_item(h: PageHelpers, action: Action, today_shown: bool = True) -> str:
    """One action as a Markdown list item: due, what, its time, its command; details below."""
    tr = h.tr
    parts = []
    if action.due is not None and today_shown:
        parts.append(f"**{tr.date(action.due)}**{h.ago(action.due)}")
    parts.append(str(_linked(h, action)))
    parts.append(tr("{minutes} min", minutes=action.minutes))
    line = " · ".join(parts)
    if action.command:
        line += f"<br>{_code(action.command)}"
    lines = [f"- {line}"]
    if action.kind == "prepare":
        lines += [f"    - {d}" for d in _preparation(h, action)]
    return "\n".join(lines)


def _preparation(h: PageHelpers, action: Action) -> list[str]:
    tr = h.tr
    out = []
    if action.listed:
        out.append(str(tr.markup("Listed: {people}", people=h.links(action.listed))))
    event = h.site.journal.events.get(action.event or "")
    if event is not None and event.status == "planned":
        if event.url:
            out.append(str(tr.markup("Not registered yet: {link}", link=filters.external(event.url, event.url))))
        else:
            out.append(tr("Not registered yet"))
    out += [str(tr.markup("Open task: {task}", task=h.task_text(text))) for text in action.tasks]
    if action.reflection:
        found = h.site.journal.reflections[action.reflection]
        out.append(
            str(tr.markup("Last reflection ({date}): {link}", date=tr.date(found.date), link=h.entry_link(found.slug)))
        )
    return out


KINDS_SHOWN = ("follow-up", "mark-event", "prepare", "awaiting-reply", "quiet", "goal")


def _heading(tr: Translator, kind: str) -> str:
    """The heading of a kind of action."""
    return {
        "follow-up": tr("Follow-ups"),
        "mark-event": tr("Events to mark"),
        "prepare": tr("Prepare"),
        "awaiting-reply": tr("Awaiting a reply"),
        "quiet": tr("Quiet for a while"),
        "goal": tr("For the goals behind"),
    }[kind]


def action_groups(h: PageHelpers, actions: Sequence[Action]) -> list[tuple[str, Markup]]:
    """``actions`` as (heading, Markdown list) by kind, in the plan's order of kinds."""
    groups: dict[str, list[Action]] = {}
    for action in actions:
        groups.setdefault(action.kind, []).append(action)
    return [
        (_heading(h.tr, kind), Markup("\n".join(action_item(h, a) for a in groups[kind])))
        for kind in KINDS_SHOWN
        if kind in groups
    ]


def budget_line(h: PageHelpers, week: WeekPlan) -> str:
    """The week's actions against the time left."""
    tr = h.tr
    line = tr(
        "{planned} min planned of {left} min left this week ({label}); {budget} min a week, {spent} logged.",
        planned=week.planned,
        left=week.left,
        label=h.period(week.week),
        budget=week.budget,
        spent=week.spent,
    )
    if not week.budgeted:
        line += " " + tr("No time budget in the plan: 3 hours a week assumed.")
    return line


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)}%"


def method_rows(h: PageHelpers, m: Method) -> list[tuple[str, str, str]]:
    """(habit, figure, what would raise it) for the method at a glance."""
    tr = h.tr
    number = tr.number
    budget = (
        tr("{hours} h of {budget} h budgeted", hours=number(round(m.hours, 1)), budget=number(round(m.budget_hours, 1)))
        if m.budget_hours
        else tr("{hours} h, no time budget", hours=number(round(m.hours, 1)))
    )
    return [
        (
            tr("Research"),
            tr(
                "{researched} of {organizations} organisations researched; {sources} sources followed",
                researched=m.researched,
                organizations=m.organizations,
                sources=m.sources,
            ),
            tr("Look into an organisation you follow and set its researched: date; follow a source of your field."),
        ),
        (
            tr("Strategy"),
            tr("{on_pace} of {goals} goals on pace; {budget}", on_pace=m.on_pace, goals=m.goals, budget=budget),
            tr("Do this week's actions for the goals behind, within the time budget."),
        ),
        (
            tr("Proactivity"),
            tr(
                "{share} of interactions started by you ({started} of {interactions})",
                share=_percent(m.share(m.started, m.interactions)),
                started=m.started,
                interactions=m.interactions,
            ),
            tr("Write first: a question, a thank-you, a link; log it with by: me."),
        ),
        (
            tr("Maintaining"),
            tr(
                "{share} of contacts with a keep-in-touch cadence not overdue ({on_time} of {cadenced})",
                share=_percent(m.share(m.cadenced_on_time, m.cadenced)),
                on_time=m.cadenced_on_time,
                cadenced=m.cadenced,
            ),
            tr("Reach the overdue ones first, or give them a cadence you can keep."),
        ),
        (
            tr("Listening"),
            tr(
                "{share} of events and calls noted or reflected on within 7 days ({listened} of {conversations})",
                share=_percent(m.share(m.listened, m.conversations)),
                listened=m.listened,
                conversations=m.conversations,
            ),
            tr("After each event or call, note what you learned and the questions you asked."),
        ),
    ]
