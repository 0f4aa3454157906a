"""Who and what is connected to what: the links between entries, both ways.

Built once per build in one pass over the journal, so that every page can
list its related entries without scanning the whole journal again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from builder.model import Journal
from builder.values import topic_key


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic and everything tagged with it (slugs, sorted)."""

    key: str  # slug form, the topic's identity
    name: str  # how it is written (the most common spelling)
    contacts: tuple[str, ...]
    organizations: tuple[str, ...]
    events: tuple[str, ...]
    reflections: tuple[str, ...]

    @property
    def size(self) -> int:
        """How many entries have this topic."""
        return len(self.contacts) + len(self.organizations) + len(self.events) + len(self.reflections)


@dataclass(frozen=True, slots=True)
class Relations:
    """Reverse links of the journal; every tuple is sorted."""

    people_at: Mapping[str, tuple[str, ...]]  # organization -> contacts working there
    events_of_person: Mapping[str, tuple[str, ...]]  # contact -> events listing them
    events_of_org: Mapping[str, tuple[str, ...]]  # organization -> events listing it
    reflections_of: Mapping[str, tuple[str, ...]]  # contact or event -> reflections about it
    mentions: Mapping[str, tuple[str, ...]]  # any slug -> entries whose notes link to it
    met_at: Mapping[str, tuple[str, ...]]  # event or organization -> contacts first met there
    goals_of_org: Mapping[str, tuple[int, ...]]  # organization -> indexes of plan goals listing it
    topics: Mapping[str, Topic]  # topic key -> topic, by key


def _freeze(d: Mapping[str, set[str]]) -> dict[str, tuple[str, ...]]:
    return {k: tuple(sorted(v)) for k, v in sorted(d.items())}


def relate(journal: Journal) -> Relations:
    """Every reverse link of ``journal``."""
    people_at: defaultdict[str, set[str]] = defaultdict(set)
    events_of_person: defaultdict[str, set[str]] = defaultdict(set)
    events_of_org: defaultdict[str, set[str]] = defaultdict(set)
    reflections_of: defaultdict[str, set[str]] = defaultdict(set)
    mentions: defaultdict[str, set[str]] = defaultdict(set)
    met_at: defaultdict[str, set[str]] = defaultdict(set)
    goals_of_org: defaultdict[str, list[int]] = defaultdict(list)
    tagged: defaultdict[str, defaultdict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    spellings: defaultdict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))

    def tag(kind: str, slug: str, topics: tuple[str, ...]) -> None:
        for topic in topics:
            key = topic_key(topic)
            if not key:
                continue
            spellings[key][topic] += 1
            tagged[key][kind].add(slug)

    for slug, contact in journal.contacts.items():
        if contact.organization is not None and contact.organization in journal.organizations:
            people_at[contact.organization].add(slug)
        if contact.met is not None and contact.met.at:
            met_at[contact.met.at].add(slug)
        tag("contacts", slug, contact.topics)
    for slug, org in journal.organizations.items():
        tag("organizations", slug, org.topics)
    for slug, event in journal.events.items():
        for person in event.people:
            events_of_person[person].add(slug)
        for org_slug in event.organizations:
            events_of_org[org_slug].add(slug)
        tag("events", slug, event.topics)
    for slug, reflection in journal.reflections.items():
        for other in (*reflection.people, *reflection.events):
            reflections_of[other].add(slug)
        for link in reflection.wikilinks:
            if link.slug in journal.contacts or link.slug in journal.events:
                reflections_of[link.slug].add(slug)
        tag("reflections", slug, reflection.topics)
    for entry in journal.entries():
        for link in entry.wikilinks:
            if link.slug != entry.slug:
                mentions[link.slug].add(entry.slug)
    for i, goal in enumerate(journal.plan.goals):
        for org_slug in dict.fromkeys(goal.organizations):
            goals_of_org[org_slug].append(i)

    topics = {}
    for key in sorted(tagged):
        # the most common spelling; ties go to the first in sorted order
        name = min(spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        by_kind = tagged[key]
        topics[key] = Topic(
            key,
            name,
            tuple(sorted(by_kind.get("contacts", ()))),
            tuple(sorted(by_kind.get("organizations", ()))),
            tuple(sorted(by_kind.get("events", ()))),
            tuple(sorted(by_kind.get("reflections", ()))),
        )
    return Relations(
        people_at=_freeze(people_at),
        events_of_person=_freeze(events_of_person),
        events_of_org=_freeze(events_of_org),
        reflections_of=_freeze(reflections_of),
        mentions=_freeze(mentions),
        met_at=_freeze(met_at),
        goals_of_org={k: tuple(v) for k, v in sorted(goals_of_org.items())},
        topics=topics,
    )
