"""Every page of the site, as Markdown: gather all context first, then render
each page kind with its Jinja2 template.

Pages live at fixed paths in the generated docs folder (``routes``); two
pages at one path are refused.  Index pages list entries; when a list is
long it is split into pages by letter (people, organizations) or by year
(events, reflections), so no page grows with the journal.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from builder.compute.activity import Activity, Touch, analyze, event_minutes
from builder.compute.followups import FollowUp, followups, keep_in_touch_due
from builder.compute.goals import Facts, GoalReport, goal_reports, hours_in, topic_key
from builder.compute.periods import Period, period_of
from builder.compute.relations import Relations, relate
from builder.model import Contact, Entry, Event, Goal, Journal, Organization, Reflection
from builder.privacy import public_view
from builder.render import filters
from builder.render.body import render_body
from builder.render.calendar import events_calendar, followups_calendar
from builder.render.charts import activity_calendar, bars, mix
from builder.render.i18n import Translator

if TYPE_CHECKING:
    from builder.history import FieldChange, History

# The docs folder of each entry kind.
SECTIONS = {"contacts": "people", "organizations": "organizations", "events": "events", "reflections": "reflections"}
SPLIT_AT = 300  # an index longer than this is split into pages by letter or year
UPCOMING_DAYS = 14
SOON_DAYS = 7
RECENT = 12
DASHBOARD_LIMIT = 25  # follow-ups listed per group on the dashboard; the rest are on the follow-ups page
NOT_PUBLISHED = "(not published)"
CHART_PERIODS = 12  # periods in a goal's history chart


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Choices that change what the pages show, not what they compute."""

    split_at: int = SPLIT_AT
    public: bool = False  # render the public view (builder.privacy) instead of everything
    language: str = "en"  # theme.language of mkdocs.yml: the labels' language (builder.render.i18n)


class DuplicatePage(Exception):
    """Two pages would be written at the same path."""


@dataclass
class Pages:
    """The generated files by docs-relative path; refuses two at one path."""

    files: dict[str, str] = field(default_factory=dict)

    def add(self, path: str, content: str) -> None:
        """Add a page; a second page at ``path`` is a bug or a name clash."""
        if path in self.files:
            raise DuplicatePage(path)
        self.files[path] = content


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("builder.render", "templates"),
        undefined=StrictUndefined,
        auto_reload=False,  # templates ship with the package: never stat them per page
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Every {{ value }} goes through md() (Markdown-safe escaping) and comes
        # out as Markup; autoescape then leaves it alone, and treats macro
        # output as already escaped.  Literal template text is never touched.
        autoescape=True,
        finalize=filters.md,
    )
    env.filters.update(filters.FILTERS)
    return env


_ENV = _environment()


def entry_title(entry: Entry, tr: Translator | None = None) -> str:
    """How an entry is named in links and headings."""
    if isinstance(entry, Contact | Organization):
        return entry.name
    if isinstance(entry, Event):
        return entry.title
    assert isinstance(entry, Reflection)
    if entry.title:
        return entry.title
    tr = tr or Translator("en")
    return tr("Reflection of {date}", date=tr.date(entry.date))


def group_letter(name: str) -> str:
    """The index group of a name: its first letter without accents (``Ó`` → ``O``,
    ``Ж`` → ``Ж``) for alphabets with capitals, else its script (``CJK``,
    ``Arabic``, ``Devanagari``), or ``#`` for digits and symbols.
    """
    stripped = name.strip()
    if not stripped:
        return "#"
    first = unicodedata.normalize("NFKD", stripped[0])[0]
    if first.upper() != first.lower():
        return first.upper()
    if first.isalpha():
        try:
            script = unicodedata.name(first).split()[0]
        except ValueError:
            return "#"
        return script if script == "CJK" else script.title()
    return "#"


def _group_slug(key: str) -> str:
    return "other" if key == "#" else key.lower()


def _sort_name(name: str) -> tuple[str, str]:
    return (unicodedata.normalize("NFKD", name).casefold(), name)


