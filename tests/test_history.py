"""History from git: real repositories with scripted commits at fixed dates,
checked against hand-computed dates, field changes and summaries."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.git import GitError, GitNotInstalled, GitSource, is_shallow, repository_root, run_git
from builder.history import Commit, FieldChange, FileDates, read_history
from builder.history.assemble import HISTORY_CACHE
from builder.history.facts import EntryFacts, _fast_facts, _slow_facts, entry_facts
from builder.history.gitlog import DIFF_TREE_ARGS, REV_LIST_ARGS, LogParser
from builder.load import load

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

# Keep the developer's own git configuration (signing, hooks, default
# branch...) out of the repositories made here.
ISOLATED = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
PERSON = {
    "GIT_AUTHOR_NAME": "Dewi Kartika",
    "GIT_AUTHOR_EMAIL": "dewi@example.org",
    "GIT_COMMITTER_NAME": "Dewi Kartika",
    "GIT_COMMITTER_EMAIL": "dewi@example.org",
}

C1 = "2026-01-05T10:00:00+07:00"
C2 = "2026-02-01T09:00:00+00:00"
C3 = "2026-03-01T12:00:00+01:00"
C4 = "2026-03-15T08:30:00+00:00"
C5 = "2026-04-01T08:00:00+00:00"
C6 = "2026-05-02T18:45:00+07:00"
FS_TIME = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # the mtime given to uncommitted files


def at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in ISOLATED.items():
        monkeypatch.setenv(key, value)


def git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, **ISOLATED, **PERSON}
    if when is not None:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(repo: Path, message: str, when: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD")


def write(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def touch(path: Path, when: datetime = FS_TIME) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file outside .git with its bytes and modification time."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(root).parts:
            out[path.relative_to(root).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out


PLAN_1 = """\
owner: Dewi Kartika
timezone: Asia/Jakarta
time_budget: 3h/week
goals:
  - {title: Talk to people, count: people, target: 8}
"""
PLAN_2 = """\
owner: Dewi Kartika
timezone: Asia/Jakarta
time_budget: 3h/week
goals:
  - {title: Talk to people, count: people, target: 10}
  - {title: Meet new people, count: new-contacts, target: 3}
"""
PLAN_3 = PLAN_2.replace("3h/week", "4h/week")
PLAN_6 = PLAN_3.replace("Asia/Jakarta", "Asia/Makassar")

ANA_1 = """\
---
name: Ana Lima
organization: acme
role: Analyst
log:
  - {date: 2026-01-04, channel: zoom, by: me, minutes: 30, note: 'First call'}
---
Met at a webinar.
"""
# Block-style log items with a folded note: read through the YAML composer.
ANA_2 = """\
---
name: Ana Lima
organization: acme
role: Analyst
log:
  - {date: 2026-01-04, channel: zoom, by: me, minutes: 30, note: 'First call'}
  - date: 2026-01-20
    channel: email
    note: >-
      Sent her the case study;
      - she liked the survey part
  - date: 2026-01-28
    channel: call
    by: them
