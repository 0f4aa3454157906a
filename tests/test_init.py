"""``journal init``: a repository that builds, publishes and shows a sensible first dashboard."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from builder.cli import check_journal, main
from builder.scaffold import (
    COMMIT_MESSAGE,
    Initialized,
    ScaffoldError,
    default_builder_source,
    init_journal,
    scaffold_files,
)
from tests.conftest import REPO

TODAY = date(2026, 3, 10)
SOURCE = "networking-journal @ git+https://github.com/example/networking-journal@v0.2.0"
EXAMPLES = ("contacts", "organizations", "events", "reflections")
PERSON = {
    "GIT_AUTHOR_NAME": "Dewi Kartika",
    "GIT_AUTHOR_EMAIL": "dewi@example.org",
    "GIT_COMMITTER_NAME": "Dewi Kartika",
    "GIT_COMMITTER_EMAIL": "dewi@example.org",
}


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """git with no system or global configuration (no default branch, no
    signing, no identity), and an identity given by the environment."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.delenv("EMAIL", raising=False)
    for name, value in PERSON.items():
        monkeypatch.setenv(name, value)
    return home


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def journal_json(*args: str, capsys: pytest.CaptureFixture[str]) -> Any:
    capsys.readouterr()
    try:
        assert main([*args, "--json"]) == 0
    finally:
        gc.enable()  # main() turns the collector off for its short run
    return json.loads(capsys.readouterr().out)


def test_init_writes_a_repository_with_a_first_commit(tmp_path: Path) -> None:
    target = tmp_path / "my journal"
    done = init_journal(target, TODAY, builder_source=SOURCE)
    assert done.commit is not None and len(done.commit) == 40
    assert done.notes == ()
    assert list(done.written) == sorted(done.written)
    assert git(target, "rev-parse", "HEAD") == done.commit
    assert git(target, "log", "--format=%s|%an") == f"{COMMIT_MESSAGE}|Dewi Kartika"
    assert git(target, "branch", "--show-current") == "main"  # git's default is unset here
    assert git(target, "ls-files").splitlines() == sorted(done.written)
    assert git(target, "status", "--porcelain") == ""  # everything written is committed
    requirements = (target / "requirements.txt").read_text(encoding="utf-8")
    assert [line for line in requirements.splitlines() if not line.startswith("#")] == [SOURCE]
    plan = (target / "journal" / "plan.yml").read_text(encoding="utf-8")
    assert "journal help format" in plan and "README" not in plan


def test_next_steps_name_the_target(tmp_path: Path) -> None:
    target = tmp_path / "my journal"
    done = init_journal(target, TODAY, builder_source=SOURCE)
    quoted = f"'{target}'"
    assert done.next_steps == (
        f"edit your plan (your name, timezone, time budget and goals): '{target / 'journal' / 'plan.yml'}'",
        f'add someone you know: journal new contact "Their Name" --root {quoted}',
        f"see your site at http://localhost:8000 while you edit: journal serve --root {quoted}",
    )
    assert all("\n" not in line for line in (*done.next_steps, *done.notes))


