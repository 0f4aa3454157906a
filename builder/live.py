"""``journal serve``: the journal kept in memory, so that an edit re-reads
one file and re-renders only the pages it can change.

An edit to an entry re-renders the pages ``builder.render.affected`` says it
can change: that entry's page, the pages of every entry linked to it either
way (before and after the edit), the index pages of those kinds, its topics,
and the pages that summarize everything.  Anything else (a new or removed file,
the plan, the sources, a file that does or did not load) regenerates the
whole site, as ``journal build`` does.  MkDocs, kept in the same process
(``builder.sitegen.LiveSite``), then rebuilds only the pages whose files
changed.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

from builder.build import Generated, context_of, generate
from builder.check import check
from builder.diagnostics import Diagnostic, has_errors, sorted_unique
from builder.files import DiskSource
from builder.history import FileDates, History, file_mtime, read_history
from builder.load import JOURNAL_DIR, parse_entry, slug_of
from builder.model import Entry, Journal, with_entries
from builder.output import WriteStats, remove_generated, write_atomic
from builder.records import build_entry
from builder.render.affected import Affected, render_affected
from builder.render.context import SECTIONS, RenderOptions, Site
from builder.sitegen import SiteConfig
from builder.validate import ENTRY_RULES, Index, validate

Stamp = tuple[int, int, int]


def _scan(root: Path) -> dict[str, Stamp]:
    """Size, mtime and inode of every file under journal/ (hidden ones excluded)."""
    out: dict[str, Stamp] = {}
    base = str(root)
    for rel in DiskSource(root).walk(JOURNAL_DIR):
        try:
            st = os.stat(f"{base}/{rel}")
        except OSError:
            continue
        out[rel] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return out


@dataclass
class Live:
    """The state of a serving session."""

    root: Path
    config: SiteConfig
    today: date
    options: RenderOptions
    stamps: dict[str, Stamp] = dataclasses.field(default_factory=dict)
    journal: Journal | None = None
    diagnostics: list[Diagnostic] = dataclasses.field(default_factory=list)
    site: Site | None = None
    pages: dict[str, str] = dataclasses.field(default_factory=dict)
    history: History | None = None

    def full(self) -> Generated:
        """Check and generate everything (the first time, and after structural changes)."""
        gc.disable()
        try:
            return self._full()
        finally:
            gc.enable()
            gc.freeze()  # what is alive now lives as long as the session: never rescan it

    def _full(self) -> Generated:
        self.stamps = _scan(self.root)
        journal, diagnostics = check(self.root)
        self.history = read_history(self.root)  # commits change it, edits do not
        result = generate(journal, diagnostics, self.config, self.today, self.options, self.history)
        self.diagnostics = diagnostics
        if result.ok and result.files is not None and result.site is not None:
            self.journal = journal
            self.site = result.site  # the figures the pages were made from: computed once
            self.pages = {p: c for p, c in result.files.items() if isinstance(c, str)}
        return result

    def changed(self) -> bool:
        """Whether the journal's files differ from what was last read."""
        return _scan(self.root) != self.stamps

    def refresh(self) -> Generated | None:
        """Bring the pages up to date with the files; ``None`` when nothing changed."""
        now = _scan(self.root)
        if now == self.stamps:
            return None
        changed = [rel for rel in now if rel in self.stamps and now[rel] != self.stamps[rel]]
        structural = now.keys() != self.stamps.keys() or any(
            rel.count("/") < 2 or rel.split("/")[1] not in SECTIONS or not rel.endswith(".md") for rel in changed
        )
        if structural or self.journal is None or self.site is None:
            return self.full()
        gc.disable()  # many short-lived objects: the cyclic collector only slows this down
        try:
            return self._update(now, changed)
        finally:
            gc.enable()

    def _update(self, now: dict[str, Stamp], changed: list[str]) -> Generated:
        assert self.journal is not None and self.site is not None
        journal, tz = self.journal, self.journal.plan.timezone
        files = DiskSource(self.root)
        updates: dict[str, dict[str, Entry]] = {kind: {} for kind in SECTIONS}
        fresh: list[Diagnostic] = []
        slugs: list[str] = []
        for rel in changed:
            folder, slug = rel.split("/")[1], slug_of(rel)
            if slug not in getattr(journal, folder):  # it did not load before: start over
                return self.full()
            parsed, diags = parse_entry(files.read(rel), rel, folder, slug)
            if parsed is None:
                return self.full()
            fresh.extend(diags)
            updates[folder][slug] = build_entry(folder, slug, parsed, tz)
            slugs.append(slug)
        new = with_entries(journal, updates)
        subset = with_entries(journal, updates, others=False)
        fresh.extend(validate(subset, ENTRY_RULES, Index.of(new)))
        kept = [d for d in self.diagnostics if d.loc.path not in changed]
        diagnostics = sorted_unique(kept + fresh)
        self.stamps = now
        if has_errors(diagnostics):
            self.diagnostics = diagnostics
            return Generated(diagnostics, None)
        if self.history is not None:  # an edited file is uncommitted: its own date is its last change
            dates = dict(self.history.dates)
            for rel in changed:
                before = dates.get(rel)
                when = file_mtime(self.root, rel)
                # never committed (its dates were the file's own): both dates are the file's
                if before is None or (not before.committed and before.added == before.changed):
                    dates[rel] = FileDates(when, when, committed=False)
                else:
                    dates[rel] = FileDates(before.added, when, committed=False)
            self.history = dataclasses.replace(self.history, dates=MappingProxyType(dates))
        old_site = self.site
        site = context_of(new, self.today, self.options, self.history)
        stats = self._write(render_affected(old_site, site, slugs))
        self.journal, self.site, self.diagnostics = new, site, diagnostics
        return Generated(diagnostics, stats)

    def _write(self, affected: Affected) -> WriteStats:
        written = []
        docs = self.config.docs_dir
        for path, content in sorted(affected.pages.files.items()):
            if self.pages.get(path) != content:
                write_atomic(docs / path, content.encode("utf-8"))
                self.pages[path] = content
                written.append(path)
        removed = affected.stale(self.pages)
        for path in removed:
            remove_generated(docs, path)
            del self.pages[path]
        return WriteStats(tuple(written), tuple(removed), len(affected.pages.files) - len(written))
