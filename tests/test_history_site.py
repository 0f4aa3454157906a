"""The history on the site: dates on entry pages, a person's job change, the
history page, and `journal build --rev`, from a real repository with scripted
commits at fixed dates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from builder.build import render_site
from builder.check import check
from builder.history import read_history
from builder.render.context import RenderOptions
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ENV = {
    **os.environ,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Dewi",
    "GIT_AUTHOR_EMAIL": "dewi@example.org",
    "GIT_COMMITTER_NAME": "Dewi",
    "GIT_COMMITTER_EMAIL": "dewi@example.org",
}
PLAN = "owner: Dewi\ntimezone: Asia/Jakarta\ngoals:\n  - {title: Talk to people, count: people, target: 8}\n"
ANA_V1 = "---\nname: Ana Lima\norganization: acme\nrole: Analyst\npublic: true\n---\nNotes.\n"


def git(repo: Path, *args: str, when: str | None = None) -> str:
    env = dict(ENV)
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def write(repo: Path, rel: str, text: str) -> None:
    path = repo / "journal" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(repo: Path, message: str, when: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    git(root, "init", "-q", "-b", "main")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / ".gitignore").write_text("build/\nsite/\nsite-*/\n.*.building/\n", encoding="utf-8")
    write(root, "plan.yml", PLAN)
    write(root, "organizations/acme.md", "---\nname: Acme\npublic: true\n---\n")
    write(root, "organizations/globex.md", "---\nname: Globex\npublic: true\n---\n")
    write(root, "contacts/ana.md", ANA_V1)
    commit(root, "Start the journal with Ana", "2026-01-05T10:00:00+07:00")  # Monday, week 2
    write(
        root, "contacts/ana.md", ANA_V1.replace("---\nNotes", "log:\n  - {date: 2026-02-03, channel: zoom}\n---\nNotes")
    )
    write(
        root,
        "events/2026-02-10-webinar.md",
        "---\ntitle: Webinar\nstart: 2026-02-10\nstatus: planned\npeople: [ana]\n---\n",
    )
    commit(root, "Log a call; plan a webinar", "2026-02-04T09:00:00+00:00")  # week 6
    write(
        root,
        "events/2026-02-10-webinar.md",
        "---\ntitle: Webinar\nstart: 2026-02-10\nstatus: attended\npeople: [ana]\n---\n",
    )
    write(
        root,
        "contacts/ana.md",
        (root / "journal/contacts/ana.md")
        .read_text()
        .replace("organization: acme\nrole: Analyst", "organization: globex\nrole: Lead Analyst"),
    )
    write(root, "plan.yml", PLAN.replace("target: 8", "target: 10"))
    write(
        root,
        "reflections/2026-02-11-notes.md",
        "---\ndate: 2026-02-11\ntitle: What Ana said\npeople: [ana]\n---\nListening.\n",
    )
    commit(root, "Ana moved to Globex; more ambitious plan", "2026-02-12T08:00:00+00:00")  # week 7
    return root


@pytest.fixture(scope="module")
def pages(repo: Path) -> dict[str, str]:
    journal, diagnostics = check(repo)
    assert not diagnostics, diagnostics
    return render_site(journal, date(2026, 3, 1), history=read_history(repo))


def test_dates_on_entry_pages(pages: dict[str, str]) -> None:
    assert "In the journal since 5 Jan 2026; last changed 12 Feb 2026." in pages["people/ana.md"]
    assert "In the journal since 5 Jan 2026." in pages["organizations/acme.md"]
    assert "In the journal since 4 Feb 2026; last changed 12 Feb 2026." in pages["events/2026-02-10-webinar.md"]


def test_the_job_change_is_on_the_timeline(pages: dict[str, str]) -> None:
    person = pages["people/ana.md"]
    assert (
        "- **12 Feb 2026** · moved from [Acme](../organizations/acme.md) to [Globex](../organizations/globex.md)"
        in person
    )
    assert "- **12 Feb 2026** · role changed from Analyst to Lead Analyst" in person
    timeline = person[person.index("## Timeline") :]
    assert timeline.index("moved from") < timeline.index("reflection:") < timeline.index("met at")  # newest first


def test_the_history_page(pages: dict[str, str]) -> None:
    page = pages["history.md"]
    assert page.index("## week 7, 2026") < page.index("## week 6, 2026") < page.index("## week 2, 2026")
    week7 = page[page.index("## week 7, 2026") : page.index("## week 6, 2026")]
    assert "**12 Feb 2026** · Ana moved to Globex; more ambitious plan" in week7
    assert "Events attended: [Webinar](events/2026-02-10-webinar.md)" in week7
    assert "Reflections written: [What Ana said](reflections/2026-02-11-notes.md)" in week7
    assert "Plan: goal 'Talk to people': target 8 → 10" in week7
    week6 = page[page.index("## week 6, 2026") : page.index("## week 2, 2026")]
    assert "Interactions logged: 1 ([Ana Lima](people/ana.md))" in week6
    assert "Events planned: [Webinar](events/2026-02-10-webinar.md)" in week6
    assert "People added: [Ana Lima](people/ana.md)" in page[page.index("## week 2, 2026") :]


def test_the_public_history_hides_commit_messages_and_private_entries(repo: Path) -> None:
    journal, _ = check(repo)
    public = render_site(journal, date(2026, 3, 1), RenderOptions(public=True), history=read_history(repo))
    page = public["history.md"]
    assert "Ana moved to Globex" not in page and "Start the journal" not in page
    assert "People added: [Ana Lima](people/ana.md)" in page  # published
    assert "Events attended: 1 not published" in page and "Reflections written: 1 not published" in page
    assert "Interactions logged: 1\n" in page  # a count: whose log it was is not published
    assert "Webinar" not in page  # not published
    assert "moved from" not in public["people/ana.md"]  # the timeline of changes is not public


def test_indonesian_history(repo: Path) -> None:
    journal, _ = check(repo)
    pages = render_site(journal, date(2026, 3, 1), RenderOptions(language="id"), history=read_history(repo))
    assert "Rencana: sasaran 'Talk to people': target 8 → 10" in pages["history.md"]
    assert "pindah dari [Acme]" in pages["people/ana.md"]


def _build(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", "build", "--root", str(repo), *args],
        capture_output=True,
        text=True,
        check=False,
        env=ENV,
    )


def test_build_as_of_an_earlier_commit(repo: Path) -> None:
    first = git(repo, "rev-list", "--max-parents=0", "HEAD")
    before = git(repo, "status", "--porcelain")
    result = _build(repo, "--rev", first)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "as of " + first in result.stderr and "today is 2026-01-05" in result.stderr
    site = repo / f"site-{first[:10]}"
    person = (site / "people" / "ana" / "index.html").read_text(encoding="utf-8")
    assert "Analyst" in person and "Acme" in person and "Globex" not in person
    assert not (site / "events" / "2026-02-10-webinar").exists()
    assert git(repo, "status", "--porcelain") == before  # the working tree is untouched
    assert (repo / "journal" / "contacts" / "ana.md").read_text(encoding="utf-8").count("globex") == 1
    bad = _build(repo, "--rev", "no-such-rev")
    assert bad.returncode == 1 and "unknown revision 'no-such-rev'" in bad.stderr


def test_no_history_is_a_warning_not_an_error(tmp_path: Path) -> None:
    shutil.copytree(REPO / "journal", tmp_path / "journal")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    result = _build(tmp_path, "--today", "2026-11-27")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "journal build: warning: not a git repository" in result.stderr
    assert "No history yet" in (tmp_path / "build" / "docs" / "history.md").read_text(encoding="utf-8")
