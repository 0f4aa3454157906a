"""The site generator adapter: with ``sitepages``, the only modules that know MkDocs exists.

It reads the few settings the builder needs from ``mkdocs.yml`` (without
running anything in it) and runs MkDocs' build steps in this process
(``MkDocsSite``): on every core for a large site, and kept between edits
in ``journal serve``, which rebuilds only the pages an edit changed.  The builder
uses no MkDocs plugin or hook, so another generator that reads the same
``mkdocs.yml`` and Markdown (Zensical) can take its place here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import html
import json
import logging
import os
import re
import shutil
import socket
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from builder.diagnostics import Diagnostic, Loc, error
from builder.output import merge_into, site_dir_problem, staging_for, swap_in
from builder.parallel import fork_map
from builder.sanitize import clean_html
from builder.sitecache import FORMAT as SITE_CACHE_FORMAT
from builder.sitecache import (
    CachedPage,
    Manifest,
    SiteCache,
    digest,
    folder_digest,
    generator_versions,
    new_manifest,
)
from builder.sitepages import Converter, navigation_once
from builder.version import builder_content_version
from builder.yamlnodes import MappingNode, ScalarNode, compose

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """What the builder takes from ``mkdocs.yml``."""

    config_file: Path
    docs_dir: Path
    site_dir: Path
    language: str
    public: bool  # extra.journal.public: build the public view by default
    full_search: bool = False  # extra.journal.search: full: entry pages' whole text in the search index


def _scalar(node: MappingNode, key: str) -> tuple[str | None, Loc | None]:
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key:
            mark = v.start_mark
            loc = Loc(CONFIG_FILE, mark.line + 1, mark.column + 1)
            return (v.value if isinstance(v, ScalarNode) else None), loc
    return None, None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def read_config(root: Path) -> tuple[SiteConfig | None, list[Diagnostic]]:
    """The builder's settings from ``root/mkdocs.yml``, or why they cannot be used."""
    path = root / CONFIG_FILE
    where = Loc(CONFIG_FILE, 1, 1)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [error(where, "no mkdocs.yml: the site needs one (journal init writes it)")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [error(where, f"cannot read mkdocs.yml: {exc}")]
    node, diagnostics = compose(text, CONFIG_FILE)
    if diagnostics:
        return None, diagnostics
    if not isinstance(node, MappingNode):
        return None, [error(where, "mkdocs.yml must be a mapping of settings")]
    docs, docs_loc = _scalar(node, "docs_dir")
    site, site_loc = _scalar(node, "site_dir")
    language = "en"
    public = False
    full_search = False
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == "theme" and isinstance(v, MappingNode):
            found, _ = _scalar(v, "language")
            language = found or language
        if isinstance(k, ScalarNode) and k.value == "extra" and isinstance(v, MappingNode):
            for k2, v2 in v.value:
                if isinstance(k2, ScalarNode) and k2.value == "journal" and isinstance(v2, MappingNode):
                    flag, flag_loc = _scalar(v2, "public")
                    if flag is not None and flag not in ("true", "false"):
                        return None, [error(flag_loc or where, "extra.journal.public must be true or false")]
                    public = flag == "true"
                    mode, mode_loc = _scalar(v2, "search")
                    if mode is not None and mode not in ("summary", "full"):
                        return None, [error(mode_loc or where, "extra.journal.search must be summary or full")]
                    full_search = mode == "full"
    resolved_root = root.resolve()
    docs_dir = (root / (docs or "docs")).resolve()
    site_dir = (root / (site or "site")).resolve()
    loc = docs_loc or where
    if _inside(resolved_root / "journal", docs_dir) or _inside(docs_dir, resolved_root / "journal"):
        return None, [error(loc, "docs_dir must not be inside journal/: the builder rewrites that folder")]
    if docs_dir == resolved_root or not _inside(docs_dir, resolved_root):
        return None, [error(loc, "docs_dir must be a folder inside the repository, such as build/docs")]
    problem = site_dir_problem(site_dir, resolved_root, docs_dir)
    if problem is not None:
        return None, [error(site_loc or where, problem)]
    return SiteConfig(path, docs_dir, site_dir, language, public, full_search), []


def reproducible_env(today: date) -> dict[str, str]:
    """The environment for the generator: ``SOURCE_DATE_EPOCH`` pins the dates
    it writes (sitemap, archives) to ``today``, so builds are byte-identical.
    """
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(int(datetime(today.year, today.month, today.day, tzinfo=UTC).timestamp()))
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about its successor, on every run
    return env


def mkdocs_build(config: SiteConfig, today: date, site_dir: Path | None = None, cache: SiteCache | None = None) -> int:
    """``mkdocs build --strict`` into a fresh folder, then swap it in; returns
    0, or 1 after MkDocs' warnings or errors (already printed) or a folder
    that cannot be written (one line).

    The previous site stays in place, complete, until the new one is; when
    the build fails, it is left untouched and nothing else is left behind.
    With a ``cache``, only the pages whose Markdown changed are converted
    (``builder.sitecache``), and the cache is updated once the site is in
    place.  When the previous site's pages are the cache's own files, the
    build makes only what changed, beside it, and then replaces each of
    those files in the site in one rename (``merge_into``): exchanging
    30,000 pages' folders cost seconds for the few that changed.
    """
    target = (site_dir or config.site_dir).resolve()
    problem = site_dir_problem(target, config.config_file.parent, config.docs_dir)
    if problem is not None:
        print(f"journal build: {problem}; nothing was built.", file=sys.stderr)
        return 1
    staging: Path | None = None
    try:
        staging = staging_for(target)
        site = MkDocsSite(config, today, staging, live=target)
        problems = site.build(keep=False, cache=cache)
        if problems:
            print(
                f"Aborted with {problems} warnings or errors in strict mode; the site was not changed.", file=sys.stderr
            )
        else:
            if site.made is not None and site.made.in_place:
                merge_into(staging, target, site.made.stale())
            else:
                swap_in(staging, target)
            if site.made is not None:
                _keep(site.made, target)
            return 0
    except MkDocsFailed as exc:  # a broken theme or configuration: one line, not a traceback
        print(f"ERROR   -  {exc}\nMkDocs failed; the site was not changed.", file=sys.stderr)
    except OSError as exc:  # a full disk, a folder that cannot be written, a file removed meanwhile
        # Named by the page being written, never by the theme's file being copied.
        name = str(exc.filename or "")
        where = name.replace(str(staging), str(target), 1) if staging and name.startswith(str(staging)) else str(target)
        print(
            f"journal build: cannot write the site: {exc.strerror or exc} ({where}); the site was not changed.",
            file=sys.stderr,
        )
    finally:
        # Whatever ended the build (a failure above, or any other exception,
        # Ctrl-C included), the half-built site goes.  After a swap there is
        # nothing left at ``staging``; where folders are exchanged it holds
        # the previous site, which goes too.
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return 1


def _keep(made: _Made, site_dir: Path) -> None:
    """Keep a build's pages for the next one, and say how many it converted."""
    converted, reused = made.counts
    print(f"journal build: {converted} pages converted, {reused} taken from the cache", file=sys.stderr)
    try:
        made.keep(site_dir)
    except OSError as exc:  # the site is built; only the next build is slower
        where = f" ({exc.filename})" if exc.filename else ""
        print(
            f"journal build: warning: cannot keep the pages for the next build: {exc.strerror or exc}{where}; "
            "it will convert every page",
            file=sys.stderr,
        )


class MkDocsFailed(Exception):
    """MkDocs stopped with an error of its own (a theme, a configuration, a page)."""


@contextlib.contextmanager
def _mkdocs_errors() -> Iterator[None]:
    from mkdocs.exceptions import MkDocsException

    try:
        yield
    except MkDocsException as exc:
        raise MkDocsFailed(str(exc)) from exc


GZIP_MTIME_MAX = 2**32 - 1  # gzip's MTIME: seconds since 1970 in 32 bits, up to 2106-02-07


@contextlib.contextmanager
def _gzip_mtime_fits() -> Iterator[None]:
    """MkDocs stamps ``sitemap.xml.gz`` with the build date, which is today
    (``SOURCE_DATE_EPOCH``), and gzip holds only a date from 1970 to 2106:
    for a today outside those years the archive says "no time stamp" (0, RFC
    1952) instead of failing the build.  The same today still gives the same
    bytes; the sitemap inside keeps its dates."""
    from mkdocs import utils

    stamp = utils.get_build_timestamp

    def fitting(*, pages: Any = None) -> int:
        value = stamp(pages=pages)
        return value if 0 <= value <= GZIP_MTIME_MAX else 0

    utils.get_build_timestamp = fitting
    try:
        yield
    finally:
        utils.get_build_timestamp = stamp


PARALLEL_FROM = 3000  # pages; below this, forking costs more than it saves
CHUNK = 250  # pages per piece of work shared between processes


# A generated page whose front matter starts so is left out of the
# navigation (``builder.render.pages.NAV_HIDDEN``: a public build's section
# with nothing published).
NAV_HIDDEN = b"---\njournal_nav: hidden\n"


def _leave_out_of_nav(cfg: Any, files: Any) -> None:
    """Take the pages marked ``NAV_HIDDEN`` out of ``nav`` of mkdocs.yml, and
    tell MkDocs they are meant to be out of it (no "not in nav" warning)."""
    from mkdocs.structure.files import InclusionLevel

    def hidden(path: object) -> bool:
        file = files.get_file_from_path(path) if isinstance(path, str) else None
        if file is None or not file.is_documentation_page():
            return False
        with open(file.abs_src_path, "rb") as page:
            if page.read(len(NAV_HIDDEN)) != NAV_HIDDEN:
                return False
        file.inclusion = InclusionLevel.NOT_IN_NAV
        return True

    def kept(items: list[Any]) -> list[Any]:
        out = []
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
            if isinstance(value, list):
                inner = kept(value)
                if inner:
                    out.append({next(iter(item)): inner})
            elif not hidden(value):
                out.append(item)
        return out

    if isinstance(cfg.nav, list):
        cfg.nav = kept(cfg.nav)


class MkDocsSite:
    """MkDocs run in this process: the steps of ``mkdocs build``
    (``mkdocs.commands.build``, which MkDocs 1.6, the last of its line, will
    not move), with two differences.

    - **Every core.** A large site's pages are read, converted and written
      in forked processes (``builder.parallel``); each page needs only the
      configuration, the file list and the navigation (its pages' titles and
      metadata), which are gathered first.  The search entries come back in page order, so the site is the
      same as one process makes (tested byte for byte).  Used only when the
      search plugin is the only plugin: another plugin's state would be
      split between processes.  A link to another page's anchor is checked
      only when that page was converted in the same process; the builder
      never writes one, and bodies cannot link to other pages directly.
    - **Kept for edits** (``journal serve``).  ``mkdocs serve --dirty`` needs
      about 4 s per edit on a 30,000-page site, whatever changed: it reloads
      its configuration, lists and stats every file, rebuilds the
      navigation, rewrites the sitemap and merges the search index (wrongly,
      for more than one page).  Here the configuration, the files, the
      navigation and the search entries stay in memory; ``update`` runs the
      page steps for the edited pages only and rewrites the search index.
    """

    def __init__(
        self, config: SiteConfig, today: date, site_dir: Path, site_url: str | None = None, live: Path | None = None
    ) -> None:
        self.site_config = config
        self.live = live  # the site being replaced: with a cache, only what changed is built
        self.today = today
        self.site_dir = site_dir
        self.site_url = site_url
        self._state: _Built | None = None
        self.made: _Made | None = None  # what the last build with a cache keeps in it

    def build(self, keep: bool = True, cache: SiteCache | None = None) -> int:
        """The whole site, as ``mkdocs build`` makes it; returns how many
        warnings and errors MkDocs logged (a strict build fails on any).
        ``keep``: hold what was gathered, for ``update``.  ``cache``: take
        the pages whose Markdown did not change from it (``builder.sitecache``);
        ``made`` then says what to keep of this build."""
        from mkdocs.commands import build as steps
        from mkdocs.config import load_config
        from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page
        from mkdocs.utils import clean_directory

        os.environ.update(reproducible_env(self.today))  # MkDocs reads SOURCE_DATE_EPOCH from it
        self._state = None  # the site folder is emptied first: after a failure, only a whole build mends it
        self.made = None
        with _mkdocs_errors(), _counting() as counter, _collecting_cycles():
            cfg = load_config(str(self.site_config.config_file), site_dir=str(self.site_dir))
            if self.site_url is not None:
                cfg.site_url = self.site_url
            cfg = cfg.plugins.on_config(cfg)
            cfg.plugins.on_pre_build(config=cfg)
            clean_directory(cfg.site_dir)
            files = get_files(cfg)
            env = cfg.theme.get_env()
            files.add_files_from_theme(env, cfg)
            files = cfg.plugins.on_files(files, config=cfg)
            set_exclusions(files, cfg)
            _leave_out_of_nav(cfg, files)
            nav = get_navigation(files, cfg)
            nav = cfg.plugins.on_nav(nav, config=cfg, files=files)
            inclusion = InclusionLevel.is_in_serve if self.site_url is not None else InclusionLevel.is_included
            doc_files = files.documentation_pages(inclusion=inclusion)
            for file in doc_files:
                if file.page is None:
                    Page(None, file, cfg)
            for page in nav.pages:  # every page shows the navigation: its pages' titles and metadata
                page.read_source(cfg)  # (converting them here would be done again, one core only)
            env = cfg.plugins.on_env(env, config=cfg, files=files)
            if cache is not None and _only_search(cfg, _search_plugin(cfg)):  # no hook set the environment up
                env.bytecode_cache = cache.templates(env)
            files.copy_static_files(inclusion=inclusion)
            with _gzip_mtime_fits():
                for template in cfg.theme.static_templates:
                    steps._build_theme_template(template, env, files, cfg, nav)
            for template in cfg.extra_templates:
                steps._build_extra_template(template, files, cfg, nav)
            search = _search_plugin(cfg)
            state = _Built(cfg, files, doc_files, nav, env, search, [], self.site_config.full_search)
            plan = _plan(state, cache, self._key(cfg, nav), self.live) if cache is not None else None
            todo = plan.todo if plan is not None else list(range(len(doc_files)))
            chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
            work = functools.partial(_build_pages, state)
            shared = len(todo) >= PARALLEL_FROM and _only_search(cfg, search)
            counter.paused = True  # each piece of work counts its own (in its own process)
            results = fork_map(work, chunks) if shared else [work(chunk) for chunk in chunks]
            counter.paused = False
            converted: dict[int, _Converted] = {}
            for chunk, (made, problems) in zip(chunks, results, strict=True):
                converted.update(zip(chunk, made, strict=True))
                counter.extra += problems
            reused = plan.reused if plan is not None else {}
            for index in range(len(doc_files)):  # in the site's order, as a whole build has them
                done = converted.get(index)
                state.search_entries += done.entries if done is not None else reused[index].entries
            if search is not None:
                search.search_index = type(search.search_index)(**search.config)
                search.search_index.entries = state.search_entries
                search.search_index_prev = None
            cfg.plugins.on_post_build(config=cfg)
            if plan is not None and cache is not None:
                self.made = plan.made(state, converted, Path(cfg.site_dir), cache)
        self._state = state if keep else None
        return counter.total

    def _key(self, cfg: Any, nav: Any) -> str:
        """Everything every page's HTML depends on besides its own Markdown."""
        parts = [
            f"format {SITE_CACHE_FORMAT}",
            f"python {sys.version_info[0]}.{sys.version_info[1]}",
            f"builder {builder_content_version()}",
            *generator_versions(),
            f"mkdocs.yml {digest(self.site_config.config_file.read_bytes())}",
            f"theme {folder_digest(Path(cfg.theme.custom_dir) if cfg.theme.custom_dir else None)}",
            f"navigation {_nav_digest(nav)}",
            f"search {'full' if self.site_config.full_search else 'summary'}",
            f"site_url {self.site_url}",
        ]
        return digest("\n".join(parts).encode("utf-8"))

    def update(self, written: Sequence[str], removed: Sequence[str]) -> None:
        """Bring the site up to date after the builder wrote ``written`` and
        removed ``removed`` (docs-relative paths)."""
        state = self._state
        if state is None or removed:
            self.build()
            return
        indexes = []
        for path in written:
            file = state.files.get_file_from_path(path)
            if file is None:  # a new page: the navigation and the links change
                self.build()
                return
            if file.page is None:
                file.copy_file()  # a calendar feed or another static file
            else:
                indexes.append(state.doc_files.index(file))
        if not indexes:
            return
        os.environ.update(reproducible_env(self.today))
        self._state = None  # until the update is complete: after a failure, the next one builds everything
        with _mkdocs_errors(), _counting(), _collecting_cycles():
            made, _ = _build_pages(state, indexes)
            search = state.search
            if search is not None:
                urls = {state.doc_files[i].page.url for i in indexes}
                kept = [e for e in state.search_entries if e["location"].split("#", 1)[0] not in urls]
                state.search_entries = kept + [entry for page in made for entry in page.entries]
                search.search_index = type(search.search_index)(**search.config)
                search.search_index.entries = state.search_entries
                search.search_index_prev = None
                search.on_post_build(config=state.config)
        self._state = state


@dataclass(frozen=True, slots=True)
class _Converted:
    """What converting one page gave besides its HTML file."""

    entries: list[dict[str, Any]]  # its search entries
    lookups: list[str]  # the docs paths its links looked up (whether they exist decides its HTML)


class _Lookups:
    """``Files.get_file_from_path``, noting the paths a page's links look up."""

    def __init__(self, files: Any) -> None:
        self.lookup = files.get_file_from_path
        self.seen: set[str] = set()

    def __call__(self, path: str) -> Any:
        self.seen.add(path)
        return self.lookup(path)


def _build_pages(state: _Built, indexes: Sequence[int]) -> tuple[list[_Converted], int]:
    """Read, convert and write the pages at ``indexes`` of ``state.doc_files``;
    returns, for each, its search entries and the paths it looked up, and
    how many warnings and errors MkDocs logged."""
    from mkdocs.commands import build as steps

    cfg, search, files = state.config, state.search, state.files
    anchors = cfg.validation.links.anchors
    lookups = _Lookups(files)
    made = []
    shortcuts = _only_search(cfg, search)  # a plugin may change a page's context or Markdown
    converter = Converter(cfg) if shortcuts else None
    navigation = navigation_once(state.env, state.nav, cfg) if shortcuts else contextlib.nullcontext()
    with _counting() as counter, navigation:
        files.get_file_from_path = lookups  # this object only: each link's lookup is noted
        try:
            for index in indexes:
                page = state.doc_files[index].page
                if search is not None:  # collect the entries of this page only
                    search.search_index = _index_for(search, page.url, state.full_search)
                lookups.seen = set()
                with converter.converting(page) if converter is not None else contextlib.nullcontext():
                    steps._populate_page(page, cfg, files)
                page.content = clean_html(page.content)  # before the theme and the search index see it
                steps._build_page(page, cfg, state.doc_files, state.nav, state.env)
                page.validate_anchor_links(files=files, log_level=anchors)
                page.content = None  # written; an edit renders it again
                entries = list(search.search_index.entries) if search is not None else []
                made.append(_Converted(entries if state.full_search else summarized(entries), sorted(lookups.seen)))
        finally:
            del files.get_file_from_path
    return made, counter.total


@dataclass(slots=True)
class _Plan:
    """Which pages a build converts, and which it takes from the cache."""

    key: str
    paths: list[str]  # every file of the site (docs paths), as links look them up
    sources: list[tuple[str, list[int]]]  # each page's Markdown: its digest and its file's stamp
    reused: dict[int, CachedPage]
    todo: list[int]
    previous: Manifest | None
    stamped_ns: int  # when the stamps were taken
    in_place: bool  # the site holds the cache's pages: only what changed is to replace in it

    def made(self, state: _Built, converted: dict[int, _Converted], site_dir: Path, cache: SiteCache) -> _Made:
        """What to keep of the build in the cache (``site_dir``: where it was built)."""
        pages: dict[str, CachedPage] = {}
        for index, file in enumerate(state.doc_files):
            if index in self.reused:
                pages[file.src_uri] = dataclasses.replace(self.reused[index], stamp=self.sources[index][1])
                continue
            try:
                size: int | None = (site_dir / file.dest_uri).stat().st_size
            except FileNotFoundError:
                size = None  # MkDocs writes no file for an empty page
            done = converted[index]
            source, stamp = self.sources[index]
            pages[file.src_uri] = CachedPage(source, file.dest_uri, size, done.entries, done.lookups, stamp)
        dests = {page.dest for page in pages.values()}
        extras = [rel for rel in _files_under(site_dir) if rel not in dests]
        converted_dests = [state.doc_files[i].dest_uri for i in self.todo]
        manifest = new_manifest(self.key, self.paths, pages, extras, self.stamped_ns)
        return _Made(cache, manifest, converted_dests, self.previous, self.in_place)


def _files_under(folder: Path) -> list[str]:
    """Every file under ``folder``, by its path there."""
    base = str(folder)
    return [
        os.path.relpath(os.path.join(directory, name), base).replace(os.sep, "/")
        for directory, _, names in os.walk(base)
        for name in names
    ]


@dataclass(frozen=True, slots=True)
class _Made:
    """A build's pages, for the cache once the site is in place."""

    cache: SiteCache
    manifest: Manifest
    converted: list[str]  # the dests converted by this build
    previous: Manifest | None
    in_place: bool  # the site was built beside the live one with only what changed

    def keep(self, site_dir: Path) -> None:
        """Store them (``OSError`` when the cache cannot be written)."""
        self.cache.store(site_dir, self.manifest, self.converted, self.previous)

    def stale(self) -> list[str]:
        """The files of the previous build that this one no longer makes."""
        if self.previous is None:
            return []
        now = {page.dest for page in self.manifest.pages.values() if page.size is not None} | set(self.manifest.extras)
        before = [page.dest for page in self.previous.pages.values()] + self.previous.extras
        return sorted(set(before) - now)

    @property
    def counts(self) -> tuple[int, int]:
        """Pages converted, pages taken from the cache."""
        return len(self.converted), len(self.manifest.pages) - len(self.converted)


def _plan(state: _Built, cache: SiteCache, key: str, live: Path | None) -> _Plan:
    """Take from the cache every page whose HTML would be the same; the
    others are to convert.  When the ``live`` site's pages are the cache's
    own files (hard links), the build makes only what changed, to be
    replaced in it; otherwise the cache's pages are put into the site being
    built."""
    stamped_ns = time.time_ns()
    paths = [file.src_uri for file in state.files]
    reuse = cache.load(key, paths)
    sources, hits, todo = [], {}, []
    for index, file in enumerate(state.doc_files):
        sources.append(reuse.source(file.src_uri, file.abs_src_path))
        hit = reuse.page(file.src_uri, sources[-1][0], file.dest_uri)
        if hit is None:
            todo.append(index)
        else:
            hits[index] = hit
    reused: dict[int, CachedPage] = {}
    linked = live is not None and live.is_dir() and reuse.manifest is not None
    for index, hit in hits.items():
        if hit.size is None:
            reused[index] = hit
            continue
        stored = cache.stored(hit.dest)
        if stored is None or stored.st_size != hit.size:  # removed or damaged: converted again
            todo.append(index)
            continue
        if linked and live is not None:
            try:
                linked = os.path.samestat(stored, os.stat(f"{live}/{hit.dest}"))
            except OSError:
                linked = False
        reused[index] = hit
    in_place = linked and bool(reused)
    if not in_place:
        site_dir = Path(state.config.site_dir)
        for index in list(reused):
            if reused[index].size is not None:
                try:
                    cache.copy_out(reused[index].dest, site_dir)
                except OSError:  # unreadable: converted again
                    del reused[index]
                    todo.append(index)
    return _Plan(key, paths, sources, reused, sorted(todo), reuse.manifest, stamped_ns, in_place)


def _nav_digest(nav: Any) -> str:
    """The navigation every page shows: its sections' and pages' titles,
    addresses and metadata."""

    def walk(items: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            node: list[Any] = [type(item).__name__, item.title, getattr(item, "url", None)]
            if getattr(item, "is_page", False):
                node.append(item.meta)
            children = getattr(item, "children", None)
            if children:
                node.append(walk(children))
            out.append(node)
        return out

    return digest(json.dumps(walk(nav.items), sort_keys=True, default=str).encode("utf-8"))


def _index_for(search: Any, url: str, full_search: bool) -> Any:
    """A fresh search index for one page.  An entry page's index reads only
    the page's first section (up to its second heading with an id) in
    summary mode: its sections are left out of the index (``summarized``),
    and parsing their HTML was a fifth of converting 30,000 pages."""
    index = type(search.search_index)(**search.config)
    if full_search or not _is_entry_page(url):
        return index
    whole = index.add_entry_from_context

    def first_section(page: Any) -> None:
        content = page.content
        page.content = _first_section(content)
        try:
            whole(page)
        finally:
            page.content = content

    index.add_entry_from_context = first_section
    return index


# A heading that starts a section of the search index (Material's parser:
# any h1-h6 with an id).
_SECTION_HEADING = re.compile(r"<h[1-6](?=[\s>])[^>]*?\sid\s*=", re.IGNORECASE)
_START_TAG = re.compile(r"<[a-zA-Z]")


def _first_section(content: str) -> str:
    """The HTML of a page up to where its second search section starts: the
    first heading with an id opens the first section only when nothing came
    before it.  Cutting later than needed is harmless (the sections after
    the first are dropped); never earlier."""
    first_tag = _START_TAG.search(content)
    for found in _SECTION_HEADING.finditer(content):
        if first_tag is None or found.start() != first_tag.start():
            return content[: found.start()]
    return content


def _is_entry_page(location: str) -> bool:
    """Whether a page (its URL, without a section) is one entry's own."""
    parts = location.strip("/").split("/")
    return len(parts) == 2 and parts[0] in ENTRY_SECTIONS


# The sections of the site whose pages are one entry each (people/<slug>/...).
ENTRY_SECTIONS = frozenset({"people", "organizations", "events", "reflections"})
SUMMARY_LENGTH = 160  # characters of a page's (or section's) text kept in the search index
_TAG = re.compile(r"<[^>]+>")
_FIRST_PARAGRAPH = re.compile(r"\s*<p>.*?</p>", re.DOTALL)


def summarized(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The search entries of a site a phone can load: each entry page by its
    title and the first words of its text, every other page (the dashboard,
    the lists of entries) and each of its sections by their headings and
    first words.  30,000 pages' whole text made an index a phone downloads
    and parses in full before its first search (30 MB); the names, headings
    and summaries find the page, and the page has the rest."""
    out = []
    for entry in entries:
        page, _, section = str(entry.get("location", "")).partition("#")
        if section and _is_entry_page(page):
            continue  # an entry page's sections: its notes, timeline, follow-ups
        out.append({**entry, "text": _summary(str(entry.get("text", "")))})
    return out


def _summary(text: str) -> str:
    """The start of an entry's text, without markup, cut at a word; not its
    first paragraph when more follows (an entry page opens with when it
    entered the journal, which tells no page from another)."""
    first = _FIRST_PARAGRAPH.match(text)
    if first is not None and text[first.end() :].strip():
        text = text[first.end() :]
    plain = " ".join(html.unescape(_TAG.sub(" ", text)).split())
    if len(plain) <= SUMMARY_LENGTH:
        return html.escape(plain, quote=False)
    cut = plain[:SUMMARY_LENGTH].rsplit(" ", 1)[0]
    return html.escape(cut, quote=False) + "…"


def _search_plugin(cfg: Any) -> Any:
    """Material's search plugin (the only plugin in a journal's mkdocs.yml)."""
    for plugin in cfg.plugins.values():
        if hasattr(plugin, "search_index") and hasattr(plugin, "search_index_prev"):
            return plugin
    return None


def _only_search(cfg: Any, search: Any) -> bool:
    return all(plugin is search for plugin in cfg.plugins.values()) and not cfg.hooks


class _Counter(logging.Handler):
    """Counts MkDocs' warnings and errors (a strict build fails on any)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = 0
        self.extra = 0  # counted elsewhere (in forked processes)
        self.paused = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.paused:
            self.seen += 1

    @property
    def total(self) -> int:
        return self.seen + self.extra


@contextlib.contextmanager
def _collecting_cycles() -> Iterator[None]:
    """The cyclic garbage collector on, whatever the command chose: each page
    converted leaves a Python-Markdown instance full of reference cycles
    (30,000 of them are 1.5 GB).  What is alive before is frozen, so the
    collector does not rescan the journal again and again."""
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()


@contextlib.contextmanager
def _counting() -> Iterator[_Counter]:
    log = logging.getLogger("mkdocs")
    if not logging.getLogger().handlers and not log.handlers:
        logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.WARNING)
    counter = _Counter()
    log.addHandler(counter)
    try:
        yield counter
    finally:
        log.removeHandler(counter)


@dataclass(slots=True)
class _Built:
    """What MkDocs gathered for the last whole build."""

    config: Any
    files: Any
    doc_files: Any
    nav: Any
    env: Any
    search: Any
    search_entries: list[dict[str, Any]]
    full_search: bool = False  # keep entry pages' whole text in the search index


class AddressInUse(Exception):
    """The address to serve on is taken (or not this machine's)."""


def split_dev_addr(dev_addr: str | None) -> tuple[str, int]:
    """``IP:PORT`` (default ``127.0.0.1:8000``) as host and port."""
    host, _, port = (dev_addr or "127.0.0.1:8000").rpartition(":")
    if not host or not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
        raise ValueError(f"expected --dev-addr IP:PORT, such as 127.0.0.1:8000; found '{dev_addr}'")
    return host.strip("[]"), int(port)


def check_dev_addr(dev_addr: str | None) -> None:
    """Raise ``AddressInUse`` unless the address can be served on.  MkDocs
    binds only when it starts serving, after the first build (minutes, for a
    large journal): this finds out at once."""
    host, port = split_dev_addr(dev_addr)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise AddressInUse(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None


class DevServer:
    """MkDocs' development server (live reload) over a ``LiveSite``: each
    ``request_rebuild`` runs ``rebuild`` in the serving loop, then reloads
    the open pages."""

    def __init__(self, dev_addr: str | None, site_dir: Path, config_file: Path, rebuild: Callable[[], None]) -> None:
        from mkdocs.livereload import LiveReloadServer

        host, port = split_dev_addr(dev_addr)
        self._server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
        # MkDocs watches mkdocs.yml itself (one file; it polls), and adds its
        # reload script to the pages only while it watches something.
        self._server.watch(str(config_file))

    @property
    def url(self) -> str:
        """Where the site is served (``http://host:port/``)."""
        return str(self._server.url)

    def request_rebuild(self) -> None:
        """Ask the serving loop to run ``rebuild`` (what a watched file change does in MkDocs)."""
        server = self._server
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    def serve(self) -> None:
        """Serve until Ctrl-C (or SIGTERM, which ``journal serve`` turns into
        one); rebuilds run in this thread."""
        try:
            self._server.serve()  # type: ignore[no-untyped-call]
        finally:
            self._server.shutdown()
