"""The ``journal`` command: a thin layer over the stages.

Commands print diagnostics like a compiler (``path:line:col: error: ...``) on
standard output and a one-line summary on standard error.  Exit status: 0
when there is no error, 1 when there is, 2 for a command-line mistake.

"Today" is resolved here, once: ``--today``, else ``$JOURNAL_TODAY``, else the
current date in the plan's timezone; everything below receives it.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from builder import __version__, locks
from builder.check import check
from builder.compute.activity import analyze
from builder.compute.followups import followups
from builder.compute.goals import goal_reports
from builder.diagnostics import Diagnostic, Severity, has_errors, summary

if TYPE_CHECKING:
    from builder.build import Generated
    from builder.edit.writer import Workspace
    from builder.git import GitSource
    from builder.history import History
    from builder.live import Live
from builder import format as fmt
from builder.format import CHANNELS
from builder.load import load_plan
from builder.locks import SITE_LOCK
from builder.model import Journal
from builder.names import plain_text
from builder.sitegen import (
    AddressInUse,
    DevServer,
    MkDocsFailed,
    MkDocsSite,
    SiteConfig,
    check_dev_addr,
    mkdocs_build,
    read_config,
)
from builder.values import parse_date, parse_minutes, shown

TODAY_ENV = "JOURNAL_TODAY"


def check_journal(root: Path) -> list[Diagnostic]:
    """Load and validate the journal at ``root``: every problem, in printing order."""
    return check(root)[1]


def _report(diagnostics: Sequence[Diagnostic], command: str) -> None:
    for d in diagnostics:
        print(d)
    print(f"journal {command}: {summary(diagnostics)}", file=sys.stderr)


def resolve_today(given: date | None, tz: tzinfo | None) -> date:
    """``--today``, else ``$JOURNAL_TODAY``, else today in the plan's timezone."""
    if given is not None:
        return given
    from_env = os.environ.get(TODAY_ENV)
    if from_env:
        try:
            return parse_date(from_env.strip())
        except ValueError as exc:
            raise SystemExit(f"journal: {TODAY_ENV}: {exc}") from None
    return datetime.now(tz).date()


def _already(errors: Sequence[Diagnostic], command: str) -> None:
    """List, on standard error, the errors the journal has that a command
    worked around: they are the journal's, not the command's doing."""
    errors = [d for d in errors if d.severity is Severity.ERROR]
    if not errors:
        return
    print(
        f"journal {command}: {summary(errors)} already in the journal, not from this command "
        "(until they are fixed, what they are in may be left out or incomplete; journal check lists every problem):",
        file=sys.stderr,
    )
    for d in errors:
        print(f"  {d}", file=sys.stderr)


def _checked(args: argparse.Namespace, command: str) -> tuple[Journal, date]:
    """The journal and today.  A file with errors does not stop a command
    that only reads: what could be read is used, and the errors are listed
    (``_already``)."""
    journal, diagnostics = check(args.root)
    _already(diagnostics, command)
    return journal, resolve_today(args.today, journal.plan.timezone)


def cmd_check(args: argparse.Namespace) -> int:
    """``journal check``: report every problem; never writes to the journal
    (its cache lives in build/cache, gitignored)."""
    from builder.check import check_cached

    use_cache = not args.no_cache and not os.environ.get("JOURNAL_NO_CACHE")
    diagnostics = check_cached(args.root) if use_cache else check_journal(args.root)
    _report(diagnostics, "check")
    return 1 if has_errors(diagnostics) else 0


def cmd_followups(args: argparse.Namespace) -> int:
    """``journal followups``: what is due, soonest first."""
    journal, today = _checked(args, "followups")
    items = followups(journal, analyze(journal, today))
    if args.json:
        print(json.dumps([item.as_json(today) for item in items], ensure_ascii=False, indent=2))
        return 0
    for item in items:
        due = item.due.isoformat() if item.due else "no date"
        flag = "overdue" if item.overdue(today) else ""
        person = journal.contacts.get(item.contact or "")
        who = _column(shown(person.name if person else item.contact or "-"), 20)
        print(f"{due:<10}  {flag:<7}  {item.reason:<13}  {who}  {shown(plain_text(item.text, journal.entry))}")
        print(f"{'':<10}  {'':<7}  {'':<13}  {'':<20}  ({item.source.path}:{item.source.line})")
    return 0


