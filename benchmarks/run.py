"""Benchmark the journal at career scale, against floors measured in the same run.

    python benchmarks/run.py [--people 10000] [--entries 20000] [--commits 300] [--keep DIR]
                             [--repeat 3] [--rounds N] [--serve] [--skip-mkdocs]

It generates a synthetic journal (fixed seed; ``--entries`` are split evenly
between events and reflections), then times each step in a fresh process and
records its peak memory:

- the floor: reading every entry and parsing its front matter with
  ``yaml.CSafeLoader``, nothing else;
- ``journal check``: cold (no cache), warm (nothing changed), after one edit;
- the builder alone: load, validate, compute and render every page in memory;
- a plain MkDocs build of as many small Markdown pages (kept out of the
  navigation, same ``mkdocs.yml``): the floor of any site built with MkDocs;
- reading the git history (``--commits``, 300 by default: the synthetic
  journal becomes a repository with scripted commits), and again with what
  the commits say kept from the last read (``build/cache/history.pickle``);
- ``journal build``: the whole site (no cache yet), then again after one
  edit, then the next day with nothing edited (both convert only what
  changed: ``builder.sitecache``), as ratios to the whole build;
- with ``--serve``: ``journal serve``, and how long an edit to one contact
  takes to appear in the served page.

and prints a table with each step's ratio to its floor.  The fast steps
(up to the git history) run ``--repeat`` times and show their median run.
The slow ones (a whole build, plain MkDocs, one edit, the next day) run
``--rounds`` times, in that order each round (a 100 s build on a shared
machine moves by a tenth from one run to the next); the table shows each
one's median, and each round's ratios are printed below it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(REPO))

from benchmarks.generate import generate  # noqa: E402
from benchmarks.gitrepo import make_history  # noqa: E402

TODAY = "2026-11-27"
NEXT_DAY = "2026-11-28"

# Each step runs as `python -c CHILD <step> <root> [...]` and prints JSON.
CHILD = textwrap.dedent(
    """
    import json, os, resource, sys, time
    from pathlib import Path
    step, root = sys.argv[1], Path(sys.argv[2])
    start = time.perf_counter()
    if step == "floor":
        import yaml
        for directory, _, names in os.walk(root / "journal"):
            for name in names:
                if name.endswith(".md"):
                    text = Path(directory, name).read_text(encoding="utf-8")
                    end = text.index("\\n---", 3)
                    yaml.load(text[4:end], Loader=yaml.CSafeLoader)
    elif step == "check":
        from builder.cli import main
        main(["check", "--root", str(root)])
    elif step in ("followups", "next"):  # the cold command, as a person runs it, its output thrown away
        import contextlib
        from builder.cli import main
        with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
            code = main([step, "--root", str(root), "--today", sys.argv[3], "--json"])
        assert code == 0, code
    elif step == "history":
        from builder.history import read_history
        history = read_history(root)
        assert history.available and len(history.commits) > 10, history.warning
    elif step == "builder":  # as `journal build` runs it: no cyclic GC in a batch run (builder.cli)
        import gc
        gc.disable()
        from datetime import date
        from builder.build import site_files
        from builder.check import check
        journal, _ = check(root)
        files = site_files(journal, date.fromisoformat(sys.argv[3]))
        assert len(files) > 10
    elif step == "build":
        from builder.cli import main
        code = main(["build", "--root", str(root), "--today", sys.argv[3]])
        assert code == 0, code
    elif step == "mkdocs":
        import subprocess
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")]
        subprocess.run(command, check=True, env=env)
    seconds = time.perf_counter() - start
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": max(me, children) / 1024}))
    """
)


def run(step: str, root: Path, *extra: str) -> dict[str, float]:
    """One step in a fresh process: its seconds and peak memory (MB)."""
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-c", CHILD, step, str(root), *extra],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"step {step} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    line = result.stdout.strip().splitlines()[-1]
    return dict(json.loads(line))


def median(times: int, step: Callable[[], dict[str, float]]) -> dict[str, float]:
    """The run of ``step`` with the median time out of ``times`` (a shared
    machine is noisy)."""
    return middle([step() for _ in range(times)])


def middle(results: list[dict[str, float]]) -> dict[str, float]:
    """The run with the median time (of the rounds of a slow step)."""
    return sorted(results, key=lambda r: r["seconds"])[len(results) // 2]


def edit_one_contact(root: Path, n: int) -> Path:
    """Change one contact's role (a real edit: size and contents change)."""
    path = sorted((root / "journal" / "contacts").glob("*.md"))[7]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^role: .*$", f"role: Benchmark edit {n}", text, count=1, flags=re.M), encoding="utf-8")
    return path