---
Met at a webinar.
"""
ANA_3 = ANA_2.replace("organization: acme", "organization: globex")
ANA_4 = ANA_3.replace("Met at a webinar.", "Met at a webinar. She now leads research at Globex.")
ANA_5 = ANA_4.replace("role: Analyst", "role: 'Research Lead'  # promoted")

WEBINAR_PLANNED = """\
---
title: ResearchOps webinar
start: 2026-02-10 19:00
status: planned
---
"""
WEBINAR_ATTENDED = WEBINAR_PLANNED.replace("status: planned", "status: attended")
MEETUP = """\
---
title: UX meetup
start: 2026-02-20
status: Attended
people: [ana]
---
"""


def contact(name: str) -> str:
    return f"---\nname: {name}\n---\n"


CONTACTS = "journal/contacts"
ANA = f"{CONTACTS}/ana.md"
BUDI = f"{CONTACTS}/budi.md"
CITRA_OLD = f"{CONTACTS}/citra-old.md"
CITRA = f"{CONTACTS}/citra.md"
GONE = f"{CONTACTS}/gone.md"
EKO = f"{CONTACTS}/eko.md"
ACME = "journal/organizations/acme.md"
WEBINAR = "journal/events/2026-02-10-webinar.md"
MEETUP_PATH = "journal/events/2026-02-20-meetup.md"
REFLECTION = "journal/reflections/2026-02-01-first-calls.md"


class Story:
    """The repository every test of this module reads (built once)."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        git(repo, "init", "-q", "-b", "main")
        write(repo, "journal/plan.yml", PLAN_1)
        write(repo, ANA, ANA_1)
        write(repo, BUDI, contact("Budi Santoso"))
        write(repo, CITRA_OLD, contact("Citra Dewi"))
        write(repo, GONE, contact("Gita"))
        write(repo, ACME, "---\nname: Acme\n---\n")
        write(repo, WEBINAR, WEBINAR_PLANNED)
        self.c1 = commit(repo, "Start the journal", C1)

        write(repo, ANA, ANA_2)
        write(repo, REFLECTION, "---\ndate: 2026-02-01\ntitle: First calls\n---\nListen more.\n")
        write(repo, "journal/plan.yml", PLAN_2)
        (repo / GONE).unlink()
        self.c2 = commit(repo, "Two calls with Ana\n\nAnd a reflection on them.", C2)

        write(repo, ANA, ANA_3)
        write(repo, WEBINAR, WEBINAR_ATTENDED)
        write(repo, MEETUP_PATH, MEETUP)
        write(repo, "journal/plan.yml", PLAN_3)
        git(repo, "mv", CITRA_OLD, CITRA)
        write(repo, GONE, contact("Gita Recreated"))
        self.c3 = commit(repo, "Ana moved to Globex", C3)

        write(repo, "README.md", "Not part of the journal.\n")
        self.readme = commit(repo, "Add a README", C4)

        write(repo, ANA, ANA_4)
        self.c4 = commit(repo, "Notes about Ana", C4)

        write(repo, ANA, ANA_5)
        write(repo, "journal/plan.yml", PLAN_6)
        self.c5 = commit(repo, "Ana's promotion", C6)

        # Not committed: a new contact, and an organisation edited since.
        write(repo, EKO, contact("Eko Prasetyo"))
        write(repo, ACME, "---\nname: Acme Corporation\n---\n")
        touch(repo / EKO)
        touch(repo / ACME)


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    with pytest.MonkeyPatch.context() as mp:
        for key, value in ISOLATED.items():
            mp.setenv(key, value)
        yield Story(tmp_path_factory.mktemp("story"))


# -- dates ------------------------------------------------------------------------


def test_dates_follow_each_file(story: Story) -> None:
    history = read_history(story.repo)
    assert history.available and history.warning is None
    assert history.dates[ANA] == FileDates(at(C1), at(C6), committed=True)  # modified in later commits
    assert history.dates[BUDI] == FileDates(at(C1), at(C1), committed=True)  # untouched since
    assert history.dates[CITRA] == FileDates(at(C1), at(C3), committed=True)  # renamed: still added in c1
    assert history.dates[GONE] == FileDates(at(C3), at(C3), committed=True)  # deleted, then recreated
    assert history.dates[WEBINAR] == FileDates(at(C1), at(C3), committed=True)
    assert history.dates[REFLECTION] == FileDates(at(C2), at(C2), committed=True)
    assert CITRA_OLD not in history.dates
    # Dates keep the committer's offset.
    assert history.dates[ANA].added.utcoffset() is not None
    assert history.dates[ANA].added.isoformat() == C1


def test_uncommitted_files_take_their_dates_from_the_file_system(story: Story) -> None:
    history = read_history(story.repo)
    assert history.dates[EKO] == FileDates(FS_TIME, FS_TIME, committed=False)  # never committed
    assert history.dates[ACME] == FileDates(at(C1), FS_TIME, committed=False)  # edited since the last commit


def test_dates_cover_exactly_the_entry_files_on_disk(story: Story) -> None:
    history = read_history(story.repo)
    assert sorted(history.dates) == sorted([ANA, BUDI, CITRA, GONE, EKO, ACME, WEBINAR, MEETUP_PATH, REFLECTION])


# -- commits and field changes -----------------------------------------------------


def test_commits_are_those_that_touched_the_journal_oldest_first(story: Story) -> None:
    history = read_history(story.repo)
    assert [c.sha for c in history.commits] == [story.c1, story.c2, story.c3, story.c4, story.c5]
    second = history.commits[1]
    assert second == Commit(
        sha=story.c2,
        date=at(C2),
        author="Dewi Kartika",
        subject="Two calls with Ana",
        message="Two calls with Ana\n\nAnd a reflection on them.",
    )


