"""``journal check``, ``followups``, ``goals`` and ``export``: commands that
read the journal.  Errors already in it do not stop them (what could be
read is used, and the errors are listed)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date

from builder.check import check
from builder.commands import check_journal, resolve_today
from builder.compute.figures import compute_figures
from builder.console import already, column, report
from builder.diagnostics import has_errors
from builder.model import Journal
from builder.names import plain_text
from builder.values import shown


def checked(args: argparse.Namespace, command: str) -> tuple[Journal, date]:
    """The journal and today.  A file with errors does not stop a command
    that only reads: what could be read is used, and the errors are listed
    (``already``)."""
    journal, diagnostics = check(args.root)
    already(diagnostics, command)
    return journal, resolve_today(args.today, journal.plan.timezone)


def cmd_check(args: argparse.Namespace) -> int:
    """``journal check``: report every problem; never writes to the journal
    (its cache lives in build/cache, gitignored)."""
    from builder.check import check_cached

    use_cache = not args.no_cache and not os.environ.get("JOURNAL_NO_CACHE")
    diagnostics = check_cached(args.root) if use_cache else check_journal(args.root)
    report(diagnostics, "check")
    return 1 if has_errors(diagnostics) else 0


def cmd_followups(args: argparse.Namespace) -> int:
    """``journal followups``: what is due, soonest first."""
    journal, today = checked(args, "followups")
    items = compute_figures(journal, today).followups
    if args.json:
        print(json.dumps([item.as_json(today) for item in items], ensure_ascii=False, indent=2))
        return 0
    for item in items:
        due = item.due.isoformat() if item.due else "no date"
        flag = "overdue" if item.overdue(today) else ""
        person = journal.contacts.get(item.contact or "")
        who = column(shown(person.name if person else item.contact or "-"), 20)
        print(f"{due:<10}  {flag:<7}  {item.reason:<13}  {who}  {shown(plain_text(item.text, journal.entry))}")
        print(f"{'':<10}  {'':<7}  {'':<13}  {'':<20}  ({item.source.path}:{item.source.line})")
    return 0


def cmd_goals(args: argparse.Namespace) -> int:
    """``journal goals``: each goal's figure in the period containing today."""
    journal, today = checked(args, "goals")
    reports = compute_figures(journal, today).reports
    rows = [p for r in reports for p in ((r.current, *r.history) if args.history else (r.current,))]
    if args.json:
        print(json.dumps([p.as_json() for p in rows], ensure_ascii=False, indent=2))
        return 0
    for p in rows:
        data = p.as_json()
        print(f"{data['period']:<9}  {data['actual']:>6} / {data['target']:<4}  {p.state:<8}  {shown(p.goal.title)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``journal export vcard``: every contact that is not private, as vCard 4.0."""
    from builder.exporters import export_vcard
    from builder.output import write_atomic

    journal, diagnostics = check(args.root)
    if has_errors(diagnostics):
        report(diagnostics, "export")
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
