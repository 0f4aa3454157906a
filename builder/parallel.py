"""Using every core for work that is pure: loading entry files, rendering pages.

``fork_map`` runs a function over a list of items in this process and in
forked copies of it.  The copies share what was gathered before the fork
(the journal, the build's context) without pickling it; each item's result
comes back pickled.  Items are handed out one by one from a shared counter,
so a process that is slower (it also pickles what it made) simply takes
fewer, and every core finishes at about the same time.

Results come back in the order of the items, so the outcome is the same as
``[fn(item) for item in items]``, which is what runs where forking is not
safe or possible (Windows, macOS, a process with other threads), on one
core, or for a single item.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_PROCESSES = 8


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether work can be shared with forked processes here: two cores or
    more, and only this thread (a fork copies locks that other threads may
    hold, such as logging's; ``journal serve`` forks for its first build,
    before it starts serving, and works alone afterwards)."""
    return (
        cores() >= 2
        and "fork" in multiprocessing.get_all_start_methods()
        and sys.platform != "darwin"  # system libraries there are not safe to fork (Python spawns instead)
        and threading.active_count() == 1
    )


def fork_map(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[fn(item) for item in items]``, computed by this process and one
    forked process per further core.  ``fn`` must be pure: what it changes in
    a forked process is lost.  An exception in a forked process is raised
    here as ``WorkerError`` with its traceback; an ``OSError`` (a full disk)
    as the same ``OSError``, so that it reads the same from any process."""
    helpers = min(cores(), MAX_PROCESSES, len(items)) - 1
    if helpers < 1 or not can_fork():
        return [fn(item) for item in items]
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)

    def take() -> int:
        with counter.get_lock():
            index = int(counter.value)
            counter.value = index + 1
        return index

    def helper(conn: Any) -> None:
        done: list[tuple[int, bytes]] = []
        try:
            while (index := take()) < len(items):
                done.append((index, pickle.dumps(fn(items[index]), protocol=pickle.HIGHEST_PROTOCOL)))
            conn.send(("ok", done))
        except OSError as exc:  # a full disk, say: the parent raises the same error
            conn.send(("oserror", (exc.errno, exc.strerror, exc.filename)))
        except BaseException:  # reported to the parent, which raises it
            conn.send(("error", traceback.format_exc()))
        finally:
            conn.close()

    workers = []
    for _ in range(helpers):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=helper, args=(send,), daemon=True)
        process.start()
        send.close()
        workers.append((process, receive))
    results: dict[int, R] = {}
    try:
        try:
            while (index := take()) < len(items):
                results[index] = fn(items[index])
        except BaseException:
            with counter.get_lock():  # the workers stop taking items
                counter.value = len(items)
            raise
        for process, receive in workers:
            try:
                status, payload = receive.recv()
            except EOFError:
                raise WorkerError(
                    f"a worker process ended without its results (exit code {process.exitcode})"
                ) from None
            if status == "oserror":
                raise OSError(*payload)
            if status != "ok":
                raise WorkerError(f"a worker process failed:\n{payload}")
            for index, data in payload:
                results[index] = pickle.loads(data)
    finally:
        for process, receive in workers:
            receive.close()
            process.join()
    return [results[index] for index in range(len(items))]


class WorkerError(RuntimeError):
    """A forked worker failed; the message holds its traceback."""
