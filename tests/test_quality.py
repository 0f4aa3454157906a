"""The code stays ruff- and mypy-clean, and the README documents the format."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from builder import format as fmt
from tests.conftest import REPO


def _tool(name: str) -> list[str]:
    exe = shutil.which(name, path=str(REPO / ".venv" / "bin")) or shutil.which(name)
    if exe is None:
        pytest.fail(f"{name} is not installed: install the test extra (pip install -e '.[test]')")
    return [exe]


def test_ruff() -> None:
    result = subprocess.run([*_tool("ruff"), "check", "."], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _section(readme: str, title: str) -> str:
    start = readme.index(title)
    nxt = readme.find("\n### ", start + len(title))
    return readme[start : nxt if nxt > 0 else len(readme)]


@pytest.mark.parametrize(
    ("title", "schema"),
    [
        ("### `journal/plan.yml`", fmt.PLAN),
        ("### `journal/contacts/<slug>.md`", fmt.CONTACT),
        ("### `journal/organizations/<slug>.md`", fmt.ORGANIZATION),
        ("### `journal/events/<slug>.md`", fmt.EVENT),
        ("### `journal/reflections/<slug>.md`", fmt.REFLECTION),
        ("### `journal/sources.yml`", fmt.SOURCE),
    ],
)
def test_readme_documents_every_key(title: str, schema: fmt.Map) -> None:
    section = _section((REPO / "README.md").read_text(encoding="utf-8"), title)
    keys = set(schema.fields)
    if schema is fmt.PLAN:
        keys |= set(fmt.GOAL.fields)
    if schema is fmt.CONTACT:
        keys |= set(fmt.INTERACTION.fields) | set(fmt.LINKS.fields)
    missing = sorted(k for k in keys if not re.search(rf"`{re.escape(k)}`", section))
    assert not missing, f"README section {title} does not document: {missing}"


def test_readme_documents_every_enum_value() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for values in (
        fmt.RELATIONSHIPS,
        fmt.CHANNELS,
        fmt.ORGANIZATION_KINDS,
        fmt.EVENT_KINDS,
        fmt.EVENT_STATUSES,
        fmt.SOURCE_KINDS,
        fmt.GOAL_COUNTS,
        fmt.GOAL_PERIODS,
    ):
        for value in values:
            assert f"`{value}`" in readme, value
