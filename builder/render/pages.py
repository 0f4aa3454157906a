"""Every page of the site, as Markdown: gather all context first
(``builder.render.context``), then render each page kind: the index,
dashboard and summary pages with their Jinja2 templates, the entry pages
with ``builder.render.entry_pages``.

Pages live at fixed paths in the generated docs folder (``routes``); two
pages at one path are refused.  Index pages list entries; when a list is
long it is split into pages by letter (people, organizations) or by year
(events, reflections), so no page grows with the journal.
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from builder.compute.followups import FollowUp
from builder.compute.periods import period_of
from builder.names import plain_text
from builder.parallel import fork_map
from builder.render import entry_pages, filters, week
from builder.render.calendar import events_calendar, followups_calendar, next_calendar
from builder.render.charts import bars, mix
from builder.render.context import (
    Site,
    front_matter,
)
from builder.render.i18n import Translator

if TYPE_CHECKING:
    pass

UPCOMING_DAYS = 14
SOON_DAYS = 7
RECENT = 12
LATER_LIMIT = 200  # actions listed under "Later" on next.md; journal next --json lists them all
# Follow-ups listed in each group of followups.md; `journal followups` and
# each person's page list them all.  20,000 open follow-ups made a 3.9 MB
# page that changes every day: a tenth of every daily build, and no list a
# person reads to the end.
FOLLOWUPS_LIMIT = 500


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


def render(site: Site, template: str, page: str, title: str, **context: Any) -> str:
    """One page from its Jinja template: generated front matter (its title) and Markdown."""
    text = _ENV.get_template(template).render(title=title, **site.helpers(page).template_context(), **context)
    if site.public and page in _SECTIONS and _SECTIONS[page](site):
        return NAV_HIDDEN + front_matter(title, text).removeprefix("---\n")
    return front_matter(title, text)


# The first lines of the front matter of a section's page that the navigation
# leaves out (``builder.sitegen``): in a public build, a section with nothing
# published.  The page itself stays, for the links to it, and says so to its visitor.
NAV_HIDDEN = "---\njournal_nav: hidden\n"
# Each section's page in the navigation, and whether a public build has nothing in it.
_SECTIONS: dict[str, Callable[[Site], bool]] = {
    "goals.md": lambda site: not site.journal.plan.goals,
    "followups.md": lambda site: True,  # follow-ups are never published
    "next.md": lambda site: True,  # nor the actions made of them
    "people/index.md": lambda site: not site.journal.contacts,
    "organizations/index.md": lambda site: not site.journal.organizations,
    "events/index.md": lambda site: not site.journal.events,
    "reflections/index.md": lambda site: not site.journal.reflections,
    "topics/index.md": lambda site: not site.relations.topics,
    "sources.md": lambda site: not site.journal.sources,
    "history.md": lambda site: site.history is None or not site.history.available,
}


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
    time_spent = site.figures.time_spent
    recent: list[tuple[date, str, Any]] = [(t.date, "touch", t) for t in site.activity.touches[-RECENT:]]
    recent += [(r.date, "reflection", r) for r in site.journal.reflections.values() if r.date <= today]
    recent.sort(key=lambda item: (item[0], item[1]), reverse=True)
    tr = site.tr
    feeds = [filters.link(tr("events"), "events.ics", "index.md")]
    if not site.public:
        feeds.append(filters.link(tr("follow-ups"), "follow-ups.ics", "index.md"))
    pages.add(
        "index.md",
        render(
            site,
            "dashboard.md.j2",
            "index.md",
            site.tr("Dashboard"),
            reports=site.reports,
            overdue=overdue,
            soon=soon,
            upcoming=upcoming,
            time_spent=time_spent,
            recent=recent[:RECENT],
            followup_count=len(site.followups),
            feeds=Markup(", ".join(feeds)),
            activity_chart=None if site.public else site.activity_chart(site.activity.touches, "dashboard"),
            weekly_chart=_weekly_chart(site) if budget is not None else None,
            kinds_chart=_kinds_chart(site),
            **_week_context(site, "index.md"),
        ),
    )


def _week_context(site: Site, page: str) -> dict[str, Any]:
    """The week's plan and the method at a glance for a page (none in a public build)."""
    plan, method = site.figures.week, site.figures.method
    if plan is None or method is None:
        return {"week": None}
    h = site.helpers(page)
    return {
        "week": plan,
        "week_groups": week.action_groups(h, plan.this_week),
        "later_groups": week.action_groups(h, plan.later[:LATER_LIMIT]),
        "later_hidden": max(0, len(plan.later) - LATER_LIMIT),
        "budget_line": week.budget_line(h, plan),
        "method_rows": week.method_rows(h, method),
    }


