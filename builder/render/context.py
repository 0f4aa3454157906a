"""The context of a build, gathered before any page is rendered, and the
functions every page uses to show it (links, dates, follow-ups, timelines).

``Site`` holds what the computations found (pure functions of the journal
and today); ``PageHelpers`` binds the formatting helpers to one page, whose
folder decides every relative link.  Both the Jinja templates
(``builder.render.pages``) and the entry pages written in Python
(``builder.render.entry_pages``) use them, so a link or a date reads the
same on every page.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from builder.compute.activity import Activity, Touch
from builder.compute.figures import Figures
from builder.compute.followups import FollowUp
from builder.compute.goals import GoalReport, Progress
from builder.compute.periods import Period
from builder.compute.relations import Relations
from builder.model import Contact, Entry, Event, Goal, Organization, Reflection
from builder.render import filters
from builder.render.body import render_body
from builder.render.charts import activity_calendar, bars, calendar_start
from builder.render.i18n import Translator
from builder.values import topic_key

if TYPE_CHECKING:
    from builder.history import FieldChange, History, PlanChange

# The docs folder of each entry kind.
SECTIONS = {"contacts": "people", "organizations": "organizations", "events": "events", "reflections": "reflections"}
SPLIT_AT = 300  # an index longer than this is split into pages by letter or year
NOT_PUBLISHED = "(not published)"
CHART_PERIODS = 12  # periods in a goal's history chart


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Choices that change what the pages show, not what they compute."""

    split_at: int = SPLIT_AT
    public: bool = False  # render the public view (builder.privacy) instead of everything
    language: str = "en"  # theme.language of mkdocs.yml: the labels' language (builder.render.i18n)


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


def front_matter(title: str, markdown: str) -> str:
    """A generated page: front matter with its title, then its Markdown."""
    return f"---\ntitle: {filters.page_title(title)}\n---\n\n{markdown.strip()}\n"


class Site:
    """All the context of a build, gathered before any page is rendered: the
    figures (``builder.compute.figures``, computed once by the caller) and
    what the pages need to name and link entries."""

    def __init__(self, figures: Figures, options: RenderOptions, history: History | None = None) -> None:
        assert figures.public == options.public, "the figures are of another view than the pages"
        journal = figures.journal
        self.figures = figures
        self.history = history
        self.unpublished = figures.unpublished  # slugs that no page may name
        self.journal = journal
        self.today = figures.today
        self.options = options
        self.public = options.public
        self.tr = Translator(options.language)
        self.activity: Activity = figures.activity
        self.followups: Sequence[FollowUp] = figures.followups
        self.whole_facts = figures.whole_facts
        self.reports: Sequence[GoalReport] = figures.reports
        self.relations: Relations = figures.relations
        self.kind_of: dict[str, str] = {}
        for kind in SECTIONS:
            for slug in getattr(journal, kind):
                self.kind_of[slug] = kind
        self.topic_paths = self._topic_paths()
        self.slug_of_path = {entry.src.path: entry.slug for entry in journal.entries()}
        # Each entry's title (escaped), folder and file name, made once:
        # links to entries are made hundreds of thousands of times.
        self.link_parts: dict[str, tuple[Markup, str, str]] = {}
        self.word_md: dict[str, Markup] = {}  # PageHelpers.word
        self.due = figures.due
        self.followups_of: defaultdict[str, list[FollowUp]] = defaultdict(list)
        for item in self.followups:
            for key in dict.fromkeys(k for k in (item.contact, item.entry) if k is not None):
                self.followups_of[key].append(item)
        self.missed_of: dict[str, list[FollowUp]] = {}  # after-event follow-ups let go, by contact
        for item in figures.missed:
            if item.contact is not None:
                self.missed_of.setdefault(item.contact, []).append(item)

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

    def activity_chart(self, touches: Sequence[Touch], uid: str) -> Markup | None:
        """The activity calendar of ``touches`` (and, on the dashboard, attended
        events), or ``None`` when nothing happened in the last year."""
        counts: dict[date, int] = defaultdict(int)
        for touch in touches:
            counts[touch.date] += 1
        if uid == "dashboard":  # each attended event counts once more, on its day
            for slug in self.activity.attended:
                counts[self.activity.event_days[slug]] += 1
        # Nothing in the days it draws: no picture (not one of "0 interactions")
        earliest = calendar_start(self.today)
        if not any(earliest <= day <= self.today for day in counts):
            return None
        return activity_calendar(counts, self.today, self.tr, uid)

    def helpers(self, page: str) -> PageHelpers:
        """The functions a page uses, bound to that page (its links are relative to it)."""
        return PageHelpers(self, page)


