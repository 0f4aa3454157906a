"""The page of each person, organization, event, reflection and topic.

These are nearly every page of a large site (30,000 of 30,500 for 10,000
people and 20,000 events and reflections), so they are written in plain
Python rather than Jinja: a template spends more time calling its helpers
than the helpers spend working (``benchmarks/run.py`` measured the builder
at 3.7 × the floor with templates).  The rules are the templates' rules:

- every value from the journal goes through ``md`` (``builder.render.filters``),
  which escapes it for Markdown; labels go through ``tr.markup``, links
  through ``PageHelpers``, which escape what they are given;
- a page is a list of blocks (paragraphs, tables, lists), empty ones left
  out, joined by one blank line.

The index, dashboard and summary pages, a few dozen, stay Jinja templates
(``builder.render.pages``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from markupsafe import Markup

from builder.compute.followups import FollowUp
from builder.model import Contact, Entry
from builder.render.context import PageHelpers, Site, entry_title, front_matter
from builder.render.filters import external, md


def _page(blocks: Sequence[str]) -> str:
    return "\n\n".join(block for block in blocks if block)


def _table(h: PageHelpers, rows: Sequence[tuple[str, str]]) -> str:
    """A two-column table of labels and values (both already Markdown), under
    a header row that names its columns (a table needs one to be read)."""
    head = f"| {h.tr.markup('Detail')} | {h.tr.markup('Value')} |\n| --- | --- |\n"
    return head + "\n".join(f"| {label} | {value} |" for label, value in rows)


def _empty(site: Site, message: str) -> str:
    """What an empty list says: to the owner ``message``; to a visitor of a
    public build, where the list may only be unpublished, that nothing is published."""
    return site.tr.markup("Nothing published yet." if site.public else message)


def _section(heading: str, content: str) -> str:
    return f"## {heading}\n\n{content}"


def _followups(h: PageHelpers, items: Sequence[FollowUp], show_contact: bool = True) -> str:
    return _section(h.tr.markup("Open follow-ups"), h.followup_list(items, show_contact)) if items else ""


def _mentions(h: PageHelpers, slugs: Sequence[str]) -> str:
    if not slugs:
        return ""
    return _section(h.tr.markup("Mentioned in"), "\n".join(f"- {h.entry_link(slug)}" for slug in slugs))


def _person_line(h: PageHelpers, site: Site, slug: str) -> str:
    """A list item: a person, and their role when the journal knows it."""
    contact = site.journal.contacts.get(slug)
    link = h.entry_link(slug)
    return f"- {link}, {md(contact.role)}" if contact is not None and contact.role else f"- {link}"


def _notes(h: PageHelpers, entry: Entry) -> str:
    """The owner's notes, unless they are empty or only the template's prompts."""
    if not entry.body.strip():
        return ""
    notes = h.body(entry)
    return _section(h.tr.markup("Notes"), notes) if notes.strip() else ""


def _snoozed(h: PageHelpers, site: Site, contact: Contact) -> str:
    """The line "Snoozed until ...", while ``journal snooze`` holds their reminders back
    (a public build has the date only where ``keep_in_touch`` is published,
    and never the reason: ``builder.privacy``)."""
    until = contact.snooze_until
    if until is None or not contact.snoozed(site.today):
        return ""
    if contact.snooze_reason:
        return h.tr.markup("Snoozed until {date}: {reason}", date=h.tr.date(until), reason=contact.snooze_reason)
    return h.tr.markup("Snoozed until {date}", date=h.tr.date(until))


def _missed(h: PageHelpers, site: Site, slug: str) -> str:
    """The after-event follow-ups with this person that were let go
    (``Figures.missed``; none in a public build)."""
    lines = [
        "- "
        + h.tr.markup(
            "Follow up after {event} (due {date}): missed",
            event=h.entry_link(item.event) if item.event else "",
            date=h.tr.date(item.due) if item.due else "",
        )
        for item in site.missed_of.get(slug, ())
    ]
    return _section(h.tr.markup("Missed follow-ups"), "\n".join(lines)) if lines else ""


def person_markdown(site: Site, slug: str) -> str:
    """One contact's page: details, activity, follow-ups, notes, timeline, mentions."""
    contact = site.journal.contacts[slug]
    h = site.helpers(f"people/{slug}.md")
    tr, _ = h.tr, h.tr.markup
    rel = site.relations
    public = site.public
    journal = site.journal

    role = ""
    if contact.role and contact.organization:
        role = _("{role} at {organization}", role=contact.role, organization=h.org_link(contact.organization))
    elif contact.role:
        role = md(contact.role)
    elif contact.organization:
        role = h.org_link(contact.organization)

    table = ""
    if contact.relationship or contact.topics or contact.met or contact.links or not public or contact.keep_in_touch:
        rows: list[tuple[str, str]] = []
        if contact.relationship:
            rows.append((_("Relationship"), h.word(contact.relationship)))
        if contact.topics:
            rows.append((_("Topics"), h.topics_line(contact.topics)))
        met = contact.met
        if met:
            first: str
            if met.at:
                place = h.entry_link(met.at) if met.at in journal.events else met.at
                first = _("{date} at {place}", date=tr.date(met.date) if met.date else "", place=place)
            else:
                first = md(tr.date(met.date)) if met.date else ""
            rows.append((_("First met"), first))
        for key, value in contact.links.items():
            if key == "email":
                shown = external(value, "mailto:" + value)
            elif key == "phone" or (key == "twitter" and value.startswith("@")):
                shown = md(value)
            else:
                shown = external(value, value)
            rows.append((h.word(key), shown))
        due = site.due[slug]
        if not public:
            last = site.activity.last_touch(slug)
            rows.append(
                (
                    _("Last contact"),
                    f"{tr.date(last.date)}{h.ago(last.date)}" if last else _("none yet"),
                )
            )
            if contact.keep_in_touch and due is not None:
                when: str = _(
                    "every {cadence}; next {date}{when}",
                    cadence=tr.cadence(contact.keep_in_touch),
                    date=tr.date(due),
                    when=h.ago(due),
                )
                if due < site.today and not contact.snoozed(site.today):
                    when = Markup(f"{when}, **{_('overdue')}**")
                rows.append((_("Keep in touch"), when))
        elif contact.keep_in_touch:
            rows.append((_("Keep in touch"), _("every {cadence}", cadence=tr.cadence(contact.keep_in_touch))))
        table = _table(h, rows)

    touches = site.activity.by_contact.get(slug, ())
    timeline: list[tuple[date | None, int, str, Any]] = [(t.date, 2, "touch", t) for t in touches]
    for item in contact.log:
        if item.date > site.today:
            timeline.append((item.date, 2, "planned-log", item))
    touched_events = {t.event for t in touches if t.event}
    for event_slug in rel.events_of_person.get(slug, ()):
        if event_slug not in touched_events:
            timeline.append((site.activity.event_days.get(event_slug), 1, "event", event_slug))
    for reflection_slug in rel.reflections_of.get(slug, ()):
        timeline.append((journal.reflections[reflection_slug].date, 0, "reflection", reflection_slug))
    if site.history is not None and not public:
        for change in site.history.field_changes.get(contact.src.path, ()):
            changed_on = change.commit.date.astimezone(journal.plan.timezone).date()
            timeline.append((changed_on, 3, "change", change))
    # Newest first; on one day, in the order gathered above (stable sort)
    timeline.sort(key=lambda row: (row[0] or date.min, row[1]), reverse=True)

    lines = []
    for day, _order, kind, item in timeline:
        shown_day = tr.date(day) if day else _("no date")
        what: str
        if kind == "touch":
            what = h.touch_text(item)
        elif kind == "planned-log":
            what = _("planned: {what}", what=tr.word(item.channel) + (": " + item.note if item.note else ""))
        elif kind == "change":
            what = h.change_text(item)
        elif kind == "event":
            what = f"{h.entry_link(item)} ({h.word(journal.events[item].status)})"
        else:
            what = _("reflection: {link}", link=h.entry_link(item))
        lines.append(f"- **{shown_day}** · {what}")
    if lines:
        timeline_block = _section(_("Timeline"), "\n".join(lines))
    elif not public:
        timeline_block = _section(
            _("Timeline"), _("Nothing yet. Reach out: a short e-mail or message is enough to start.")
        )
    else:
        timeline_block = ""

    chart = None if public else site.activity_chart(touches, "p")
    body = _page(
        [
            f"# {md(contact.name)}",
            h.dates_line(contact),
            role,
            table,
            _snoozed(h, site, contact),
            chart or "",
            _followups(h, site.followups_of.get(slug, []), show_contact=False),
            _missed(h, site, slug),
            _notes(h, contact),
            timeline_block,
            _mentions(h, rel.mentions.get(slug, ())),
        ]
    )
    return front_matter(contact.name, body)


