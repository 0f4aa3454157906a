"""Loading: read every file of ``journal/`` into the immutable model.

Reading a file never stops the run: each problem becomes a diagnostic and the
loader moves on, so ``journal check`` reports everything at once.  An entry
whose file cannot be read at all (bad encoding, no front matter, a YAML syntax
error, a required key missing) is left out of the model but its slug is
remembered in ``Journal.unloaded``, so references to it are not reported a
second time as unknown.  Likewise a list item (a goal, a log item, a
source) with a value that could not be read, and a goal with an error, are
left out (``Plan.left_out`` keeps such goals for the rules), so that every
view computes from what was written and nothing is guessed.

Per-file parsing (``parse_entry``) depends only on the file's bytes, so its
result can be cached; placing naive date-times in the plan's timezone happens
afterwards, when records are built.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from builder import format as fmt
from builder.diagnostics import Diagnostic, Loc, error, warning
from builder.files import JOURNAL_DIR as JOURNAL_DIR  # re-exported: others import it from here
from builder.files import FileSource, as_source, fork_safe, scan
from builder.markdown import scan_body, split_front_matter
from builder.model import (
    Contact,
    Entry,
    Event,
    Goal,
    Interaction,
    Journal,
    Met,
    Organization,
    Plan,
    Reflection,
    Source,
    Task,
    WikiLink,
)
from builder.parallel import fork_map
from builder.schema import Context, Raw, any_invalid, convert_document
from builder.suggest import closest
from builder.validate import Index, goal_is_sound
from builder.values import is_slug, localize, slugify
from builder.yamlnodes import compose

PLAN_FILE = "plan.yml"
SOURCES_FILE = "sources.yml"
_TEXT_SUFFIXES = (".md", ".markdown", ".yml", ".yaml", ".txt")
_UTC = ZoneInfo("UTC")
# Slugs that name generated pages (people/index.md is the list of people).
RESERVED_SLUGS = frozenset({"index"})


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """What one entry file says, before it meets the rest of the journal."""

    raw: Raw
    body: str
    body_line: int
    tasks: tuple[Task, ...]
    wikilinks: tuple[WikiLink, ...]


def decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text of a file (a leading byte-order mark is dropped), or an error
    at the first byte that is not UTF-8.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        return None, [error(Loc(path, line, col), f"file is not UTF-8 (byte 0x{bad}); save it as UTF-8")]
    return text.removeprefix("\ufeff"), []


def parse_entry(data: bytes, path: str, folder: str, slug: str) -> tuple[ParsedEntry | None, list[Diagnostic]]:
    """Parse one Markdown entry of ``folder`` (contacts, events, ...).

    Returns ``None`` when the file is unusable; the diagnostics say why.
    """
    text, diagnostics = decode(data, path)
    if text is None:
        return None, diagnostics
    split, diagnostics = split_front_matter(text, path)
    if split is None:
        return None, diagnostics
    node, diagnostics = compose(split.yaml, path, split.yaml_line)
    if diagnostics:
        return None, diagnostics
    cx = Context(path, split.yaml_line, diagnostics)
    schema = fmt.ENTRY_SCHEMAS[folder]
    raw = convert_document(node, schema, cx, Loc(path, 1, 1))
    tasks, links, body_diags = scan_body(split.body, split.body_line, path, slug)
    diagnostics.extend(body_diags)
    if any(k not in raw.values for k, f in schema.fields.items() if f.required):
        return None, diagnostics
    return ParsedEntry(raw, split.body, split.body_line, tasks, links), diagnostics


def parse_yaml_file(data: bytes, path: str) -> tuple[Any, list[Diagnostic]]:
    """Decode and compose a whole YAML file (plan.yml, sources.yml)."""
    text, diagnostics = decode(data, path)
    if text is None:
        return None, diagnostics
    return compose(text, path, 1)


# -- records -----------------------------------------------------------------


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


def _whole(item: Raw) -> bool:
    """Whether every value of a list item was read.  One that could not be
    (reported already) leaves the item out of the model, as a file that
    cannot be read is: a log item with 'by: mee' would otherwise count as
    mine, one with 'minutes: half' as no time at all."""
    return not any_invalid(item.locs)


def _interaction(item: Raw) -> Interaction | None:
    if "date" not in item.values or "channel" not in item.values or not _whole(item):
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


# -- files -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JournalFiles:
    """The files of a journal, classified; paths relative to the root."""

    entries: tuple[tuple[str, str], ...]  # (folder, relative path), sorted by path
    stray: tuple[tuple[str, str], ...]  # (relative path, why it is not read)
    unwalkable: tuple[tuple[str, str], ...] = ()  # (relative path, why): unreadable folders, link loops

    def problems(self) -> list[Diagnostic]:
        """The warnings about stray files and the errors about what could not be walked."""
        out = [warning(Loc(rel, 1, 1), why) for rel, why in self.stray]
        return out + [error(Loc(rel, 1, 1), why) for rel, why in self.unwalkable]


def find_files(files: FileSource) -> JournalFiles:
    """Classify every file under ``journal/``: entries to read, and text files
    that look like journal content but are in no place the format reads
    (those get a warning; images and other attachments are left alone).
    """
    entries: list[tuple[str, str]] = []
    stray: list[tuple[str, str]] = []
    known_top = (PLAN_FILE, SOURCES_FILE)
    found, unwalkable = scan(files, JOURNAL_DIR)
    for rel in found:
        parts = rel.split("/")
        name = parts[-1]
        suffix = os.path.splitext(name)[1].lower()
        if len(parts) == 2:
            if name in known_top or suffix not in _TEXT_SUFFIXES:
                continue
            best = closest(name, known_top)
            hint = f"; did you mean '{best}'?" if best else ""
            folders = ", ".join(fmt.ENTRY_FOLDERS)
            why = f"not read: only {PLAN_FILE}, {SOURCES_FILE} and the folders {folders} are part of the journal"
            stray.append((rel, why + hint))
            continue
        folder = parts[1]
        if folder in fmt.ENTRY_FOLDERS:
            if suffix == ".md":
                entries.append((folder, rel))
            elif suffix in _TEXT_SUFFIXES:
                stray.append((rel, "not read: entries are Markdown files ending in .md"))
        elif suffix in _TEXT_SUFFIXES:
            best = closest(folder, fmt.ENTRY_FOLDERS)
            hint = f"; did you mean '{best}'?" if best else ""
            stray.append((rel, f"not read: folder '{folder}' is not part of the journal{hint}"))
    return JournalFiles(tuple(entries), tuple(stray), tuple(unwalkable))


def _read(files: FileSource, rel: str, diagnostics: list[Diagnostic]) -> bytes | None:
    try:
        return files.read(rel)
    except OSError as exc:
        diagnostics.append(error(Loc(rel, 1, 1), f"cannot read file: {exc.strerror or exc}"))
        return None


PARALLEL_FROM = 3000  # entry files; below this, a second process costs more than it saves
CHUNK = 250  # entry files per piece of work shared between processes


def parse_files(
    files: FileSource, to_read: Sequence[tuple[str, str, str]]
) -> list[tuple[ParsedEntry | None, list[Diagnostic]]]:
    """Read and parse each ``(folder, path, slug)``: its parsed entry (or
    ``None``) and its problems.  A large journal is parsed on every core
    (``builder.parallel``) when ``files`` can be read from forked processes."""
    chunks = [to_read[i : i + CHUNK] for i in range(0, len(to_read), CHUNK)]
    parse = functools.partial(_parse_chunk, files)
    if len(to_read) >= PARALLEL_FROM and fork_safe(files):
        results = fork_map(parse, chunks)
    else:
        results = [parse(chunk) for chunk in chunks]
    return [item for chunk in results for item in chunk]


def _parse_chunk(
    files: FileSource, chunk: Sequence[tuple[str, str, str]]
) -> list[tuple[ParsedEntry | None, list[Diagnostic]]]:
    out: list[tuple[ParsedEntry | None, list[Diagnostic]]] = []
    for folder, rel, slug in chunk:
        diagnostics: list[Diagnostic] = []
        data = _read(files, rel, diagnostics)
        if data is None:
            out.append((None, diagnostics))
            continue
        parsed, more = parse_entry(data, rel, folder, slug)
        out.append((parsed, diagnostics + more))
    return out


def slug_of(rel: str) -> str:
    """The slug of an entry file: its name without ``.md``, in Unicode NFC."""
    return unicodedata.normalize("NFC", rel.rsplit("/", 1)[-1][: -len(".md")])


def load_plan(root: Path | FileSource, diagnostics: list[Diagnostic]) -> Plan:
    """Read ``journal/plan.yml``; a missing or broken plan gets defaults."""
    files = as_source(root)
    rel = f"{JOURNAL_DIR}/{PLAN_FILE}"
    start = Loc(rel, 1, 1)
    if not files.is_file(rel):
        diagnostics.append(
            error(start, "the journal has no plan: create journal/plan.yml (owner, timezone, time_budget, goals)")
        )
        return build_plan(Raw({}, {}, start))
    data = _read(files, rel, diagnostics)
    if data is None:
        return build_plan(Raw({}, {}, start))
    node, diags = parse_yaml_file(data, rel)
    diagnostics.extend(diags)
    if diags:
        return build_plan(Raw({}, {}, start))
    raw = convert_document(node, fmt.PLAN, Context(rel, 1, diagnostics), start)
    if "timezone" not in raw.locs:
        diagnostics.append(warning(start, "no timezone: dates are computed in UTC; add e.g. 'timezone: Asia/Jakarta'"))
    return build_plan(raw)


def load_sources(files: FileSource, diagnostics: list[Diagnostic]) -> tuple[Source, ...]:
    """Read ``journal/sources.yml`` (optional): a list of sources."""
    rel = f"{JOURNAL_DIR}/{SOURCES_FILE}"
    if not files.is_file(rel):
        return ()
    data = _read(files, rel, diagnostics)
    if data is None:
        return ()
    node, diags = parse_yaml_file(data, rel)
    diagnostics.extend(diags)
    if diags or node is None:
        return ()
    items = fmt.SOURCES.convert(node, Context(rel, 1, diagnostics), "", {})
    return tuple(build_source(item) for item in items or () if "name" in item.values and _whole(item))


E = TypeVar("E", bound=Entry)


def _sorted_map(records: dict[str, E]) -> Mapping[str, E]:
    return MappingProxyType(dict(sorted(records.items())))


def entry_files(found: JournalFiles) -> tuple[list[tuple[str, str, str]], list[Diagnostic]]:
    """(folder, path, slug) of each entry file to read, and the problems with
    file names: slugs that are not slugs or are reserved, and duplicates (the
    first file in path order keeps the slug; the others are not read)."""
    out: list[tuple[str, str, str]] = []
    diagnostics: list[Diagnostic] = []
    owner: dict[str, str] = {}  # slug -> path of the file that has it
    for folder, rel in found.entries:
        slug = slug_of(rel)
        if not is_slug(slug):
            suggestion = slugify(slug)
            hint = f"; rename it to '{suggestion}.md'" if suggestion else ""
            diagnostics.append(
                error(
                    Loc(rel, 1, 1), f"file name '{slug}.md' is not a slug (lowercase letters, digits and hyphens){hint}"
                )
            )
        if slug in RESERVED_SLUGS:
            reserved = f"'{slug}' is reserved for the site's index pages; rename the file"
            diagnostics.append(error(Loc(rel, 1, 1), reserved))
        if slug in owner:
            diagnostics.append(
                error(
                    Loc(rel, 1, 1),
                    f"duplicate slug '{slug}': {owner[slug]} has it already; slugs are unique across the journal",
                )
            )
            continue
        owner[slug] = rel
        out.append((folder, rel, slug))
    return out, diagnostics


@dataclass(frozen=True, slots=True)
class LoadedEntries:
    """Entry files read into records: by folder and slug, the slugs of files
    that could not be read (and their folders), and each file's problems."""

    records: dict[str, dict[str, Any]]  # each folder's records, of its own kind
    unloaded: dict[str, str]
    diagnostics: dict[str, list[Diagnostic]]  # by file, in the order read

    def journal(self, plan: Plan, sources: tuple[Source, ...]) -> Journal:
        """A journal of these entries (in slug order) with ``plan`` and ``sources``."""
        return Journal(
            plan=plan,
            sources=sources,
            contacts=_sorted_map(self.records["contacts"]),
            organizations=_sorted_map(self.records["organizations"]),
            events=_sorted_map(self.records["events"]),
            reflections=_sorted_map(self.records["reflections"]),
            unloaded=MappingProxyType(dict(sorted(self.unloaded.items()))),
        )