def next_page(site: Site, pages: Pages) -> None:
    """``next.md``: this week's actions, then what does not fit this week."""
    pages.add(
        "next.md", render(site, "next.md.j2", "next.md", site.tr("Next actions"), **_week_context(site, "next.md"))
    )


def _weekly_chart(site: Site) -> Markup:
    """Hours per week for the last weeks against the weekly share of the budget."""
    values = [(site.tr.period(w.label, w.kind, w.start), hours) for w, hours in site.figures.weekly_hours]
    target = site.figures.weekly_target
    title = site.tr("Hours per week")
    caption = "; ".join(f"{label}: {site.tr.number(v)}" for label, v in values[-4:])
    return bars(values, target, title, f"{title} ({site.tr.number(target)}): {caption}", site.tr)


def _kinds_chart(site: Site) -> Markup | None:
    """How many events of each kind were attended this quarter.  A public
    build counts them on the whole journal, as the goals do (an
    ``engagement-kinds`` goal and this picture agree), and names only the
    kinds of published events: the others are one bar, counted."""
    kinds = site.figures.kinds_this_quarter
    title = site.tr("Variety this quarter")
    if not site.public:
        return mix(list(kinds), title, site.tr) if kinds else None
    whole = site.figures.whole
    quarter = period_of(site.today, "quarter")
    counts = Counter(whole.events[slug].kind or "other" for _, slug in site.whole_facts.attended_in(quarter))
    named = {kind for kind, _ in kinds}
    shown = sorted(((k, n) for k, n in counts.items() if k in named), key=lambda kv: (-kv[1], kv[0]))
    hidden = [n for k, n in counts.items() if k not in named]
    return mix(shown, title, site.tr, (len(hidden), sum(hidden))) if counts else None


def goals_page(site: Site, pages: Pages) -> None:
    """``goals.md``: every goal now, and its history."""
    pages.add("goals.md", render(site, "goals.md.j2", "goals.md", site.tr("Goals"), reports=site.reports))


