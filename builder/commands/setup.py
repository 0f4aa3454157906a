"""``journal init`` and ``journal help``."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from builder.commands import resolve_today


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
