"""A build that cannot write says so in one line, leaves the previous site
and the journal as they were, and leaves nothing behind; the site is swapped
in whole, so there is a complete one at every moment."""

from __future__ import annotations

import errno
import gc
import hashlib
import shutil
from pathlib import Path

import pytest

from builder import output
from builder.cli import main
from tests.conftest import REPO, write_journal

FILES = {
    "contacts/ana.md": "---\nname: Ana\nlog:\n  - {date: 2026-03-01, channel: email}\n---\nNotes about Ana.\n",
    "events/2026-03-02-webinar.md": "---\ntitle: Webinar\nstart: 2026-03-02\nstatus: attended\npeople: [ana]\n---\n",
}


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build(root: Path, *args: str) -> int:
    try:
        return main(["build", "--root", str(root), "--today", "2026-03-10", *args])
    finally:
        gc.enable()  # the command turns the collector off for its short run


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A journal with a site built once."""
    write_journal(tmp_path, FILES)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    assert _build(tmp_path) == 0
    return tmp_path


def _no_leftovers(root: Path) -> None:
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == []
    docs = root / "build" / "docs"
    assert [p for p in docs.rglob("*.tmp")] == []


def _enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device", str(args[-1]) if args else None)


def test_a_full_disk_while_mkdocs_writes_is_one_line(built: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    before, journal = _tree(built / "site"), _tree(built / "journal")
    (built / "journal" / "contacts" / "ana.md").write_text("---\nname: Ana Changed\n---\n", encoding="utf-8")
    journal = _tree(built / "journal")
    monkeypatch.setattr("mkdocs.utils.write_file", _enospc)
    assert _build(built) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    ours = [line for line in err.splitlines() if "No space left on device" in line and line.startswith("journal build")]
    assert len(ours) == 1 and "the site was not changed" in ours[0]
    assert f"({built / 'site'}/" in ours[0] and ".building" not in ours[0]  # the page, in the site it was for
    assert _tree(built / "site") == before
    assert _tree(built / "journal") == journal
    _no_leftovers(built)


def test_a_full_disk_while_writing_the_pages_is_one_line(built: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    before = _tree(built / "site")
    (built / "journal" / "contacts" / "ana.md").write_text("---\nname: Ana Changed\n---\n", encoding="utf-8")
    monkeypatch.setattr(output.os, "replace", _enospc)
    assert _build(built) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in err
    (line,) = [x for x in out.splitlines() if "error:" in x]
    assert line.startswith("mkdocs.yml:1:1: error: cannot write the pages: No space left on device")
    assert _tree(built / "site") == before
    _no_leftovers(built)


def test_a_read_only_repository_is_one_line(built: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    before = _tree(built / "site")

    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    assert _build(built) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in err
    assert len([line for line in (out + err).splitlines() if "Read-only file system" in line]) == 1
    assert _tree(built / "site") == before


def _can_exchange(folder: Path) -> bool:
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    return output._exchange(folder / "a", folder / "b")


def test_folders_are_exchanged_in_one_step_here(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "which").write_text("a")
    (b / "which").write_text("b")
    if not output._exchange(a, b):
        pytest.skip("this system or file system cannot exchange two folders in one step")
    assert (a / "which").read_text() == "b" and (b / "which").read_text() == "a"


def test_the_site_is_never_missing_during_the_swap(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = built / "site"
    seen: list[bool] = []
    real_rmtree = shutil.rmtree

    def watching(path: object, *args: object, **kwargs: object) -> None:
        seen.append((site / "index.html").is_file())
        real_rmtree(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(output.shutil, "rmtree", watching)
    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:
        seen.append((site / "index.html").is_file())
        result = real_rename(self, target)
        seen.append((site / "index.html").is_file())
        return result

    monkeypatch.setattr(Path, "rename", rename)
    (built / "journal" / "contacts" / "ana.md").write_text("---\nname: Ana Changed\n---\n", encoding="utf-8")
    assert _build(built) == 0
    assert seen
    if not all(seen) and not _can_exchange(built / "probe"):
        pytest.skip("no exchange of folders here: the fallback renames the old site aside")
    assert all(seen)
    assert "Ana Changed" in (site / "people" / "ana" / "index.html").read_text(encoding="utf-8")


def test_a_build_killed_between_the_renames_gets_its_site_back(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where folders cannot be exchanged, the old site is renamed aside first;
    a kill right then leaves it there, and the next build puts it back.  (A
    whole build: one that takes pages from the cache replaces files in the
    site instead, ``test_incremental_build``.)"""
    site = built / "site"
    before = _tree(site)
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    real_rename = Path.rename

    def killed_after_the_first(self: Path, target: Path) -> Path:
        if self.name == ".site.building":
            raise KeyboardInterrupt  # the kill, between the two renames
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", killed_after_the_first)
    (built / "journal" / "contacts" / "ana.md").write_text("---\nname: Ana Changed\n---\n", encoding="utf-8")
    assert _build(built, "--no-cache") == 130
    assert not site.exists() and (built / ".site.old").is_dir()
    monkeypatch.setattr(Path, "rename", real_rename)
    # the next run, even one that fails, puts the old site back first
    (built / "journal" / "contacts" / "ana.md").write_text("---\nname: [broken\n---\n", encoding="utf-8")
    assert _build(built, "--no-cache") == 1
    assert not site.exists() or _tree(site) == before
    (built / "journal" / "contacts" / "ana.md").write_text("---\nname: Ana Again\n---\n", encoding="utf-8")
    assert _build(built, "--no-cache") == 0
    assert "Ana Again" in (site / "people" / "ana" / "index.html").read_text(encoding="utf-8")
    _no_leftovers(built)


@pytest.mark.parametrize(
    "where", [".", "..", "journal", "journal/contacts", "build", "build/docs", ".git", "notes.txt", "mine"]
)
def test_a_site_folder_that_is_not_only_a_site_is_refused(
    built: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (built / ".git").mkdir()
    (built / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (built / "notes.txt").write_text("my notes\n")
    (built / "mine").mkdir()
    (built / "mine" / "thesis.tex").write_text("\\documentclass{article}\n")
    outer = built.parent / "beside.txt"
    outer.write_text("someone else's\n")
    before = _tree(built.parent)
    capsys.readouterr()
    assert _build(built, "--site-dir", str(built / where)) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    assert len([line for line in err.splitlines() if "the site folder" in line]) == 1
    after = _tree(built.parent)

    def outside_the_builders_folders(tree: dict[str, str]) -> dict[str, str]:
        """Without the pages and caches a check writes before the site is refused."""
        return {k: v for k, v in tree.items() if "/build/docs/" not in f"/{k}" and "/build/cache/" not in f"/{k}"}

    assert outside_the_builders_folders(after) == outside_the_builders_folders(before)
    assert not list(built.parent.glob("**/.*.building"))


def test_a_site_dir_in_mkdocs_yml_that_would_replace_the_repository_is_an_error(built: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = built / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_dir: site", "site_dir: .."), encoding="utf-8")
    assert _build(built) == 1
    out = capsys.readouterr().out
    (line,) = [x for x in out.splitlines() if "error:" in x]
    assert line.startswith("mkdocs.yml:") and "would hold the whole repository" in line
    assert (built / "journal" / "contacts" / "ana.md").is_file()


def test_an_earlier_site_and_an_empty_folder_are_fine(built: Path) -> None:
    (built / "empty").mkdir()
    assert _build(built, "--site-dir", str(built / "empty")) == 0
    assert _build(built, "--site-dir", str(built / "empty")) == 0  # now a site MkDocs built
    assert (built / "empty" / "index.html").is_file()
