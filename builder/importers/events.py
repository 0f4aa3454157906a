"""Planning event entries from invitations: which files to create, which to
update and how, for ``journal import ics`` (nothing is written here).

An invitation updates the event that carries its UID (``uid:``), or else
an event of the same title on the same day that has none (one typed by
hand before the invitation came); otherwise it becomes a new event file,
named as ``journal new event`` names one (its day in the plan's timezone,
then its title's slug).

A new event has the title, kind (``--kind``, else guessed from the title),
platform, start, length, link, status ``registered`` (``cancelled`` for a
cancelled invitation), the people known by their e-mail and the UID.  An
update changes only what an invitation decides: the time (start, and its
``duration`` or ``end``), ``cancelled`` when it is cancelled, and people
it names that the event does not list yet; a file matched by title gains
the UID and the keys it lacks.  Everything else the owner wrote stays as
it was, byte for byte.  Importing the same file twice changes nothing.

Which version wins: in one file, the invitation of each UID with the
highest SEQUENCE (then the latest DTSTAMP); across imports, an event keeps
the SEQUENCE it was last changed by (``sequence:``, written only when above
0), and an older invitation than that changes nothing.  A cancellation of
an event the journal does not have is skipped, and so are its people.

How times are written: a time whose UTC offset is the plan's timezone's
at that moment is written as the journal's own times are
(``2026-12-02 19:00``); any other keeps the organiser's wall-clock time
and its offset (``2026-12-02T19:00+02:00``), the same moment; the event's
day (its file name, its place in the journal) is the day in the plan's
timezone either way.  A UTC time (Google and EventBrite send those) is
written in the plan's timezone, as a floating time is; an all-day
event is a date, and one of several days gets its last day as ``end``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from builder.compute.activity import event_day
from builder.edit.authoring import BODIES, SLUG_LENGTH, unique_slug
from builder.edit.lookup import fold
from builder.edit.writer import Workspace
from builder.edit.yamltext import FrontMatter, flow_list, is_block_sequence, is_flow, scalar, set_top
from builder.importers.ics import PLATFORM_NAMES, Attendee, Invitation
from builder.importers.merge import ImportPlan, plan_import
from builder.importers.records import Person, Skipped
from builder.model import Event, Journal
from builder.values import MAX_DURATION, slugify
from builder.yamlnodes import MappingNode, ScalarNode, SequenceNode

LABEL = "an invitation"  # where contacts made with --add-people came from
# Words of a title that say what kind of event it is, the first kind found wins.
KIND_WORDS = (
    ("job-fair", ("job fair", "jobfair", "career fair", "careers fair", "hiring fair", "job expo", "career expo")),
    ("webinar", ("webinar", "webcast", "web seminar", "online seminar")),
    ("conference", ("conference", "summit", "symposium", "convention", "congress")),
    ("meetup", ("meetup", "meet-up", "meet up")),
    ("mixer", ("mixer", "networking night", "networking evening", "happy hour", "social hour")),
)


def guess_kind(title: str, platform: str | None) -> str | None:
    """The kind a title names (``KIND_WORDS``, whole words); a Zoom invitation
    that names none is a ``zoom-meeting``; else ``None`` (no guess is better
    than a wrong one: the owner sets it)."""
    words = " " + " ".join(slugify(title).replace("-", " ").split()) + " "
    joined = " " + " ".join(fold(title).split()) + " "
    for kind, names in KIND_WORDS:
        for name in names:
            if f" {name.replace('-', ' ')} " in words or f" {name} " in joined:
                return kind
    if platform == "Zoom":
        return "zoom-meeting"
    return None


@dataclass
class EventPlan:
    """What an import of invitations would do."""

    created: dict[str, str] = field(default_factory=dict)  # path -> text
    updated: dict[str, str] = field(default_factory=dict)  # path -> text
    changes: dict[str, list[str]] = field(default_factory=dict)  # path -> what changed, in words
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)  # events left out, and notes on events read
    contacts: ImportPlan = field(default_factory=ImportPlan)  # --add-people
    platforms: list[str] = field(default_factory=list)  # recognised, in the order first seen
    hosts: list[str] = field(default_factory=list)  # links on other hosts (the host is the platform)

    @property
    def skipped_rows(self) -> int:
        """Events left out (not the notes on events imported)."""
        return sum(1 for item in self.skipped if item.row)

    @property
    def read(self) -> int:
        """Every event of the file: created + updated + unchanged + skipped."""
        return len(self.created) + len(self.updated) + self.unchanged + self.skipped_rows

    def texts(self) -> dict[str, str]:
        """Every file to write, and its new text."""
        return {**self.contacts.texts(), **self.created, **self.updated}


def when_text(value: date | datetime, tz: ZoneInfo) -> str:
    """``value`` as an event file writes it (the module's docstring says how)."""
    if not isinstance(value, datetime):
        return value.isoformat()
    clock = "%H:%M:%S" if value.second else "%H:%M"
    if value.tzinfo is None or value.utcoffset() == value.astimezone(tz).utcoffset():
        return value.strftime(f"%Y-%m-%d {clock}")
    offset = value.utcoffset() or timedelta(0)
    minutes = round(offset.total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return value.strftime(f"%Y-%m-%dT{clock}") + f"{sign}{hours:02d}:{rest:02d}"


def duration_text(minutes: int) -> str:
    """``90m``, ``2h``: whole hours in hours, anything else in minutes."""
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"


@dataclass(frozen=True, slots=True)
class _Times:
    """An invitation's time in the journal's terms."""

    start: date | datetime  # aware, or a date
    day: date  # in the plan's timezone
    minutes: int | None  # a timed event's length
    last_day: date | None  # an all-day event of several days: its last day (``end``)
    end: datetime | None  # a timed event too long for ``duration``


def _times(inv: Invitation, tz: ZoneInfo) -> _Times | str:
    start = inv.start
    if isinstance(start, datetime):
        if start.tzinfo is None:  # floating: the reader's own time
            start = start.replace(tzinfo=tz)
        elif inv.zone == "UTC":  # no organiser's zone to keep: the plan's time
            start = start.astimezone(tz)
        day = start.astimezone(tz).date()
        minutes = end = None
        if isinstance(inv.end, datetime):
            stop = inv.end if inv.end.tzinfo is not None else inv.end.replace(tzinfo=tz)
            length = round((stop - start).total_seconds() / 60)
            if 0 < length <= MAX_DURATION:
                minutes = length
            elif length > MAX_DURATION:
                end = stop.astimezone(tz) if inv.zone == "UTC" else stop
        if not 1900 <= day.year <= 2999 or (end is not None and not 1900 <= end.astimezone(tz).year <= 2999):
            return f"'{inv.title}': its day is outside the years the journal holds (1900 to 2999)"
        return _Times(start, day, minutes, None, end)
    last = inv.end - timedelta(days=1) if isinstance(inv.end, date) and not isinstance(inv.end, datetime) else None
    return _Times(start, start, None, last if last is not None and last > start else None, None)


def _email_index(journal: Journal) -> dict[str, str]:
    out: dict[str, str] = {}
    for slug, contact in sorted(journal.contacts.items()):
        email = contact.links.get("email")
        if email:
            out.setdefault(email.casefold(), slug)
    return out


def _owner(journal: Journal, attendee: Attendee) -> bool:
    """Whether ``attendee`` is the journal's owner: the plan's ``owner`` by
    name (CN), or an address made of that name (``dewi.lestari@``,
    ``dewilestari@``, ``dewi_lestari@``); every invitation names its recipient."""
    owner = journal.plan.owner
    if not owner:
        return False
    if attendee.name and fold(owner) == fold(attendee.name):
        return True
    words = fold(owner).split()
    local = fold(attendee.email.split("@", 1)[0])
    return len(words) > 1 and local in {sep.join(words) for sep in (".", "", "_", "-")}


def _newest(invitations: list[Invitation], plan: EventPlan) -> list[Invitation]:
    """One invitation per UID: the latest version (highest SEQUENCE, then the
    latest DTSTAMP, a cancellation last); the others are skipped, saying so."""
    best: dict[str, Invitation] = {}
    for inv in invitations:
        if inv.uid is None:
            continue
        known = best.get(inv.uid)
        if known is None or _version(inv) >= _version(known):
            best[inv.uid] = inv
    out = []
    for inv in invitations:
        if inv.uid is None or best[inv.uid] is inv:
            out.append(inv)
        else:
            newer = best[inv.uid]
            plan.skipped.append(Skipped(inv.where, f"'{inv.title}': a later version of it is at {newer.where}"))
    return out


def _version(inv: Invitation) -> tuple[int, datetime, bool]:
    return inv.sequence, inv.stamp or datetime.min.replace(tzinfo=ZoneInfo("UTC")), inv.cancelled


def _name_of(email: str) -> str:
    """A name for an address with none: ``sofia.garcia@`` is Sofia Garcia,
    ``jsmith@`` stays jsmith."""
    local = email.split("@", 1)[0]
    parts = [p for p in re.split(r"[._-]+", local) if p]
    if len(parts) > 1 and all(p.isalpha() for p in parts):
        return " ".join(p[:1].upper() + p[1:] for p in parts)
    return local


def _contacts(
    journal: Journal, files: Workspace, invitations: list[Invitation], add_people: bool, plan: EventPlan
) -> dict[str, str]:
    """E-mail (case-folded) -> contact slug, for everyone the invitations
    name; with ``add_people``, new contacts planned for those not known."""
    known = _email_index(journal)
    if not add_people:
        return known
    people: list[Person] = []
    wanted: set[str] = set()
    for inv in invitations:
        for attendee in inv.people:
            key = attendee.email.casefold()
            if key in known or key in wanted or _owner(journal, attendee):
                continue
            wanted.add(key)
            name = attendee.name or _name_of(attendee.email)
            people.append(Person(where=inv.where, name=name, emails=[attendee.email]))
    if not people:
        return known
    plan.contacts = plan_import(journal, files, people, [], LABEL)
    for rel, text in plan.contacts.texts().items():
        slug = rel.rsplit("/", 1)[-1].removesuffix(".md")
        try:
            fm = FrontMatter.parse(text, rel)
        except ValueError:  # pragma: no cover - merge wrote it
            continue
        links = fm.get("links")
        if links is None or not isinstance(links[1], MappingNode):
            continue
        email = fm.get("email", links[1])
        if email is not None and isinstance(email[1], ScalarNode):
            known.setdefault(email[1].value.casefold(), slug)
    return known


def plan_events(
    journal: Journal,
    files: Workspace,
    invitations: list[Invitation],
    skipped: list[Skipped],
    *,
    kind: str | None = None,
    add_people: bool = False,
) -> EventPlan:
    """What importing ``invitations`` would change (files are read through
    ``files``, so the writer can tell if they change meanwhile)."""
    plan = EventPlan(skipped=list(skipped))
    tz = journal.plan.timezone
    by_uid = {e.uid: e for e in sorted(journal.events.values(), key=lambda e: e.slug) if e.uid}
    claimed: set[str] = set()  # events an invitation of this file updates
    # (invitation, times, event, found by title; None: the version the journal has already)
    chosen: list[tuple[Invitation, _Times, Event | None, bool | None]] = []
    for inv in _newest(invitations, plan):
        times = _times(inv, tz)
        if isinstance(times, str):
            plan.skipped.append(Skipped(inv.where, times))
            continue
        event = by_uid.get(inv.uid) if inv.uid else None
        by_title = False
        if event is None:
            event = _same_event(journal, inv, times.day, claimed)
            by_title = event is not None
        if event is None and inv.cancelled:
            plan.skipped.append(Skipped(inv.where, f"'{inv.title}': a cancellation of an event not in the journal"))
            continue
        same_version = False
        if event is not None:
            claimed.add(event.slug)
            rel = files.locate(event.src.path)
            try:
                stored = _sequence(files.read_text(rel), rel)
            except ValueError:
                plan.skipped.append(Skipped(inv.where, f"{rel}: its front matter cannot be edited"))
                continue
            # A version the journal has already (the same file again) or an older
            # one changes nothing, not even what the owner changed since by
            # hand; an organiser raises SEQUENCE when they move an event
            # (RFC 5545, 3.8.7.4). A cancellation counts at any SEQUENCE.
            if inv.sequence < stored:
                plan.unchanged += 1
                plan.skipped.append(
                    Skipped(
                        inv.where,
                        f"'{inv.title}': an older version of the invitation (SEQUENCE {inv.sequence}) than {rel} "
                        f"has (sequence {stored}): nothing changed",
                        True,
                    )
                )
                continue
            # the version the journal has already: only its people still count (--add-people later)
            same_version = not by_title and event.uid is not None and inv.sequence == stored and not inv.cancelled
        chosen.append((inv, times, event, None if same_version else by_title))
    # the people of the invitations imported (not of those skipped)
    emails = _contacts(journal, files, [inv for inv, _, _, _ in chosen], add_people, plan)
    taken = {e.slug for e in journal.entries()} | set(journal.unloaded) | _slugs(plan.contacts)
    for inv, times, event, found in chosen:
        by_title = bool(found)
        if inv.platform:
            seen = plan.platforms if inv.platform in PLATFORM_NAMES else plan.hosts
            if inv.platform not in seen:
                seen.append(inv.platform)
        people = list(
            dict.fromkeys(
                emails[a.email.casefold()]
                for a in inv.people
                if a.email.casefold() in emails and not _owner(journal, a)
            )
        )
        if event is None:
            base = _base(inv.title, times.day)
            slug = unique_slug(base, taken)
            taken.add(slug)
            rel = files.locate(f"journal/events/{slug}.md")
            plan.created[rel] = _new_text(inv, times, kind or guess_kind(inv.title, inv.platform), people, tz)
            if inv.recurring:
                plan.skipped.append(Skipped(inv.where, f"'{inv.title}' repeats: {rel} is its first occurrence", True))
            continue
        rel = files.locate(event.src.path)
        current = files.read_text(rel)
        try:
            if found is None:  # a version the journal has: nothing the owner may have changed since
                missing = [slug for slug in people if slug not in event.people]
                new = _add_people(current, rel, missing) if missing else current
                said = [f"people + {', '.join(missing)}"] if missing else []
            else:
                new, said = _update_text(current, rel, event, inv, times, people, tz, by_title, kind)
            if inv.sequence > _sequence(current, rel) and new != current:
                new = set_top(FrontMatter.parse(new, rel), "sequence", str(inv.sequence))
        except ValueError:
            plan.skipped.append(Skipped(inv.where, f"{rel}: its front matter cannot be edited"))
            continue
        if new == current:
            plan.unchanged += 1
            continue
        plan.updated[rel] = new
        plan.changes.setdefault(rel, []).extend(said)
    return plan


def _slugs(plan: ImportPlan) -> set[str]:
    return {rel.rsplit("/", 1)[-1].removesuffix(".md") for rel in plan.created}


def _base(title: str, day: date) -> str:
    """The slug ``journal new event`` gives: the day, then the title's slug."""
    slug = slugify(title)
    if len(slug) > SLUG_LENGTH:
        cut = slug[:SLUG_LENGTH]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[SLUG_LENGTH // 2 :] else cut
    slug = slug.removeprefix(day.isoformat() + "-").removeprefix(day.isoformat())
    return f"{day.isoformat()}-{slug or 'invitation'}"


def _same_event(journal: Journal, inv: Invitation, day: date, claimed: set[str]) -> Event | None:
    """An event with no UID of the same title and day (typed by hand); a
    cancellation's title may start with Outlook's "Canceled: "."""
    title = fold(inv.title)
    if inv.cancelled:
        title = re.sub(r"^(?:canceled|cancelled|abgesagt|annule)\s*:\s*", "", title)
    for event in sorted(journal.events.values(), key=lambda e: e.slug):
        if (
            event.uid is None
            and event.slug not in claimed
            and fold(event.title) == title
            and event_day(event, journal.plan.timezone) == day
        ):
            return event
    return None


def _new_text(inv: Invitation, times: _Times, kind: str | None, people: list[str], tz: ZoneInfo) -> str:
    lines = ["---", f"title: {scalar(inv.title)}"]
    if kind:
        lines.append(f"kind: {kind}")
    if inv.platform:
        lines.append(f"platform: {scalar(inv.platform)}")
    lines.append(f"start: {scalar(when_text(times.start, tz))}")
    lines += _length_lines(times, tz)
    if inv.link:
        lines.append(f"url: {scalar(inv.link)}")
    lines.append(f"status: {'cancelled' if inv.cancelled else 'registered'}")
    if people:
        lines.append(f"people: {flow_list(people)}")
    if inv.uid:
        lines.append(f"uid: {scalar(inv.uid)}")
        if inv.sequence:
            lines.append(f"sequence: {inv.sequence}")
    lines.append("---")
    return "\n".join(lines) + "\n" + BODIES["events"]


def _length_lines(times: _Times, tz: ZoneInfo) -> list[str]:
    if times.minutes is not None:
        return [f"duration: {duration_text(times.minutes)}"]
    if times.end is not None:
        return [f"end: {scalar(when_text(times.end, tz))}"]
    if times.last_day is not None:
        return [f"end: {times.last_day.isoformat()}"]
    return []


def _same_moment(old: date | datetime | None, new: date | datetime) -> bool:
    if isinstance(old, datetime) and isinstance(new, datetime):
        return old == new
    return type(old) is type(new) and old == new


def _update_text(
    text: str,
    rel: str,
    event: Event,
    inv: Invitation,
    times: _Times,
    people: list[str],
    tz: ZoneInfo,
    by_title: bool,
    kind: str | None,
) -> tuple[str, list[str]]:
    """The event's text with what the invitation decides, and the changes in words."""
    said: list[str] = []
    root = FrontMatter.parse(text, rel).root
    if root is not None and is_flow(root):
        raise ValueError("the front matter is written as {...} on one line")

    def put(key: str, value: str) -> None:
        nonlocal text
        text = set_top(FrontMatter.parse(text, rel), key, scalar(value))

    if not _same_moment(event.start, times.start):
        old = _raw(text, rel, "start")
        put("start", when_text(times.start, tz))
        said.append(f"start {old} → {when_text(times.start, tz)}" if old else "start added")
    by_end = _raw(text, rel, "end") is not None and _raw(text, rel, "duration") is None
    if times.minutes is not None and not by_end:
        if event.duration != times.minutes:
            put("duration", duration_text(times.minutes))
            said.append(f"duration {duration_text(times.minutes)}")
    elif times.minutes is not None:  # the file gives an end: keep its way of saying it
        stop = times.start + timedelta(minutes=times.minutes)
        if not _same_moment(event.end, stop):
            put("end", when_text(stop, tz))
            said.append(f"end {when_text(stop, tz)}")
    else:
        wanted_end: date | datetime | None = times.end or times.last_day
        if wanted_end is not None and not _same_moment(event.end, wanted_end):
            put("end", when_text(wanted_end, tz))
            said.append(f"end {when_text(wanted_end, tz)}")
    # What happened is the owner's record: an attended or skipped event stays
    # so; a newer invitation of a cancelled one puts it back on the calendar.
    if inv.cancelled and event.status in ("planned", "registered"):
        put("status", "cancelled")
        said.append(f"status {event.status} → cancelled")
    elif not inv.cancelled and event.status == "cancelled":
        put("status", "registered")
        said.append("status cancelled → registered")
    if by_title:
        if inv.uid:
            put("uid", inv.uid)
            said.append("uid added")
        for key, value in (("kind", kind or guess_kind(inv.title, inv.platform)), ("platform", inv.platform)):
            if value and _raw(text, rel, key) is None:
                put(key, value)
                said.append(f"{key} added")
        if inv.link and _raw(text, rel, "url") is None:
            put("url", inv.link)
            said.append("url added")
    missing = [slug for slug in people if slug not in event.people]
    if missing:
        text = _add_people(text, rel, missing)
        said.append(f"people + {', '.join(missing)}")
    return text, said


def _sequence(text: str, rel: str) -> int:
    """The SEQUENCE of the invitation the event was last updated from (0 if none)."""
    raw = _raw(text, rel, "sequence")
    return int(raw) if raw is not None and raw.isascii() and raw.isdigit() and len(raw) < 10 else 0


def _raw(text: str, rel: str, key: str) -> str | None:
    """The text of top-level ``key``'s value, ``None`` if the key is absent or empty."""
    found = FrontMatter.parse(text, rel).get(key)
    if found is None or not isinstance(found[1], ScalarNode) or (found[1].value == "" and not found[1].style):
        return None
    return str(found[1].value)


def _add_people(text: str, rel: str, slugs: list[str]) -> str:
    """``people`` with ``slugs`` after the ones it lists, in the list's own style."""
    fm = FrontMatter.parse(text, rel)
    found = fm.get("people")
    if found is None or (isinstance(found[1], ScalarNode) and found[1].value == "" and not found[1].style):
        return set_top(fm, "people", flow_list(slugs))
    seq = found[1]
    if not isinstance(seq, SequenceNode):
        raise ValueError("'people' is not a list")
    if is_flow(seq):
        if not seq.value:
            return fm.replace(seq, flow_list(slugs))
        close = fm.yaml_start + seq.end_mark.index - 1  # the closing ]
        return fm.insert_at(close, "".join(f", {scalar(s, flow=True)}" for s in slugs))
    if is_block_sequence(seq) and seq.value:
        indent = " " * fm.indent_of(seq)
        return fm.insert_at(fm.end_of_block(seq), "".join(f"{indent}- {scalar(s)}\n" for s in slugs))
    raise ValueError("'people' is not a list")
