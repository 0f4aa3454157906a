"""``journal serve``'s session: build the site with MkDocs in this process,
serve it, and on each change under ``journal/`` regenerate what it changed
(``builder.live``) and rebuild those pages only (``builder.sitegen``);
watching with inotify and the like, else polling; stopped by Ctrl-C or
SIGTERM."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from builder import locks
from builder.console import internal_error, waiting_for_site
from builder.sitegen import (
    DevServer,
    MkDocsFailed,
    MkDocsSite,
    SiteConfig,
)

if TYPE_CHECKING:
    from builder.build import Generated
    from builder.live import Live


def _watch(folder: Path, changed: Callable[[], None]) -> Callable[[], None] | None:
    """Call ``changed`` whenever a file under ``folder`` changes (inotify and
    friends, through watchdog); returns a function that stops watching, or
    ``None`` when watchdog is not available (then the caller polls)."""
    try:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:
        return None

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if not event.is_directory:
                changed()

    observer = Observer()
    observer.schedule(Handler(), str(folder), recursive=True)
    observer.daemon = True
    observer.start()

    def stop() -> None:
        observer.stop()
        observer.join(timeout=5)

    return stop


def _poll(live: Live, interval: float, changed: Callable[[], None]) -> Callable[[], None]:
    """Call ``changed`` when the journal's files differ from what ``live`` last
    read, looking every ``interval`` seconds; returns a function that stops."""
    done = threading.Event()

    def loop() -> None:
        while not done.wait(interval):
            if live.changed():
                changed()

    threading.Thread(target=loop, daemon=True).start()
    return done.set


def serve(
    root: Path,
    dev_addr: str | None,
    interval: float,
    live: Live,
    config: SiteConfig,
    today: date,
    site_dir: Path,
    report: Callable[[Generated | None], bool],
) -> int:
    """Build the site into ``site_dir`` with MkDocs in this process, then serve
    it; each change under ``journal/`` regenerates what it changed and
    rebuilds those pages only (``builder.sitegen.MkDocsSite``)."""
    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.WARNING)
    site: MkDocsSite | None = None
    settings = config.config_file.stat().st_mtime_ns

    def rebuild() -> None:
        try:
            update()
        except MkDocsFailed as exc:  # a broken theme or configuration: say so, keep serving
            print(f"journal serve: MkDocs: {exc}", file=sys.stderr)
        except Exception as exc:  # a bug: one line (JOURNAL_DEBUG=1: the traceback), keep serving
            if os.environ.get("JOURNAL_DEBUG"):
                raise
            print(internal_error(exc), file=sys.stderr)

    def update() -> None:
        with locks.site_lock(root, waiting_for_site("serve")):
            regenerate()

    def regenerate() -> None:
        nonlocal settings
        result = live.refresh()
        if site is None or not report(result):
            return
        started = time.perf_counter()
        if config.config_file.stat().st_mtime_ns != settings:  # mkdocs.yml changed: theme, navigation...
            settings = config.config_file.stat().st_mtime_ns
            site.build()
        elif result is not None and result.stats is not None:
            site.update(result.stats.written, result.stats.removed)
        else:
            return
        print(f"journal serve: site updated in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    server = DevServer(dev_addr, site_dir, config.config_file, rebuild)
    site = MkDocsSite(config, today, site_dir, site_url=server.url)
    print("journal serve: building the site...", file=sys.stderr)
    with locks.site_lock(root, waiting_for_site("serve")):
        site.build()
    print(f"journal serve: serving on {server.url}", file=sys.stderr)

    def stop_on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # leave the serving loop and clean up

    signal.signal(signal.SIGTERM, stop_on_term)
    stop = _watch(root / "journal", server.request_rebuild)
    if stop is None:  # no file-system events here: look every --interval seconds
        stop = _poll(live, interval, server.request_rebuild)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        stop()
    return 0