def test_organization_and_role_changes_of_a_contact(story: Story) -> None:
    history = read_history(story.repo)
    commits = {c.sha: c for c in history.commits}
    assert history.field_changes[ANA] == (
        FieldChange(ANA, "organization", "acme", "globex", commits[story.c3]),
        FieldChange(ANA, "role", "Analyst", "Research Lead", commits[story.c5]),  # unquoted, no comment
    )
    # The commit that only changed Ana's notes changed no field.
    assert all(change.commit.sha != story.c4 for change in history.field_changes[ANA])
    assert set(history.field_changes) == {ANA}


def test_a_field_change_follows_a_rename(tmp_path: Path) -> None:
    item = "  - {date: 2026-01-01, channel: zoom}\n"
    log = f"log:\n{item}{item}"
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path, "journal/contacts/old.md", f"---\nname: Old\norganization: acme\n{log}---\n")
    commit(tmp_path, "one", C1)
    git(tmp_path, "mv", "journal/contacts/old.md", "journal/contacts/new.md")
    commit(tmp_path, "renamed", C2)
    # A new job, and a log item taken back: that logs nothing.
    write(tmp_path, "journal/contacts/new.md", f"---\nname: Old\norganization: globex\nlog:\n{item}---\n")
    third = commit(tmp_path, "moved job", C3)
    history = read_history(tmp_path)
    (change,) = history.field_changes["journal/contacts/new.md"]
    assert (change.path, change.old, change.new, change.commit.sha) == (
        "journal/contacts/new.md",
        "acme",
        "globex",
        third,
    )
    assert history.dates["journal/contacts/new.md"] == FileDates(at(C1), at(C3), committed=True)
    first, renamed, moved = history.summaries
    assert first.interactions_logged == (("journal/contacts/old.md", 2),)
    assert (renamed.people_added, renamed.entries_removed) == ((), ())
    assert renamed.entries_changed == ("journal/contacts/new.md",)
    assert moved.interactions_logged == ()


