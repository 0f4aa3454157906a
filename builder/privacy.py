"""The public view of a journal: only what the owner chose to publish.

A public build renders this view, never the journal itself, so what is left
out here cannot reach any output file (pages, search index, sitemap, feeds).
The rules (README, "Publishing"):

- an entry is published only when it says ``public: true`` and not ``private: true``;
- a published contact shows its name, organization, role and topics, plus the
  fields listed in ``public_fields``; its log notes and the reason it is
  snoozed never (``snooze_until`` goes with ``keep_in_touch``);
- references to entries that are not published are dropped (a contact's
  organization and where they met included), so no page names one: not its
  title, not its slug;
- the plan and the sources are published.

Goal figures are computed on the whole journal and published as numbers only:
what counted (people, organizations, kinds of event) is shown only where it
comes from published entries (``builder.render``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType

from builder.model import Contact, Entry, Journal


def is_published(entry: Entry) -> bool:
    """Whether ``entry`` appears in the public build."""
    return entry.public and not entry.private


def unpublished_slugs(journal: Journal) -> frozenset[str]:
    """The slugs of every entry of ``journal`` that a public build leaves out."""
    return frozenset(e.slug for e in journal.entries() if not is_published(e))


def _contact(contact: Contact, unpublished: frozenset[str]) -> Contact:
    shown = set(contact.public_fields)
    links = {key: value for key, value in contact.links.items() if "links" in shown or f"links.{key}" in shown}
    organization = contact.organization
    if organization in unpublished:
        organization = None  # naming it would name an entry that is not published
    met = contact.met if "met" in shown else None
    if met is not None and met.at in unpublished:
        met = dataclasses.replace(met, at=None)
    notes = "notes" in shown
    return dataclasses.replace(
        contact,
        organization=organization,
        relationship=contact.relationship if "relationship" in shown else None,
        met=met,
        links=MappingProxyType(links),
        keep_in_touch=contact.keep_in_touch if "keep_in_touch" in shown else None,
        # A snooze is part of keeping in touch; why, never (a leave, an illness: theirs to tell)
        snooze_until=contact.snooze_until if "keep_in_touch" in shown else None,
        snooze_reason=None,
        log=tuple(dataclasses.replace(item, note=None) for item in contact.log) if "log" in shown else (),
        body=contact.body if notes else "",
        tasks=contact.tasks if notes else (),
        wikilinks=contact.wikilinks if notes else (),
    )


def public_view(journal: Journal) -> Journal:
    """``journal`` without anything its owner did not choose to publish."""
    contacts = {s: c for s, c in journal.contacts.items() if is_published(c)}
    orgs = {s: o for s, o in journal.organizations.items() if is_published(o)}
    events = {s: e for s, e in journal.events.items() if is_published(e)}
    reflections = {s: r for s, r in journal.reflections.items() if is_published(r)}
    unpublished = unpublished_slugs(journal)

    def keep(slugs: tuple[str, ...], allowed: Mapping[str, object]) -> tuple[str, ...]:
        return tuple(s for s in slugs if s in allowed)

    # Links and tasks in a published body may still name unpublished entries:
    # the renderer, given this view, cannot resolve them and shows them as
    # "(not published)".
    public_contacts = {s: _contact(c, unpublished) for s, c in contacts.items()}
    public_events = {
        s: dataclasses.replace(e, people=keep(e.people, public_contacts), organizations=keep(e.organizations, orgs))
        for s, e in events.items()
    }
    public_reflections = {
        s: dataclasses.replace(r, people=keep(r.people, public_contacts), events=keep(r.events, public_events))
        for s, r in reflections.items()
    }
    return dataclasses.replace(
        journal,
        contacts=MappingProxyType(public_contacts),
        organizations=MappingProxyType(orgs),
        events=MappingProxyType(public_events),
        reflections=MappingProxyType(public_reflections),
        unloaded=MappingProxyType({}),
    )
