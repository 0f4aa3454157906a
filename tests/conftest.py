"""Shared helpers: write small journals into a temporary folder."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import sys
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
# The browser tests drive Chromium with Playwright: the system's Chromium or
# Chrome when there is one, else the Chromium that this npm package carries
# (a Linux x86-64 build with the few libraries it needs; 147 is the last
# release that installs on Node.js 20).  Nothing is downloaded from a browser
# vendor.  JOURNAL_TEST_CHROMIUM names a browser to use instead, or says
# "packaged" to use the package's even where the system has one.
PACKAGED_CHROMIUM = ("@sparticuz/chromium", "147.0.0")
SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
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


def find_chromium() -> tuple[str, dict[str, str] | None]:
    """A Chromium to drive, and the environment it needs (``None``: this one's)."""
    chosen = os.environ.get("JOURNAL_TEST_CHROMIUM", "")
    if chosen and chosen != "packaged":
        return chosen, None
    if not chosen:
        for name in SYSTEM_BROWSERS:
            found = shutil.which(name)
            if found:
                return found, None
    return packaged_chromium()


def packaged_chromium() -> tuple[str, dict[str, str]]:
    """The Chromium of the npm package ``PACKAGED_CHROMIUM``, installed and
    unpacked once into build/tools (about 280 MB), with the libraries and
    fonts it carries on its paths."""
    import platform
    import subprocess

    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        pytest.fail("no Chromium or Chrome found: install one (the packaged Chromium runs on Linux x86-64 only)")
    name, version = PACKAGED_CHROMIUM
    modules = npm_package(name, version, "bin/chromium.br")
    unpacked = modules.parent / "unpacked"
    if not (unpacked / "chromium").is_file():
        partial = modules.parent / "unpacking"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        # The package unpacks into the temporary folder (TMPDIR), and its
        # libraries only where it believes it runs on Amazon Linux 2023.
        subprocess.run(
            ["node", "-e", f"require({name!r}).executablePath().then(p => console.log(p))"],
            env=dict(
                os.environ, NODE_PATH=str(modules), TMPDIR=str(partial), AWS_EXECUTION_ENV="AWS_Lambda_nodejs20.x"
            ),
            check=True,
            capture_output=True,
        )
        shutil.rmtree(unpacked, ignore_errors=True)
        partial.rename(unpacked)
    libraries = [str(unpacked / "al2023" / "lib"), *filter(None, os.environ.get("LD_LIBRARY_PATH", "").split(":"))]
    env = dict(os.environ, LD_LIBRARY_PATH=":".join(libraries), FONTCONFIG_PATH=str(unpacked / "fonts"))
    return str(unpacked / "chromium"), env


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
    """Chromium driven by Playwright (``find_chromium``: never a browser
    vendor's download).  One per test module: Playwright's threads must be
    gone before tests that fork (``builder.parallel`` forks only a
    single-threaded process)."""
    from playwright.sync_api import sync_playwright

    executable, env = find_chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, env=env)
        yield b
        b.close()


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of this repository's example journal and mkdocs.yml."""
    root = tmp_path / "example"
    root.mkdir()
    shutil.copytree(REPO / "journal", root / "journal")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root