class Site:
    """All the context of a build, gathered before any page is rendered."""

    def __init__(self, journal: Journal, today: date, options: RenderOptions, history: History | None = None) -> None:
        # Figures (goals, time spent) come from the whole journal; everything
        # else is rendered from the view: in a public build, the public view.
        whole = journal
        self.history = history
        if options.public:
            journal = public_view(whole)
        self.journal = journal
        self.today = today
        self.options = options
        self.public = options.public
        self.tr = Translator(options.language)
        self.activity: Activity = analyze(journal, today)
        self.followups: list[FollowUp] = [] if self.public else followups(journal, self.activity)
        whole_activity = analyze(whole, today) if self.public else self.activity
        self.reports: list[GoalReport] = goal_reports(whole, whole_activity)
        self.whole_facts = Facts(whole, whole_activity)
        self.relations: Relations = relate(journal)
        self.kind_of: dict[str, str] = {}
        for kind in SECTIONS:
            for slug in getattr(journal, kind):
                self.kind_of[slug] = kind
        self.topic_paths = self._topic_paths()
        self.slug_of_path = {entry.src.path: entry.slug for entry in journal.entries()}
        # Each entry's title, escaped once: links to it are made hundreds of thousands of times.
        self.link_text: dict[str, Markup] = {}
        self.due = {slug: keep_in_touch_due(c, self.activity) for slug, c in journal.contacts.items()}
        self.followups_of: defaultdict[str, list[FollowUp]] = defaultdict(list)
        for item in self.followups:
            for key in dict.fromkeys(k for k in (item.contact, item.entry) if k is not None):
                self.followups_of[key].append(item)

    # -- routes ---------------------------------------------------------------

    def path(self, slug: str) -> str | None:
        """The page of the entry ``slug``."""
        kind = self.kind_of.get(slug)
        return f"{SECTIONS[kind]}/{slug}.md" if kind else None

    def entry(self, slug: str) -> Entry | None:
        """The entry ``slug`` of any kind."""
        kind = self.kind_of.get(slug)
        return getattr(self.journal, kind)[slug] if kind else None

    def _topic_paths(self) -> dict[str, str]:
        paths = {}
        for key in self.relations.topics:
            name = key if key != "index" else "index-topic"  # topics/index.md is the list of topics
            paths[key] = f"topics/{name}.md"
        return paths

    def resolver(self) -> Callable[[str], tuple[str, str] | None]:
        """``[[slug]]`` → (title, page path), for bodies."""

        def resolve(slug: str) -> tuple[str, str] | None:
            entry = self.entry(slug)
            path = self.path(slug)
            return (entry_title(entry, self.tr), path) if entry is not None and path is not None else None

        return resolve

    # -- rendering ----------------------------------------------------------

    def followup_words(self, item: FollowUp) -> str:
        """What a keep-in-touch or after-event follow-up says, in the site's
        language (a task says what its line says)."""
        tr = self.tr
        contact = self.journal.contacts.get(item.contact or "")
        name = entry_title(contact, tr) if contact is not None else ""
        if item.reason == "keep-in-touch" and contact is not None:
            last = self.activity.last_touch(contact.slug)
            cadence = tr.cadence(contact.keep_in_touch)
            if last is None:
                return tr("Get in touch with {name} (every {cadence}; no contact yet)", name=name, cadence=cadence)
            return tr(
                "Get in touch with {name} (every {cadence}; last contact {date})",
                name=name,
                cadence=cadence,
                date=tr.date(last.date),
            )
        event = self.journal.events.get(item.event or "")
        if item.reason == "after-event" and event is not None:
            return tr("Follow up with {name} after {event}", name=name, event=event.title)
        return item.text

    def helpers(self, page: str) -> dict[str, Any]:
        """Functions the templates call, bound to the page being rendered."""
        today = self.today
        tr = self.tr
        not_published = filters.md(tr(NOT_PUBLISHED))

        def link(text: object, target: str) -> Markup:
            return filters.link(text, target, page)

        link_text = self.link_text

        def entry_link(slug: str) -> Markup:
            kind = self.kind_of.get(slug)
            if kind is None:  # only in a public build: never show its slug
                return not_published
            text = link_text.get(slug)
            if text is None:
                text = link_text[slug] = filters.md(entry_title(getattr(self.journal, kind)[slug], tr))
            return Markup(f"[{text}]({filters.relative(f'{SECTIONS[kind]}/{slug}.md', page)})")

        def links(slugs: Sequence[str]) -> Markup:
            return Markup(", ".join(entry_link(s) for s in slugs))

        def published_list(slugs: Sequence[str], rest: str) -> Markup:
            """Links to the entries that are shown; the others only counted."""
            shown = [s for s in slugs if s in self.kind_of]
            hidden = len(slugs) - len(shown)
            if not hidden:
                return links(shown)
            if rest == "and more" and shown:
                return tr.markup("{list} and {count} more", list=links(shown), count=hidden)
            more = tr.markup("{count} not published" if rest == "and more" else rest, count=hidden)
            return Markup(f"{links(shown)}, {more}") if shown else more

        def org_link(value: str | None) -> Markup:
            if value is None:
                return Markup("")
            return entry_link(value) if value in self.journal.organizations else filters.md(value)

        def topic_link(topic: str) -> Markup:
            path = self.topic_paths.get(topic_key(topic))
            return filters.link(topic, path, page) if path else filters.md(topic)

        def due_label(day: str) -> str:
            return tr("(due {date})", date=tr.date(date.fromisoformat(day)))

        def body(entry: Entry) -> Markup:
            return render_body(entry.body, page, self.resolver(), tr(NOT_PUBLISHED), due_label)

        def relative_day(day: date | None) -> str:
            return tr.relative_day(day, today)

        def task_text(text: str) -> Markup:
            return render_body(text, page, self.resolver(), tr(NOT_PUBLISHED))

        def d(day: date) -> str:
            return tr.date(day)

        def when(value: date | datetime | None) -> str:
            """A date, or a date and time in the zone it was written in."""
            if value is None:
                return ""
            if isinstance(value, datetime):
                return f"{tr.date(value.date())} {value.strftime('%H:%M')}"
            return tr.date(value)

        def period(p: Period) -> str:
            return tr.period(p.label, p.kind, p.start)

        def words(values: Sequence[str]) -> str:
            return ", ".join(tr.word(v) for v in values)

        def goal_links(goals: Sequence[Goal]) -> Markup:
            return Markup(", ".join(link(g.title, "goals.md") for g in goals))

        def goal_chart(report: GoalReport) -> Markup:
            series = [*reversed(report.history[: CHART_PERIODS - 1]), report.current]
            values = [(period(p.period), float(p.actual)) for p in series]
            met = sum(p.met for p in series[:-1])
            title = tr(
                "{name}: the last {count} periods, target met {met} times",
                name=report.current.goal.title,
                count=len(series) - 1,
                met=met,
            )
            caption = "; ".join(f"{label}: {tr.number(v)}" for label, v in values)
            return bars(values, report.current.target, title, caption, tr, [p.met for p in series])

        page_slug = page.rsplit("/", 1)[-1][: -len(".md")]

        # Rows that repeat thousands of times are built here rather than in
        # Jinja macros: a macro call costs more than the row itself.
        def followup_text(item: FollowUp) -> Markup:
            if item.reason == "task":
                return task_text(item.text)
            return filters.md(self.followup_words(item))

        def followup(item: FollowUp, show_contact: bool = True) -> str:
            due = f"**{tr.date(item.due)}** ({relative_day(item.due)})" if item.due else f"**{tr('no date')}**"
            who = f" · {entry_link(item.contact)}" if show_contact and item.contact else ""
            where = ""
            if item.entry not in (item.contact, page_slug):
                where = f" · {tr.markup('in {link}', link=entry_link(item.entry))}"
            return f"{due}{who} · {followup_text(item)} · *{filters.md(tr.word(item.reason))}*{where}"

        def followup_list(items: list[FollowUp], show_contact: bool = True) -> Markup:
            return Markup("\n".join(f"- {followup(item, show_contact)}" for item in items))

        def touch_text(touch: Touch) -> Markup:
            if touch.kind == "event":
                return tr.markup("met at {link}", link=entry_link(touch.event or ""))
            who = tr("I reached out") if touch.by == "me" else tr("they reached out")
            length = f", {tr.minutes(touch.minutes)}" if touch.minutes else ""
            note = f": {filters.md(touch.note)}" if touch.note else ""
            return Markup(f"{filters.md(tr.word(touch.channel))}, {filters.md(who)}{filters.md(length)}{note}")

        def topics_line(topics: tuple[str, ...]) -> Markup:
            return Markup(", ".join(topic_link(t) for t in topics))

        def dates_line(entry: Entry) -> Markup:
            """When the entry came into the journal and last changed (from git)."""
            if self.history is None:
                return Markup("")
            dates = self.history.dates.get(entry.src.path)
            if dates is None:
                return Markup("")
            tz = self.journal.plan.timezone
            added, changed = dates.added.astimezone(tz).date(), dates.changed.astimezone(tz).date()
            if added == changed:
                return tr.markup("In the journal since {added}.", added=tr.date(added))
            return tr.markup(
                "In the journal since {added}; last changed {changed}.",
                added=tr.date(added),
                changed=tr.date(changed),
            )

        def change_text(change: FieldChange) -> Markup:
            if change.field == "organization":
                old, new = org_link(change.old), org_link(change.new)
                if change.old and change.new:
                    return tr.markup("moved from {old} to {new}", old=old, new=new)
                if change.new:
                    return tr.markup("joined {new}", new=new)
                return tr.markup("left {old}", old=old)
            if change.old and change.new:
                return tr.markup("role changed from {old} to {new}", old=change.old, new=change.new)
            if change.new:
                return tr.markup("role: {new}", new=change.new)
            return tr.markup("no longer {old}", old=change.old)

        slug_of_path = self.slug_of_path

        def history_list(paths: Sequence[str]) -> Markup:
            """Entries named by their path in a commit: linked when they are
            still in the journal (and published), otherwise only counted."""
            return published_list([slug_of_path.get(p, "") for p in dict.fromkeys(paths)], "and more")

        return {
            "page": page,
            "page_slug": page_slug,
            "history_list": history_list,
            "dates_line": dates_line,
            "change_text": change_text,
            "plan_change": lambda phrase: plan_change(phrase, tr),
            "_": tr.markup,
            "tr": tr,
            "d": d,
            "when": when,
            "period": period,
            "words": words,
            "links": links,
            "published_list": published_list,
            "goal_links": goal_links,
            "goal_chart": goal_chart,
            "followup_list": followup_list,
            "touch_text": touch_text,
            "topics_line": topics_line,
            "today": today,
            "link": link,
            "entry_link": entry_link,
            "org_link": org_link,
            "topic_link": topic_link,
            "body": body,
            "relative_day": relative_day,
            "task_text": task_text,
            "external": filters.external,
            "bar": filters.bar,
            "journal": self.journal,
            "site": self,
            "public": self.public,
        }

    def render(self, template: str, page: str, title: str, **context: Any) -> str:
        """One page: generated front matter (its title) and the template's Markdown."""
        text = _ENV.get_template(template).render(title=title, **self.helpers(page), **context)
        return f"---\ntitle: {filters.page_title(title)}\n---\n\n{text.strip()}\n"