class PageHelpers:
    """Formatting bound to one page: links relative to it, dates and words in
    the site's language, rows that repeat thousands of times.  Values from
    the journal are escaped for Markdown (``filters.md``); what comes back as
    ``Markup`` is ready to place in a page."""

    def __init__(self, site: Site, page: str) -> None:
        self.site = site
        self.page = page
        self.page_slug = page.rsplit("/", 1)[-1][: -len(".md")]
        self.page_dir = page.rpartition("/")[0]
        self._prefixes: dict[str, str] = {}  # docs folder -> the relative path to it from this page
        self.tr = site.tr
        self.today = site.today
        self.not_published = filters.md(site.tr(NOT_PUBLISHED))
        # An entry's page leaves "(3 days ago)" to the browser (``ago``): the
        # words change every day, the page then changes only with a status.
        self.dates_in_browser = site.path(self.page_slug) == page

    def template_context(self) -> dict[str, Any]:
        """What the Jinja templates can call and read."""
        tr = self.tr
        return {
            "page": self.page,
            "page_slug": self.page_slug,
            "history_list": self.history_list,
            "dates_line": self.dates_line,
            "change_text": self.change_text,
            "plan_change": self.plan_change,
            "_": tr.markup,
            "tr": tr,
            "d": tr.date,
            "when": self.when,
            "period": self.period,
            "words": self.words,
            "links": self.links,
            "published_list": self.published_list,
            "goal_links": self.goal_links,
            "kinds_attended": self.kinds_attended,
            "goal_chart": self.goal_chart,
            "followup_list": self.followup_list,
            "touch_text": self.touch_text,
            "topics_line": self.topics_line,
            "today": self.today,
            "link": self.link,
            "entry_link": self.entry_link,
            "org_link": self.org_link,
            "topic_link": self.topic_link,
            "body": self.body,
            "ago": self.ago,
            "task_text": self.task_text,
            "external": filters.external,
            "bar": filters.bar,
            "journal": self.site.journal,
            "site": self.site,
            "public": self.site.public,
        }

    # -- links ----------------------------------------------------------------

    def link(self, text: object, target: str) -> Markup:
        """A link to the generated page ``target``."""
        return filters.link(text, target, self.page)

    def entry_link(self, slug: str) -> Markup:
        """A link to an entry's page, named by its title."""
        site = self.site
        parts = site.link_parts.get(slug)
        if parts is None:
            kind = site.kind_of.get(slug)
            if kind is None:  # only in a public build: never show its slug
                return self.not_published
            title = filters.md(entry_title(getattr(site.journal, kind)[slug], self.tr))
            parts = site.link_parts[slug] = (title, SECTIONS[kind], filters.segment(f"{slug}.md"))
        text, section, name = parts
        prefix = self._prefixes.get(section)
        if prefix is None:
            prefix = self._prefixes[section] = filters.folder_prefix(self.page_dir, section)
        return filters.safe(f"[{text}]({prefix}{name})")

    def links(self, slugs: Sequence[str]) -> Markup:
        """Links to entries, separated by commas."""
        return Markup(", ".join(self.entry_link(s) for s in slugs))

    def published_list(self, slugs: Sequence[str], rest: str) -> Markup:
        """Links to the entries that are shown; the others only counted."""
        tr = self.tr
        shown = [s for s in slugs if s in self.site.kind_of]
        hidden = len(slugs) - len(shown)
        if not hidden:
            return self.links(shown)
        if rest == "and more" and shown:
            return tr.markup("{list} and {count} more", list=self.links(shown), count=hidden)
        more = tr.markup("{count} not published" if rest == "and more" else rest, count=hidden)
        return Markup(f"{self.links(shown)}, {more}") if shown else more

    def org_link(self, value: str | None) -> Markup:
        """An organization: linked when it has a page, else its name as written."""
        if value is None:
            return Markup("")
        return self.entry_link(value) if value in self.site.journal.organizations else filters.md(value)

    def topic_link(self, topic: str) -> Markup:
        """A topic, linked to its page."""
        path = self.site.topic_paths.get(topic_key(topic))
        return filters.link(topic, path, self.page) if path else filters.md(topic)

    def topics_line(self, topics: Sequence[str]) -> Markup:
        """Topics, linked, separated by commas."""
        return Markup(", ".join(self.topic_link(t) for t in topics))

    def kinds_attended(self, progress: Progress) -> Markup | None:
        """The kinds of event that counted towards a goal; in a public build only
        those of published events (the figure counts them all), or ``None``."""
        kinds = progress.counted
        if self.site.public:
            activity, events = self.site.activity, self.site.journal.events  # the public view's
            published = {
                events[s].kind or "other" for s in activity.attended if activity.event_days[s] in progress.period
            }
            kinds = tuple(k for k in kinds if k in published)
        if not kinds:
            return None
        shown = filters.md(self.words(kinds))
        hidden = len(progress.counted) - len(kinds)
        return self.tr.markup("{list} and {count} more", list=shown, count=hidden) if hidden else shown

    def goal_links(self, goals: Sequence[Goal]) -> Markup:
        """Goals, linked to the goals page."""
        return Markup(", ".join(self.link(g.title, "goals.md") for g in goals))

    def history_list(self, paths: Sequence[str]) -> Markup:
        """Entries named by their path in a commit: linked when they are
        still in the journal (and published), otherwise only counted."""
        slug_of_path = self.site.slug_of_path
        return self.published_list([slug_of_path.get(p, "") for p in dict.fromkeys(paths)], "and more")

    def plan_change(self, change: PlanChange) -> str:
        """A change of the plan in the site's language; in a public build, the
        slugs of entries that are not published (a goal's organizations) read
        "(not published)"."""
        unpublished = self.site.unpublished
        if not unpublished:
            return plan_change(change, self.tr)
        hidden = self.tr(NOT_PUBLISHED)

        def redact(value: str) -> str:
            return _WORD.sub(lambda m: hidden if m.group(0) in unpublished else m.group(0), value)

        return plan_change(change, self.tr, redact)

    # -- bodies -----------------------------------------------------------------

    def _due_label(self, day: str) -> str:
        return self.tr("(due {date})", date=self.tr.date(date.fromisoformat(day)))

    def body(self, entry: Entry) -> Markup:
        """The owner's notes of ``entry``, ready for this page (``builder.render.body``)."""
        return render_body(entry.body, self.page, self.site.resolver(), self.tr(NOT_PUBLISHED), self._due_label)

    def task_text(self, text: str) -> Markup:
        """A task's line, with its links."""
        return render_body(text, self.page, self.site.resolver(), self.tr(NOT_PUBLISHED))

    # -- dates and words ----------------------------------------------------------

    def relative_day(self, day: date | None) -> str:
        """``in 3 days``, ``yesterday``..."""
        return self.tr.relative_day(day, self.today)

    def ago(self, day: date | None) -> Markup:
        """What follows a date to say how far it is from today: `` (in 3 days)``,
        space and parentheses included.  On an entry's page, an empty
        ``<time class="jr-ago">`` that ``assets/journal.js`` fills with the same
        words, counted from the build's today (``browser_dates``): the page's
        HTML does not change from one day to the next, and without JavaScript
        the date stands alone."""
        if day is not None and self.dates_in_browser:
            return filters.safe(f'<time class="jr-ago" datetime="{day.isoformat()}"></time>')
        return filters.safe(f" ({filters.md(self.relative_day(day))})")

    def when(self, value: date | datetime | None) -> str:
        """A date, or a date and time in the zone it was written in."""
        if value is None:
            return ""
        if isinstance(value, datetime):
            return f"{self.tr.date(value.date())} {value.strftime('%H:%M')}"
        return self.tr.date(value)

    def period(self, p: Period) -> str:
        """A period for people: ``November 2026``, ``Q4 2026``..."""
        return self.tr.period(p.label, p.kind, p.start)

    def word(self, value: str | None) -> Markup:
        """A word of the format (a channel, a status, a kind) as a label, escaped."""
        shown = self.site.word_md.get(value or "")
        if shown is None:
            shown = self.site.word_md[value or ""] = filters.md(self.tr.word(value))
        return shown

    def words(self, values: Sequence[str]) -> str:
        """Words of the format as labels, separated by commas."""
        return ", ".join(self.tr.word(v) for v in values)

    def dates_line(self, entry: Entry) -> Markup:
        """When the entry came into the journal and last changed (from git)."""
        history = self.site.history
        if history is None:
            return Markup("")
        dates = history.dates.get(entry.src.path)
        if dates is None:
            return Markup("")
        tr = self.tr
        tz = self.site.journal.plan.timezone
        added, changed = dates.added.astimezone(tz).date(), dates.changed.astimezone(tz).date()
        if added == changed:
            return tr.markup("In the journal since {added}.", added=tr.date(added))
        return tr.markup(
            "In the journal since {added}; last changed {changed}.",
            added=tr.date(added),
            changed=tr.date(changed),
        )

    # -- rows that repeat thousands of times --------------------------------------
    # (built here rather than in Jinja macros: a macro call costs more than the row)

    def followup_text(self, item: FollowUp) -> Markup:
        """What a follow-up says."""
        if item.reason == "task":
            return self.task_text(item.text)
        return filters.md(self.site.followup_words(item))

    def followup(self, item: FollowUp, show_contact: bool = True) -> str:
        """One follow-up: due date, person, what, why, where it was written."""
        tr = self.tr
        due = f"**{tr.date(item.due)}**{self.ago(item.due)}" if item.due else f"**{tr('no date')}**"
        who = f" · {self.entry_link(item.contact)}" if show_contact and item.contact else ""
        where = ""
        if item.entry not in (item.contact, self.page_slug):
            where = f" · {tr.markup('in {link}', link=self.entry_link(item.entry))}"
        return f"{due}{who} · {self.followup_text(item)} · *{self.word(item.reason)}*{where}"

    def followup_list(self, items: Sequence[FollowUp], show_contact: bool = True) -> Markup:
        """Follow-ups as a Markdown list."""
        return Markup("\n".join(f"- {self.followup(item, show_contact)}" for item in items))

    def touch_text(self, touch: Touch) -> Markup:
        """An interaction on a timeline: how, who started it, how long, the note."""
        tr = self.tr
        if touch.kind == "event":
            return tr.markup("met at {link}", link=self.entry_link(touch.event or ""))
        who = self.word("I reached out" if touch.by == "me" else "they reached out")
        length = f", {filters.md(tr.minutes(touch.minutes))}" if touch.minutes else ""
        note = f": {filters.md(touch.note)}" if touch.note else ""
        return filters.safe(f"{self.word(touch.channel)}, {who}{length}{note}")

    def change_text(self, change: FieldChange) -> Markup:
        """A job change found in the history: ``moved from Acme to Globex``."""
        tr = self.tr
        if change.field == "organization":
            old, new = self.org_link(change.old), self.org_link(change.new)
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

    def goal_chart(self, report: GoalReport) -> Markup:
        """A goal's last periods as bars against its target."""
        tr = self.tr
        series = [*reversed(report.history[: CHART_PERIODS - 1]), report.current]
        values = [(self.period(p.period), float(p.actual)) for p in series]
        met = sum(p.met for p in series[:-1])
        title = tr(
            "{name}: the last {count} periods, target met {met} times",
            name=report.current.goal.title,
            count=len(series) - 1,
            met=met,
        )
        caption = "; ".join(f"{label}: {tr.number(v)}" for label, v in values)
        return bars(values, report.current.target, title, caption, tr, [p.met for p in series])


