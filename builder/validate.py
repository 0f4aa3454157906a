"""Validation: rules over the whole loaded journal.

Each rule is a pure function from the ``Journal`` to the diagnostics it finds;
``validate`` runs them all.  Shapes and types were checked while loading
(``builder.schema``); these rules relate values to each other and to other
entries.  All are linear in the size of the journal.

One mistake makes one error: a value that was given but could not be read
was reported while loading (``invalid.is_invalid`` tells), so a rule that
needs it says nothing ("duration is given but start is not" would only
repeat that ``start`` is wrong).  A goal with an error is left out of every
figure (``goal_is_sound``), and still checked here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from builder.diagnostics import Diagnostic, Loc, error, warning
from builder.invalid import any_invalid, has_invalid, is_invalid
from builder.model import Goal, Journal, Located
from builder.suggest import closest, did_you_mean
from builder.values import is_slug, shown

KIND_NAMES = {
    "contacts": "contact",
    "organizations": "organization",
    "events": "event",
    "reflections": "reflection",
}


class Index:
    """Which slug names what kind of entry, for resolving references.

    It is built from slugs and kinds alone, so a rule that resolves
    references through it never reads another entry's content: that is what
    lets ``journal check`` re-check one edited file on its own
    (``builder.check``).  Every lookup is recorded per file, so the
    cache knows which files to re-check when entries appear or disappear.
    """

    def __init__(self, kind_of: Mapping[str, str]) -> None:
        self.kind_of = dict(kind_of)
        grouped: dict[str, list[str]] = {kind: [] for kind in KIND_NAMES}
        for slug, kind in self.kind_of.items():
            grouped[kind].append(slug)
        self.by_kind = {kind: tuple(sorted(slugs)) for kind, slugs in grouped.items()}
        self.lookups: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)  # path -> {(kind, slug)}

    @classmethod
    def of(cls, journal: Journal) -> Index:
        """The index of every entry of ``journal``, loaded or not."""
        kind_of: dict[str, str] = {}
        for kind in KIND_NAMES:
            for slug in getattr(journal, kind):
                kind_of[slug] = kind
        for slug, kind in journal.unloaded.items():
            kind_of.setdefault(slug, kind)
        return cls(kind_of)

    def look(self, path: str, slug: str, kind: str = "*") -> str | None:
        """The kind of ``slug`` (``None`` if unknown), recorded as looked up from ``path``."""
        self.lookups[path].add((kind, slug))
        return self.kind_of.get(slug)

    def check(self, slug: str, kind: str, loc: Loc, what: str) -> Diagnostic | None:
        """An error if ``slug`` is not an entry of ``kind``; ``what`` names the field."""
        found = self.look(loc.path, slug, kind)
        if found == kind:
            return None
        if found is not None:
            return error(loc, f"{what}: '{slug}' is {_a(KIND_NAMES[found])}, not {_a(KIND_NAMES[kind])}")
        hint = did_you_mean(slug, self.by_kind[kind])
        return error(loc, f"{what}: unknown {KIND_NAMES[kind]} '{shown(slug)}'{hint}")


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


Rule = Callable[[Journal, Index], Iterator[Diagnostic]]


def check_event_references(journal: Journal, index: Index) -> Iterator[Diagnostic]:
    """Events name known contacts (``people``) and organizations."""
    for event in journal.events.values():
        for i, slug in enumerate(event.people):
            if d := index.check(slug, "contacts", event.loc("people", i), "people"):
                yield d
        for i, slug in enumerate(event.organizations):
            if d := index.check(slug, "organizations", event.loc("organizations", i), "organizations"):
                yield d


def check_reflection_references(journal: Journal, index: Index) -> Iterator[Diagnostic]:
    """Reflections name known contacts (``people``) and ``events``."""
    for reflection in journal.reflections.values():
        for i, slug in enumerate(reflection.people):
            if d := index.check(slug, "contacts", reflection.loc("people", i), "people"):
                yield d
        for i, slug in enumerate(reflection.events):
            if d := index.check(slug, "events", reflection.loc("events", i), "events"):
                yield d


def check_contact_references(journal: Journal, index: Index) -> Iterator[Diagnostic]:
    """``met.at`` written as a slug (lowercase words joined by hyphens) must be
    an event; an ``organization`` that is nearly an organization's slug is
    probably a typo.
    """
    for contact in journal.contacts.values():
        if contact.met is not None and contact.met.at is not None:
            at = contact.met.at
            if is_slug(at) and "-" in at and (d := index.check(at, "events", contact.loc("met", "at"), "met.at")):
                yield d
        org = contact.organization
        if org is not None and is_slug(org) and index.look(contact.src.path, org, "organizations") != "organizations":
            best = closest(org, index.by_kind["organizations"], cutoff=0.8)
            if best is not None:
                yield warning(
                    contact.loc("organization"),
                    f"organization '{org}' is not an organization file; did you mean '{best}'? "
                    "(free text is fine if you meant it)",
                )


def check_wikilinks(journal: Journal, index: Index) -> Iterator[Diagnostic]:
    """Every ``[[slug]]`` in a body names an entry."""
    everything: tuple[str, ...] | None = None
    for entry in journal.entries():
        for link in entry.wikilinks:
            if index.look(link.loc.path, link.slug) is not None:
                continue
            if everything is None:
                everything = tuple(sorted(index.kind_of))
            hint = did_you_mean(link.slug, everything)
            yield error(link.loc, f"link [[{shown(link.slug)}]]: no entry has this slug{hint}")


def _given(record: Located, key: str) -> bool:
    """Whether ``key`` has a value: one that was read, or one that could not
    be (reported already).  An empty ``key:`` gives none."""
    return getattr(record, key) not in (None, ()) or is_invalid(record.locs, key)


def goal_errors(goal: Goal, index: Index | None) -> list[Diagnostic]:
    """The errors of one goal: it is exactly one of a count with a target,
    organizations to learn about, or a topic; filters and targets fit the
    kind of goal; the organizations it lists exist (unless ``index`` is
    ``None``: the plan read before the entries)."""
    out: list[Diagnostic] = []
    given = [k for k in ("count", "organizations", "topic") if _given(goal, k)]
    if not given:
        out.append(error(goal.src, f"goal '{goal.title}' needs one of: count, organizations or topic"))
    elif len(given) > 1:
        out.append(error(goal.loc(given[1]), f"goal '{goal.title}' has both {given[0]} and {given[1]}; give one"))
    if goal.count is not None and goal.target is None and not is_invalid(goal.locs, "target"):
        out.append(error(goal.loc("count"), f"goal '{goal.title}' counts {goal.count} and needs a target"))
    if goal.kinds and goal.count not in ("events", "engagement-kinds") and not is_invalid(goal.locs, "count"):
        out.append(error(goal.loc("kinds"), "kinds filters only goals that count events or engagement-kinds"))
    if (
        goal.organizations
        and goal.target is not None
        and goal.target > len(goal.organizations)
        and not has_invalid(goal.locs, "organizations")
    ):
        out.append(
            error(
                goal.loc("target"),
                f"target {goal.target} is more than the {len(goal.organizations)} organizations listed",
            )
        )
    for i, slug in enumerate(goal.organizations):
        if index is not None and (
            d := index.check(slug, "organizations", goal.loc("organizations", i), "goal organizations")
        ):
            out.append(d)
    return out


def goal_is_sound(goal: Goal, index: Index | None) -> bool:
    """Whether every value of ``goal`` was read and no rule finds an error in
    it: the one test of whether a goal is shown anywhere (the loader keeps
    the others in ``Plan.left_out``)."""
    return not any_invalid(goal.locs) and not goal_errors(goal, index)


def check_plan(journal: Journal, index: Index) -> Iterator[Diagnostic]:
    """Every goal's errors (``goal_errors``), shown or left out, and goals
    that share a title."""
    titles: dict[str, Loc] = {}
    for goal in journal.plan.all_goals():
        yield from goal_errors(goal, index)
        if goal.title in titles:
            yield warning(
                goal.loc("title"),
                f"another goal has this title (line {titles[goal.title].line}); progress history is kept by title",
            )
        else:
            titles[goal.title] = goal.loc("title")


def _as_datetime(value: date | datetime, tz: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=tz)


def check_event_times(journal: Journal, index: Index) -> Iterator[Diagnostic]:
    """An event has ``end`` or ``duration``, not both, and ends after it starts."""
    tz = journal.plan.timezone
    for event in journal.events.values():
        if _given(event, "end") and _given(event, "duration"):
            yield error(event.loc("duration"), "give end or duration, not both")
        no_start = event.start is None and not is_invalid(event.locs, "start")
        if event.end is not None and no_start:
            yield error(event.loc("end"), "end is given but start is not")
        if event.duration is not None and no_start:
            yield error(event.loc("duration"), "duration is given but start is not")
        if (
            event.start is not None
            and event.end is not None
            and _as_datetime(event.end, tz) < _as_datetime(event.start, tz)
        ):
            yield error(event.loc("end"), "the event ends before it starts")


def check_sources(journal: Journal, index: Index) -> Iterator[Diagnostic]:
    """Each source is listed once."""
    seen: dict[str, Loc] = {}
    for source in journal.sources:
        key = source.name.casefold()
        if key in seen:
            yield warning(source.loc("name"), f"source '{source.name}' is listed twice (also on line {seen[key].line})")
        else:
            seen[key] = source.src


def check_privacy(journal: Journal, index: Index) -> Iterator[Diagnostic]:
    """``public`` and ``private`` cannot both be true; ``public_fields`` mean
    nothing on a contact that is not public.
    """
    for entry in journal.entries():
        if entry.public and entry.private:
            yield error(entry.loc("public"), "both public and private: private wins, so remove one")
    for contact in journal.contacts.values():
        if contact.public_fields and not contact.public and not is_invalid(contact.locs, "public"):
            yield warning(
                contact.loc("public_fields"), "public_fields has no effect unless the contact is public: true"
            )


# Rules about one entry at a time: they read other entries only through the
# Index (slugs and kinds), never their content.
ENTRY_RULES: tuple[Rule, ...] = (
    check_event_references,
    check_reflection_references,
    check_contact_references,
    check_wikilinks,
    check_event_times,
    check_privacy,
)
# Rules about plan.yml and sources.yml.
JOURNAL_RULES: tuple[Rule, ...] = (check_plan, check_sources)
RULES = ENTRY_RULES + JOURNAL_RULES


def validate(journal: Journal, rules: tuple[Rule, ...] = RULES, index: Index | None = None) -> list[Diagnostic]:
    """Every problem the rules find in ``journal`` (references resolved
    against ``index``, by default the journal's own)."""
    index = index if index is not None else Index.of(journal)
    out: list[Diagnostic] = []
    for rule in rules:
        out.extend(rule(journal, index))
    return out