def followups_page(site: Site, pages: Pages) -> None:
    """``followups.md``: everything open, by when it is due."""
    today = site.today
    week_end = today + timedelta(days=SOON_DAYS)
    groups: dict[str, list[FollowUp]] = {"overdue": [], "week": [], "later": [], "undated": []}
    for item in site.followups:
        if item.due is None:
            groups["undated"].append(item)
        elif item.due < today:
            groups["overdue"].append(item)
        elif item.due < week_end:
            groups["week"].append(item)
        else:
            groups["later"].append(item)
    hidden = {key: max(0, len(items) - FOLLOWUPS_LIMIT) for key, items in groups.items()}
    shown = {key: items[:FOLLOWUPS_LIMIT] for key, items in groups.items()}
    counts = {key: len(items) for key, items in groups.items()}
    pages.add(
        "followups.md",
        render(
            site,
            "followups.md.j2",
            "followups.md",
            site.tr("Follow-ups"),
            groups=shown,
            counts=counts,
            hidden=hidden,
        ),
    )


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
        pages.add(index, render(site, template, index, title, items=items, groups=None, **context))
        return
    grouped: dict[str, list[str]] = {}
    for slug in items:
        grouped.setdefault(group_of(slug), []).append(slug)
    links = []
    for key, members in grouped.items():
        path = f"{section}-by-{group_word}/{_group_slug(key)}.md"
        pages.add(
            path,
            render(
                site,
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
    pages.add(index, render(site, template, index, title, items=(), groups=links, **context))


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
    """One contact's page (``builder.render.entry_pages``)."""
    pages.add(f"people/{slug}.md", entry_pages.person_markdown(site, slug))


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
    """One organization's page (``builder.render.entry_pages``)."""
    pages.add(f"organizations/{slug}.md", entry_pages.organization_markdown(site, slug))


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
    """One event's page (``builder.render.entry_pages``)."""
    pages.add(f"events/{slug}.md", entry_pages.event_markdown(site, slug))


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
    """One reflection's page (``builder.render.entry_pages``)."""
    pages.add(f"reflections/{slug}.md", entry_pages.reflection_markdown(site, slug))


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


def topics_index(site: Site, pages: Pages) -> None:
    """The list of topics."""
    all_topics = sorted(site.relations.topics.values(), key=lambda t: (_sort_name(t.name), t.key))
    pages.add(
        "topics/index.md",
        render(
            site, "topics_index.md.j2", "topics/index.md", site.tr("Topics"), topics=all_topics, paths=site.topic_paths
        ),
    )


def topic_page(site: Site, pages: Pages, key: str) -> None:
    """One topic's page (``builder.render.entry_pages``)."""
    pages.add(site.topic_paths[key], entry_pages.topic_markdown(site, key))


def topics(site: Site, pages: Pages) -> None:
    """The list of topics and a page per topic."""
    topics_index(site, pages)
    for key in site.relations.topics:
        topic_page(site, pages, key)


def heading_word(tr: Translator, word: str) -> str:
    """A word of the format as a heading, in the site's language:
    ``mailing-list`` → ``Mailing list`` (``milis`` → ``Milis``)."""
    label = tr.word(word)
    if label == word:  # untranslated: the format's own slug
        label = label.replace("-", " ")
    return label[:1].upper() + label[1:]


def sources(site: Site, pages: Pages) -> None:
    """``sources.md``: what is followed, by kind (headed by the kind's label)."""
    by_kind: dict[str, list[Any]] = {}
    for source in sorted(site.journal.sources, key=lambda s: (_sort_name(s.name), s.src)):
        by_kind.setdefault(source.kind or "other", []).append(source)
    headed = [(heading_word(site.tr, kind), items) for kind, items in sorted(by_kind.items())]
    pages.add(
        "sources.md",
        render(site, "sources.md.j2", "sources.md", site.tr("Sources"), by_kind=headed),
    )


def calendars(site: Site, pages: Pages) -> None:
    """``events.ics``, ``follow-ups.ics`` and ``next.ics`` (the last two empty in a public build)."""
    journal = site.journal
    pages.add("events.ics", events_calendar(journal.events.values(), site.today, site.figures.event_minutes))
    entries = {e.slug: e for e in journal.entries()}
    pages.add(
        "follow-ups.ics",
        followups_calendar(site.followups, site.today, entries, site.followup_words, site.tr.word),
    )
    this_week = site.figures.week.this_week if site.figures.week is not None else ()
    lookup = entries.get
    pages.add(
        "next.ics",
        next_calendar(this_week, site.today, lambda a: plain_text(week.action_words(site, a), lookup)),
    )


def history_page(site: Site, pages: Pages) -> None:
    """``history.md``: week by week, what the commits changed in the journal."""
    history = site.history
    available = history is not None and history.available
    weeks = history.by_week(site.journal.plan.timezone) if history is not None and available else []
    pages.add(
        "history.md",
        render(
            site,
            "history.md.j2",
            "history.md",
            site.tr("History"),
            weeks=weeks,
            available=available,
            warning=history.warning if history is not None else None,
        ),
    )


# Large journals render on every core (builder.parallel): rendering is pure,
# so forked processes share the gathered context and return their pages.
# The work is cut into tasks (each summary page kind, each index, entry
# pages in chunks) taken as processes become free, biggest first, so the
# cores finish together whatever the journal's mix of people and events.
PARALLEL_FROM = 3000  # entries; below this, forking costs more than it saves
CHUNK = 1000  # entry pages per task

_SUMMARIES: dict[str, Callable[[Site, Pages], None]] = {
    kind.__name__: kind
    for kind in (dashboard, next_page, goals_page, followups_page, topics, sources, calendars, history_page)
}
Task = tuple[str, str, int]  # ("summary", name, 0) | ("index", kind, 0) | ("entries", kind, first)


def _tasks(site: Site) -> list[Task]:
    """Every piece of the site's rendering, the biggest first."""
    tasks: list[Task] = [("summary", "followups_page", 0), ("summary", "calendars", 0)]
    tasks += [("summary", name, 0) for name in _SUMMARIES if name not in ("followups_page", "calendars")]
    tasks += [("index", kind, 0) for kind in INDEX_PAGES]
    for kind in ENTRY_PAGES:
        tasks += [("entries", kind, first) for first in range(0, len(getattr(site.journal, kind)), CHUNK)]
    return tasks


def _run_task(site: Site, task: Task) -> dict[str, str]:
    what, name, first = task
    pages = Pages()
    if what == "summary":
        _SUMMARIES[name](site, pages)
    elif what == "index":
        INDEX_PAGES[name](site, pages)
    else:
        render_entry = ENTRY_PAGES[name]
        for slug in itertools.islice(getattr(site.journal, name), first, first + CHUNK):
            render_entry(site, pages, slug)
    return pages.files


def render_context(site: Site, parallel: bool | None = None) -> dict[str, str]:
    """Every file of the site of a gathered context.  Large journals render
    in one process per core (``parallel``: default, by size); the result is
    the same."""
    journal = site.journal
    size = len(journal.contacts) + len(journal.events) + len(journal.reflections)
    tasks = _tasks(site)
    if parallel if parallel is not None else size >= PARALLEL_FROM:
        parts = fork_map(functools.partial(_run_task, site), tasks)
    else:
        parts = [_run_task(site, task) for task in tasks]
    merged = Pages()
    for part in parts:
        for path, content in part.items():
            merged.add(path, content)
    return dict(sorted(merged.files.items()))
