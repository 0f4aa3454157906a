"""The pipeline of a build: source (the working tree, or a commit) → check →
history → today → render → write the docs folder (``prepare``), then the
site generator (``publish``, through ``builder.sitegen``).

A journal with errors generates nothing: the previous pages (and site) stay.
"Today" is given, or found by ``clock`` in the plan's timezone, or, for a
commit, that commit's date; the pipeline never reads the clock itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, tzinfo
from importlib import resources
from pathlib import Path

from builder.compute.figures import compute_figures
from builder.diagnostics import Diagnostic, Loc, error, has_errors
from builder.history import History
from builder.model import Journal
from builder.output import OutputError, WriteStats, write_tree
from builder.render.context import RenderOptions, Site, browser_dates
from builder.render.pages import DuplicatePage, render_context
from builder.sitecache import COMPILED_TEMPLATES, SiteCache, cache_folder
from builder.sitegen import SiteConfig, mkdocs_build

ASSETS = ("journal.css", "journal.js")


@dataclass(frozen=True, slots=True)
class Generated:
    """The outcome of generating the docs folder."""

    diagnostics: list[Diagnostic]
    stats: WriteStats | None  # None when nothing was written
    files: Mapping[str, str | bytes] | None = None  # what was written, by docs path
    site: Site | None = None  # the context the pages were rendered from (its figures)

    @property
    def ok(self) -> bool:
        """Whether the pages were written."""
        return self.stats is not None


def context_of(journal: Journal, today: date, options: RenderOptions, history: History | None = None) -> Site:
    """The figures of ``journal`` (computed once, here), and the context the
    pages are rendered from."""
    return Site(compute_figures(journal, today, public=options.public), options, history)


def render_site(
    journal: Journal,
    today: date,
    options: RenderOptions | None = None,
    parallel: bool | None = None,
    history: History | None = None,
) -> dict[str, str]:
    """Every page and feed of the site for ``journal`` as of ``today``: docs
    path → text, with dates and changes from its git ``history`` when given."""
    return render_context(context_of(journal, today, options or RenderOptions(), history), parallel)


def site_files(
    journal: Journal, today: date, options: RenderOptions | None = None, history: History | None = None
) -> dict[str, str | bytes]:
    """Every file of the docs folder: the pages and the builder's assets."""
    return files_of(context_of(journal, today, options or RenderOptions(), history))


def files_of(site: Site) -> dict[str, str | bytes]:
    """Every file of the docs folder of a gathered context (its figures computed once)."""
    files: dict[str, str | bytes] = dict(render_context(site))
    for name in ASSETS:
        data = resources.files("builder.render").joinpath("assets", name).read_bytes()
        if name == "journal.js":  # it fills entry pages' relative dates: its first line is the build's today
            data = browser_dates(site).encode("utf-8") + data
        files[f"assets/{name}"] = data
    return files


def generate(
    journal: Journal,
    diagnostics: list[Diagnostic],
    config: SiteConfig,
    today: date,
    options: RenderOptions | None = None,
    history: History | None = None,
) -> Generated:
    """Write the pages of a checked journal; with errors, write nothing."""
    if has_errors(diagnostics):
        return Generated(diagnostics, None)
    try:
        site = context_of(journal, today, options or RenderOptions(), history)
        files = files_of(site)
        stats = write_tree(config.docs_dir, files)
    except (DuplicatePage, OutputError, OSError) as exc:
        return not_written(diagnostics, exc)
    return Generated(diagnostics, stats, files, site)


def not_written(diagnostics: list[Diagnostic], exc: DuplicatePage | OutputError | OSError) -> Generated:
    """The outcome of a docs folder that could not be written (two pages at
    one path, an unsafe path, a full disk or a folder that cannot be
    written): an error, and the previous pages and site stay."""
    if isinstance(exc, DuplicatePage):
        return Generated([*diagnostics, error_at_root(f"two pages would be written at {exc}")], None)
    if isinstance(exc, OutputError):
        return Generated([*diagnostics, error_at_root(str(exc))], None)
    where = f" ({exc.filename})" if exc.filename else ""
    return Generated([*diagnostics, error_at_root(f"cannot write the pages: {exc.strerror or exc}{where}")], None)


def error_at_root(message: str) -> Diagnostic:
    """An error about the build as a whole (reported against mkdocs.yml)."""
    return error(Loc("mkdocs.yml", 1, 1), message)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A build up to its docs folder: what to say, and what ``publish`` needs
    (the journal itself is let go: MkDocs needs the memory more)."""

    diagnostics: list[Diagnostic]  # with errors, nothing was written
    problem: str | None = None  # why nothing was written, when it is not the journal's errors
    stats: WriteStats | None = None
    public: bool = False
    today: date | None = None
    site_dir: Path | None = None  # None: mkdocs.yml's
    history_warning: str | None = None
    cache: SiteCache | None = None  # the pages kept between builds

    @property
    def ok(self) -> bool:
        """Whether the docs folder was written (and the site can be built)."""
        return self.stats is not None


def prepare(
    config: SiteConfig,
    root: Path,
    *,
    rev: str | None,
    today: date | None,
    clock: Callable[[tzinfo], date],
    public: bool | None,
    site_dir: Path | None,
    reuse: bool = True,
) -> Prepared:
    """Check the journal (as it is, or as it was in commit ``rev``), read its
    history, and write the docs folder.  ``today`` is the given date, else
    the commit's date (``rev``), else ``clock`` in the plan's timezone.  With
    ``rev`` and no ``site_dir``, the site goes beside today's, named after
    the commit.  The parsed entries and the pages of the last build are
    kept in ``build/cache`` and ``build/site-cache`` (one folder per view),
    and after a few edits only the pages they can change are rendered
    (``builder.incremental``); ``reuse=False`` parses, renders and converts
    everything again."""
    from builder.check import check
    from builder.git import GitError, GitSource
    from builder.history import read_history, within_range
    from builder.incremental import forget, generate_docs
    from builder.parsecache import ParsedCache

    source: Path | GitSource = root
    if rev:
        try:
            source = GitSource(root, rev)
        except GitError as exc:
            return Prepared([], problem=str(exc))
    parsed = ParsedCache(root, reuse) if isinstance(source, Path) else None
    journal, diagnostics = check(source, parsed)
    if has_errors(diagnostics):
        return Prepared(diagnostics)
    history: History | None = None
    if isinstance(source, Path):
        history = read_history(root)
        day = today or clock(journal.plan.timezone)
    else:
        day = today or within_range(source.commit_date).astimezone(journal.plan.timezone).date()
        source.close()
        if site_dir is None:
            site_dir = config.site_dir.with_name(f"{config.site_dir.name}-{source.sha[:10]}")  # keep today's site
    public = config.public if public is None else public
    options = RenderOptions(public=public, language=config.language)
    if parsed is not None and history is not None:
        result = generate_docs(root, config, journal, diagnostics, day, options, history, parsed, reuse)
    else:
        forget(root)
        result = generate(journal, diagnostics, config, day, options, history)
    warning = history.warning if history is not None else None
    cache = SiteCache(cache_folder(root, public), reuse=reuse, compiled=root / COMPILED_TEMPLATES)
    return Prepared(result.diagnostics, None, result.stats, public, day, site_dir, warning, cache)


def publish(config: SiteConfig, prepared: Prepared) -> int:
    """Build the site from the docs folder ``prepare`` wrote (MkDocs, strict)."""
    assert prepared.ok and prepared.today is not None
    return mkdocs_build(config, prepared.today, prepared.site_dir, prepared.cache)
