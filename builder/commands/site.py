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
from builder.commands import resolve_today
from builder.console import report, waiting_for_site
from builder.load import load_plan

if TYPE_CHECKING:  # the site generator's adapter is imported by the two commands that run it
    from builder.build import Generated
    from builder.sitegen import SiteConfig


def site_config(args: argparse.Namespace, command: str) -> SiteConfig | None:
    """``mkdocs.yml``'s settings, or ``None`` after printing why they cannot be read."""
    from builder.sitegen import read_config

    config, diagnostics = read_config(args.root)
    if config is None:
        report(diagnostics, command)
    return config


def cmd_build(args: argparse.Namespace) -> int:
    """``journal build``: check, generate the pages, then run MkDocs (strict),
    one at a time in a repository (``locks.site_lock``); the pipeline is
    ``builder.build``.

    After a few edits only the pages they can change are rendered
    (``builder.incremental``), and only the pages whose Markdown changed are
    converted (``builder.sitecache``); ``--no-cache`` does it all again.

    With ``--rev``, the journal as it was in that commit (read from git, the
    working tree untouched), as of that commit's date unless ``--today``.
    """
    from builder.build import prepare, publish

    config = site_config(args, "build")
    if config is None:
        return 1
    try:
        with locks.site_lock(args.root, waiting_for_site("build")):
            prepared = prepare(
                config,
                args.root,
                rev=args.rev,
                today=args.today,
                clock=lambda tz: resolve_today(None, tz),
                public=args.public,
                site_dir=args.site_dir.resolve() if args.site_dir else None,
                reuse=not args.no_cache,
            )
            if prepared.problem:
                print(f"journal build: {prepared.problem}", file=sys.stderr)
                return 1
            if prepared.history_warning:
                print(f"journal build: warning: {prepared.history_warning}", file=sys.stderr)
            if not prepared.ok:
                report(prepared.diagnostics, "build")
                return 1
            for d in prepared.diagnostics:
                print(d)
            stats, today = prepared.stats, prepared.today
            assert stats is not None and today is not None
            as_of = f" as of {args.rev}" if args.rev else ""
            print(
                f"journal build: {len(stats.written)} pages written, {stats.unchanged} unchanged, "
                f"{len(stats.removed)} removed ({'public' if prepared.public else 'full'} build{as_of}, "
                f"today is {today.isoformat()})",
                file=sys.stderr,
            )
            return publish(config, prepared)
    except locks.LockError as exc:
        print(f"journal build: {exc}", file=sys.stderr)
        return 1


def cmd_serve(args: argparse.Namespace) -> int:
    """``journal serve``: generate, serve with MkDocs, regenerate what an edit changes."""
    from builder.live import Live
    from builder.render.context import RenderOptions
    from builder.serve import serve
    from builder.sitegen import AddressInUse, check_dev_addr

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
