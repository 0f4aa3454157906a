"""The pipeline of a build: load → validate → compute and render → write the
docs folder.  The site generator runs afterwards (``builder.sitegen``).

A journal with errors generates nothing: the previous pages (and site) stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from builder.diagnostics import Diagnostic, Loc, error, has_errors, sorted_unique
from builder.files import FileSource
from builder.load import load
from builder.model import Journal
from builder.output import OutputError, WriteStats, write_tree
from builder.render.pages import DuplicatePage, RenderOptions, render_site
from builder.sitegen import SiteConfig
from builder.validate import validate

ASSETS = ("journal.css",)


@dataclass(frozen=True, slots=True)
class Generated:
    """The outcome of generating the docs folder."""

    diagnostics: list[Diagnostic]
    stats: WriteStats | None  # None when nothing was written

    @property
    def ok(self) -> bool:
        """Whether the pages were written."""
        return self.stats is not None


def check(root: Path | FileSource) -> tuple[Journal, list[Diagnostic]]:
    """Load and validate: the journal and every problem, in printing order."""
    journal, diagnostics = load(root)
    diagnostics.extend(validate(journal))
    return journal, sorted_unique(diagnostics)


def site_files(journal: Journal, today: date, options: RenderOptions | None = None) -> dict[str, str | bytes]:
    """Every file of the docs folder: the pages and the builder's assets."""
    files: dict[str, str | bytes] = dict(render_site(journal, today, options))
    for name in ASSETS:
        files[f"assets/{name}"] = resources.files("builder.render").joinpath("assets", name).read_bytes()
    return files


def generate(
    journal: Journal,
    diagnostics: list[Diagnostic],
    config: SiteConfig,
    today: date,
    options: RenderOptions | None = None,
) -> Generated:
    """Write the pages of a checked journal; with errors, write nothing."""
    if has_errors(diagnostics):
        return Generated(diagnostics, None)
    try:
        files = site_files(journal, today, options)
        stats = write_tree(config.docs_dir, files)
    except DuplicatePage as exc:
        return Generated([*diagnostics, error_at_root(f"two pages would be written at {exc}")], None)
    except (OutputError, OSError) as exc:
        return Generated([*diagnostics, error_at_root(str(exc))], None)
    return Generated(diagnostics, stats)


def error_at_root(message: str) -> Diagnostic:
    """An error about the build as a whole (reported against mkdocs.yml)."""
    return error(Loc("mkdocs.yml", 1, 1), message)