# -- the pages ---------------------------------------------------------------


def dashboard(site: Site, pages: Pages) -> None:
    """``index.md``: goals now, what is due, what is coming, time, recent activity."""
    today = site.today
    overdue = [f for f in site.followups if f.overdue(today)]
    soon = [f for f in site.followups if f.due is not None and today <= f.due < today + timedelta(days=SOON_DAYS)]
    upcoming = [
        (day, slug)
        for slug, day in sorted(site.activity.event_days.items(), key=lambda kv: (kv[1], kv[0]))
        if today <= day <= today + timedelta(days=UPCOMING_DAYS)
        and site.journal.events[slug].status not in ("cancelled", "skipped")
    ]
    budget = site.journal.plan.time_budget
    time_spent = None
    if budget is not None:
        period = period_of(today, budget.per)
        spent = hours_in(period, site.whole_facts)
        time_spent = {
            "period": period,
            "spent": spent,
            "budget": budget.minutes / 60,
            "fraction": spent / (budget.minutes / 60) if budget.minutes else 1.0,
            "expected": (budget.minutes / 60) * period.elapsed_fraction(today),
        }
    recent: list[tuple[date, str, Any]] = [(t.date, "touch", t) for t in site.activity.touches[-RECENT:]]
    recent += [(r.date, "reflection", r) for r in site.journal.reflections.values() if r.date <= today]
    recent.sort(key=lambda item: (item[0], item[1]), reverse=True)
    tr = site.tr
    feeds = [filters.link(tr("events"), "events.ics", "index.md")]
    if not site.public:
        feeds.append(filters.link(tr("follow-ups"), "follow-ups.ics", "index.md"))
    pages.add(
        "index.md",
        site.render(
            "dashboard.md.j2",
            "index.md",
            site.tr("Dashboard"),
            reports=site.reports,
            overdue=overdue,
            dashboard_limit=DASHBOARD_LIMIT,
            soon=soon,
            upcoming=upcoming,
            time_spent=time_spent,
            recent=recent[:RECENT],
            followup_count=len(site.followups),
            feeds=Markup(", ".join(feeds)),
            activity_chart=None if site.public else _activity_chart(site, site.activity.touches, "dashboard"),
            weekly_chart=_weekly_chart(site) if budget is not None else None,
            kinds_chart=_kinds_chart(site),
        ),
    )


