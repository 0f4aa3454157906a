"""The pages an edit to a few entries can change, and nothing else.

Given the context before the edit and after it (``old`` and ``site``: the
same journal, day, view and history but for the edited entries), this
renders the edited entries' pages, the pages of every entry linked to them
either way (before and after the edit), the index pages of those kinds,
their topics, and the pages that summarize everything (dashboard, goals,
follow-ups, calendar feeds, sources, history).  ``journal serve`` (``builder.live``) and a
build after an edit (``builder.incremental``) both use it; their tests
compare the outcome with a whole render after each kind of edit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from builder.model import Contact, Event, Reflection
from builder.render.context import SECTIONS, Site, entry_title
from builder.render.pages import (
    ENTRY_PAGES,
    INDEX_PAGES,
    Pages,
    calendars,
    dashboard,
    followups_page,
    goals_page,
    history_page,
    next_page,
    sources,
    topic_page,
    topics_index,
)
from builder.values import topic_key


@dataclass(frozen=True, slots=True)
class Affected:
    """The pages rendered again, and which paths they stand for: a page at
    one of those paths that was not rendered again is no longer generated."""

    pages: Pages
    indexes: frozenset[str]  # the sections whose index was rendered, with all its groups (``people``...)
    paths: frozenset[str]  # the pages of every entry and topic the edit touched, before and after

    def stale(self, existing: Iterable[str]) -> list[str]:
        """The paths of ``existing`` (the docs folder's pages) that these
        pages replace and that are not among them: a group of an index
        that is gone, the page of a topic nothing has any more, the page of
        an entry a public build no longer shows."""
        groups = tuple(f"{section}-by-" for section in sorted(self.indexes))  # people-by-letter/...
        return sorted(
            path
            for path in existing
            if path not in self.pages.files and (path in self.paths or path.split("/")[0].startswith(groups))
        )


def neighbours(site: Site, slug: str, changes: Mapping[str, set[str]] | None = None) -> set[str]:
    """Every entry whose page shows something of ``slug``, or that ``slug``'s
    page shows; ``changes``: ``named_in_changes(site)``, when made already."""
    rel = site.relations
    out: set[str] = set()
    for mapping in (
        rel.mentions,
        rel.events_of_person,
        rel.reflections_of,
        rel.people_at,
        rel.events_of_org,
        rel.met_at,
        changes if changes is not None else named_in_changes(site),
    ):
        out.update(mapping.get(slug, ()))
    entry = site.entry(slug)
    if entry is None:
        return out
    out.update(link.slug for link in entry.wikilinks)
    for task in entry.tasks:
        out.update(task.links)
    if isinstance(entry, Contact):
        if entry.organization:
            out.add(entry.organization)
        if entry.met and entry.met.at:
            out.add(entry.met.at)
    elif isinstance(entry, Event):
        out.update(entry.people)
        out.update(entry.organizations)
    elif isinstance(entry, Reflection):
        out.update(entry.people)
        out.update(entry.events)
    return {s for s in out if site.kind_of.get(s)}


def named_in_changes(site: Site) -> dict[str, set[str]]:
    """Organization → the contacts whose timeline names it in a committed
    job change ("moved from X to Y"; pages of a public build show none)."""
    out: dict[str, set[str]] = {}
    if site.history is None or site.public:
        return out
    for path, changes in site.history.field_changes.items():
        contact = site.slug_of_path.get(path)
        if contact is None:
            continue
        for change in changes:
            if change.field == "organization":
                for value in (change.old, change.new):
                    if value:
                        out.setdefault(value, set()).add(contact)
    return out


def render_affected(old: Site, site: Site, slugs: Iterable[str]) -> Affected:
    """Render the pages that the edit of ``slugs`` (from ``old`` to ``site``) can change."""
    slugs = sorted(set(slugs))
    entries: set[str] = set()
    topics: set[str] = set()
    changes = (named_in_changes(old), named_in_changes(site))
    for slug in slugs:
        entries.add(slug)
        entries |= neighbours(old, slug, changes[0]) | neighbours(site, slug, changes[1])
        for which in (old, site):
            entry = which.entry(slug)
            if entry is not None:
                topics.update(topic_key(t) for t in entry.topics)
    pages = Pages()
    kinds = {site.kind_of.get(s) or old.kind_of.get(s) for s in slugs}
    indexes = sorted(k for k in _indexes(old, site, slugs, entries) if k)
    for kind in indexes:
        INDEX_PAGES[kind](site, pages)
    for slug in sorted(entries):
        entry_kind = site.kind_of.get(slug)
        if entry_kind is not None:
            ENTRY_PAGES[entry_kind](site, pages, slug)
    topics_index(site, pages)
    sources(site, pages)  # links the topics that have a page, which an edit can add or remove
    history_page(site, pages)  # names the entries the commits touched, by their titles now
    for key in sorted(topics):
        if key in site.relations.topics:
            topic_page(site, pages, key)
    dashboard(site, pages)
    next_page(site, pages)
    goals_page(site, pages)
    # The follow-ups page shows the follow-ups and the names they link to, nothing else.
    renamed = any(_renamed(old, site, slug) for slug in slugs)
    if renamed or old.followups != site.followups:
        followups_page(site, pages)
    # The feeds are long; they change only when events, follow-ups or the
    # week's plan do, or a name they show (a task's [[link]]) changed.
    if (
        renamed
        or any(kind == "events" for kind in kinds)
        or old.followups != site.followups
        or old.figures.week != site.figures.week
    ):
        calendars(site, pages)
    paths = frozenset(
        path
        for which in (old, site)
        for path in (
            *(which.topic_paths.get(key) for key in topics),
            *(which.path(slug) for slug in entries),
        )
        if path is not None
    )
    return Affected(pages, frozenset(SECTIONS[kind] for kind in indexes), paths)


def _indexes(old: Site, site: Site, slugs: list[str], entries: set[str]) -> set[str]:
    """The index pages an edit can change: its own kind's; every linked
    kind's when its title changed (indexes show linked entries' names);
    the organizations' when a contact's organization changed (they count
    people); the people's when an event changed (last contact, next due)."""
    kinds: set[str] = set()
    for slug in slugs:
        before, after = old.entry(slug), site.entry(slug)
        kind = site.kind_of.get(slug) or old.kind_of.get(slug)  # a public build may show it no more, or now
        if kind:
            kinds.add(kind)
        if _renamed(old, site, slug):
            kinds |= {site.kind_of[s] for s in entries if s in site.kind_of}
        if isinstance(after, Contact) and (
            not isinstance(before, Contact) or before.organization != after.organization
        ):
            kinds.add("organizations")
        if isinstance(after, Event):
            kinds.add("contacts")
    return kinds


def _renamed(old: Site, site: Site, slug: str) -> bool:
    """Whether the entry's title (shown wherever it is linked) changed."""
    before, after = old.entry(slug), site.entry(slug)
    return before is None or after is None or entry_title(before) != entry_title(after)