@pytest.mark.parametrize("today", [TODAY, date(2026, 1, 1), date(2027, 12, 31)])
def test_the_first_dashboard_has_nothing_overdue(
    tmp_path: Path, today: date, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "j"
    init_journal(root, today, builder_source=SOURCE)
    assert check_journal(root) == []

    def due(day: date) -> list[dict[str, Any]]:
        items = journal_json("followups", "--root", str(root), "--today", day.isoformat(), capsys=capsys)
        assert isinstance(items, list)
        return items

    first = due(today)
    assert [i for i in first if i["overdue"]] == []
    # something to do soon, and keeping in touch well ahead
    assert {i["reason"] for i in first} == {"task", "keep-in-touch"}
    assert any(i["due"] and date.fromisoformat(i["due"]) <= today + timedelta(days=7) for i in first)
    assert [i for i in due(today + timedelta(days=5)) if i["overdue"]] == []
    # the examples are dated, not frozen: a week on, their task is late
    assert [i["reason"] for i in due(today + timedelta(days=7)) if i["overdue"]] == ["task"]
    if (today - timedelta(days=3)).month == today.month:  # the examples count this month
        goals = journal_json("goals", "--root", str(root), "--today", today.isoformat(), capsys=capsys)
        assert [g["actual"] for g in goals] == [1, 1, 1, 1]


def test_the_first_build_has_history(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "j"
    init_journal(root, TODAY, builder_source=SOURCE)
    try:
        assert main(["build", "--root", str(root), "--today", TODAY.isoformat()]) == 0
    finally:
        gc.enable()
    assert "not a git repository" not in capsys.readouterr().err
    assert COMMIT_MESSAGE in (root / "site" / "history" / "index.html").read_text(encoding="utf-8")
    assert (root / "site" / "people" / "example-contact" / "index.html").is_file()


def test_empty_writes_no_entry_and_checks_clean(tmp_path: Path) -> None:
    root = tmp_path / "j"
    done = init_journal(root, TODAY, empty=True, builder_source=SOURCE)
    assert [rel for rel in done.written if rel.startswith("journal/")] == ["journal/plan.yml", "journal/sources.yml"]
    assert done.commit is not None
    assert check_journal(root) == []  # no error, no warning


def test_deleting_the_examples_leaves_the_plan_whole(tmp_path: Path) -> None:
    root = tmp_path / "j"
    init_journal(root, TODAY, builder_source=SOURCE)
    for folder in EXAMPLES:
        shutil.rmtree(root / "journal" / folder)
    assert check_journal(root) == []
    with_examples = {rel: data for rel, data in scaffold_files(TODAY, builder_source=SOURCE)}
    without = {rel: data for rel, data in scaffold_files(TODAY, empty=True, builder_source=SOURCE)}
    assert with_examples["journal/plan.yml"] == without["journal/plan.yml"]  # one plan, naming no entry


def test_inside_a_repository_nothing_is_committed(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    target = tmp_path / "sub" / "journal-repo"
    done = init_journal(target, TODAY, builder_source=SOURCE)
    assert done.commit is None
    assert done.notes == (f"already inside the git repository {tmp_path}: add and commit the new files yourself",)
    assert not (target / ".git").exists() and (target / "journal" / "plan.yml").is_file()
    assert subprocess.run(["git", "-C", str(tmp_path), "rev-parse", "--verify", "-q", "HEAD"], check=False).returncode


def test_without_an_identity_git_makes_none_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PERSON:
        monkeypatch.delenv(name)
    target = tmp_path / "j"
    done = init_journal(target, TODAY, builder_source=SOURCE)
    assert done.commit is None
    (note,) = done.notes
    assert note.startswith("git has no user.name/user.email: run git config --global user.name")
    assert git(target, "diff", "--cached", "--name-only").splitlines() == sorted(done.written)  # staged


def test_without_git_the_files_are_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    done = init_journal(tmp_path / "j", TODAY, builder_source=SOURCE)
    assert done.commit is None
    (note,) = done.notes
    assert note.startswith("git is not installed")
    assert (tmp_path / "j" / "journal" / "plan.yml").is_file()


def test_refuses_before_writing_anything(tmp_path: Path) -> None:
    (tmp_path / "journal").mkdir()
    (tmp_path / "journal" / "plan.yml").write_text("owner: Me\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match=r"already has journal/plan\.yml; nothing was written"):
        init_journal(tmp_path, TODAY, builder_source=SOURCE)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["journal", "plan.yml"]
    with pytest.raises(ScaffoldError, match="one pip requirement on one line"):
        init_journal(tmp_path / "other", TODAY, builder_source="networking-journal\n-r evil.txt")
    assert not (tmp_path / "other").exists()


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "j"
    real_open = Path.open

    def full_disk(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "plan.yml" and target in self.parents:
            raise OSError(28, "No space left on device")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", full_disk)
    with pytest.raises(ScaffoldError, match=r"cannot write .*plan\.yml: No space left on device; nothing was written"):
        init_journal(target, TODAY, builder_source=SOURCE)
    assert not target.exists()  # the files written before it, and the folders made, are gone


def test_a_file_in_the_way_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "journal").write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="already has journal; nothing was written"):
        init_journal(tmp_path, TODAY, builder_source=SOURCE)
    assert [p.name for p in tmp_path.iterdir()] == ["journal"]


def test_a_local_builder_source_is_written_with_a_warning(tmp_path: Path) -> None:
    done = init_journal(tmp_path / "j", TODAY, builder_source="networking-journal @ file:///home/me/builder")
    (note,) = done.notes
    assert "GitHub cannot reach" in note


# How the builder was installed, as PEP 610's direct_url.json says.


class FakeDistribution:
    version = "0.3.1"

    def __init__(self, direct_url: dict[str, Any] | None) -> None:
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        return json.dumps(self.direct_url) if name == "direct_url.json" and self.direct_url else None


def installed_as(monkeypatch: pytest.MonkeyPatch, direct_url: dict[str, Any] | None) -> tuple[str, str | None]:
    monkeypatch.setattr("builder.scaffold._installed", lambda: FakeDistribution(direct_url))
    return default_builder_source()


def test_source_from_a_git_install(monkeypatch: pytest.MonkeyPatch) -> None:
    sha = "a" * 40
    vcs = {"vcs": "git", "commit_id": sha, "requested_revision": "v0.3.1"}
    assert installed_as(monkeypatch, {"url": "https://github.com/o/r.git", "vcs_info": vcs}) == (
        f"networking-journal @ git+https://github.com/o/r.git@{sha}",
        None,
    )
    # GitHub's ssh address has a known https one; a token is never written
    assert installed_as(monkeypatch, {"url": "ssh://git@github.com/o/r.git", "vcs_info": vcs})[0] == (
        f"networking-journal @ git+https://github.com/o/r.git@{sha}"
    )
    url = "https://user:secret@example.org/r.git"
    assert installed_as(monkeypatch, {"url": url, "vcs_info": vcs, "subdirectory": "tools"})[0] == (
        f"networking-journal @ git+https://example.org/r.git@{sha}#subdirectory=tools"
    )
    requirement, note = installed_as(monkeypatch, {"url": "file:///srv/r.git", "vcs_info": vcs})
    assert requirement == f"networking-journal @ git+file:///srv/r.git@{sha}" and note and "GitHub" in note


def test_source_from_an_archive_or_an_index(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "https://example.org/networking_journal-0.3.1-py3-none-any.whl"
    archive = {"url": url, "archive_info": {"hashes": {"sha256": "f" * 64}}}
    assert installed_as(monkeypatch, archive) == (f"networking-journal @ {url}#sha256={'f' * 64}", None)
    assert installed_as(monkeypatch, None) == ("networking-journal==0.3.1", None)


def test_source_from_a_folder_with_an_https_origin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "builder"
    folder.mkdir()
    git(folder, "init", "-q")
    (folder / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    git(folder, "add", "pyproject.toml")
    git(folder, "commit", "-q", "-m", "builder")
    git(folder, "remote", "add", "origin", "git@github.com:someone/networking-journal.git")
    head = git(folder, "rev-parse", "HEAD")
    requirement, note = installed_as(monkeypatch, {"url": folder.as_uri(), "dir_info": {"editable": True}})
    assert requirement == f"networking-journal @ git+https://github.com/someone/networking-journal.git@{head}"
    assert note and f"commit {head[:12]}" in note and "push it" in note


def test_source_from_a_folder_github_cannot_reach(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    requirement, note = installed_as(monkeypatch, {"url": tmp_path.as_uri(), "dir_info": {}})
    assert requirement == f"networking-journal @ {tmp_path.as_uri()}"
    assert note and "GitHub cannot reach" in note and "--builder-source" in note


def test_this_builder_has_a_source() -> None:
    requirement, note = default_builder_source()
    assert requirement.startswith("networking-journal")
    assert note is None or "\n" not in note


# The generated workflow, run as GitHub would run it.

RUN_STEPS = [
    "Install",
    "Check the journal",
    "Build the public site",
    "Is the repository private?",
    "Build the full site (private repositories only)",
]
NEEDS_GITHUB = {"Is the repository private?"}  # asks GitHub's API; the next steps run as for a private repository
PACKAGE_DATA = """
from datetime import date
from builder.reference import reference
from builder.scaffold import scaffold_files
names = [rel for rel, _ in scaffold_files(date(2026, 1, 1), builder_source="x")]
assert ".github/workflows/publish.yml" in names and "journal/contacts/example-contact.md" in names, names
assert reference("format").startswith("# Journal format")
"""


def test_the_generated_workflow_installs_the_builder_and_builds(tmp_path: Path) -> None:
    """The build job's own commands, in order, in a fresh virtual environment
    that has only what its Install step installs: the builder comes from
    requirements.txt, here a git requirement on a clone of this repository
    (file://localhost/...: the pip that venv brings with Python 3.11 refuses
    a git+file:/// address, which has no host)."""
    started = time.monotonic()
    clone = tmp_path / "builder-clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    git(clone, "tag", "journal-init-test")
    root = tmp_path / "my-journal"
    done = init_journal(
        root, date.today(), builder_source=f"networking-journal @ git+file://localhost{clone}@journal-init-test"
    )
    assert isinstance(done, Initialized) and done.commit is not None

    workflow = yaml.load((root / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"), yaml.BaseLoader)
    steps = [s for s in workflow["jobs"]["build"]["steps"] if "run" in s]
    assert [s["name"] for s in steps] == RUN_STEPS
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    drop = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "JOURNAL_TODAY"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}", PIP_DISABLE_PIP_VERSION_CHECK="1")
    outputs = []
    for step in steps:
        if step["name"] in NEEDS_GITHUB:
            continue
        script = tmp_path / "step.sh"
        script.write_text(step["run"] + "\n", encoding="utf-8")
        ran = subprocess.run(
            ["bash", "-e", str(script)], cwd=root, env=env, capture_output=True, text=True, check=False
        )
        assert ran.returncode == 0, f"{step['name']}: {ran.stdout}\n{ran.stderr}"
        outputs.append(ran.stdout + ran.stderr)
    assert (root / "public-site" / "index.html").is_file()
    assert (root / "full-site" / "index.html").is_file()
    assert not any("not a git repository" in out for out in outputs)
    assert Path(shutil.which("journal", path=env["PATH"]) or "").parent == venv / "bin"
    # the installed (not editable) builder carries its package data
    subprocess.run([str(venv / "bin" / "python"), "-c", PACKAGE_DATA], cwd=tmp_path, env=env, check=True)
    print(f"the workflow's steps took {time.monotonic() - started:.0f} s")


# The command, as the lead wired it in builder/cli.py.


def test_the_command_prints_what_it_wrote_and_the_next_steps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "j"
    args = ["init", str(target), "--empty", "--builder-source", SOURCE, "--today", TODAY.isoformat()]
    try:
        assert main(args) == 0
        out, err = capsys.readouterr()
        assert "journal/plan.yml" in out.splitlines() and "journal/contacts/example-contact.md" not in out
        assert "committed as" in err
        assert f'journal new contact "Their Name" --root {target}' in err and f"journal serve --root {target}" in err
        assert main(["check", "--root", str(target)]) == 0
        assert main(["init", str(target)]) == 1
        assert "nothing was written" in capsys.readouterr().err
    finally:
        gc.enable()


def test_an_empty_folder_name_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``journal init ""`` (a variable that was not set) must not make the current folder a journal."""
    monkeypatch.chdir(tmp_path)
    for name in ("", "  "):
        with pytest.raises(SystemExit) as exited:
            main(["init", name])
        assert exited.value.code == 2
    assert list(tmp_path.iterdir()) == []


def test_journal_help_prints_the_format(capsys: pytest.CaptureFixture[str]) -> None:
    from builder.reference import reference, topics

    try:
        assert main(["help", "format"]) == 0
        assert capsys.readouterr().out == reference("format")
        assert main(["help"]) == 0
        assert all(name in capsys.readouterr().out for name in topics())
        assert main(["help", "nonsense"]) == 2
    finally:
        gc.enable()