def browser_dates(site: Site) -> str:
    """The line ``assets/journal.js`` starts with: the build's today and the
    words of relative dates in the site's language, so that the browser
    fills an entry page's ``<time class="jr-ago">`` (``PageHelpers.ago``) as
    the build would have, in agreement with the page's statuses ("overdue")
    whatever the reader's clock says.  The only file that changes every day."""
    value = {"today": site.today.isoformat(), "words": site.tr.relative_words()}
    return f"window.journalDates = {json.dumps(value, ensure_ascii=False, sort_keys=True)};\n"


_WORD = re.compile(r"[\w-]+")  # a slug, or a word that may be one


def plan_change(change: PlanChange, tr: Translator, values: Callable[[str], str] = str) -> str:
    """A change of the plan in the site's language; ``values`` rewrites the
    values it names (old and new)."""
    if change.key is None:
        what = "added" if change.new is not None else "removed"
        return tr(f"goal '{{title}}' {what}", title=change.goal)
    old = values(change.old) if change.old is not None else None
    new = values(change.new) if change.new is not None else None
    if old is None:
        words = tr("{key} set to {new}", key=change.key, new=new)
    elif new is None:
        words = tr("{key} removed (was {old})", key=change.key, old=old)
    else:
        words = tr("{key} {old} → {new}", key=change.key, old=old, new=new)
    return tr("goal '{title}': {change}", title=change.goal, change=words) if change.goal is not None else words