def _activity_chart(site: Site, touches: Sequence[Touch], uid: str) -> Markup | None:
    """The activity calendar of ``touches`` (and, on the dashboard, attended events)."""
    counts: dict[date, int] = defaultdict(int)
    for touch in touches:
        counts[touch.date] += 1
    if uid == "dashboard":  # each attended event counts once more, on its day
        for slug in site.activity.attended:
            counts[site.activity.event_days[slug]] += 1
    earliest = site.today - timedelta(days=371)
    if not any(day >= earliest for day in counts):
        return None
    return activity_calendar(counts, site.today, site.tr, uid)


def _weekly_chart(site: Site) -> Markup:
    """Hours per week for the last 12 weeks against the weekly share of the budget."""
    budget = site.journal.plan.time_budget
    assert budget is not None
    per_week = {"day": 7.0, "week": 1.0, "month": 12 / 52, "quarter": 4 / 52, "year": 1 / 52}[budget.per]
    target = budget.minutes / 60 * per_week
    weeks = [period_of(site.today - timedelta(weeks=n), "week") for n in range(11, -1, -1)]
    values = [(site.tr.period(w.label, w.kind, w.start), hours_in(w, site.whole_facts)) for w in weeks]
    title = site.tr("Hours per week")
    caption = "; ".join(f"{label}: {site.tr.number(v)}" for label, v in values[-4:])
    return bars(values, target, title, f"{title} ({site.tr.number(target)}): {caption}", site.tr)