def load_entries(files: FileSource, to_read: list[tuple[str, str, str]], tz: ZoneInfo) -> LoadedEntries:
    """Read and build the entry files ``to_read`` ((folder, path, slug), as
    ``entry_files`` lists them): the one load loop, for the loader and the
    cached check alike."""
    records: dict[str, dict[str, Any]] = {folder: {} for folder in fmt.ENTRY_FOLDERS}
    unloaded: dict[str, str] = {}
    problems: dict[str, list[Diagnostic]] = {}
    for (folder, rel, slug), (parsed, diags) in zip(to_read, parse_files(files, to_read), strict=True):
        problems[rel] = diags
        if parsed is None:
            unloaded[slug] = folder
        else:
            records[folder][slug] = build_entry(folder, slug, parsed, tz)
    return LoadedEntries(records, unloaded, problems)


def load(root: Path | FileSource) -> tuple[Journal, list[Diagnostic]]:
    """Load the journal under ``root`` (a folder, or any ``FileSource``);
    returns the model and every problem found."""
    files = as_source(root)
    diagnostics: list[Diagnostic] = []
    if not files.is_dir(JOURNAL_DIR):
        diagnostics.append(
            error(
                Loc(JOURNAL_DIR, 1, 1),
                f"no '{JOURNAL_DIR}' folder in {getattr(files, 'root', root)}; "
                "run from a journal repository or pass --root",
            )
        )
    plan = (
        load_plan(files, diagnostics) if not diagnostics else build_plan(Raw({}, {}, Loc(f"{JOURNAL_DIR}/{PLAN_FILE}")))
    )
    sources = load_sources(files, diagnostics)
    found = find_files(files)
    diagnostics.extend(found.problems())

    to_read, name_problems = entry_files(found)
    diagnostics.extend(name_problems)
    entries = load_entries(files, to_read, plan.timezone)
    for problems in entries.diagnostics.values():
        diagnostics.extend(problems)
    journal = entries.journal(plan, sources)
    if any(goal.organizations for goal in plan.goals):  # goals naming organizations that do not exist
        journal = dataclasses.replace(journal, plan=settle_goals(plan, Index.of(journal)))
    return journal, diagnostics
