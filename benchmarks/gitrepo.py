"""Give a synthetic journal a git history: scripted commits at fixed dates.

    python -m benchmarks.gitrepo ROOT [--commits 300] [--seed 7]

The first commit adds everything; each later one logs interactions with two
people, and now and then moves someone to another organization, plans or
attends an event, writes a reflection, raises a goal's target or renames a
file: the kinds of change the history page and the timelines report.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
from pathlib import Path

START = 1735689600  # 2025-01-01T00:00:00Z


def _git(root: Path, *args: str, when: int | None = None) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }
    if when is not None:
        env.update(GIT_AUTHOR_DATE=f"@{when} +0700", GIT_COMMITTER_DATE=f"@{when} +0700")
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, stdout=subprocess.DEVNULL)


def make_history(root: Path, commits: int, seed: int = 7) -> None:
    """Turn the journal under ``root`` into a repository with ``commits`` commits."""
    rng = random.Random(seed)
    journal = root / "journal"
    _git(root, "init", "-q", "-b", "main")

    def commit(i: int, message: str) -> None:
        _git(root, "add", "-A", "journal")
        _git(root, "commit", "-q", "-m", message, when=START + i * 7 * 3600)

    commit(0, "The journal so far")
    contacts = sorted((journal / "contacts").glob("*.md"))
    events = sorted((journal / "events").glob("*.md"))
    plan = journal / "plan.yml"
    notes: list[Path] = []
    for i in range(1, commits):
        for contact in rng.sample(contacts, 2):
            text = contact.read_text(encoding="utf-8")
            item = f"  - {{date: 2026-0{1 + i % 9}-1{i % 10}, channel: zoom, by: me, note: 'commit {i}'}}\n"
            text = (
                text.replace("\nlog:\n", "\nlog:\n" + item, 1)
                if "\nlog:\n" in text
                else text.replace("\n---\n", "\nlog:\n" + item + "---\n", 1)
            )
            contact.write_text(text, encoding="utf-8")
        if i % 5 == 0:
            moved = rng.choice(contacts)
            text = moved.read_text(encoding="utf-8")
            moved.write_text(re.sub(r"\norganization: .*\n", f"\norganization: org-{i % 300}\n", text, count=1))
        if i % 3 == 0:
            event = journal / "events" / f"2026-11-{1 + i % 28:02d}-bench-{i}.md"
            event.write_text(f"---\ntitle: Bench {i}\nstart: 2026-11-{1 + i % 28:02d}\nstatus: planned\n---\n")
            events.append(event)
        if i % 4 == 0:
            attended = rng.choice(events)
            text = attended.read_text(encoding="utf-8")
            attended.write_text(re.sub(r"\nstatus: \w+\n", "\nstatus: attended\n", text, count=1))
        if i % 7 == 0:
            note = journal / "reflections" / f"2026-11-01-note-{i}.md"
            note.write_text(f"---\ndate: 2026-11-01\ntitle: R {i}\n---\nLearned {i}.\n", encoding="utf-8")
            notes.append(note)
        if i % 50 == 0:
            text = plan.read_text(encoding="utf-8")
            # the first goal's target goes up by one
            plan.write_text(re.sub(r"target: \d+", f"target: {8 + i // 50}", text, count=1), encoding="utf-8")
        if i % 60 == 0 and notes:  # a rename (of a note nothing links to, so the journal stays valid)
            old = notes.pop(0)
            old.rename(old.with_name(old.stem + "-renamed.md"))
        commit(i, f"Week of networking {i}")


def main() -> None:
    """Command line of the history generator."""
    ap = argparse.ArgumentParser(description="Give a synthetic journal a git history.")
    ap.add_argument("root", type=Path)
    ap.add_argument("--commits", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    make_history(args.root, args.commits, args.seed)


if __name__ == "__main__":
    main()