def _kinds_chart(site: Site) -> Markup | None:
    """How many events of each kind were attended this quarter."""
    quarter = period_of(site.today, "quarter")
    counts: dict[str, int] = defaultdict(int)
    for slug in site.activity.attended:  # the public view's, in a public build
        if site.activity.event_days[slug] in quarter:
            counts[site.journal.events[slug].kind or "other"] += 1
    if not counts:
        return None
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return mix(ordered, site.tr("Variety this quarter"), site.tr)


def goals_page(site: Site, pages: Pages) -> None:
    """``goals.md``: every goal now, and its history."""
    pages.add("goals.md", site.render("goals.md.j2", "goals.md", site.tr("Goals"), reports=site.reports))


def followups_page(site: Site, pages: Pages) -> None:
    """``followups.md``: everything open, by when it is due."""
    today = site.today
    week_end = today + timedelta(days=SOON_DAYS)
    groups = {"overdue": [], "week": [], "later": [], "undated": []}  # type: dict[str, list[FollowUp]]
    for item in site.followups:
        if item.due is None:
            groups["undated"].append(item)
        elif item.due < today:
            groups["overdue"].append(item)
        elif item.due < week_end:
            groups["week"].append(item)
        else:
            groups["later"].append(item)
    pages.add("followups.md", site.render("followups.md.j2", "followups.md", site.tr("Follow-ups"), groups=groups))


def _split(
    site: Site,
    pages: Pages,
    section: str,
    title: str,
    items: Sequence[str],
    group_of: Callable[[str], str],
    template: str,
    group_word: str,
    **context: Any,
) -> None:
    """An index page listing ``items``; split into one page per group when long."""
    index = f"{section}/index.md"
    if len(items) <= site.options.split_at:
        pages.add(index, site.render(template, index, title, items=items, groups=None, **context))
        return
    grouped: dict[str, list[str]] = {}
    for slug in items:
        grouped.setdefault(group_of(slug), []).append(slug)
    links = []
    for key, members in grouped.items():
        path = f"{section}-by-{group_word}/{_group_slug(key)}.md"
        pages.add(
            path,
            site.render(
                template,
                path,
                site.tr("{section}: {group}", section=title, group=key),
                items=members,
                groups=None,
                group=key,
                **context,
            ),
        )
        links.append((key, path, len(members)))
    pages.add(index, site.render(template, index, title, items=(), groups=links, **context))


