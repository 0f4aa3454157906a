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
    Entry,
    Journal,
    Plan,
    Source,
)
from builder.parallel import fork_map
from builder.parsecache import ParsedCache
from builder.records import ParsedEntry, build_entry, build_plan, build_source, settle_goals, whole
from builder.schema import Context, Raw, convert_document
from builder.suggest import closest
from builder.validate import Index
from builder.values import is_slug, slugify
from builder.yamlnodes import compose

PLAN_FILE = "plan.yml"
SOURCES_FILE = "sources.yml"
_TEXT_SUFFIXES = (".md", ".markdown", ".yml", ".yaml", ".txt")
# Slugs that name generated pages (people/index.md is the list of people).
RESERVED_SLUGS = frozenset({"index"})


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
        bare = name.lstrip(".")  # as os.path.splitext: leading dots start no suffix
        dot = bare.rfind(".")
        suffix = bare[dot:].lower() if dot > 0 else ""
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
    files: FileSource, to_read: Sequence[tuple[str, str, str]], cache: ParsedCache | None = None
) -> list[tuple[ParsedEntry | None, list[Diagnostic]]]:
    """Read and parse each ``(folder, path, slug)``: its parsed entry (or
    ``None``) and its problems.  A large journal is parsed on every core
    (``builder.parallel``) when ``files`` can be read from forked processes.
    ``cache``: ``to_read`` is the whole journal; take the files unchanged
    since the last such load from ``cache``, and keep this one's
    (``builder.parsecache``)."""
    stamps = [cache.stamp(rel) for _, rel, _ in to_read] if cache is not None else []
    known = cache.known(to_read, stamps) if cache is not None else {}
    todo = [item for index, item in enumerate(to_read) if index not in known]
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    parse = functools.partial(_parse_chunk, files)
    if len(todo) >= PARALLEL_FROM and fork_safe(files):
        results = fork_map(parse, chunks)
    else:
        results = [parse(chunk) for chunk in chunks]
    parsed = iter(item for chunk in results for item in chunk)
    out = [known[index] if index in known else next(parsed) for index in range(len(to_read))]
    if cache is not None:
        cache.keep(to_read, stamps, out, known)
    return out


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
    name = rel[rel.rfind("/") + 1 : -len(".md")]
    return name if name.isascii() else unicodedata.normalize("NFC", name)


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
    return tuple(build_source(item) for item in items or () if "name" in item.values and whole(item))


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


def load_entries(
    files: FileSource, to_read: list[tuple[str, str, str]], tz: ZoneInfo, parsed: ParsedCache | None = None
) -> LoadedEntries:
    """Read and build the entry files ``to_read`` ((folder, path, slug), as
    ``entry_files`` lists them): the one load loop, for the loader and the
    cached check alike.  ``parsed``: see ``parse_files``."""
    records: dict[str, dict[str, Any]] = {folder: {} for folder in fmt.ENTRY_FOLDERS}
    unloaded: dict[str, str] = {}
    problems: dict[str, list[Diagnostic]] = {}
    for (folder, rel, slug), (entry, diags) in zip(to_read, parse_files(files, to_read, parsed), strict=True):
        problems[rel] = diags
        if entry is None:
            unloaded[slug] = folder
        else:
            records[folder][slug] = build_entry(folder, slug, entry, tz)
    return LoadedEntries(records, unloaded, problems)


def load(root: Path | FileSource, parsed: ParsedCache | None = None) -> tuple[Journal, list[Diagnostic]]:
    """Load the journal under ``root`` (a folder, or any ``FileSource``);
    returns the model and every problem found.  ``parsed``: the cache of the
    last such load, to parse only the files changed since
    (``builder.parsecache``; it must be ``root``'s)."""
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
    entries = load_entries(files, to_read, plan.timezone, parsed)
    for problems in entries.diagnostics.values():
        diagnostics.extend(problems)
    journal = entries.journal(plan, sources)
    if any(goal.organizations for goal in plan.goals):  # goals naming organizations that do not exist
        journal = dataclasses.replace(journal, plan=settle_goals(plan, Index.of(journal)))
    return journal, diagnostics
