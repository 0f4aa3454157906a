"""Shared helpers: write small journals into a temporary folder."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builder.cli import check_journal
from builder.diagnostics import Diagnostic

PLAN = """\
owner: Test Owner
timezone: Asia/Jakarta
time_budget: 3h/week
goals:
  - {title: Talk to people, count: people, target: 4}
"""

REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / "build" / "tools"  # gitignored
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def npm_package(name: str, version: str, needs: str) -> Path:
    """The node_modules folder holding ``name@version``, installed from the npm
    registry once, into a folder of its own (npm prunes what it did not
    install itself); ``needs`` is a file of the package that must exist."""
    import shutil
    import subprocess

    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail(f"Node.js and npm are needed for {name} (an npm package run locally)")
    prefix = TOOLS / f"{name}-{version}"
    modules = prefix / "node_modules"
    if not (modules / name / needs).is_file():
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(prefix), f"{name}@{version}"],
            check=True,
            capture_output=True,
        )
    return modules


def write_journal(root: Path, files: dict[str, str | bytes], plan: str | None = PLAN) -> Path:
    """Write ``files`` (paths relative to ``journal/``) and a default plan."""
    (root / "journal").mkdir(parents=True, exist_ok=True)
    if plan is not None and "plan.yml" not in files:
        (root / "journal" / "plan.yml").write_text(plan, encoding="utf-8")
    for rel, content in files.items():
        path = root / "journal" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        # surrogatepass lets tests plant byte sequences that are not UTF-8
        data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
        path.write_bytes(data)
    return root


@pytest.fixture
def journal_root(tmp_path: Path):
    """A function that writes a journal into a fresh folder and checks it."""

    def make(files: dict[str, str | bytes], plan: str | None = PLAN) -> list[Diagnostic]:
        write_journal(tmp_path, files, plan)
        return check_journal(tmp_path)

    return make


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A built site served on localhost while the block runs; yields its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium from the system, driven by Playwright (no browser download).
    One per test module: Playwright's threads must be gone before tests that
    fork (``builder.parallel`` forks only a single-threaded process)."""
    pytest.importorskip("playwright", reason="install the test extra: pip install -e '.[test]'")
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is needed for the browser tests (Debian: apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