def test_unreadable_versions_are_skipped(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    path = "journal/contacts/x.md"
    write(tmp_path, path, "---\nname: X\norganization: acme\n---\n")
    commit(tmp_path, "one", C1)
    write(tmp_path, path, "---\nname: X\norganization: [acme\n---\n")  # broken YAML
    commit(tmp_path, "broken", C2)
    (tmp_path / path).write_bytes(b"---\nname: X\norganization: \xff\n---\n")  # not UTF-8
    commit(tmp_path, "bytes", C3)
    write(tmp_path, path, "---\nname: X\norganization: globex\nrole: Lead\n---\n")
    commit(tmp_path, "fixed", C4)
    write(tmp_path, path, "---\nname: X\norganization: globex\nrole: Head\n---\n")
    last = commit(tmp_path, "promoted", C5)
    history = read_history(tmp_path)
    assert history.available
    assert [(c.field, c.old, c.new, c.commit.sha) for c in history.field_changes[path]] == [
        ("role", "Lead", "Head", last)
    ]
    assert [s.entries_changed for s in history.summaries] == [(), (path,), (path,), (path,), (path,)]


def test_merges_are_not_listed_but_the_commits_they_bring_are(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path, ANA, ANA_1)
    first = commit(tmp_path, "one", C1)
    git(tmp_path, "checkout", "-q", "-b", "side")
    write(tmp_path, BUDI, contact("Budi"))
    side = commit(tmp_path, "Budi on a branch", C2)
    git(tmp_path, "checkout", "-q", "main")
    write(tmp_path, ANA, ANA_2)
    main = commit(tmp_path, "two calls", C3)
    git(tmp_path, "merge", "-q", "--no-edit", "side", when=C4)
    history = read_history(tmp_path)
    assert {c.sha for c in history.commits} == {first, side, main}
    assert history.commits[0].sha == first
    assert history.dates[BUDI] == FileDates(at(C2), at(C2), committed=True)
    assert [s.people_added for s in history.summaries if s.commit.sha == side] == [(BUDI,)]


def test_git_output_is_parsed_the_same_however_it_arrives(story: Story) -> None:
    output = run_git(story.repo, [*DIFF_TREE_ARGS, "--", "journal/"], input=run_git(story.repo, REV_LIST_ARGS))
    whole = LogParser("")
    whole.feed(output)
    pieces = LogParser("")
    for start in range(0, len(output), 7):
        pieces.feed(output[start : start + 7])
    assert pieces.finish() == whole.finish()
    assert len(whole.commits) == 5
    assert len(whole.take()) == sum(len(c.changes) for c in whole.commits)
    truncated = LogParser("")
    truncated.feed(output[: output.index(b"journal/contacts/ana.md") + 5])
    with pytest.raises(GitError):
        truncated.finish()


# -- summaries -------------------------------------------------------------------


def test_summaries_say_what_each_commit_did(story: Story) -> None:
    history = read_history(story.repo)
    s1, s2, s3, s4, s5 = history.summaries
    assert s1.commit.sha == story.c1
    assert s1.people_added == (ANA, BUDI, CITRA_OLD, GONE)
    assert s1.interactions_logged == ((ANA, 1),)
    assert s1.events_added == (WEBINAR,)
    assert s1.events_attended == ()
    assert tuple(map(str, s1.plan_changes)) == (
        "owner set to Dewi Kartika",
        "timezone set to Asia/Jakarta",
        "time_budget set to 3h/week",
        "goal 'Talk to people' added",
    )
    assert s1.entries_changed == (ACME,)  # an organisation added
    assert s1.entries_removed == ()

    assert s2.interactions_logged == ((ANA, 2),)
    assert s2.reflections_added == (REFLECTION,)
    assert tuple(map(str, s2.plan_changes)) == ("goal 'Talk to people': target 8 → 10", "goal 'Meet new people' added")
    assert s2.entries_changed == (ANA,)
    assert s2.entries_removed == (GONE,)
    assert s2.people_added == s2.events_added == s2.events_attended == ()

    assert s3.events_added == (MEETUP_PATH,)
    assert s3.events_attended == (WEBINAR, MEETUP_PATH)  # marked attended; added as attended
    assert s3.people_added == (GONE,)
    assert s3.interactions_logged == ()
    assert tuple(map(str, s3.plan_changes)) == ("time_budget 3h/week → 4h/week",)
    assert s3.entries_changed == (ANA, CITRA, WEBINAR)

    assert (s4.commit.sha, s4.entries_changed) == (story.c4, (ANA,))
    assert not (s4.people_added or s4.interactions_logged or s4.plan_changes or s4.entries_removed)

    assert tuple(map(str, s5.plan_changes)) == ("timezone Asia/Jakarta → Asia/Makassar",)
    assert s5.entries_changed == (ANA,)


def test_plan_phrases_for_removed_goals_and_settings(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path, "journal/plan.yml", PLAN_2)
    commit(tmp_path, "plan", C1)
    write(
        tmp_path,
        "journal/plan.yml",
        "owner: Dewi Kartika\ngoals:\n  - {title: Meet new people, count: new-contacts, target: 3, per: week}\n",
    )
    commit(tmp_path, "smaller plan", C2)
    history = read_history(tmp_path)
    assert tuple(map(str, history.summaries[1].plan_changes)) == (
        "timezone removed (was Asia/Jakarta)",
        "time_budget removed (was 3h/week)",
        "goal 'Meet new people': per set to week",
        "goal 'Talk to people' removed",
    )


# -- the journal as of a commit -----------------------------------------------------


def test_git_source_loads_the_journal_as_it_was(story: Story) -> None:
    before = snapshot(story.repo)
    status = git(story.repo, "status", "--porcelain")
    with GitSource(story.repo, story.c1) as source:
        assert source.sha == story.c1
        assert source.commit_date == at(C1)
        journal, diagnostics = load(source)
    assert not [d for d in diagnostics if d.severity.value == "error"]
    assert sorted(journal.contacts) == ["ana", "budi", "citra-old", "gone"]
    assert journal.contacts["ana"].organization == "acme"
    assert len(journal.contacts["ana"].log) == 1
    assert journal.events["2026-02-10-webinar"].status == "planned"
    assert journal.organizations["acme"].name == "Acme"  # not the uncommitted edit
    now, _ = load(story.repo)
    assert now.contacts["ana"].organization == "globex"
    assert "eko" in now.contacts
    # Nothing on disk changed, nor git's index (reading the history neither).
    index = (story.repo / ".git" / "index").read_bytes()
    read_history(story.repo)
    assert snapshot(story.repo) == before
    assert (story.repo / ".git" / "index").read_bytes() == index
    assert git(story.repo, "status", "--porcelain") == status


def test_git_source_accepts_any_revision_name(story: Story) -> None:
    git(story.repo, "tag", "-f", "v1", story.c2)
    with GitSource(story.repo, "v1") as tagged, GitSource(story.repo, "HEAD~3") as relative:
        assert tagged.sha == story.c2
        assert relative.sha == story.c3  # the README commit is HEAD~2
    with GitSource(story.repo, "main") as branch:
        assert branch.sha == story.c5


def test_git_source_reads_like_the_disk(story: Story) -> None:
    source = GitSource(story.repo, "HEAD")
    try:
        assert source.is_dir("journal") and source.is_dir("journal/contacts")
        assert not source.is_dir(ANA) and source.is_file(ANA)
        assert not source.is_file(EKO)  # not committed
        assert source.read(ANA) == ANA_5.encode()
        assert source.read(ANA) == ANA_5.encode()  # the same process answers again
        with pytest.raises(FileNotFoundError):
            source.read(EKO)
        with pytest.raises(IsADirectoryError):
            source.read("journal/contacts")
        assert source.walk("journal/contacts") == [ANA, BUDI, CITRA, GONE]
        assert source.walk("nowhere") == []
    finally:
        source.close()
    assert source.read(BUDI) == contact("Budi Santoso").encode()  # reading again after close restarts git
    source.close()


def test_git_source_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path, "README.md", "top\n")
    write(tmp_path, "notes/journal/plan.yml", PLAN_1)
    write(tmp_path, "notes/journal/contacts/ana.md", ANA_1)
    write(tmp_path, "notes/journal/contacts/.hidden/x.md", contact("Hidden"))
    write(tmp_path, "notes/journal/contacts/a-b.md", contact("A B"))
    write(tmp_path, "notes/journal/contacts/a/c.md", contact("C"))
    first = commit(tmp_path, "notes", C1)
    root = tmp_path / "notes"
    with GitSource(root, "HEAD") as source:
        # Folder by folder, by name, like the disk: "a" before "a-b".
        assert source.walk("journal/contacts") == [
            "journal/contacts/a/c.md",
            "journal/contacts/a-b.md",
            "journal/contacts/ana.md",
        ]
        assert not source.is_file("README.md")
        journal, _ = load(source)
    assert sorted(journal.contacts) == ["a-b", "ana", "c"]
    assert repository_root(root) == tmp_path.resolve()
    history = read_history(root)
    assert [c.sha for c in history.commits] == [first]
    assert history.dates["journal/contacts/ana.md"] == FileDates(at(C1), at(C1), committed=True)
    assert history.summaries[0].people_added == (
        "journal/contacts/a-b.md",
        "journal/contacts/a/c.md",
        "journal/contacts/ana.md",
    )


