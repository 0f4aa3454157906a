"""The ``journal`` command as a user runs it."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from builder.cli import main
from tests.conftest import REPO, write_journal

DIAGNOSTIC = re.compile(r"^journal/[^:]+:\d+:\d+: (error|warning): .+$")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


def test_example_journal_is_clean() -> None:
    result = run("check", "--root", str(REPO))
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "no problems" in result.stderr


def test_errors_exit_1_with_compiler_lines(tmp_path: Path) -> None:
    write_journal(
        tmp_path,
        {
            "contacts/b.md": "---\nname: B\nrelationship: boss\n---\n",
            "contacts/a.md": "---\nname: A\nfoo: 1\nprivate: maybe\n---\n",
        },
    )
    result = run("check", "--root", str(tmp_path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "journal/contacts/a.md:3:1: warning: unknown key 'foo' in contact",
        "journal/contacts/a.md:4:10: error: expected true or false, found 'maybe'",
        "journal/contacts/b.md:3:15: error: unknown relationship 'boss' "
        "(expected one of: mentor, role-model, peer, recruiter, colleague, other)",
    ]
    assert all(DIAGNOSTIC.match(line) for line in lines)
    assert "2 errors, 1 warning" in result.stderr
    assert "Traceback" not in result.stderr


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    write_journal(tmp_path, {"contacts/a.md": "---\nname: A\nfoo: 1\n---\n"})
    assert main(["check", "--root", str(tmp_path)]) == 0


def test_root_defaults_to_current_folder(tmp_path: Path) -> None:
    write_journal(tmp_path, {"contacts/a.md": "---\nname: A\n---\n"})
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_journal_folder(tmp_path: Path) -> None:
    result = run("check", "--root", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.startswith("journal:1:1: error: no 'journal' folder")


def test_bad_root_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", "--root", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert "not a folder" in result.stderr


def _tree_digest(root: Path) -> dict[str, tuple[str, int]]:
    out = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = Path(dirpath) / name
            out[str(path.relative_to(root))] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    return out


def test_check_never_writes(tmp_path: Path) -> None:
    write_journal(
        tmp_path,
        {
            "contacts/a.md": "---\nname: A\nrelationship: boss\n---\n- [ ] x due:2026-01-01\n",
            "sources.yml": "- name: S\n",
        },
    )
    before = _tree_digest(tmp_path / "journal")
    assert main(["check", "--root", str(tmp_path)]) == 1
    assert _tree_digest(tmp_path / "journal") == before
    # its cache lives in the gitignored build folder
    assert {p.parent.name for p in (tmp_path / "build").rglob("*.json")} == {"cache"}


@pytest.mark.parametrize("args", [[], ["nope"], ["check", "--bogus"]])
def test_usage_errors(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_serve_says_at_once_when_it_cannot_serve(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil
    import socket

    shutil.copytree(REPO / "journal", tmp_path / "journal")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--root", str(tmp_path), "--dev-addr", f"127.0.0.1:{port}"]) == 1
    assert f"journal serve: cannot serve on 127.0.0.1:{port}:" in capsys.readouterr().err
    assert main(["serve", "--root", str(tmp_path), "--dev-addr", "nonsense"]) == 1
    assert "expected --dev-addr IP:PORT" in capsys.readouterr().err
    assert not (tmp_path / "build").exists()  # nothing was generated


def _journal_state(folder: Path) -> dict[str, tuple[int, int, int, str]]:
    """Every file and folder under ``folder``: inode, mode, modification time, content."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
            out[str(path.relative_to(folder))] = (st.st_ino, st.st_mode, st.st_mtime_ns, digest)
    return out


def test_serve_never_writes_the_journal(tmp_path: Path) -> None:
    """journal serve reads the journal, through a full build and a rebuild
    after an edit, and writes nothing there (no temporary file either)."""
    import shutil
    import socket
    import time
    import urllib.request

    shutil.copytree(REPO / "journal", tmp_path / "journal")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/people/siti-rahayu/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    def wait_for(text: str) -> bool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if text in page():
                return True
            time.sleep(0.3)
        return False

    before = _journal_state(tmp_path / "journal")
    command = [sys.executable, "-m", "builder", "serve", "--root", str(tmp_path), "--today", "2026-11-27"]
    server = subprocess.Popen(
        [*command, "--dev-addr", f"127.0.0.1:{port}", "--interval", "0.2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for("Siti Rahayu")
        assert _journal_state(tmp_path / "journal") == before
        contact = tmp_path / "journal" / "contacts" / "siti-rahayu.md"
        contact.write_text(contact.read_text(encoding="utf-8").replace("name: Siti Rahayu", "name: Siti R."))
        edited = _journal_state(tmp_path / "journal")
        assert wait_for("Siti R.<")
        time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert _journal_state(tmp_path / "journal") == edited
    assert not (tmp_path / "build" / "journal.lock").exists()  # serve takes no editing lock: it edits nothing


def test_a_symlink_loop_is_an_error_not_a_crash(tmp_path: Path) -> None:
    write_journal(tmp_path, {"contacts/a.md": "---\nname: A\n---\n"})
    contacts = tmp_path / "journal" / "contacts"
    (contacts / "loop").symlink_to(".", target_is_directory=True)
    (contacts / "self.md").symlink_to("self.md")
    (tmp_path / "journal" / "organizations").mkdir()
    (tmp_path / "journal" / "organizations" / "up").symlink_to("../../journal", target_is_directory=True)
    for extra in ([], ["--no-cache"], []):  # a fresh check, an uncached one, a cached one
        result = run("check", "--root", str(tmp_path), *extra)
        assert result.returncode == 1, result.stderr
        assert result.stdout.splitlines() == [
            "journal/contacts/loop:1:1: error: symbolic link loop: it leads back to journal/contacts, "
            "a folder it is in; not read",
            "journal/contacts/self.md:1:1: error: symbolic link loop (it points to self.md): "
            "it never reaches a file or folder; not read",
            "journal/organizations/up:1:1: error: symbolic link loop: it leads back to journal, a folder it is in; "
            "not read",
        ]
        assert "internal error" not in result.stderr
    # an editing command works around the loops (not its doing), listing them, and does not crash
    result = run("log", "a", "--channel", "email", "x", "--root", str(tmp_path))
    assert result.returncode == 0 and "internal error" not in result.stderr
    assert "3 errors already in the journal" in result.stderr and "symbolic link loop" in result.stderr
    assert "channel: email" in (tmp_path / "journal" / "contacts" / "a.md").read_text(encoding="utf-8")