def plain_site(root: Path, pages: int, size: int) -> Path:
    """A folder with ``pages`` plain Markdown pages of about ``size`` bytes,
    kept out of the navigation, and this repository's mkdocs.yml."""
    plain = root.parent / f"{root.name}-plain"
    if plain.exists():
        shutil.rmtree(plain)
    docs = plain / "docs"
    (docs / "pages").mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?ms)^nav:.*?^(?=\\S)", "nav:\n  - Home: index.md\n\n", config)
    config = re.sub(r"(?ms)^not_in_nav:.*?^(?=\\S)", "not_in_nav: |\n  /pages/\n\n", config)
    config = config.replace("docs_dir: build/docs", "docs_dir: docs").replace(
        "extra_css:\n  - assets/journal.css\n", ""
    )
    (plain / "mkdocs.yml").write_text(config, encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\nPlain pages.\n", encoding="utf-8")
    filler = "A plain sentence about a person, an event or what was learned there. "
    for i in range(pages):
        body = [f"# Page {i}", "", filler * max(1, size // (2 * len(filler))), "", "| a | b |", "| --- | --- |"]
        body += [f"| [page {j}](page-{j}.md) | row |" for j in ((i + 1) % pages, (i + 2) % pages)]
        (docs / "pages" / f"page-{i}.md").write_text("\n".join(body) + "\n", encoding="utf-8")
    return plain


def serve_edit(root: Path) -> dict[str, float]:
    """Start journal serve, then time how long an edit takes to show in the served page."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "builder",
            "serve",
            "--root",
            str(root),
            "--today",
            TODAY,
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    path = sorted((root / "journal" / "contacts").glob("*.md"))[7]
    url = f"http://127.0.0.1:{port}/people/{path.stem}/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    try:
        started = time.perf_counter()
        while not page():
            time.sleep(0.5)
        startup = time.perf_counter() - started
        time.sleep(2)
        times = []
        for n in (101, 102, 103):
            edit_one_contact(root, n)
            t = time.perf_counter()
            while f"Benchmark edit {n}" not in page():
                time.sleep(0.05)
            times.append(time.perf_counter() - t)
            time.sleep(1)
        return {"startup": startup, "edit": sorted(times)[1]}
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    """Generate (or reuse) the journal, run every step, print the table."""
    ap = argparse.ArgumentParser(description="Benchmark the journal at career scale.")
    ap.add_argument("--people", type=int, default=10_000)
    ap.add_argument("--entries", type=int, default=20_000, help="events and reflections, half each")
    ap.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    ap.add_argument("--commits", type=int, default=300, help="git history to give the journal (0: none)")
    ap.add_argument("--skip-mkdocs", action="store_true", help="only the builder's own steps")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each fast step (the median is shown)")
    ap.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="rounds of the slow steps (whole build, plain MkDocs, one edit, next day); the median is shown",
    )
    ap.add_argument("--serve", action="store_true", help="also time journal serve (slow: it builds the site first)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "journal"
        if not (root / "journal").exists():
            generate(root, args.people, args.entries // 2, args.entries - args.entries // 2, 300, seed=1)
            if args.commits:
                make_history(root, args.commits)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        for leftover in ("build", "site"):
            shutil.rmtree(root / leftover, ignore_errors=True)
        rows: list[tuple[str, dict[str, float], str | None]] = []
        repeat = max(1, args.repeat)

        def cold_check() -> dict[str, float]:
            shutil.rmtree(root / "build" / "cache", ignore_errors=True)
            return run("check", root)

        edits = iter(range(1000, 2000))

        def edited_check() -> dict[str, float]:
            edit_one_contact(root, next(edits))
            return run("check", root)

        floor = median(repeat, lambda: run("floor", root))
        rows.append(("floor: read + CSafeLoader", floor, "floor"))
        rows.append(("journal check, cold", median(repeat, cold_check), "floor"))
        rows.append(("journal check, warm", median(repeat, lambda: run("check", root)), "floor"))
        rows.append(("journal check, one edit", median(repeat, edited_check), "floor"))
        rows.append(("builder alone (no MkDocs)", median(repeat, lambda: run("builder", root, TODAY)), "floor"))
        followups = median(repeat, lambda: run("followups", root, TODAY))
        rows.append(("journal followups --json", followups, "floor"))
        rows.append(("journal next --json", median(repeat, lambda: run("next", root, TODAY)), "followups"))
        if (root / ".git").exists():

            def cold_history() -> dict[str, float]:
                (root / "build" / "cache" / "history.pickle").unlink(missing_ok=True)
                return run("history", root)

            name = f"read the git history ({args.commits} commits)"
            rows.append((name, median(repeat, cold_history), "floor"))
            rows.append(("read the git history, kept", median(repeat, lambda: run("history", root)), "floor"))
        baseline = build = None
        spread: list[str] = []
        if not args.skip_mkdocs:
            plain: Path | None = None
            rounds: dict[str, list[dict[str, float]]] = {"full": [], "mkdocs": [], "edit": [], "next": []}
            for n in range(max(1, args.rounds)):
                for leftover in ("build", "site"):
                    shutil.rmtree(root / leftover, ignore_errors=True)
                rounds["full"].append(run("build", root, TODAY))
                if plain is None:
                    pages = [p for p in (root / "build" / "docs").rglob("*.md")]
                    size = sum(p.stat().st_size for p in pages) // max(1, len(pages))
                    plain = plain_site(root, len(pages), size)
                rounds["mkdocs"].append(run("mkdocs", plain))
                edit_one_contact(root, 2 + n)
                rounds["edit"].append(run("build", root, TODAY))
                rounds["next"].append(run("build", root, NEXT_DAY))
                last = {step: results[-1]["seconds"] for step, results in rounds.items()}
                full, floor_mkdocs, edited, next_day = last["full"], last["mkdocs"], last["edit"], last["next"]
                spread.append(
                    f"round {n + 1}: full {full / floor_mkdocs:.2f} × MkDocs, "
                    f"one edit {edited / full:.2f} × full, next day {next_day / full:.2f} × full"
                )
            build, baseline = middle(rounds["full"]), middle(rounds["mkdocs"])
            rows.append((f"plain MkDocs, {len(pages)} pages", baseline, "mkdocs"))
            rows.append(("journal build, full", build, "mkdocs"))
            rows.append(("journal build, one edit", middle(rounds["edit"]), "full build"))
            rows.append(("journal build, next day", middle(rounds["next"]), "full build"))
            html = list((root / "site").rglob("*.html"))
            average = sum(p.stat().st_size for p in html) / max(1, len(html)) / 1024
            index = root / "site" / "search" / "search_index.json"
            index_mb = index.stat().st_size / 2**20 if index.exists() else 0.0
            if plain is not None:
                shutil.rmtree(plain, ignore_errors=True)
        serve = serve_edit(root) if args.serve and not args.skip_mkdocs else None
    print(f"{args.people} people, {args.entries} events and reflections ({TODAY})\n")
    print(f"| {'step':<34} | {'seconds':>8} | {'ratio':>14} | {'peak MB':>8} |")
    print(f"| {'-' * 34} | {'-' * 8}: | {'-' * 14}: | {'-' * 8}: |")
    for name, result, against in rows:
        ratio = ""
        if against == "floor":
            ratio = f"{result['seconds'] / floor['seconds']:.2f} × floor"
        elif against == "followups":
            ratio = f"{result['seconds'] / followups['seconds']:.2f} × followups"
        elif against == "mkdocs" and baseline is not None:
            ratio = f"{result['seconds'] / baseline['seconds']:.2f} × MkDocs"
        elif against == "full build" and build is not None:
            ratio = f"{result['seconds'] / build['seconds']:.2f} × full"
        print(f"| {name:<34} | {result['seconds']:>8.2f} | {ratio:>14} | {result['peak_mb']:>8.0f} |")
    if not args.skip_mkdocs:
        if len(spread) > 1:
            print("\n" + "\n".join(spread))
        print(f"\naverage HTML page: {average:.1f} KB")
        print(f"search index: {index_mb:.1f} MB (a phone loads all of it before its first search)")
    if serve is not None:
        print(
            f"journal serve: first build {serve['startup']:.1f} s; "
            f"an edit to one contact shows after {serve['edit']:.2f} s"
        )


if __name__ == "__main__":
    main()