def test_unknown_revision_is_a_clear_error(story: Story) -> None:
    with pytest.raises(GitError, match="unknown revision 'no-such-tag'"):
        GitSource(story.repo, "no-such-tag")
    with pytest.raises(GitError, match="unknown revision '--all'"):
        GitSource(story.repo, "--all")


def test_git_source_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(GitError, match="not a git repository"):
        GitSource(tmp_path, "HEAD")
    assert repository_root(tmp_path) is None


# -- without a usable history -------------------------------------------------------


def test_not_a_repository_uses_file_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    write(tmp_path, ANA, ANA_1)
    write(tmp_path, "journal/plan.yml", PLAN_1)
    touch(tmp_path / ANA)
    history = read_history(tmp_path)
    assert not history.available
    assert history.warning == "not a git repository: dates come from the files themselves"
    assert history.dates == {ANA: FileDates(FS_TIME, FS_TIME, committed=False)}
    assert history.commits == ()
    assert history.summaries == ()
    assert dict(history.field_changes) == {}


def test_without_git_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, ANA, ANA_1)
    touch(tmp_path / ANA)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    history = read_history(tmp_path)
    assert not history.available
    assert history.warning is not None and history.warning.startswith("git is not installed")
    assert history.dates[ANA] == FileDates(FS_TIME, FS_TIME, committed=False)
    assert repository_root(tmp_path) is None
    with pytest.raises(GitNotInstalled):
        GitSource(tmp_path, "HEAD")