def people_index(site: Site, pages: Pages) -> None:
    """The people index (split by letter when long)."""
    contacts = site.journal.contacts
    ordered = sorted(contacts, key=lambda s: (*_sort_name(contacts[s].name), s))
    _split(
        site,
        pages,
        "people",
        site.tr("People"),
        ordered,
        lambda s: group_letter(contacts[s].name),
        "people_index.md.j2",
        "letter",
        due=site.due,
    )


def person_page(site: Site, pages: Pages, slug: str) -> None:
    """One contact's page: details, notes, follow-ups and timeline."""
    contact = site.journal.contacts[slug]
    rel = site.relations
    path = f"people/{slug}.md"
    timeline: list[tuple[date | None, int, str, Any]] = []
    for touch in site.activity.by_contact.get(slug, ()):
        timeline.append((touch.date, 2, "touch", touch))
    for item in contact.log:
        if item.date > site.today:
            timeline.append((item.date, 2, "planned-log", item))
    touched_events = {t.event for t in site.activity.by_contact.get(slug, ()) if t.event}
    for event_slug in rel.events_of_person.get(slug, ()):
        if event_slug not in touched_events:
            timeline.append((site.activity.event_days.get(event_slug), 1, "event", event_slug))
    for reflection_slug in rel.reflections_of.get(slug, ()):
        timeline.append((site.journal.reflections[reflection_slug].date, 0, "reflection", reflection_slug))
    if site.history is not None and not site.public:
        for change in site.history.field_changes.get(contact.src.path, ()):
            day = change.commit.date.astimezone(site.journal.plan.timezone).date()
            timeline.append((day, 3, "change", change))
    timeline.sort(key=lambda row: (row[0] or date.min, row[1], str(row[3])), reverse=True)
    pages.add(
        path,
        site.render(
            "person.md.j2",
            path,
            contact.name,
            contact=contact,
            last=site.activity.last_touch(slug),
            due=site.due[slug],
            timeline=timeline,
            open_followups=site.followups_of.get(slug, []),
            mentions=rel.mentions.get(slug, ()),
            met_event=contact.met.at if contact.met and contact.met.at in site.journal.events else None,
            activity_chart=None if site.public else _activity_chart(site, site.activity.by_contact.get(slug, ()), "p"),
        ),
    )


def organizations_index(site: Site, pages: Pages) -> None:
    """The organizations index (split by letter when long)."""
    orgs = site.journal.organizations
    ordered = sorted(orgs, key=lambda s: (*_sort_name(orgs[s].name), s))
    _split(
        site,
        pages,
        "organizations",
        site.tr("Organizations"),
        ordered,
        lambda s: group_letter(orgs[s].name),
        "organizations_index.md.j2",
        "letter",
        people_at=site.relations.people_at,
    )


def organization_page(site: Site, pages: Pages, slug: str) -> None:
    """One organization's page: details, people there, events, goals."""
    org = site.journal.organizations[slug]
    rel = site.relations
    path = f"organizations/{slug}.md"
    events = sorted(
        rel.events_of_org.get(slug, ()),
        key=lambda e: (site.activity.event_days.get(e) or date.min, e),
        reverse=True,
    )
    pages.add(
        path,
        site.render(
            "organization.md.j2",
            path,
            org.name,
            org=org,
            people=rel.people_at.get(slug, ()),
            events=events,
            goals=[site.journal.plan.goals[i] for i in rel.goals_of_org.get(slug, ())],
            mentions=rel.mentions.get(slug, ()),
            open_followups=site.followups_of.get(slug, []),
        ),
    )


def events_index(site: Site, pages: Pages) -> None:
    """The events index: upcoming, not yet scheduled, past (split by year when long)."""
    journal, days, today = site.journal, site.activity.event_days, site.today
    upcoming = sorted((s for s in journal.events if s in days and days[s] >= today), key=lambda s: (days[s], s))
    unscheduled = sorted(s for s in journal.events if s not in days)
    past = sorted(
        (s for s in journal.events if s in days and days[s] < today), key=lambda s: (days[s], s), reverse=True
    )
    _split(
        site,
        pages,
        "events",
        site.tr("Events"),
        past,
        lambda s: str(days[s].year),
        "events_index.md.j2",
        "year",
        upcoming=upcoming,
        unscheduled=unscheduled,
        days=days,
    )