def organization_markdown(site: Site, slug: str) -> str:
    """One organization's page: details, goals, notes, people there, events."""
    org = site.journal.organizations[slug]
    h = site.helpers(f"organizations/{slug}.md")
    tr, _ = h.tr, h.tr.markup
    rel = site.relations
    journal = site.journal

    rows: list[tuple[str, str]] = []
    if org.kind:
        rows.append((_("Kind"), h.word(org.kind)))
    if org.website:
        rows.append((_("Website"), external(org.website, org.website)))
    if org.topics:
        rows.append((_("Topics"), h.topics_line(org.topics)))
    rows.append((_("Researched"), tr.date(org.researched) if org.researched else _("not yet")))

    goals = [journal.plan.goals[i] for i in rel.goals_of_org.get(slug, ())]
    people = rel.people_at.get(slug, ())
    people_lines = [_person_line(h, site, person) for person in people]
    days = site.activity.event_days
    events = sorted(rel.events_of_org.get(slug, ()), key=lambda e: (days.get(e) or date.min, e), reverse=True)
    event_lines = []
    for event_slug in events:
        event = journal.events[event_slug]
        when = md(h.when(event.start)) if event.start else _("no date")
        event_lines.append(f"- {when} · {h.entry_link(event_slug)} ({h.word(event.status)})")

    body = _page(
        [
            f"# {md(org.name)}",
            h.dates_line(org),
            _table(h, rows),
            _("Part of the goals: {list}.", list=h.goal_links(goals)) if goals else "",
            _notes(h, org),
            _section(_("People"), "\n".join(people_lines) or _empty(site, "Nobody you know works here yet.")),
            _section(_("Events"), "\n".join(event_lines) or _("No events yet.")),
            _followups(h, site.followups_of.get(slug, [])),
            _mentions(h, rel.mentions.get(slug, ())),
        ]
    )
    return front_matter(org.name, body)


