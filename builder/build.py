"""The pipeline of a build: load → validate → compute and render → write the
docs folder.  The site generator runs afterwards (``builder.sitegen``).

A journal with errors generates nothing: the previous pages (and site) stay.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources

from builder.diagnostics import Diagnostic, Loc, error, has_errors
from builder.history import History
from builder.model import Journal
from builder.output import OutputError, WriteStats, write_tree
from builder.render.context import RenderOptions
from builder.render.pages import DuplicatePage, render_site
from builder.sitegen import SiteConfig

ASSETS = ("journal.css", "journal.js")


@dataclass(frozen=True, slots=True)
class Generated:
    """The outcome of generating the docs folder."""

    diagnostics: list[Diagnostic]
    stats: WriteStats | None  # None when nothing was written
    files: Mapping[str, str | bytes] | None = None  # what was written, by docs path

    @property
    def ok(self) -> bool:
        """Whether the pages were written."""
        return self.stats is not None


def site_files(
    journal: Journal, today: date, options: RenderOptions | None = None, history: History | None = None
) -> dict[str, str | bytes]:
    """Every file of the docs folder: the pages and the builder's assets."""
    files: dict[str, str | bytes] = dict(render_site(journal, today, options, history=history))
    for name in ASSETS:
        files[f"assets/{name}"] = resources.files("builder.render").joinpath("assets", name).read_bytes()
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
        files = site_files(journal, today, options, history)
        stats = write_tree(config.docs_dir, files)
    except DuplicatePage as exc:
        return Generated([*diagnostics, error_at_root(f"two pages would be written at {exc}")], None)
    except OutputError as exc:
        return Generated([*diagnostics, error_at_root(str(exc))], None)
    except OSError as exc:  # a full disk, a folder that cannot be written: the previous pages and site stay
        where = f" ({exc.filename})" if exc.filename else ""
        return Generated([*diagnostics, error_at_root(f"cannot write the pages: {exc.strerror or exc}{where}")], None)
    return Generated(diagnostics, stats, files)


def error_at_root(message: str) -> Diagnostic:
    """An error about the build as a whole (reported against mkdocs.yml)."""
    return error(Loc("mkdocs.yml", 1, 1), message)
