"""``journal build`` and ``journal serve``: one at a time in a repository
(``build/site.lock``)."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from builder import locks
from builder.check import check
from builder.commands import resolve_today
from builder.console import report, waiting_for_site
from builder.diagnostics import has_errors
from builder.load import load_plan
from builder.serve import serve
from builder.sitegen import (
    AddressInUse,
    SiteConfig,
    check_dev_addr,
    mkdocs_build,
    read_config,
)

if TYPE_CHECKING:
    from builder.build import Generated
    from builder.git import GitSource
    from builder.history import History


def site_config(args: argparse.Namespace, command: str) -> SiteConfig | None:
    config, diagnostics = read_config(args.root)
    if config is None:
        report(diagnostics, command)
    return config


def history_of(root: Path, command: str) -> History:
    """The journal's git history; without it, a warning (never an error)."""
    from builder.history import read_history

    history = read_history(root)
    if history.warning:
        print(f"journal {command}: warning: {history.warning}", file=sys.stderr)
    return history


def cmd_build(args: argparse.Namespace) -> int:
    """``journal build``, one at a time in a repository (``locks.site_lock``)."""
    try:
        with locks.site_lock(args.root, waiting_for_site("build")):
            return _build(args)
    except locks.LockError as exc:
        print(f"journal build: {exc}", file=sys.stderr)
        return 1


def _build(args: argparse.Namespace) -> int:
    """``journal build``: check, generate the pages, then run MkDocs (strict).

    With ``--rev``, the journal as it was in that commit (read from git, the
    working tree untouched), as of that commit's date unless ``--today``.
    """
    from builder.build import generate
    from builder.render.context import RenderOptions

    config = site_config(args, "build")
    if config is None:
        return 1
    source: Path | GitSource = args.root
    history: History | None = None
    if args.rev:
        from builder.git import GitError, GitSource
        from builder.history import within_range

        try:
            source = GitSource(args.root, args.rev)
        except GitError as exc:
            print(f"journal build: {exc}", file=sys.stderr)
            return 1
    journal, diagnostics = check(source)
    if has_errors(diagnostics):
        report(diagnostics, "build")
        return 1
    if isinstance(source, Path):
        history = history_of(args.root, "build")
        today = resolve_today(args.today, journal.plan.timezone)
    else:
        today = args.today or within_range(source.commit_date).astimezone(journal.plan.timezone).date()
        source.close()
    public = config.public if args.public is None else args.public
    options = RenderOptions(public=public, language=config.language)
    result = generate(journal, diagnostics, config, today, options, history)
    if not result.ok:
        report(result.diagnostics, "build")
        return 1
    for d in result.diagnostics:
        print(d)
    stats = result.stats
    assert stats is not None
    as_of = f" as of {args.rev}" if args.rev else ""
    print(
        f"journal build: {len(stats.written)} pages written, {stats.unchanged} unchanged, "
        f"{len(stats.removed)} removed ({'public' if public else 'full'} build{as_of}, today is {today.isoformat()})",
        file=sys.stderr,
    )
    site_dir = args.site_dir.resolve() if args.site_dir else None
    if site_dir is None and not isinstance(source, Path):
        site_dir = config.site_dir.with_name(f"{config.site_dir.name}-{source.sha[:10]}")  # keep today's site
    del journal, history, result, diagnostics  # the pages are on disk: MkDocs needs the memory more
    return mkdocs_build(config, today, site_dir)


def cmd_serve(args: argparse.Namespace) -> int:
    """``journal serve``: generate, serve with MkDocs, regenerate what an edit changes."""
    from builder.live import Live
    from builder.render.context import RenderOptions

    config = site_config(args, "serve")
    if config is None:
        return 1
    try:
        check_dev_addr(args.dev_addr)
    except (AddressInUse, ValueError) as exc:
        print(f"journal serve: {exc}", file=sys.stderr)
        return 1
    today = resolve_today(args.today, load_plan(args.root, []).timezone)
    live = Live(args.root, config, today, RenderOptions(public=bool(args.public), language=config.language))

    def shown(result: Generated | None) -> bool:
        """Say what a regeneration did; whether it wrote the pages."""
        if result is None:
            return True
        if result.diagnostics:
            report(result.diagnostics, "serve")
        if result.ok and result.stats is not None and (result.stats.written or result.stats.removed):
            print(f"journal serve: {len(result.stats.written)} pages regenerated", file=sys.stderr)
        return result.ok

    try:
        with locks.site_lock(args.root, waiting_for_site("serve")):
            if not shown(live.full()):
                return 1
    except locks.LockError as exc:
        print(f"journal serve: {exc}", file=sys.stderr)
        return 1
    site_dir = Path(tempfile.mkdtemp(prefix="journal-serve-"))
    try:
        return serve(args.root, args.dev_addr, args.interval, live, config, today, site_dir, shown)
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