def test_a_repository_without_commits(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path, ANA, ANA_1)
    touch(tmp_path / ANA)
    history = read_history(tmp_path)
    assert not history.available
    assert history.warning == "no commits yet: dates come from the files themselves"
    assert history.dates[ANA] == FileDates(FS_TIME, FS_TIME, committed=False)


def test_a_shallow_clone_says_the_history_is_incomplete(story: Story, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{story.repo}", str(clone))
    assert is_shallow(clone) and not is_shallow(story.repo)
    history = read_history(clone)
    assert history.available
    assert history.warning is not None and "shallow" in history.warning and "fetch-depth: 0" in history.warning
    assert [c.sha for c in history.commits] == [story.c5]
    # Everything seems added in the only commit fetched; its summary does not claim so.
    assert history.dates[BUDI] == FileDates(at(C6), at(C6), committed=True)
    (summary,) = history.summaries
    assert summary.people_added == summary.entries_changed == summary.plan_changes == ()


def test_git_variables_of_a_hook_do_not_redirect_git(
    story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q", "-b", "main")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    history = read_history(story.repo)
    assert [c.sha for c in history.commits][-1] == story.c5


# -- reading front matter fast ------------------------------------------------------

FRONT_MATTERS = [
    "name: A\norganization: acme\nrole: Analyst\nlog:\n  - {date: 2026-01-01, channel: zoom}\n  - {date: 2026-01-02, channel: call}\n",
    "name: A\norganization: 'O''Brien & Co'   # a comment\nrole: \"Lead, Research\"\n",
    "name: A\norganization: ~\nrole: null\nlog: []\n",
    "name: A\norganization: ''\nrole:\n",
    "name: A\norganization: acme\norganization: globex\n",  # duplicate: the first counts
    "name: A\nrole: Senior\n  Analyst\n",  # a multi-line plain scalar
    "name: A\nrole: |\n  Lead\n",
    "name: A\norganization: [acme]\nrole: {a: b}\n",
    "name: A\nlog:\n- {date: 2026-01-01, channel: zoom}\n- {date: 2026-01-02, channel: zoom}\n",  # items at column 0
    "name: A\nlog: [{date: 2026-01-01, channel: zoom}, {date: 2026-01-02, channel: zoom}]\n",
    "name: A\nlog:\n  - date: 2026-01-01\n    note: >-\n      - not an item\n  - date: 2026-01-02\n  # - a comment\n",
    "name: A\nlog:\n  - note: 'a long\n  - quoted note'\n",  # one item: the quote spans two lines
    "name: A\nlog:\n  - {date: 2026-01-01,\n  - x: y}\n",
    "name: A\nlog:\n  date: 2026-01-01\n",  # a mapping, not a list
    "name: A\nlog: none\n",
    "name: A\nrole: !!str Lead\norganization: &o acme\n",
    "name: A\n\trole: x\n",
    "name: A\norganization: acme\r\nrole: x\r\n",
    "name: A\norganization: a: b\n",
    'name: A\norganization: "esc\\u0061ped"\n',
    "- just\n- a list\n",
    "",
    "# only a comment\n",
    "name: A\norganization: acme # comment\nrole: x#not-a-comment\nlog:\n  -\n  - {date: 2026-01-01}\n",
    "name: A\nlog:\n    - {date: 2026-01-01}\n  - {date: 2026-01-02}\n",  # inconsistent indentation: broken
    "name: Ana\nmet: {date: 2026-01-01, at: 'Jakarta: UX meetup'}\nlinks:\n  email: a@example.org\n  website: https://example.org/a\ntopics: [ux, 'data, science']\n",
]


@pytest.mark.parametrize("text", FRONT_MATTERS)
@pytest.mark.parametrize("kind", ["contacts", "events"])
def test_the_fast_reader_agrees_with_yaml(text: str, kind: str) -> None:
    fast = _fast_facts(text, kind)
    assert fast is None or fast == _slow_facts(text, kind)


def test_the_fast_reader_reads_the_usual_style() -> None:
    assert _fast_facts(FRONT_MATTERS[0], "contacts") == EntryFacts("acme", "Analyst", None, 2)
    assert _fast_facts(FRONT_MATTERS[1], "contacts") == EntryFacts("O'Brien & Co", "Lead, Research", None, 0)
    assert _fast_facts(FRONT_MATTERS[10], "contacts") == EntryFacts(None, None, None, 2)
    assert _fast_facts("title: T\nstatus: Attended\n", "events") == EntryFacts(None, None, "Attended", 0)
    assert _slow_facts(FRONT_MATTERS[11], "contacts") == EntryFacts(None, None, None, 1)


def test_entry_versions_that_cannot_be_read() -> None:
    assert entry_facts(b"no front matter", "contacts") is None
    assert entry_facts(b"---\nname: [x\n---\n", "contacts") is None
    assert entry_facts(b"---\nname: \xff\n---\n", "contacts") is None
    assert entry_facts(b"---\nname: x\nlog:\n  - {date: 2026-01-01}\n---\n", "contacts") == EntryFacts(
        None, None, None, 1
    )


# Pieces of YAML that change how lines are read, to build odd front matter from.
PIECES = ["'", '"', "[", "]", "{", "}", ",", ": ", ":", " #", "- ", "-", "\n", "\n  ", "\n    ", "\n- ", "|", ">-"]
PIECES += [
    "&a ",
    "*a",
    "!",
    "?",
    " ",
    "\t",
    "\\",
    "''",
    "~",
    "\nlog:\n",
    "\nrole: ",
    "\nstatus: attended",
    "\norganization: ",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from([FRONT_MATTERS[0], FRONT_MATTERS[10], FRONT_MATTERS[-1], ANA_2.split("---")[1].lstrip("\n")]),
    edits=st.lists(st.tuples(st.integers(0, 400), st.sampled_from(PIECES)), min_size=1, max_size=4),
)
def test_the_fast_reader_never_disagrees_with_yaml(base: str, edits: list[tuple[int, str]]) -> None:
    text = base
    for position, piece in edits:
        at_ = position % (len(text) + 1)
        text = text[:at_] + piece + text[at_:]
    for kind in ("contacts", "events"):
        slow = _slow_facts(text, kind)
        if slow is not None:  # valid YAML: the fast reader agrees or leaves it to YAML
            fast = _fast_facts(text, kind)
            assert fast is None or fast == slow


def test_plan_changes_are_values_the_site_words() -> None:
    """A change is a value, not a sentence parsed back: a title or a value
    that looks like the sentence's own punctuation cannot confuse it."""
    from builder.history import PlanChange
    from builder.render.context import plan_change
    from builder.render.i18n import Translator

    tricky = PlanChange("Talk to people': target 1", "target", "8 → 9", "10")
    assert str(tricky) == "goal 'Talk to people': target 1': target 8 → 9 → 10"
    english, indonesian = Translator("en"), Translator("id")
    assert plan_change(tricky, english) == str(tricky)
    assert plan_change(tricky, english, values=lambda v: f"<{v}>") == (
        "goal 'Talk to people': target 1': target <8 → 9> → <10>"
    )
    added = PlanChange("Meet new people", None, None, "Meet new people")
    assert plan_change(added, english) == "goal 'Meet new people' added"
    assert plan_change(added, indonesian) != plan_change(added, english)  # worded in the page's language
    assert plan_change(PlanChange(None, "timezone", "UTC", None), english) == "timezone removed (was UTC)"


# -- what the commits say, kept between runs ------------------------------------


def test_the_same_commits_read_twice_give_the_same_history(tmp_path: Path) -> None:
    """The second read takes what the commits say from build/cache and
    still sees the working tree as it is now."""
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path, ANA, ANA_1)
    write(tmp_path, BUDI, contact("Budi Santoso"))
    commit(tmp_path, "one", C1)
    write(tmp_path, ANA, ANA_2)
    commit(tmp_path, "two", C2)
    first = read_history(tmp_path)
    assert (tmp_path / HISTORY_CACHE).is_file()
    assert read_history(tmp_path) == first
    # an edit not committed: the cache holds only what the commits say
    write(tmp_path, BUDI, contact("Budi S."))
    touch(tmp_path / BUDI)
    edited = read_history(tmp_path)
    assert edited.dates[BUDI] == FileDates(at(C1), FS_TIME, committed=False)
    # a new commit: read again
    third = commit(tmp_path, "three", C3)
    assert read_history(tmp_path).commits[-1].sha == third


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(("another key", None))])
def test_a_damaged_history_cache_is_read_past(tmp_path: Path, damage: bytes) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path, ANA, ANA_1)
    commit(tmp_path, "one", C1)
    expected = read_history(tmp_path)
    (tmp_path / HISTORY_CACHE).write_bytes(damage)
    assert read_history(tmp_path) == expected
