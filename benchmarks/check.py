"""Time ``journal check`` on a synthetic journal against the parsing floor.

    python -m benchmarks.check [--people 10000] [--events 10000] [--reflections 10000] [--keep DIR]

The floor is what no checker can beat: reading every entry file and parsing
its front matter with PyYAML's C loader, nothing else.  Both are measured in
the same run, on the same files, so the ratio means something on any machine.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.generate import generate
from builder.cli import check_journal
from builder.diagnostics import has_errors


def floor(root: Path) -> float:
    """Seconds to read every entry and parse its front matter with CSafeLoader."""
    start = time.perf_counter()
    for directory, _, names in os.walk(root / "journal"):
        for name in names:
            if name.endswith(".md"):
                text = Path(directory, name).read_text(encoding="utf-8")
                end = text.index("\n---", 3)
                yaml.load(text[4:end], Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def check(root: Path) -> float:
    """Seconds for a full ``journal check`` (load and validate)."""
    start = time.perf_counter()
    diagnostics = check_journal(root)
    elapsed = time.perf_counter() - start
    if has_errors(diagnostics):
        raise SystemExit(f"the synthetic journal has errors: {diagnostics[:3]}")
    return elapsed


def main() -> None:
    """Generate the journal (unless kept from an earlier run) and time both."""
    ap = argparse.ArgumentParser(description="Time journal check against the parsing floor.")
    ap.add_argument("--people", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--reflections", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        if not (root / "journal").exists():
            generate(root, args.people, args.events, args.reflections, 300, seed=1)
        files = args.people + args.events + args.reflections
        f = floor(root)
        c = check(root)
        print(f"{'what':<28}{'seconds':>10}{'x floor':>10}")
        print(f"{'floor (read + CSafeLoader)':<28}{f:>10.2f}{1:>10.2f}")
        print(f"{'journal check':<28}{c:>10.2f}{c / f:>10.2f}")
        print(f"{files} entries; {1e6 * c / files:.0f} µs per entry for check")


if __name__ == "__main__":
    main()
