"""A first week with the journal, end to end, as a new user lives it:
``init`` → plan → ``new`` × several → ``log`` → ``done`` → a tab typed into
another file → ``log`` still works → the tab fixed → ``build``.

Every step runs the installed command (``python -m builder``) in its own
process, as a person would, with ``--today`` moving through the week.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

MONDAY = date(2026, 12, 7)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A person's environment: git knows who they are, nothing else is configured."""
    home = tmp_path / "home"
    home.mkdir()
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")}
    return {
        **keep,
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
        "GIT_AUTHOR_NAME": "Dewi Kartika",
        "GIT_AUTHOR_EMAIL": "dewi@example.org",
        "GIT_COMMITTER_NAME": "Dewi Kartika",
        "GIT_COMMITTER_EMAIL": "dewi@example.org",
    }


def test_a_first_week(tmp_path: Path, env: dict[str, str]) -> None:
    root = tmp_path / "my-journal"

    def journal(day: date, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        dated = () if args[0] in ("help", "check") else ("--today", day.isoformat())
        done = subprocess.run(
            [sys.executable, "-m", "builder", *args, *dated],
            capture_output=True,
            text=True,
            env=env,
            cwd=root if root.exists() else tmp_path,
            check=False,
        )
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
        if ok:
            assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    # Monday: a new repository, committed, with its next steps
    made = journal(MONDAY, "init", str(root))
    assert "Next:" in made.stderr and "journal new contact" in made.stderr and "journal serve" in made.stderr
    assert git("log", "--format=%s") == "A new networking journal (journal init)"
    assert git("status", "--porcelain") == ""
    assert "journal help format" in (root / "journal" / "plan.yml").read_text(encoding="utf-8")
    assert "## Values" in journal(MONDAY, "help", "format").stdout
    assert json.loads(journal(MONDAY, "followups", "--json").stdout) is not None
    overdue = [i for i in json.loads(journal(MONDAY, "followups", "--json").stdout) if i["overdue"]]
    assert overdue == []  # the examples are dated around today: nothing is late on day one

    # the plan: one's own name, and a goal that names an organisation not written yet
    plan = root / "journal" / "plan.yml"
    text = plan.read_text(encoding="utf-8").replace("owner: Your Name", "owner: Dewi Kartika")
    text = text.replace(
        "goals:\n", "goals:\n  - title: Learn about Nusantara Digital\n    organizations: [nusantara]\n"
    )
    plan.write_text(text.replace("timezone: UTC", "timezone: Asia/Jakarta"), encoding="utf-8")
    assert "unknown organization 'nusantara'" in journal(MONDAY, "check", ok=False).stdout

    # new entries, each named the way a person would name it
    journal(MONDAY, "new", "organization", "Nusantara", "--kind", "company")
    assert journal(MONDAY, "check").stdout.count("error") == 0  # the plan resolves now
    made = journal(MONDAY, "new", "contact", "Siti Rahayu", "--organization", "Nusantara", "--keep-in-touch", "6w")
    siti = root / made.stdout.strip()
    assert "organization: nusantara\n" in siti.read_text(encoding="utf-8")
    again = journal(MONDAY, "new", "contact", "siti rahayu", ok=False)
    assert again.returncode == 1 and "already contact" in again.stderr and "--force" in again.stderr
    journal(MONDAY, "new", "contact", "Budi Santoso", "--relationship", "peer")
    tuesday = MONDAY + timedelta(days=1)
    event = journal(
        tuesday, "new", "event", "ResearchOps webinar", "--start", f"{tuesday} 19:00", "--duration", "1h",
        "--kind", "webinar", "--people", "siti", "--organizations", "nusantara", "--status", "attended",
    )  # fmt: skip
    assert "people: [siti-rahayu]" in (root / event.stdout.strip()).read_text(encoding="utf-8")
    git("add", "-A")
    git("commit", "-qm", "First entries")

    # Wednesday: a call with Siti, logged by a part of her name, with minutes as durations are written
    wednesday = MONDAY + timedelta(days=2)
    logged = journal(
        wednesday, "log", "siti", "--channel", "zoom", "--minutes", "45m", "Asked how she moved to research"
    )
    assert f"logged zoom on {wednesday}" in logged.stdout
    assert "minutes: 45" in siti.read_text(encoding="utf-8")
    with siti.open("a", encoding="utf-8") as notes:
        notes.write(f"\n- [ ] Send Siti my case study due:{wednesday + timedelta(days=3)}\n")
    followups = journal(wednesday, "followups").stdout
    assert "Send Siti my case study" in followups and "Siti Rahayu" in followups and "[[" not in followups

    # Thursday: done, named like the log named her
    thursday = MONDAY + timedelta(days=3)
    assert journal(thursday, "done", "siti").stdout.startswith("done: Send Siti my case study (journal/contacts/")
    assert "- [x] Send Siti my case study" in siti.read_text(encoding="utf-8")

    # Friday: a tab typed into another file; the next log still works, and says what is wrong elsewhere
    budi = root / "journal" / "contacts" / "budi-santoso.md"
    budi.write_text(budi.read_text(encoding="utf-8").replace("relationship: peer", "\trelationship: peer"))
    friday = MONDAY + timedelta(days=4)
    logged = journal(friday, "log", "siti-rahayu", "--channel", "email", "--by", "them", "She sent the slides")
    assert "1 error already in the journal" in logged.stderr and "journal/contacts/budi-santoso.md:" in logged.stderr
    assert siti.read_text(encoding="utf-8").count("channel:") == 2
    checked = journal(friday, "check", ok=False)
    assert checked.returncode == 1 and "journal/contacts/budi-santoso.md:" in checked.stdout
    assert "tab" in checked.stdout and "found a tab character" not in checked.stdout  # plain words, not libyaml's
    goals = json.loads(journal(friday, "goals", "--json").stdout)
    assert {g["state"] for g in goals} <= {"met", "on pace", "behind"}
    refused = journal(friday, "build", ok=False)
    assert refused.returncode == 1  # a build never publishes a journal with errors

    # the tab fixed: the week committed and built, history included
    budi.write_text(budi.read_text(encoding="utf-8").replace("\trelationship", "relationship"))
    git("add", "-A")
    git("commit", "-qm", "A first week")
    built = journal(friday, "build")
    assert "not a git repository" not in built.stderr
    site = root / "site"
    assert (site / "people" / "siti-rahayu" / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Dewi Kartika" in home
    history = (site / "history" / "index.html").read_text(encoding="utf-8")
    for subject in ("A new networking journal (journal init)", "First entries", "A first week"):
        assert subject in history, subject  # every commit of the week, from init on