def event_page(site: Site, pages: Pages, slug: str) -> None:
    """One event's page: when, where, people met, reflections."""
    event = site.journal.events[slug]
    days = site.activity.event_days
    rel = site.relations
    path = f"events/{slug}.md"
    pages.add(
        path,
        site.render(
            "event.md.j2",
            path,
            event.title,
            event=event,
            day=days.get(slug),
            minutes=event_minutes(event),
            reflections=rel.reflections_of.get(slug, ()),
            mentions=rel.mentions.get(slug, ()),
            open_followups=site.followups_of.get(slug, []),
            planned=slug in days and days[slug] > site.today,
        ),
    )


def reflections_index(site: Site, pages: Pages) -> None:
    """The reflections index, newest first (split by year when long)."""
    journal = site.journal
    ordered = sorted(journal.reflections, key=lambda s: (journal.reflections[s].date, s), reverse=True)
    _split(
        site,
        pages,
        "reflections",
        site.tr("Reflections"),
        ordered,
        lambda s: str(journal.reflections[s].date.year),
        "reflections_index.md.j2",
        "year",
    )


def reflection_page(site: Site, pages: Pages, slug: str) -> None:
    """One reflection's page."""
    reflection = site.journal.reflections[slug]
    path = f"reflections/{slug}.md"
    pages.add(
        path,
        site.render(
            "reflection.md.j2",
            path,
            entry_title(reflection, site.tr),
            reflection=reflection,
            mentions=site.relations.mentions.get(slug, ()),
            open_followups=site.followups_of.get(slug, []),
        ),
    )


ENTRY_PAGES: dict[str, Callable[[Site, Pages, str], None]] = {
    "contacts": person_page,
    "organizations": organization_page,
    "events": event_page,
    "reflections": reflection_page,
}
INDEX_PAGES: dict[str, Callable[[Site, Pages], None]] = {
    "contacts": people_index,
    "organizations": organizations_index,
    "events": events_index,
    "reflections": reflections_index,
}


def _kind_pages(kind: str) -> Callable[[Site, Pages], None]:
    def render(site: Site, pages: Pages) -> None:
        INDEX_PAGES[kind](site, pages)
        for slug in getattr(site.journal, kind):
            ENTRY_PAGES[kind](site, pages, slug)

    render.__name__ = SECTIONS[kind]
    render.__doc__ = f"The {SECTIONS[kind]} index and a page per entry."
    return render


people = _kind_pages("contacts")
organizations = _kind_pages("organizations")
events = _kind_pages("events")
reflections = _kind_pages("reflections")


def topics_index(site: Site, pages: Pages) -> None:
    """The list of topics."""
    all_topics = sorted(site.relations.topics.values(), key=lambda t: (_sort_name(t.name), t.key))
    pages.add(
        "topics/index.md",
        site.render(
            "topics_index.md.j2", "topics/index.md", site.tr("Topics"), topics=all_topics, paths=site.topic_paths
        ),
    )


def topic_page(site: Site, pages: Pages, key: str) -> None:
    """One topic's page: everything tagged with it."""
    topic = site.relations.topics[key]
    path = site.topic_paths[key]
    pages.add(path, site.render("topic.md.j2", path, site.tr("Topic: {name}", name=topic.name), topic=topic))


def topics(site: Site, pages: Pages) -> None:
    """The list of topics and a page per topic."""
    topics_index(site, pages)
    for key in site.relations.topics:
        topic_page(site, pages, key)


def sources(site: Site, pages: Pages) -> None:
    """``sources.md``: what is followed, by kind."""
    by_kind: dict[str, list[Any]] = {}
    for source in sorted(site.journal.sources, key=lambda s: (_sort_name(s.name), s.src)):
        by_kind.setdefault(source.kind or "other", []).append(source)
    pages.add(
        "sources.md",
        site.render("sources.md.j2", "sources.md", site.tr("Sources"), by_kind=sorted(by_kind.items())),
    )


def calendars(site: Site, pages: Pages) -> None:
    """``events.ics`` and ``follow-ups.ics`` (empty in a public build)."""
    journal = site.journal
    minutes = {slug: event_minutes(e) for slug, e in journal.events.items()}
    pages.add("events.ics", events_calendar(journal.events.values(), site.today, minutes))
    entries = {e.slug: e for e in journal.entries()}
    pages.add(
        "follow-ups.ics",
        followups_calendar(site.followups, site.today, entries, site.followup_words, site.tr.word),
    )


