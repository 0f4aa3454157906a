"""Snapshot tests: every file the builder generates for the example journal,
with today fixed, in the full and public builds and in Indonesian.

The expected files live in ``tests/snapshots/<case>/`` so a change to the
output shows up as a reviewable diff.  After an intended change, rewrite
them with ``UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_snapshots.py``
and read the diff before committing it.
"""

from __future__ import annotations

import difflib
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from builder.build import site_files
from builder.check import check
from builder.render.context import RenderOptions

REPO = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
TODAY = date(2026, 11, 27)
CASES = {
    "full-en": RenderOptions(),
    "public-en": RenderOptions(public=True),
    "full-id": RenderOptions(language="id"),
}


def rendered(options: RenderOptions) -> dict[str, str]:
    """The example journal's generated text files (assets are shipped, not generated)."""
    journal, diagnostics = check(REPO)
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    files = site_files(journal, TODAY, options)
    return {path: content for path, content in files.items() if isinstance(content, str)}


@pytest.mark.parametrize("case", sorted(CASES))
def test_generated_files_match_the_snapshot(case: str) -> None:
    actual = rendered(CASES[case])
    folder = SNAPSHOTS / case
    if os.environ.get("UPDATE_SNAPSHOTS"):
        shutil.rmtree(folder, ignore_errors=True)
        for path, content in actual.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8"))
    expected = {
        p.relative_to(folder).as_posix(): p.read_bytes().decode("utf-8") for p in folder.rglob("*") if p.is_file()
    }
    assert sorted(actual) == sorted(expected), "pages added or removed: rerun with UPDATE_SNAPSHOTS=1 if intended"
    changed = [path for path in sorted(actual) if actual[path] != expected[path]]
    diff = "".join(
        "".join(
            difflib.unified_diff(
                expected[path].splitlines(keepends=True),
                actual[path].splitlines(keepends=True),
                f"snapshot/{path}",
                f"rendered/{path}",
            )
        )
        for path in changed[:3]
    )
    assert not changed, f"{len(changed)} files differ (UPDATE_SNAPSHOTS=1 rewrites them):\n{diff[:6000]}"
