"""From a parsed entry file, the plan or a source to the model's records:
typed values in place, naive date-times placed in the plan's timezone, list
items and goals that could not be read left out (``Plan.left_out`` keeps
such goals for the rules).  ``builder.load`` reads the files; this makes the
records, for the loader, the cached check and ``journal serve`` alike."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from builder.invalid import any_invalid
from builder.model import (
    ACTION_MINUTES,
    AFTER_EVENT_WINDOW,
    QUIET_AFTER,
    REPLY_AFTER,
    Contact,
    Entry,
    Event,
    Goal,
    Interaction,
    Met,
    Organization,
    Plan,
    Reflection,
    Source,
    Task,
    WikiLink,
)
from builder.pickled import ByConstructor
from builder.schema import Raw
from builder.validate import Index, goal_is_sound
from builder.values import localize

_UTC = ZoneInfo("UTC")


@dataclass(frozen=True, slots=True)
class ParsedEntry(ByConstructor):
    """What one entry file says, before it meets the rest of the journal."""

    raw: Raw
    body: str
    body_line: int
    tasks: tuple[Task, ...]
    wikilinks: tuple[WikiLink, ...]


def _tuple(raw: Raw, key: str) -> tuple[Any, ...]:
    return tuple(raw.get(key, ()))


def _common(slug: str, p: ParsedEntry) -> dict[str, Any]:
    return {
        "src": p.raw.src,
        "locs": MappingProxyType(dict(p.raw.locs)),
        "slug": slug,
        "topics": _tuple(p.raw, "topics"),
        "private": bool(p.raw.get("private", False)),
        "public": bool(p.raw.get("public", False)),
        "body": p.body,
        "body_line": p.body_line,
        "tasks": p.tasks,
        "wikilinks": p.wikilinks,
    }


def whole(item: Raw) -> bool:
    """Whether every value of a list item was read.  One that could not be
    (reported already) leaves the item out of the model, as a file that
    cannot be read is: a log item with 'by: mee' would otherwise count as
    mine, one with 'minutes: half' as no time at all."""
    return not any_invalid(item.locs)


def _interaction(item: Raw) -> Interaction | None:
    if "date" not in item.values or "channel" not in item.values or not whole(item):
        return None  # a required key is missing or a value could not be read: already reported
    return Interaction(
        src=item.src,
        locs=MappingProxyType(dict(item.locs)),
        date=item.values["date"],
        channel=item.values["channel"],
        by=item.get("by", "me"),
        minutes=item.get("minutes"),
        note=item.get("note"),
    )


def build_contact(slug: str, p: ParsedEntry, tz: ZoneInfo) -> Contact:
    """A ``Contact`` from its parsed file."""
    r = p.raw
    met_values = r.get("met")
    met = Met(date=met_values.get("date"), at=met_values.get("at")) if met_values is not None else None
    log = tuple(i for i in (_interaction(item) for item in r.get("log", ())) if i is not None)
    return Contact(
        **_common(slug, p),
        name=r.values["name"],
        organization=r.get("organization"),
        role=r.get("role"),
        relationship=r.get("relationship"),
        met=met,
        links=MappingProxyType(dict(r.get("links", {}))),
        keep_in_touch=r.get("keep_in_touch"),
        log=log,
        public_fields=_tuple(r, "public_fields"),
        snooze_until=r.get("snooze_until"),
        snooze_reason=r.get("snooze_reason"),
    )


def build_organization(slug: str, p: ParsedEntry, tz: ZoneInfo) -> Organization:
    """An ``Organization`` from its parsed file."""
    r = p.raw
    return Organization(
        **_common(slug, p),
        name=r.values["name"],
        kind=r.get("kind"),
        website=r.get("website"),
        researched=r.get("researched"),
    )


def build_event(slug: str, p: ParsedEntry, tz: ZoneInfo) -> Event:
    """An ``Event`` from its parsed file; naive times are in the plan's timezone."""
    r = p.raw
    return Event(
        **_common(slug, p),
        title=r.values["title"],
        kind=r.get("kind"),
        platform=r.get("platform"),
        start=localize(r.get("start"), tz),
        end=localize(r.get("end"), tz),
        duration=r.get("duration"),
        url=r.get("url"),
        status=r.get("status", "planned"),
        organizations=_tuple(r, "organizations"),
        people=_tuple(r, "people"),
        uid=r.get("uid"),
    )


def build_reflection(slug: str, p: ParsedEntry, tz: ZoneInfo) -> Reflection:
    """A ``Reflection`` from its parsed file."""
    r = p.raw
    return Reflection(
        **_common(slug, p),
        date=r.values["date"],
        title=r.get("title"),
        people=_tuple(r, "people"),
        events=_tuple(r, "events"),
    )


_BUILDERS = {
    "contacts": build_contact,
    "organizations": build_organization,
    "events": build_event,
    "reflections": build_reflection,
}


def build_entry(folder: str, slug: str, parsed: ParsedEntry, tz: ZoneInfo) -> Entry:
    """The model record of one parsed entry file of ``folder``: what the
    loader, the cached check and ``journal serve``'s refresh all build."""
    return _BUILDERS[folder](slug, parsed, tz)


def build_plan(raw: Raw) -> Plan:
    """The ``Plan`` from plan.yml's values (defaults for what is missing).

    A goal with an error goes to ``Plan.left_out`` (``validate.goal_is_sound``),
    so that no view shows it with figures made up from defaults; whether the
    organizations a goal lists exist is known only once the entries are read
    (``settle_goals``, which ``load`` applies)."""
    goals = []
    for item in raw.get("goals", ()):
        if "title" not in item.values:
            continue  # reported already
        goals.append(
            Goal(
                src=item.src,
                locs=MappingProxyType(dict(item.locs)),
                title=item.values["title"],
                count=item.get("count"),
                target=item.get("target"),
                kinds=_tuple(item, "kinds"),
                organizations=_tuple(item, "organizations"),
                topic=item.get("topic"),
                per=item.get("per", "month"),
            )
        )
    plan = Plan(
        src=raw.src,
        locs=MappingProxyType(dict(raw.locs)),
        owner=raw.get("owner"),
        timezone=raw.get("timezone", _UTC),
        time_budget=raw.get("time_budget"),
        after_event_days=raw.get("after_event_days", 2),
        goals=tuple(goals),
        quiet_after=MappingProxyType({**QUIET_AFTER, **raw.get("quiet_after", {})}),
        reply_after=raw.get("reply_after", REPLY_AFTER),
        after_event_window=raw.get("after_event_window", AFTER_EVENT_WINDOW),
        action_minutes=MappingProxyType({**ACTION_MINUTES, **raw.get("action_minutes", {})}),
    )
    return settle_goals(plan, None)


def settle_goals(plan: Plan, index: Index | None) -> Plan:
    """``plan`` with its goals that have an error moved to ``left_out``
    (references to organizations are checked against ``index``, when given)."""
    goals = plan.all_goals()
    sound = tuple(g for g in goals if goal_is_sound(g, index))
    if len(sound) == len(goals) and not plan.left_out:
        return plan  # the usual case: every goal is sound
    kept = {id(g) for g in sound}
    return dataclasses.replace(plan, goals=sound, left_out=tuple(g for g in goals if id(g) not in kept))


def build_source(item: Raw) -> Source:
    """A ``Source`` from one item of sources.yml."""
    return Source(
        src=item.src,
        locs=MappingProxyType(dict(item.locs)),
        name=item.values["name"],
        kind=item.get("kind"),
        url=item.get("url"),
        topics=_tuple(item, "topics"),
        note=item.get("note"),
    )
