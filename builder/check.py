"""Checking a journal: ``check`` loads and validates everything;
``check_cached`` gives the same answer re-reading only what changed since
the last run.

The cache (``build/cache/check.json``, gitignored, never under ``journal/``)
keeps, for every entry file, what identifies its contents on disk (size,
modification and change times, inode), the problems found in it, and the
slugs its references looked up.  A later check re-reads a file only when any
of these differ; files whose references looked up slugs that appeared or
disappeared since are re-checked too.  This is exact because entry rules see
other entries only through names and kinds (``validate.Index``): a test
compares it with a full check after edits, additions, removals and renames.

The cache is a plain JSON document: a file that cannot be read, has another
version, or has the wrong shape is ignored (a full check runs and replaces
it); it is never trusted for a file that changed.  Change time cannot be set
back by tools that restore modification times, so an edit that keeps the
size and modification time is still seen; a file modified within two seconds
of the last cache write is re-read regardless (as git does).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import builder
from builder.diagnostics import Diagnostic, Loc, Severity, sorted_unique
from builder.files import DiskSource, FileSource
from builder.load import (
    JOURNAL_DIR,
    PLAN_FILE,
    SOURCES_FILE,
    entry_files,
    find_files,
    load,
    load_entries,
    load_plan,
    load_sources,
    slug_of,
)
from builder.model import Journal
from builder.parsecache import ParsedCache
from builder.validate import ENTRY_RULES, JOURNAL_RULES, Index, validate

CACHE_FILE = "build/cache/check.json"
LOOKUPS_FILE = "build/cache/check-lookups.json"  # read only when entries appear or disappear
FORMAT = 4
RACY_NS = 2_000_000_000
STALE_KEPT = 16  # changed files re-read by every check until the cache is rewritten


def check(root: Path | FileSource, parsed: ParsedCache | None = None) -> tuple[Journal, list[Diagnostic]]:
    """Load and validate: the journal and every problem, in printing order.
    ``parsed``: parse only the files changed since the last load that kept
    its parses there (``journal build``; ``builder.parsecache``)."""
    journal, diagnostics = load(root, parsed)
    diagnostics.extend(validate(journal))
    return journal, sorted_unique(diagnostics)


def _builder_version() -> str:
    """Changes whenever any of the builder's own files does (new rules, new messages)."""
    digest = hashlib.sha256(f"{builder.__version__}:{FORMAT}".encode())
    package = Path(builder.__file__).parent
    for path in sorted(package.rglob("*.py")):
        st = path.stat()
        digest.update(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


def _stamp(path: Path | str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _to_json(d: Diagnostic) -> list[Any]:
    return [d.loc.path, d.loc.line, d.loc.col, d.severity.value, d.message]


def _from_json(item: list[Any]) -> Diagnostic:
    path, line, col, severity, message = item  # a malformed item raises: the cache is not trusted
    if not (isinstance(path, str) and isinstance(line, int) and isinstance(col, int) and isinstance(message, str)):
        raise ValueError("bad diagnostic")
    return Diagnostic(Loc(path, line, col), Severity(severity), message)


class Record(NamedTuple):
    """What the cache keeps of one file: its stamp ([size, mtime_ns,
    ctime_ns, inode]: unchanged, the file need not be read), its
    diagnostics ([path, line, col, severity, message] each), and the
    [kind or "*", slug] pairs its references looked up, when they are not
    in the lookups file (which is read and rewritten only when entries
    appear or disappear: a file re-checked since carries its own).  A
    tuple, so that JSON writes it as a plain array and 30,000 of them load
    at the speed of lists."""

    stamp: list[int]
    diagnostics: list[list[Any]]
    lookups: list[list[str]] | None = None

    @classmethod
    def read(cls, raw: Any) -> Record:
        """A record from the cache file; ``_Untrusted`` if it is damaged."""
        if not (isinstance(raw, list) and len(raw) == 3 and isinstance(raw[0], list) and isinstance(raw[1], list)):
            raise _Untrusted
        if raw[2] is not None and not isinstance(raw[2], list):
            raise _Untrusted
        return cls(raw[0], raw[1], raw[2])


@dataclass
class Cache:
    """The cache document."""

    version: str
    written_ns: int
    context: list[Any]  # stamps of plan.yml and sources.yml
    files: dict[str, Any] = field(default_factory=dict)  # path → a record as stored (``Record.read``)


def read_cache(root: Path, version: str) -> Cache | None:
    """The cache, or ``None`` if it is missing, unreadable or of another version.

    Records are checked as they are used; any damage found then makes the
    whole check fall back to reading every file.
    """
    try:
        raw = json.loads((root / CACHE_FILE).read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or raw.get("version") != version or raw.get("format") != FORMAT:
            return None
        files = raw["files"]
        if not isinstance(files, dict):
            return None
        return Cache(str(raw["version"]), int(raw["written_ns"]), list(raw["context"]), files)
    except Exception:  # any damage at all: the cache is not used
        return None


def read_lookups(root: Path, version: str) -> dict[str, list[list[str]]]:
    """Each file's looked-up slugs; ``ValueError`` if they cannot be trusted."""
    try:
        raw = json.loads((root / LOOKUPS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"no usable lookups: {exc}") from None
    if not isinstance(raw, dict) or raw.get("version") != version or not isinstance(raw.get("files"), dict):
        raise ValueError("lookups of another version")
    files: dict[str, list[list[str]]] = raw["files"]
    return files


def _write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def write_cache(root: Path, cache: Cache, lookups: dict[str, list[list[str]]] | None) -> None:
    """Write the cache atomically (lookups first, when given: a cache never
    points to older lookups than its own); a cache that cannot be written is
    simply not kept."""
    try:
        if lookups is not None:
            _write_json(root / LOOKUPS_FILE, {"version": cache.version, "files": dict(sorted(lookups.items()))})
        _write_json(
            root / CACHE_FILE,
            {
                "format": FORMAT,
                "version": cache.version,
                "written_ns": cache.written_ns,
                "context": cache.context,
                "files": cache.files,  # in path order already
            },
        )
    except OSError:
        pass


def _revalidate(
    stale: Iterable[str],
    lookups: dict[str, list[list[str]]],
    changed: set[str],
    changed_kinds: set[str],
    old: dict[str, str],
) -> set[str]:
    """The files to re-check: those that changed, and those with a reference
    that (a) names a slug that appeared, disappeared or changed kind, or (b)
    found nothing last time, in a kind that has changed since (a new entry
    can now answer it, or change its "did you mean")."""
    out = set(stale)
    if not changed:
        return out
    for rel, pairs in lookups.items():
        if rel in out:
            continue
        for kind, slug in pairs:
            missed = old.get(slug) is None if kind == "*" else old.get(slug) != kind
            if slug in changed or (missed and (kind in changed_kinds or (kind == "*" and changed_kinds))):
                out.add(rel)
                break
    return out


def check_cached(root: Path) -> list[Diagnostic]:
    """The same diagnostics as a full check (``check``), reading only the
    files that changed since the last run."""
    version = _builder_version()
    try:
        return _check_cached(root, version, trust_cache=True)
    except _Untrusted:
        return _check_cached(root, version, trust_cache=False)


class _Untrusted(Exception):
    """Something in the cache is not what it should be: read everything."""


def _check_cached(root: Path, version: str, trust_cache: bool) -> list[Diagnostic]:
    started = time.time_ns()
    files = DiskSource(root)
    if not files.is_dir(JOURNAL_DIR):
        return sorted_unique(load(root)[1])
    context = [_stamp(root / JOURNAL_DIR / PLAN_FILE), _stamp(root / JOURNAL_DIR / SOURCES_FILE)]
    cache = read_cache(root, version) if trust_cache else None
    if cache is not None and cache.context != context:
        cache = None  # the plan or the sources changed (the timezone, goals): check everything
    diagnostics: list[Diagnostic] = []
    plan = load_plan(files, diagnostics)
    sources = load_sources(files, diagnostics)
    found = find_files(files)
    diagnostics.extend(found.problems())
    to_read, name_problems = entry_files(found)
    diagnostics.extend(name_problems)

    kind_of = {slug: folder for folder, _, slug in to_read}
    old = cache.files if cache is not None else {}
    if old.keys() == {rel for _, rel, _ in to_read}:
        old_kind_of = kind_of  # the same files as last time: no slug appeared or disappeared
    else:
        old_kind_of = {slug_of(rel): rel.split("/")[1] for rel in old}
    changed_slugs = (
        set()
        if old_kind_of is kind_of
        else {s for s in kind_of.keys() | old_kind_of.keys() if kind_of.get(s) != old_kind_of.get(s)}
    )
    changed_kinds = {old_kind_of[s] for s in changed_slugs if s in old_kind_of} | {
        kind_of[s] for s in changed_slugs if s in kind_of
    }

    # Each file's record, by position ([stamp, diagnostics, lookups]): a
    # record taken from the cache stays the list JSON made (30,000 of them);
    # what is in it is checked where it is used.
    records: dict[str, Record | list[Any]] = {}
    stale: list[str] = []
    racy_from = cache.written_ns - RACY_NS if cache is not None else 0
    prefix = f"{root}/"
    for _, rel, _ in to_read:
        stamp = _stamp(prefix + rel) or [0, 0, 0, 0]
        cached = old.get(rel)
        if type(cached) is list and len(cached) == 3 and cached[0] == stamp and stamp[1] < racy_from:
            records[rel] = cached
        else:
            records[rel] = Record(stamp, [])
            stale.append(rel)
    lookups: dict[str, list[list[str]]] = {}
    rewrite_lookups = cache is None or bool(changed_slugs)
    if cache is not None and changed_slugs:
        try:
            lookups = read_lookups(root, version)
        except ValueError:
            raise _Untrusted from None
        for rel, raw in old.items():  # lookups of files re-checked since the lookups file was written
            own = Record.read(raw).lookups
            if own is not None:
                lookups[rel] = own
    recheck = (
        _revalidate(stale, lookups, changed_slugs, changed_kinds, old_kind_of) if cache is not None else set(records)
    )
    recheck.intersection_update(records)  # the lookups also name files deleted since: nothing to re-check there

    if recheck:
        wanted = [item for item in to_read if item[1] in recheck]
        entries = load_entries(files, wanted, plan.timezone)
        found_diags: dict[str, list[Diagnostic]] = {rel: list(entries.diagnostics.get(rel, ())) for rel in recheck}
        subset = entries.journal(plan, sources)
        index = Index(kind_of)
        for d in validate(subset, ENTRY_RULES, index):
            if d.loc.path in found_diags:
                found_diags[d.loc.path].append(d)
            else:  # not expected: entry rules report at their own entry
                diagnostics.append(d)
        for rel in recheck:
            found_lookups = sorted([k, s] for k, s in index.lookups.get(rel, ()))
            stored = [_to_json(d) for d in found_diags[rel]]
            if rewrite_lookups:
                records[rel] = Record(records[rel][0], stored)
                lookups[rel] = found_lookups
            else:
                records[rel] = Record(records[rel][0], stored, found_lookups)

    # plan.yml and sources.yml: small, always checked
    whole = Journal(
        plan=plan,
        sources=sources,
        contacts=MappingProxyType({}),
        organizations=MappingProxyType({}),
        events=MappingProxyType({}),
        reflections=MappingProxyType({}),
    )
    diagnostics.extend(validate(whole, JOURNAL_RULES, Index(kind_of)))
    try:
        for record in records.values():
            if record[1]:
                diagnostics.extend([_from_json(d) for d in record[1]])
    except (TypeError, ValueError):
        raise _Untrusted from None
    same_files = cache is not None and old.keys() == records.keys()
    # A few files changed and no slug came or went: the cache keeps their
    # old stamps, so the next check reads them again (a millisecond each)
    # instead of this one rewriting the whole cache (40 ms at 30,000 files).
    keep_stale = same_files and not rewrite_lookups and len(stale) <= STALE_KEPT
    if (recheck or not same_files) and not keep_stale:
        if rewrite_lookups:
            for rel in set(lookups) - set(records):
                del lookups[rel]
            for rel, record in records.items():  # deltas now live in the lookups file
                if record[2] is not None:
                    if not isinstance(record[2], list):
                        raise _Untrusted
                    lookups[rel] = record[2]
                    records[rel] = Record(record[0], record[1])
        write_cache(root, Cache(version, started, context, records), lookups if rewrite_lookups else None)
    return sorted_unique(diagnostics)