def event_markdown(site: Site, slug: str) -> str:
    """One event's page: when, where, people met, follow-ups, notes, reflections."""
    event = site.journal.events[slug]
    h = site.helpers(f"events/{slug}.md")
    tr, _ = h.tr, h.tr.markup
    rel = site.relations
    journal = site.journal
    day = site.activity.event_days.get(slug)
    planned = day is not None and day > site.today

    when: str
    if event.start:
        when = (
            _("{start} to {end}", start=h.when(event.start), end=h.when(event.end))
            if event.end
            else md(h.when(event.start))
        )
        when = f"{when}{h.ago(day)}"
    else:
        when = _("not scheduled yet")
    rows: list[tuple[str, str]] = [(_("When"), when)]
    minutes = site.figures.event_minutes.get(slug)
    if minutes:
        rows.append((_("Length"), md(tr.minutes(minutes))))
    if planned and event.status == "attended":
        status = _("{status} (dated after today: counted as planned)", status=tr.word(event.status))
    else:
        status = h.word(event.status)
    rows.append((_("Status"), status))
    if event.kind:
        rows.append((_("Kind"), h.word(event.kind)))
    if event.platform:
        rows.append((_("Platform"), md(event.platform)))
    if event.url:
        rows.append((_("Link"), external(event.url, event.url)))
    if event.organizations:
        rows.append((_("Organizations"), h.links(event.organizations)))
    if event.topics:
        rows.append((_("Topics"), h.topics_line(event.topics)))

    people_lines = [_person_line(h, site, person) for person in event.people]
    reflection_lines = [
        f"- {tr.date(journal.reflections[r].date)} · {h.entry_link(r)}" for r in rel.reflections_of.get(slug, ())
    ]

    body = _page(
        [
            f"# {md(event.title)}",
            h.dates_line(event),
            _table(h, rows),
            _section(_("People met"), "\n".join(people_lines) or _empty(site, "Nobody listed yet.")),
            _followups(h, site.followups_of.get(slug, [])),
            _notes(h, event),
            _section(_("Reflections"), "\n".join(reflection_lines)) if reflection_lines else "",
            _mentions(h, rel.mentions.get(slug, ())),
        ]
    )
    return front_matter(event.title, body)


def reflection_markdown(site: Site, slug: str) -> str:
    """One reflection's page: its date, who and what it is about, the notes."""
    reflection = site.journal.reflections[slug]
    h = site.helpers(f"reflections/{slug}.md")
    tr, _ = h.tr, h.tr.markup
    title = entry_title(reflection, tr)

    rows: list[tuple[str, str]] = []
    if reflection.people:
        rows.append((_("People"), h.links(reflection.people)))
    if reflection.events:
        rows.append((_("Events"), h.links(reflection.events)))
    if reflection.topics:
        rows.append((_("Topics"), h.topics_line(reflection.topics)))

    body = _page(
        [
            f"# {md(title)}",
            h.dates_line(reflection),
            md(tr.date_long(reflection.date)),
            _table(h, rows) if rows else "",
            h.body(reflection),
            _mentions(h, site.relations.mentions.get(slug, ())),
        ]
    )
    return front_matter(title, body)


def topic_markdown(site: Site, key: str) -> str:
    """One topic's page: everything tagged with it."""
    topic = site.relations.topics[key]
    h = site.helpers(site.topic_paths[key])
    _ = h.tr.markup
    title = h.tr("Topic: {name}", name=topic.name)
    sections = [
        _section(_(heading), "\n".join(f"- {h.entry_link(slug)}" for slug in slugs))
        for heading, slugs in (
            ("People", topic.contacts),
            ("Organizations", topic.organizations),
            ("Events", topic.events),
            ("Reflections", topic.reflections),
        )
        if slugs
    ]
    return front_matter(title, _page([f"# {md(title)}", *sections]))