def _column(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (CJK and emoji take two;
    combining marks none); longer text is cut with an ellipsis."""
    import unicodedata

    def cells(ch: str) -> int:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            return 0
        return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1

    if sum(map(cells, text)) <= width:
        return text + " " * (width - sum(map(cells, text)))
    out, used = [], 0
    for ch in text:
        if used + cells(ch) > width - 1:  # room for the ellipsis
            break
        out.append(ch)
        used += cells(ch)
    return "".join(out) + "…" + " " * (width - used - 1)


def cmd_goals(args: argparse.Namespace) -> int:
    """``journal goals``: each goal's figure in the period containing today."""
    journal, today = _checked(args, "goals")
    reports = goal_reports(journal, analyze(journal, today))
    rows = [p for r in reports for p in ((r.current, *r.history) if args.history else (r.current,))]
    if args.json:
        print(json.dumps([p.as_json() for p in rows], ensure_ascii=False, indent=2))
        return 0
    for p in rows:
        data = p.as_json()
        print(f"{data['period']:<9}  {data['actual']:>6} / {data['target']:<4}  {p.state:<8}  {shown(p.goal.title)}")
    return 0


def _site(args: argparse.Namespace, command: str) -> SiteConfig | None:
    config, diagnostics = read_config(args.root)
    if config is None:
        _report(diagnostics, command)
    return config


def _history(root: Path, command: str) -> History:
    """The journal's git history; without it, a warning (never an error)."""
    from builder.history import read_history

    history = read_history(root)
    if history.warning:
        print(f"journal {command}: warning: {history.warning}", file=sys.stderr)
    return history


@contextlib.contextmanager
def _site_lock(root: Path, command: str) -> Iterator[None]:
    """Hold ``build/site.lock`` while the block writes the docs folder and the
    site: another ``journal build`` or ``serve`` waits (saying so) instead of
    mixing its pages in (``builder.locks``)."""

    def waiting() -> None:
        print(f"journal {command}: waiting for another journal build or serve to finish...", file=sys.stderr)

    busy = f"{SITE_LOCK} is held by another command"
    with locks.hold(root, SITE_LOCK, timeout=None, busy=busy, waiting=waiting):
        yield


def cmd_build(args: argparse.Namespace) -> int:
    """``journal build``, one at a time in a repository (``_site_lock``)."""
    try:
        with _site_lock(args.root, "build"):
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

    config = _site(args, "build")
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
        _report(diagnostics, "build")
        return 1
    if isinstance(source, Path):
        history = _history(args.root, "build")
        today = resolve_today(args.today, journal.plan.timezone)
    else:
        today = args.today or within_range(source.commit_date).astimezone(journal.plan.timezone).date()
        source.close()
    public = config.public if args.public is None else args.public
    options = RenderOptions(public=public, language=config.language)
    result = generate(journal, diagnostics, config, today, options, history)
    if not result.ok:
        _report(result.diagnostics, "build")
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


def cmd_serve(args: argparse.Namespace) -> int:
    """``journal serve``: generate, serve with MkDocs, regenerate what an edit changes."""
    from builder.live import Live
    from builder.render.context import RenderOptions

    config = _site(args, "serve")
    if config is None:
        return 1
    try:
        check_dev_addr(args.dev_addr)
    except (AddressInUse, ValueError) as exc:
        print(f"journal serve: {exc}", file=sys.stderr)
        return 1
    today = resolve_today(args.today, load_plan(args.root, []).timezone)
    live = Live(args.root, config, today, RenderOptions(public=bool(args.public), language=config.language))

    def report(result: Generated | None) -> bool:
        if result is None:
            return True
        if result.diagnostics:
            _report(result.diagnostics, "serve")
        if result.ok and result.stats is not None and (result.stats.written or result.stats.removed):
            print(f"journal serve: {len(result.stats.written)} pages regenerated", file=sys.stderr)
        return result.ok

    try:
        with _site_lock(args.root, "serve"):
            if not report(live.full()):
                return 1
    except locks.LockError as exc:
        print(f"journal serve: {exc}", file=sys.stderr)
        return 1
    site_dir = Path(tempfile.mkdtemp(prefix="journal-serve-"))
    try:
        return _serve(args, live, config, today, site_dir, report)
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _serve(
    args: argparse.Namespace,
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
        with _site_lock(args.root, "serve"):
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

    server = DevServer(args.dev_addr, site_dir, config.config_file, rebuild)
    site = MkDocsSite(config, today, site_dir, site_url=server.url)
    print("journal serve: building the site...", file=sys.stderr)
    with _site_lock(args.root, "serve"):
        site.build()
    print(f"journal serve: serving on {server.url}", file=sys.stderr)

    def stop_on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # leave the serving loop and clean up

    signal.signal(signal.SIGTERM, stop_on_term)
    stop = _watch(args.root / "journal", server.request_rebuild)
    if stop is None:  # no file-system events here: look every --interval seconds
        stop = _poll(live, args.interval, server.request_rebuild)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        stop()
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """``journal init DIR``: a new journal repository that builds at once,
    committed to git, with the three next steps."""
    from builder.scaffold import ScaffoldError, init_journal

    today = resolve_today(args.today, datetime.now().astimezone().tzinfo)  # no plan yet: the computer's date
    try:
        made = init_journal(args.dir, today, empty=args.empty, builder_source=args.builder_source)
    except ScaffoldError as exc:
        print(f"journal init: {exc}", file=sys.stderr)
        return 1
    for path in made.written:
        print(path)
    for note in made.notes:
        print(f"journal init: note: {note}", file=sys.stderr)
    committed = f", committed as {made.commit[:10]}" if made.commit else ""
    print(f"journal init: a new journal in {args.dir.absolute()}{committed}. Next:", file=sys.stderr)
    for number, step in enumerate(made.next_steps, start=1):
        print(f"  {number}. {step}", file=sys.stderr)
    return 0


def cmd_help(args: argparse.Namespace) -> int:
    """``journal help [TOPIC]``: the reference that ships with the builder
    (``builder/reference``), so that it is at hand wherever it is installed."""
    from builder.reference import reference, topics

    known = topics()
    if args.topic is None:
        print("journal help TOPIC, where TOPIC is one of:")
        for name, about in known.items():
            print(f"  {name:<10}  {about}")
        print("journal COMMAND --help: a command's options")
        return 0
    try:
        text = reference(args.topic)
    except KeyError:
        print(f"journal help: no topic '{args.topic}'; topics: {', '.join(known)}", file=sys.stderr)
        return 2
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _edit(
    args: argparse.Namespace, command: str, make: Callable[[Journal, Workspace, date], tuple[str, str, str]]
) -> int:
    """Run an editing command: ``make`` returns (path, new text, what to say).

    ``builder.edit.session`` does the work: under the journal's lock, the
    result must pass ``journal check``, and the file is written atomically
    unless it changed on disk meanwhile.  Otherwise nothing is written.
    """
    from builder.edit.session import edit_journal

    def run(journal: Journal, files: Workspace) -> tuple[dict[str, str], str]:
        rel, text, said = make(journal, files, resolve_today(getattr(args, "today", None), journal.plan.timezone))
        return {rel: text}, said

    try:
        done = edit_journal(args.root, command, run, waiting=_waiting(command))
    except Exception as exc:
        return _edit_failed(exc, command)
    for d in done.warnings:
        print(d)
    print(done.value)
    _already(done.already, command)
    return 0


def _waiting(command: str) -> Callable[[], None]:
    """What an editing command says while another one holds the journal's lock."""
    return lambda: print(
        f"journal {command}: waiting for another journal command to finish editing...", file=sys.stderr
    )


def _edit_failed(exc: Exception, command: str) -> int:
    """Report why an editing command wrote nothing, like a compiler (the
    problems, then one line); a bug is re-raised for ``main``."""
    from builder.edit.errors import EditError
    from builder.edit.writer import Refused

    if isinstance(exc, Refused):
        for d in exc.diagnostics:
            print(d)
        print(
            f"journal {command}: nothing was written: the change would add {summary(exc.diagnostics)} "
            "to the journal (above)",
            file=sys.stderr,
        )
        _already(exc.already, command)
    elif isinstance(exc, (EditError, ValueError)):
        print(f"journal {command}: {exc}", file=sys.stderr)
    elif isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"journal {command}: {where}{exc.strerror or exc}; nothing was written", file=sys.stderr)
    else:
        raise exc
    return 1


def cmd_new(args: argparse.Namespace) -> int:
    """``journal new KIND TITLE [--key value ...]``: a new entry from a template."""
    from builder.edit.authoring import NewFile, new_entry

    made: list[NewFile] = []

    def make(journal: Journal, files: Workspace, today: date) -> tuple[str, str, str]:
        created = new_entry(journal, files, args.kind, args.title, args.fields, today, force=args.force)
        made.append(created)
        return created.rel, created.text, created.rel  # the path alone on stdout: path=$(journal new ...)

    status = _edit(args, "new", make)
    if status == 0 and made[-1].note:
        print(f"journal new: note: {made[-1].note}", file=sys.stderr)
    if status == 0 and args.edit:
        return _open_in_editor(args.root, made[-1].rel)
    return status


def _open_in_editor(root: Path, rel: str) -> int:
    """``journal new --edit``: open the new file in ``$VISUAL``/``$EDITOR``,
    then check the journal again: what the editor saved gets the same
    scrutiny as what the command wrote (1 if it added an error)."""
    import shlex
    import subprocess

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        print(f"journal new: set $EDITOR to open the file; {rel} is written", file=sys.stderr)
        return 0
    try:
        done = subprocess.run([*shlex.split(editor), str(root / rel)], check=False)
    except (OSError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"journal new: cannot run the editor '{editor}': {why}; {rel} is written", file=sys.stderr)
        return 1
    if done.returncode != 0:
        print(f"journal new: the editor exited with status {done.returncode}; {rel} is as it left it", file=sys.stderr)
    problems = [d for d in check_journal(root) if d.loc.path == rel]
    for d in problems:
        print(d)
    if has_errors(problems):
        print(f"journal new: {rel} has {summary(problems)} after your edit (above): fix them", file=sys.stderr)
        return 1
    return 0 if done.returncode == 0 else 1


def cmd_log(args: argparse.Namespace) -> int:
    """``journal log CONTACT --channel C ... NOTE``: one more interaction."""
    from builder.edit.authoring import log_interaction

    def make(journal: Journal, files: Workspace, today: date) -> tuple[str, str, str]:
        day = args.date or today
        rel, text = log_interaction(
            journal,
            files,
            args.contact,
            channel=args.channel,
            by=args.by,
            minutes=args.minutes,
            day=day,
            note=" ".join(args.note),
        )
        later = " (after today: it counts from that day on)" if day > today else ""
        return rel, text, f"{rel}: logged {args.channel} on {day.isoformat()}{later}"

    return _edit(args, "log", make)


def cmd_done(args: argparse.Namespace) -> int:
    """``journal done SOURCE[:LINE]``: tick a task."""
    from builder.edit.authoring import tick_task

    def make(journal: Journal, files: Workspace, today: date) -> tuple[str, str, str]:
        rel, text, task, line = tick_task(journal, files, args.source)
        return rel, text, f"done: {shown(plain_text(task, journal.entry))} ({rel}:{line})"

    return _edit(args, "done", make)


def _decode_export(data: bytes) -> str:
    """An export's text: UTF-8 (with or without BOM), else Windows-1252 as old phones write."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def cmd_import(args: argparse.Namespace) -> int:
    """``journal import linkedin|vcard|google FILE``: add people, idempotently;
    it says what it created and updated once those files are written."""
    from builder.edit.errors import EditError, WriteFailed
    from builder.edit.session import edit_journal
    from builder.importers.google import read_google
    from builder.importers.linkedin import read_linkedin
    from builder.importers.merge import ImportPlan, plan_import
    from builder.importers.vcard import read_vcard

    readers = {"linkedin": read_linkedin, "vcard": read_vcard, "google": read_google}
    labels = {"linkedin": "LinkedIn", "vcard": "vCard", "google": "Google Contacts"}
    try:
        text = _decode_export(args.file.read_bytes())
        people, skipped = readers[args.format](text)
    except OSError as exc:
        print(f"journal import: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"journal import: {args.file}: {exc}", file=sys.stderr)
        return 1
    show = sys.stderr.isatty() and len(people) > 200

    def progress(done: int, total: int) -> None:
        if show and (done % 25 == 0 or done == total - 1):
            width = 30
            filled = width * (done + 1) // total
            print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done + 1}/{total}", end="", file=sys.stderr)

    planned: list[ImportPlan] = []  # the last plan made (made again if a file changed meanwhile)

    def make(journal: Journal, files: Workspace) -> tuple[dict[str, str], ImportPlan]:
        unread = sorted(slug for slug, folder in journal.unloaded.items() if folder == "contacts")
        if unread:  # a person in it would be imported a second time
            raise EditError(
                f"{len(unread)} contact files could not be read ({', '.join(unread[:5])}): an import matches "
                "people against every contact, so fix them first (journal check says how); nothing was written"
            )
        plan = plan_import(journal, files, people, skipped, labels[args.format], progress)
        if show:
            print(file=sys.stderr)
        planned[:] = [plan]
        return plan.texts(), plan

    def said(plan: ImportPlan, written: Collection[str]) -> None:
        for rel in sorted(plan.created):
            if rel in written:
                print(f"{'would create' if args.dry_run else 'created'} {rel}")
        for rel in sorted(plan.updated):
            if rel in written:
                print(f"{'would update' if args.dry_run else 'updated'} {rel}: {', '.join(plan.changes[rel])}")

    try:
        done = edit_journal(args.root, "import", make, write=not args.dry_run, waiting=_waiting("import"))
    except WriteFailed as failed:
        if failed.written:  # renaming failed midway: say what is in place
            said(planned[-1], failed.written)
            print(f"journal import: {failed} (listed above)", file=sys.stderr)
            return 1
        return _edit_failed(failed, "import")
    except Exception as exc:
        return _edit_failed(exc, "import")
    plan = done.value
    said(plan, plan.texts() if args.dry_run else done.written)
    for item in plan.skipped:
        print(f"{args.file}: {item.where}: skipped: {item.why}")
    verb = "would be " if args.dry_run else ""
    print(
        f"journal import: {len(plan.created)} {verb}created, {len(plan.updated)} {verb}updated, "
        f"{plan.unchanged} unchanged, {len(plan.skipped)} skipped",
        file=sys.stderr,
    )
    _already(done.already, "import")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``journal export vcard``: every contact that is not private, as vCard 4.0."""
    from builder.edit.writer import write_atomic
    from builder.exporters import export_vcard

    journal, diagnostics = check(args.root)
    if has_errors(diagnostics):
        _report(diagnostics, "export")
        return 1
    text = export_vcard(journal)
    if args.output:
        try:
            write_atomic(args.output, text.encode("utf-8"))
        except OSError as exc:
            print(f"journal export: {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0


def _fields(extra: list[str]) -> dict[str, str]:
    """``--key value`` pairs (or ``--key=value``) given to ``journal new``."""
    fields: dict[str, str] = {}
    items = list(extra)
    while items:
        flag = items.pop(0)
        if not flag.startswith("--") or len(flag) < 3:
            raise SystemExit(f"journal new: expected --key value, found '{flag}'")
        key, eq, value = flag[2:].partition("=")
        if not eq:
            if not items:
                raise SystemExit(f"journal new: --{key} needs a value")
            value = items.pop(0)
        fields[key.replace("-", "_") if key not in ("keep-in-touch",) else "keep_in_touch"] = value
    return fields


def _keys_help(folder: str) -> str:
    """The keys ``journal new`` takes for entries of ``folder``, one line
    each, from the format itself (``builder.format``), so they never differ."""
    from builder.schema import Map

    schema = fmt.ENTRY_SCHEMAS[folder]
    title_key = fmt.TITLE_KEYS[folder]
    rows: list[tuple[str, str]] = []
    for key, spec in schema.fields.items():
        if key in (title_key, "log", "public_fields"):
            continue
        if isinstance(spec.type, Map):
            rows += [(f"--{key}.{sub}", field.doc) for sub, field in spec.type.fields.items()]
        else:
            rows.append((f"--{key}", spec.doc))
    width = max(len(flag) for flag, _ in rows)
    lines = [f"  {flag:<{width}}  {doc}" for flag, doc in rows]
    return (
        "keys (--key value or --key=value; a list: --topics ux,careers; the name of an entry\n"
        "or a unique part of it where a key names entries):\n" + "\n".join(lines)
    )


def _new_root(value: str) -> Path:
    if not value.strip():
        raise argparse.ArgumentTypeError("give the folder to make the journal in (e.g. my-journal, or . for here)")
    return Path(value)


def _root(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"not a folder: {value}")
    return path


def _minutes(value: str) -> int:
    try:
        return parse_minutes(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _date(value: str) -> date:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parser() -> argparse.ArgumentParser:
    """The command line: ``journal COMMAND [--root DIR] ...``."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        type=_root,
        metavar="DIR",
        help="the journal repository (default: the current folder or the nearest one above it with journal/plan.yml)",
    )
    dated = argparse.ArgumentParser(add_help=False)
    dated.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help=f"compute as of this date (default: ${TODAY_ENV}, else today in the plan's timezone)",
    )
    top = argparse.ArgumentParser(prog="journal", description="A networking journal that lives in git.")
    top.add_argument("--version", action="version", version=f"journal {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub = commands.add_parser("check", parents=[common], help="report every problem in the journal")
    sub.add_argument("--no-cache", action="store_true", help="read every file (the cache is in build/cache)")
    sub.set_defaults(func=cmd_check)

    visibility = argparse.ArgumentParser(add_help=False)
    group = visibility.add_mutually_exclusive_group()
    group.add_argument(
        "--public",
        dest="public",
        action="store_const",
        const=True,
        help="only what you chose to publish (default: extra.journal.public in mkdocs.yml)",
    )
    group.add_argument("--full", dest="public", action="store_const", const=False, help="everything (the default)")

    sub = commands.add_parser(
        "build", parents=[common, dated, visibility], help="check, generate the pages and build the site"
    )
    sub.add_argument("--site-dir", type=Path, metavar="DIR", help="where to write the site (default: mkdocs.yml's)")
    sub.add_argument(
        "--rev",
        metavar="REV",
        help="build the journal as it was in this commit (default today: the commit's date; site: SITE-<sha>)",
    )
    sub.set_defaults(func=cmd_build)

    sub = commands.add_parser(
        "serve", parents=[common, dated, visibility], help="serve the site and rebuild on every change"
    )
    sub.add_argument("--dev-addr", metavar="IP:PORT", help="address to serve on (default: localhost:8000)")
    sub.add_argument("--interval", type=float, default=1.0, help=argparse.SUPPRESS)
    sub.set_defaults(func=cmd_serve)

    sub = commands.add_parser("followups", parents=[common, dated], help="list what is due")
    sub.add_argument("--json", action="store_true", help="print a JSON array")
    sub.set_defaults(func=cmd_followups)

    sub = commands.add_parser("goals", parents=[common, dated], help="show goal progress for the current period")
    sub.add_argument("--json", action="store_true", help="print a JSON array")
    sub.add_argument("--history", action="store_true", help="also the earlier periods")
    sub.set_defaults(func=cmd_goals)

    sub = commands.add_parser(
        "new",
        help="create an entry from a template",
        description="Create an entry: journal new contact 'Siti Rahayu' --organization acme --topics ux,careers. "
        "journal new KIND --help lists the keys of that kind.",
    )
    # journal new --root DIR contact T: --root before KIND as well (the kind's own --root would overwrite it)
    sub.add_argument("--root", dest="root_before_kind", type=_root, metavar="DIR", help=argparse.SUPPRESS)
    kinds = sub.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind, folder in fmt.ENTRY_KINDS.items():
        each = kinds.add_parser(
            kind,
            parents=[common, dated],
            help=f"a new {kind}",
            description=f"Create journal/{folder}/<slug>.md from a template.",
            epilog=_keys_help(folder),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        each.add_argument("title", help="the name or title (the file name is made from it)")
        each.add_argument("--edit", action="store_true", help="open the new file in $EDITOR")
        each.add_argument("--force", action="store_true", help="write it even if one of the same name exists")
        each.set_defaults(func=cmd_new, takes_fields=True)

    sub = commands.add_parser("log", parents=[common, dated], help="add an interaction to a contact's log")
    sub.add_argument("contact", help="slug, name, or a unique part of either")
    sub.add_argument("note", nargs="*", help="what you talked about, learned and asked")
    sub.add_argument("--channel", required=True, choices=list(CHANNELS))
    sub.add_argument("--by", default="me", choices=["me", "them"], help="who reached out (default: me)")
    sub.add_argument(
        "--minutes", type=_minutes, metavar="LENGTH", help="how long it took: 45, 45m, 1h30m (as in the files)"
    )
    sub.add_argument("--date", type=_date, help="when (default: today)")
    sub.set_defaults(func=cmd_log)

    sub = commands.add_parser("done", parents=[common, dated], help="tick a task: SOURCE[:LINE]")
    sub.add_argument("source", help="a file (journal/contacts/ana.md) or slug, and the task's line")
    sub.set_defaults(func=cmd_done)

    sub = commands.add_parser("import", parents=[common], help="add people from LinkedIn, vCard or Google Contacts")
    sub.add_argument("format", choices=["linkedin", "vcard", "google"])
    sub.add_argument("file", type=Path, help="Connections.csv, contacts.vcf or contacts.csv")
    sub.add_argument("--dry-run", action="store_true", help="only say what would change")
    sub.set_defaults(func=cmd_import)

    sub = commands.add_parser("export", parents=[common], help="write contacts as vCard 4.0")
    sub.add_argument("format", choices=["vcard"])
    sub.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE (default: standard output)")
    sub.set_defaults(func=cmd_export)

    sub = commands.add_parser(
        "init", parents=[dated], help="start a new journal repository (git init, examples, first commit)"
    )
    sub.add_argument("dir", type=_new_root, metavar="DIR")
    sub.add_argument("--empty", action="store_true", help="no example entries, only the plan")
    sub.add_argument(
        "--builder-source",
        metavar="REQUIREMENT",
        help="how the publishing workflow installs the builder, a pip requirement "
        "(default: where this builder was installed from)",
    )
    sub.set_defaults(func=cmd_init)

    sub = commands.add_parser("help", help="the file format and other references (journal help format)")
    sub.add_argument("topic", nargs="?", metavar="TOPIC")
    sub.set_defaults(func=cmd_help)
    return top


def find_root(start: Path) -> Path | None:
    """The journal repository ``start`` is in: the nearest folder, ``start``
    or above, that has ``journal/plan.yml`` (as git finds ``.git``).  The
    plan, not just a ``journal/`` folder: the folder that holds a
    repository named ``journal`` is not a journal repository itself."""
    for folder in (start, *start.parents):
        if (folder / "journal" / "plan.yml").is_file():
            return folder
    return None


def _settle_root(args: argparse.Namespace) -> str | None:
    """Fill in ``args.root`` when ``--root`` was not given; the reason the
    command cannot run, or ``None``.  Every command but ``check`` needs the
    ``journal/`` folder (``check`` reports its absence as a diagnostic)."""
    if not hasattr(args, "root"):
        return None
    if args.root is None:
        here = Path.cwd()
        args.root = find_root(here)
        if args.root is None:
            if args.command == "check":
                args.root = Path(".")
                return None
            return (
                f"{here} is not in a journal repository (no journal/plan.yml here or above it): "
                "run the command in the repository, or give --root DIR (journal init DIR makes one)"
            )
        if args.root != here:
            args.root = Path(os.path.relpath(args.root, here))
    elif args.command != "check" and not (args.root / "journal").is_dir():
        return f"{args.root} is not a journal repository (it has no journal/ folder); journal init DIR makes one"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``journal`` console script."""
    top = parser()
    args, extra = top.parse_known_args(argv)
    if getattr(args, "root_before_kind", None) is not None and args.root is None:
        args.root = args.root_before_kind
    problem = _settle_root(args)
    if problem:
        print(f"journal {args.command}: {problem}", file=sys.stderr)
        return 1
    if extra and getattr(args, "command", None) == "log":
        if extra[0] == "--":  # journal log ana --channel chat -- "- a note that starts with a dash"
            args.note, extra = [*args.note, *extra[1:]], []
        elif not any(e.startswith("-") for e in extra):
            args.note = [*args.note, *extra]  # NOTE after the options: journal log ana --channel zoom Talked about...
            extra = []
    if extra and not getattr(args, "takes_fields", False):
        top.error(f"unrecognized arguments: {' '.join(extra)}")
    args.fields = _fields(extra) if getattr(args, "takes_fields", False) else {}
    if args.command != "serve":
        # A short run that builds many small objects and frees them at exit:
        # the cyclic collector would only rescan them (10-15% of a check).
        gc.disable()
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `journal followups | head`
        sys.stderr.close()
        return 0
    except Exception as exc:  # a bug: say so plainly; JOURNAL_DEBUG=1 shows the traceback
        if os.environ.get("JOURNAL_DEBUG"):
            raise
        print(internal_error(exc), file=sys.stderr)
        return 70


def internal_error(exc: Exception) -> str:
    """One line about a bug: what and where, never a traceback."""
    where = exc.__traceback__
    while where is not None and where.tb_next is not None:
        where = where.tb_next
    place = f" ({Path(where.tb_frame.f_code.co_filename).name}:{where.tb_lineno})" if where else ""
    return (
        f"journal: internal error: {type(exc).__name__}: {exc}{place}. This is a bug in the journal builder; "
        "please report it (run with JOURNAL_DEBUG=1 for details)."
    )
