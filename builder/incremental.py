"""A build after a few edits renders only the pages they can change.

The docs folder is a pure function of the journal, today, the view and the
git history.  After each build that writes it, a record
(``build/cache/docs.pickle``) keeps what it was made from: the day, view,
builder and docs folder (the key), each entry file's stamp as parsed, the
plan and sources, the commits, each file's dates, and the stamp of every file
the docs folder holds.

The next build compares.  When only a few entry files changed and all the
rest is as recorded, it puts back the context the docs folder was rendered
from (the edited files' previous parses, which ``builder.parsecache`` still
holds, and their previous dates) and renders only the pages that
``builder.render.affected`` says the edit can change, as ``journal serve``
does; a test compares the docs folder with a whole render after each kind of
edit.  Anything else (another day or view, a new builder, a new or removed
file, an edited plan, a commit, a docs folder touched by anyone else, a
record that cannot be read) renders everything, and the record is made
again.

A file recorded within two seconds of its change counts as changed (an edit
in the same tick could hide, as in ``builder.parsecache``).  The record is
the builder's own (gitignored ``build/``, never restored from elsewhere), so
it is read with pickle; anything wrong with it, and it is simply not used.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import sys
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2

from builder.build import Generated, context_of, generate, not_written
from builder.diagnostics import Diagnostic
from builder.history import FileDates, History
from builder.model import Entry, Journal, with_entries
from builder.output import MARKER, OutputError, WriteStats, clean_relpath, remove_generated, write_atomic
from builder.parsecache import RACY_NS, ParsedCache, Stamp
from builder.records import ParsedEntry, build_entry
from builder.render.affected import render_affected
from builder.render.context import RenderOptions
from builder.render.pages import DuplicatePage
from builder.sitegen import SiteConfig
from builder.version import builder_content_version

RECORD = "build/cache/docs.pickle"
FORMAT = 1
MOST_EDITS = 50  # more changed files than this: one whole render costs less than their neighbourhoods

DocStamp = tuple[int, int, int]  # size, modification time, inode: a page rewritten by rename has a new inode
Dates = tuple[datetime, datetime, bool]  # a ``FileDates``: added, changed, committed


@dataclasses.dataclass(frozen=True, slots=True)
class Made:
    """What the docs folder was made from (the record of the last build)."""

    key: str  # format, builder, Python, Jinja, day, view, docs folder
    stamped_ns: int  # when the entry files' stamps were taken
    entries: dict[str, Stamp | None]  # each entry file's stamp as parsed
    model: str  # digest of the plan and sources
    commits: tuple[Any, ...]  # whether there is a history, its warning, every commit
    dates: dict[str, Dates]  # each entry file's dates (plain tuples: a tenth of the time to read)
    docs: dict[str, DocStamp]  # every file of the docs folder


def generate_docs(
    root: Path,
    config: SiteConfig,
    journal: Journal,
    diagnostics: list[Diagnostic],
    today: date,
    options: RenderOptions,
    history: History,
    parsed: ParsedCache,
    reuse: bool = True,
) -> Generated:
    """Write the docs folder of a checked journal: only the pages an edit
    can change when the record says so (and ``reuse``), else every page;
    then record what it was made from.  ``parsed`` is the cache the journal
    was loaded with."""
    key = _key(config, today, options)
    made = _read(root / RECORD) if reuse else None
    forget(root)  # the docs folder is about to change: the record no longer describes it
    result = None
    if made is not None and made.key == key:
        result = _update(made, config, journal, diagnostics, today, options, history, parsed)
    before = made.docs if made is not None and result is not None else None  # only some pages were written
    if result is None:
        result = generate(journal, diagnostics, config, today, options, history)
    if result.ok and result.stats is not None:
        _write(root / RECORD, _made(key, config, journal, history, parsed, before, result.stats))
    return result


def forget(root: Path) -> None:
    """Remove the record: the docs folder is being written by other means."""
    with contextlib.suppress(OSError):  # then the docs folder's stamps tell the next build
        (root / RECORD).unlink(missing_ok=True)


def _key(config: SiteConfig, today: date, options: RenderOptions) -> str:
    """What every page depends on besides the journal: the builder, what
    renders it (Python, Jinja), the day, the view and the docs folder."""
    renderer = (builder_content_version(), sys.version, jinja2.__version__)
    return repr((FORMAT, *renderer, today.isoformat(), options, str(config.docs_dir.resolve())))


def _model(journal: Journal) -> str:
    """A digest of the plan and sources: their text form holds every value
    (an edit that moves a line counts as a change, which only costs time)."""
    return hashlib.blake2b(repr((journal.plan, journal.sources)).encode("utf-8"), digest_size=16).hexdigest()


def _commits(history: History) -> tuple[Any, ...]:
    return (history.available, history.warning, tuple(commit.sha for commit in history.commits))


def docs_stamps(folder: Path) -> dict[str, DocStamp]:
    """Every file under ``folder`` (relative path → stamp); links are not followed."""
    out: dict[str, DocStamp] = {}
    base = str(folder)
    cut = len(base) + 1
    pending = [base]
    while pending:
        try:
            with os.scandir(pending.pop()) as found:
                for item in found:
                    if item.is_dir(follow_symlinks=False):
                        pending.append(item.path)
                    else:
                        st = item.stat(follow_symlinks=False)
                        out[item.path[cut:].replace(os.sep, "/")] = (st.st_size, st.st_mtime_ns, st.st_ino)
        except OSError:
            continue
    return out


def _dates(history: History) -> dict[str, Dates]:
    return {rel: (d.added, d.changed, d.committed) for rel, d in history.dates.items()}


def _made(
    key: str,
    config: SiteConfig,
    journal: Journal,
    history: History,
    parsed: ParsedCache,
    docs: dict[str, DocStamp] | None,
    stats: WriteStats,
) -> Made:
    """The record of a build; ``docs``: the docs folder's stamps before an
    update that wrote ``stats`` (else the folder is walked)."""
    if docs is not None:
        docs = dict(docs)
        for path in stats.removed:
            docs.pop(path, None)
        base = str(config.docs_dir)
        try:
            for path in stats.written:
                st = os.lstat(f"{base}/{path}")
                docs[path] = (st.st_size, st.st_mtime_ns, st.st_ino)
        except OSError:  # gone already (removed by hand meanwhile): the folder as it is
            docs = None
    return Made(
        key=key,
        stamped_ns=parsed.stamped_ns,
        entries=dict(parsed.stamps),
        model=_model(journal),
        commits=_commits(history),
        dates=_dates(history),
        docs=docs if docs is not None else docs_stamps(config.docs_dir),
    )


def _read(path: Path) -> Made | None:
    try:
        with open(path, "rb") as file:
            made = pickle.load(file)
    except Exception:  # any unreadable record (truncated, another version) only makes a whole render
        return None
    return made if isinstance(made, Made) else None


def _write(path: Path, made: Made) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as file:
            pickle.dump(made, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):  # read-only, or unpicklable: no record
        tmp.unlink(missing_ok=True)


def _edited(made: Made, parsed: ParsedCache) -> dict[str, tuple[str, str, ParsedEntry]] | None:
    """The entry files changed since the record, each with its folder, slug
    and the parse the docs folder was rendered from; ``None`` when that
    cannot be known (files added or removed, too many changes, a parse no
    longer kept)."""
    now = parsed.stamps
    if now.keys() != made.entries.keys():
        return None
    racy = made.stamped_ns - RACY_NS
    out: dict[str, tuple[str, str, ParsedEntry]] = {}
    for rel, stamp in now.items():
        before = made.entries[rel]
        if stamp is not None and stamp == before and before[1] < racy:
            continue
        kept = parsed.previous(rel)
        if before is None or stamp is None or kept is None or kept[0] != before or kept[3][0] is None:
            return None
        out[rel] = (kept[1], kept[2], kept[3][0])
        if len(out) > MOST_EDITS:
            return None
    return out


def _update(
    made: Made,
    config: SiteConfig,
    journal: Journal,
    diagnostics: list[Diagnostic],
    today: date,
    options: RenderOptions,
    history: History,
    parsed: ParsedCache,
) -> Generated | None:
    """Render the pages the edits since ``made`` can change; ``None`` when
    only a whole render can say."""
    edited = _edited(made, parsed)
    if edited is None or _model(journal) != made.model or _commits(history) != made.commits:
        return None
    if history.dates.keys() != made.dates.keys() or any(
        made.dates[rel] != (d.added, d.changed, d.committed) for rel, d in history.dates.items() if rel not in edited
    ):
        return None
    if docs_stamps(config.docs_dir) != made.docs:
        return None
    before: dict[str, dict[str, Entry]] = {}
    for folder, slug, entry in edited.values():
        if slug not in getattr(journal, folder):
            return None
        before.setdefault(folder, {})[slug] = build_entry(folder, slug, entry, journal.plan.timezone)
    dates: Mapping[str, FileDates] = MappingProxyType(
        {**history.dates, **{rel: FileDates(*made.dates[rel]) for rel in edited}}
    )
    old = context_of(with_entries(journal, before), today, options, dataclasses.replace(history, dates=dates))
    site = context_of(journal, today, options, history)
    try:
        affected = render_affected(old, site, [slug for _, slug, _ in edited.values()])
        written = _write_pages(config.docs_dir, affected.pages.files)
        removed = affected.stale(path for path in made.docs if path != MARKER)
        for path in removed:
            remove_generated(config.docs_dir, path)
    except (DuplicatePage, OutputError, OSError) as exc:
        return not_written(diagnostics, exc)
    total = len(made.docs) - 1 + sum(path not in made.docs for path in written) - len(removed)
    return Generated(diagnostics, WriteStats(tuple(written), tuple(removed), total - len(written)), None, site)


def _write_pages(folder: Path, pages: Mapping[str, str]) -> list[str]:
    """Write the pages whose content differs from the file's; the paths written."""
    written = []
    for path, content in sorted(pages.items()):
        rel = clean_relpath(path)
        data = content.encode("utf-8")
        target = folder / rel
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                continue
        except OSError:
            pass
        write_atomic(target, data)
        written.append(rel)
    return written