_PLAN_PHRASES = (
    (re.compile(r"^goal '(?P<title>.*)' (?P<what>added|removed)$"), None),
    (re.compile(r"^(?:goal '(?P<title>.*)': )?(?P<key>\S+) set to (?P<new>.*)$"), "{key} set to {new}"),
    (re.compile(r"^(?:goal '(?P<title>.*)': )?(?P<key>\S+) removed \(was (?P<old>.*)\)$"), "{key} removed (was {old})"),
    (re.compile(r"^(?:goal '(?P<title>.*)': )?(?P<key>\S+) (?P<old>.*) → (?P<new>.*)$"), "{key} {old} → {new}"),
)


def plan_change(phrase: str, tr: Translator) -> str:
    """A change of the plan (as builder.history words it) in the site's language."""
    for pattern, message in _PLAN_PHRASES:
        m = pattern.match(phrase)
        if m is None:
            continue
        parts = m.groupdict()
        if message is None:
            return tr(f"goal '{{title}}' {parts['what']}", title=parts["title"])
        change = tr(message, **{k: v for k, v in parts.items() if k != "title" and v is not None})
        return tr("goal '{title}': {change}", title=parts["title"], change=change) if parts.get("title") else change
    return phrase


def history_page(site: Site, pages: Pages) -> None:
    """``history.md``: week by week, what the commits changed in the journal."""
    history = site.history
    weeks: list[tuple[Period, list[Any]]] = []
    if history is not None and history.available:
        tz = site.journal.plan.timezone
        by_week: dict[Period, list[Any]] = defaultdict(list)
        for summary in history.summaries:
            by_week[period_of(summary.commit.date.astimezone(tz).date(), "week")].append(summary)
        weeks = [(week, list(reversed(items))) for week, items in sorted(by_week.items(), reverse=True)]
    pages.add(
        "history.md",
        site.render(
            "history.md.j2",
            "history.md",
            site.tr("History"),
            weeks=weeks,
            available=history is not None and history.available,
            warning=history.warning if history is not None else None,
        ),
    )


PAGE_KINDS: tuple[Callable[[Site, Pages], None], ...] = (
    dashboard,
    goals_page,
    followups_page,
    people,
    organizations,
    events,
    reflections,
    topics,
    sources,
    calendars,
    history_page,
)


# Two groups of page kinds of about equal cost (measured on a synthetic
# journal of 10,000 people and 20,000 events and reflections), rendered in two
# processes when the journal is large: rendering is pure, so forked workers
# share the gathered context and return their pages.
_GROUPS: tuple[tuple[Callable[[Site, Pages], None], ...], ...] = (
    (people, dashboard, goals_page, followups_page, organizations, topics, sources, history_page),
    (events, reflections, calendars),
)
PARALLEL_FROM = 3000  # entries; below this, forking costs more than it saves

_worker_site: list[Site] = []  # the forked worker's copy of the context (set by its initializer)


def _init_worker(site: Site) -> None:
    _worker_site.append(site)


def _render_group(index: int) -> dict[str, str]:
    pages = Pages()
    for kind in _GROUPS[index]:
        kind(_worker_site[0], pages)
    return pages.files


def _render_parallel(site: Site) -> list[dict[str, str]] | None:
    """The groups rendered in forked processes, or ``None`` where fork is unavailable."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        return None
    context = multiprocessing.get_context("fork")
    with context.Pool(len(_GROUPS), initializer=_init_worker, initargs=(site,)) as pool:
        return pool.map(_render_group, range(len(_GROUPS)))


def render_site(
    journal: Journal,
    today: date,
    options: RenderOptions | None = None,
    parallel: bool | None = None,
    history: History | None = None,
) -> dict[str, str]:
    """Every file of the site for ``journal`` as of ``today``: docs path → text
    (Markdown pages and calendar feeds), with dates and changes from its git
    ``history`` when given.  Large journals render in two processes
    (``parallel``: default, by size); the result is the same."""
    site = Site(journal, today, options or RenderOptions(), history)
    size = len(journal.contacts) + len(journal.events) + len(journal.reflections)
    parts = _render_parallel(site) if (parallel if parallel is not None else size >= PARALLEL_FROM) else None
    if parts is None:
        pages = Pages()
        for kind in PAGE_KINDS:
            kind(site, pages)
        return dict(sorted(pages.files.items()))
    merged = Pages()
    for part in parts:
        for path, content in part.items():
            merged.add(path, content)
    return dict(sorted(merged.files.items()))
