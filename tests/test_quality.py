"""The code stays ruff- and mypy-clean, and the format reference (`journal help format`) documents the format."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from builder import format as fmt
from builder.reference import reference
from tests.conftest import REPO

FORMAT = REPO / "builder" / "reference" / "format.md"  # the single source; the README points to it


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


def _section(text: str, title: str) -> str:
    start = text.index(title)
    nxt = text.find("\n## ", start + len(title))
    return text[start : nxt if nxt > 0 else len(text)]


@pytest.mark.parametrize(
    ("title", "schema"),
    [
        ("## `journal/plan.yml`", fmt.PLAN),
        ("## `journal/contacts/<slug>.md`", fmt.CONTACT),
        ("## `journal/organizations/<slug>.md`", fmt.ORGANIZATION),
        ("## `journal/events/<slug>.md`", fmt.EVENT),
        ("## `journal/reflections/<slug>.md`", fmt.REFLECTION),
        ("## `journal/sources.yml`", fmt.SOURCE),
    ],
)
def test_reference_documents_every_key(title: str, schema: fmt.Map) -> None:
    section = _section(FORMAT.read_text(encoding="utf-8"), title)
    keys = set(schema.fields)
    if schema is fmt.PLAN:
        keys |= set(fmt.GOAL.fields)
    if schema is fmt.CONTACT:
        keys |= set(fmt.INTERACTION.fields) | set(fmt.LINKS.fields)
    missing = sorted(k for k in keys if not re.search(rf"`{re.escape(k)}`", section))
    assert not missing, f"format.md section {title} does not document: {missing}"


def test_reference_documents_every_enum_value() -> None:
    text = FORMAT.read_text(encoding="utf-8")
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
            assert f"`{value}`" in text, value


def test_the_reference_is_what_journal_help_prints() -> None:
    assert reference("format") == FORMAT.read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "builder/reference/format.md" in readme and "### `journal/plan.yml`" not in readme
