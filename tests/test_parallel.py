"""Work shared with forked processes gives exactly what one process gives."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from builder import load as load_module
from builder.build import render_site
from builder.check import check
from builder.parallel import WorkerError, can_fork, fork_map
from builder.render.context import RenderOptions
from tests.conftest import write_journal

REPO = Path(__file__).resolve().parent.parent
needs_fork = pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")


def _square(x: int) -> int:
    return x * x


def test_results_in_the_order_of_the_items() -> None:
    items = list(range(500))
    assert fork_map(_square, items) == [x * x for x in items]
    assert fork_map(_square, []) == []
    assert fork_map(_square, [3]) == [9]


@needs_fork
def test_work_is_shared_with_another_process() -> None:
    def pid(x: int) -> int:
        time.sleep(0.01)
        return os.getpid()

    assert len(set(fork_map(pid, list(range(40))))) > 1


def test_no_fork_while_other_threads_run() -> None:
    import threading

    done = threading.Event()
    thread = threading.Thread(target=done.wait)
    thread.start()
    try:
        assert not can_fork()
        assert set(fork_map(lambda x: os.getpid(), list(range(10)))) == {os.getpid()}
    finally:
        done.set()
        thread.join()


@needs_fork
def test_a_failing_worker_is_reported_with_its_traceback() -> None:
    parent = os.getpid()

    def fails_in_a_worker(x: int) -> int:
        time.sleep(0.01)  # slow enough that the worker gets items too
        if os.getpid() != parent:
            raise ValueError(f"broken item {x}")
        return x

    with pytest.raises(WorkerError, match=r"(?s)Traceback.*ValueError: broken item"):
        fork_map(fails_in_a_worker, list(range(50)))


def test_a_failure_here_is_raised_as_itself() -> None:
    def fails(x: int) -> int:
        time.sleep(0.01)
        raise KeyError(x)

    with pytest.raises((KeyError, WorkerError)):
        fork_map(fails, list(range(20)))


@needs_fork
def test_loading_on_every_core_gives_the_same_journal_and_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        f"contacts/p{i}.md": f"---\nname: Person {i}\ntopics: [t{i % 7}]\n---\nNotes [[p{i + 1}]].\n" for i in range(60)
    }
    files["contacts/bad.md"] = "---\nname: [unclosed\n---\n"
    files["events/2026-01-01-x.md"] = "---\ntitle: X\nstart: 2026-13-01\npeople: [p1, nobody]\n---\n"
    files["reflections/2026-01-02-r.md"] = (
        "---\ndate: 2026-01-02\ntitle: R\npeople: [p2]\n---\n- [ ] ask [[p3]] due:2026-02-01\n"
    )
    write_journal(tmp_path, files)
    monkeypatch.setattr(load_module, "PARALLEL_FROM", 10**9)
    serial = check(tmp_path)
    monkeypatch.setattr(load_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(load_module, "CHUNK", 3)
    parallel = check(tmp_path)
    assert serial[1], "the journal has problems to compare"
    assert parallel == serial


def test_rendering_on_every_core_gives_the_same_pages() -> None:
    journal, _ = check(REPO)
    for options in (RenderOptions(), RenderOptions(public=True), RenderOptions(split_at=3)):
        today = date(2026, 11, 27)
        assert render_site(journal, today, options, parallel=True) == render_site(
            journal, today, options, parallel=False
        )


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@needs_fork
def test_mkdocs_on_every_core_makes_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from builder import sitegen
    from builder.cli import main

    root = tmp_path / "example"
    root.mkdir()
    shutil.copytree(REPO / "journal", root / "journal")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    assert main(["build", "--root", str(root), "--today", "2026-11-27"]) == 0
    one = _tree(root / "site")
    assert "search/search_index.json" in one and len(one) > 100
    monkeypatch.setattr(sitegen, "PARALLEL_FROM", 1)
    monkeypatch.setattr(sitegen, "CHUNK", 7)
    shutil.rmtree(root / "site")
    assert main(["build", "--root", str(root), "--today", "2026-11-27"]) == 0
    assert _tree(root / "site") == one
