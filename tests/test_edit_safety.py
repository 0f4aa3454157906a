"""Commands that edit the journal never lose data and never escape it (issue 12):
parallel edits are serialised, an edit based on a stale read is redone or
refused, paths stay inside journal/, line ends, byte-order marks and links
are kept, and a failure is one line that leaves the journal as it was."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from builder.cli import main
from tests.conftest import write_journal

TODAY = "2026-11-27"
ANA = (
    "---\nname: Ana Lima\nlog:\n  - {date: 2026-01-01, channel: email}\n---\nNotes stay.\n\n- [ ] Send Ana the draft\n"
)


def _dated(args: tuple[str, ...]) -> list[str]:
    return [*args] if args[0] in ("import", "export", "check") else [*args, "--today", TODAY]


def journal(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *_dated(args), "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``journal ARGS`` in this process (so a test can patch what it calls)."""
    status = main([*_dated(args), "--root", str(root)])
    out, err = capsys.readouterr()
    return status, out, err


def tree(folder: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every entry under ``folder``, links as links: what "untouched" means."""
    out: dict[str, tuple[str, bytes | str]] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d != "build"]  # the lock and the check's cache live there
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(folder))
            if path.is_symlink():
                out[rel] = ("link", os.readlink(path))
            elif path.is_file():
                out[rel] = (oct(path.stat().st_mode), path.read_bytes())
            else:
                out[rel] = (oct(path.stat().st_mode), b"")
    return out


def log_items(path: Path) -> list[dict[str, Any]]:
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    front = text.split("---\n")[1]
    items = yaml.safe_load(front)["log"]
    assert isinstance(items, list)
    return items


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_journal(tmp_path / "repo", {"contacts/ana-lima.md": ANA})


# -- parallel edits -----------------------------------------------------------


def test_parallel_logs_keep_every_interaction(root: Path) -> None:
    command = [sys.executable, "-m", "builder", "log", "ana-lima", "--channel", "email", "--root", str(root)]
    failures = []
    for pair in range(20):
        both = [
            subprocess.Popen(
                [*command, "--today", TODAY, f"pair {pair} side {side}"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for side in "ab"
        ]
        for process in both:
            _, err = process.communicate(timeout=120)
            if process.returncode != 0:
                failures.append(err)
    assert failures == []
    notes = [item.get("note") for item in log_items(root / "journal" / "contacts" / "ana-lima.md")]
    assert sorted(n for n in notes if n) == sorted(f"pair {p} side {s}" for p in range(20) for s in "ab")
    assert len(notes) == 41
    assert not [p for p in (root / "journal").rglob("*") if p.name.endswith(".tmp")]


def test_a_lock_that_cannot_be_had_is_one_line(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    import builder.edit.session as session

    monkeypatch.setattr(session, "LOCK_TIMEOUT", 0.3)
    before = tree(root / "journal")
    with FileLock(str(root / "build" / "journal.lock")):
        status, out, err = run(root, capsys, "log", "ana-lima", "--channel", "zoom", "x")
    assert status == 1 and out == ""
    assert err.startswith("journal log: another journal command is editing the journal") and err.count("\n") == 1
    assert tree(root / "journal") == before


# -- stale reads ----------------------------------------------------------------


def _on_verify(monkeypatch: pytest.MonkeyPatch, action: Callable[[int], None]) -> None:
    """Run ``action(n)`` each time an edit is about to be checked and written
    (between the command's read and its write): another program at work."""
    import builder.edit.writer as writer

    real = writer.verify
    calls = [0]

    def verify(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        action(calls[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(writer, "verify", verify)


def test_an_edit_made_meanwhile_is_kept(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = root / "journal" / "contacts" / "ana-lima.md"

    def editor_saves(n: int) -> None:
        if n == 1:  # an editor saves while journal log works
            path.write_text(path.read_text(encoding="utf-8") + "Saved in the editor.\n", encoding="utf-8")

    _on_verify(monkeypatch, editor_saves)
    status, _, err = run(root, capsys, "log", "ana-lima", "--channel", "zoom", "Talked")
    assert status == 0, err
    text = path.read_text(encoding="utf-8")
    assert text.endswith("Saved in the editor.\n")
    assert [i.get("note") for i in log_items(path)] == [None, "Talked"]


def test_a_file_that_keeps_changing_is_refused(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = root / "journal" / "contacts" / "ana-lima.md"

    def editor_saves(n: int) -> None:
        path.write_text(path.read_text(encoding="utf-8") + f"Save {n}.\n", encoding="utf-8")

    _on_verify(monkeypatch, editor_saves)
    status, out, err = run(root, capsys, "log", "ana-lima", "--channel", "zoom", "Talked")
    assert status == 1 and out == ""
    assert err.count("\n") == 1
    assert "journal log: journal/contacts/ana-lima.md changed on disk while journal log was editing it" in err
    text = path.read_text(encoding="utf-8")
    assert text.endswith("Save 3.\n") and "Talked" not in text
    assert not [p for p in (root / "journal").rglob("*") if p.name.endswith(".tmp")]


def test_a_file_removed_meanwhile_is_one_line(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = root / "journal" / "contacts" / "ana-lima.md"
    _on_verify(monkeypatch, lambda n: path.unlink() if n == 1 else None)
    before = {k: v for k, v in tree(root / "journal").items() if k != "contacts/ana-lima.md"}
    status, out, err = run(root, capsys, "log", "ana-lima", "--channel", "zoom", "Talked")
    assert status == 1 and out == ""
    assert err == "journal log: no contact matches 'ana-lima'\n"
    assert tree(root / "journal") == before


# -- paths stay inside the journal ------------------------------------------


TASK_FILE = "---\nname: Outsider\n---\n- [ ] a task outside the journal\n"


@pytest.mark.parametrize(
    "args",
    [
        ["done", "journal/../../outside.md"],
        ["done", "journal/contacts/../../../outside.md"],
        ["done", "../outside.md"],
        ["done", "journal/contacts/linked.md"],
        ["done", "linked"],
        ["log", "linked", "--channel", "email", "x"],
        ["log", "far-away", "--channel", "email", "x"],
        ["done", "far-away"],
    ],
)
def test_paths_outside_the_journal_are_refused(root: Path, args: list[str]) -> None:
    outside = root.parent / "outside.md"
    outside.write_text(TASK_FILE, encoding="utf-8")
    (root / "journal" / "contacts" / "linked.md").symlink_to(outside)
    elsewhere = root.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "far-away.md").write_text(TASK_FILE.replace("Outsider", "Far Away"), encoding="utf-8")
    (root / "journal" / "contacts" / "shared").symlink_to(elsewhere, target_is_directory=True)
    before = tree(root.parent)
    result = journal(root, *args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert "outside journal/" in result.stderr
    assert tree(root.parent) == before


def test_paths_inside_the_journal_may_be_spelled_any_way(root: Path, tmp_path: Path) -> None:
    path = root / "journal" / "contacts" / "ana-lima.md"
    result = journal(root, "done", "contacts/ana-lima.md")
    assert result.returncode == 1
    assert result.stderr == (
        "journal done: contacts/ana-lima.md is outside journal/: commands edit only the journal's own files; "
        "did you mean journal/contacts/ana-lima.md?\n"
    )
    result = journal(root, "done", f"{root}/journal/../journal/contacts/./ana-lima.md")
    assert result.returncode == 0, result.stderr
    assert "- [x] Send Ana the draft" in path.read_text(encoding="utf-8")


# -- byte for byte ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "newline"), [(True, "\n"), (False, "\r\n"), (True, "\r\n")], ids=["bom", "crlf", "both"]
)
def test_line_ends_and_byte_order_mark_are_kept(root: Path, bom: bool, newline: str) -> None:
    contacts = root / "journal" / "contacts"
    plain = ANA.replace("Ana Lima", "Ana Plain")
    (contacts / "ana-plain.md").write_text(plain, encoding="utf-8")
    styled = ("\ufeff" if bom else "") + ANA.replace("\n", newline)
    (contacts / "ana-lima.md").write_bytes(styled.encode("utf-8"))
    for slug in ("ana-plain", "ana-lima"):
        assert journal(root, "log", slug, "--channel", "zoom", "--minutes", "20", "Talked").returncode == 0
        assert journal(root, "done", slug).returncode == 0
    edited_plain = (contacts / "ana-plain.md").read_text(encoding="utf-8")
    assert edited_plain != plain and "- [x] Send Ana" in edited_plain
    expected = ("\ufeff" if bom else "") + edited_plain.replace("Ana Plain", "Ana Lima").replace("\n", newline)
    assert (contacts / "ana-lima.md").read_bytes() == expected.encode("utf-8")
    assert journal(root, "check").returncode == 0


def test_a_symlinked_entry_stays_a_link(root: Path) -> None:
    contacts = root / "journal" / "contacts"
    store = root / "journal" / "people-store"
    store.mkdir()
    (contacts / "ana-lima.md").rename(store / "ana-lima.md")
    (contacts / "ana-lima.md").symlink_to(Path("..") / "people-store" / "ana-lima.md")
    (store / "ana-lima.md").chmod(0o640)
    assert journal(root, "log", "ana-lima", "--channel", "zoom", "Talked").returncode == 0
    assert journal(root, "done", "journal/contacts/ana-lima.md").returncode == 0
    link = contacts / "ana-lima.md"
    assert link.is_symlink() and os.readlink(link) == str(Path("..") / "people-store" / "ana-lima.md")
    target = (store / "ana-lima.md").read_text(encoding="utf-8")
    assert "- [x] Send Ana" in target and "Talked" in target
    assert (store / "ana-lima.md").stat().st_mode & 0o777 == 0o640


def test_new_files_follow_the_umask(root: Path) -> None:
    old = os.umask(0o022)
    try:
        result = journal(root, "new", "contact", "Budi")
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert (root / "journal" / "contacts" / "budi.md").stat().st_mode & 0o777 == 0o644


# -- failures are one line and leave nothing behind ------------------------------


READ_ONLY = [
    (what, args)
    for what in ("file", "folder", "journal")
    for args in (["log", "ana-lima", "--channel", "zoom", "Talked"], ["done", "ana-lima"], ["new", "contact", "Budi"])
    if not (what == "file" and args[0] == "new")  # a new file meets no read-only file
]


@pytest.mark.parametrize(("what", "args"), READ_ONLY, ids=[f"{what}-{args[0]}" for what, args in READ_ONLY])
def test_a_read_only_journal_is_one_line(root: Path, args: list[str], what: str) -> None:
    contacts = root / "journal" / "contacts"
    locked = {"file": [contacts / "ana-lima.md"], "folder": [contacts], "journal": [contacts, root / "journal"]}[what]
    for path in locked:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        before = tree(root / "journal")
        result = journal(root, *args)
        after = tree(root / "journal")
    finally:
        for path in locked:
            path.chmod(path.stat().st_mode | 0o200)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "read-only" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert after == before


def _full_disk(monkeypatch: pytest.MonkeyPatch, after: int = 0) -> None:
    """The disk fills up while the writer writes the ``after``-th file (0: the first)."""
    import builder.edit.writer as writer

    real = writer._fill
    calls = [0]

    def fill(fd: int, data: bytes) -> None:
        calls[0] += 1
        if calls[0] > after:
            os.write(fd, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd, data)

    monkeypatch.setattr(writer, "_fill", fill)


@pytest.mark.parametrize(
    "args",
    [["log", "ana-lima", "--channel", "zoom", "Talked"], ["done", "ana-lima"], ["new", "contact", "Budi Santoso"]],
    ids=["log", "done", "new"],
)
def test_a_full_disk_is_one_line(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    _full_disk(monkeypatch)
    before = tree(root / "journal")
    status, out, err = run(root, capsys, *args)
    assert status == 1 and out == ""
    assert err.count("\n") == 1, err
    assert "No space left on device" in err and "nothing was written" in err
    assert tree(root / "journal") == before


VCARDS = "".join(
    f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nEMAIL:{name.split()[0].lower()}@example.org\nEND:VCARD\n"
    for name in ("Ana Lima", "Budi Santoso", "Citra Dewi", "Dian Putri")
)


def test_an_import_that_cannot_write_says_nothing_was_created(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    export = root.parent / "contacts.vcf"
    export.write_text(VCARDS, encoding="utf-8")
    _full_disk(monkeypatch, after=2)
    before = tree(root / "journal")
    status, out, err = run(root, capsys, "import", "vcard", str(export))
    assert status == 1
    assert "created" not in out and "updated" not in out
    assert err.count("\n") == 1 and "nothing was written" in err and "No space left on device" in err
    assert tree(root / "journal") == before


def test_an_import_into_a_read_only_journal(root: Path) -> None:
    export = root.parent / "contacts.vcf"
    export.write_text(VCARDS, encoding="utf-8")
    contacts = root / "journal" / "contacts"
    contacts.chmod(0o555)
    try:
        before = tree(root / "journal")
        result = journal(root, "import", "vcard", str(export))
        after = tree(root / "journal")
    finally:
        contacts.chmod(0o755)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "read-only" in result.stderr, result.stderr
    assert after == before


def test_an_import_stopped_midway_reports_what_it_wrote(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import builder.edit.writer as writer

    export = root.parent / "contacts.vcf"
    export.write_text(VCARDS, encoding="utf-8")
    real = writer._install
    calls = [0]

    def install(*args: Any) -> None:
        calls[0] += 1
        if calls[0] == 3:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(*args)

    monkeypatch.setattr(writer, "_install", install)
    status, out, err = run(root, capsys, "import", "vcard", str(export))
    assert status == 1
    # files are put in place in path order: the third one failed
    assert out.splitlines() == [
        "created journal/contacts/budi-santoso.md",
        "updated journal/contacts/ana-lima.md: links.email added",
    ]
    assert sorted(p.name for p in (root / "journal" / "contacts").iterdir()) == ["ana-lima.md", "budi-santoso.md"]
    assert err == (
        "journal import: journal/contacts/citra-dewi.md: cannot write: Input/output error; "
        "2 of 4 files were written (listed above)\n"
    )
    assert not [p for p in (root / "journal").rglob("*") if p.name.endswith(".tmp")]
