"""``journal init``: a new journal repository, ready to build and to publish.

The files live in ``scaffold/files`` (always written) and
``scaffold/examples`` (one example of each entry kind, left out with
``empty``); names starting with ``dot-`` are written with a leading dot
(``dot-gitignore`` → ``.gitignore``) so that packaging tools do not skip
them.  Two placeholders are filled in, in names and contents alike:
``{date-3}`` (today minus three days: examples dated relative to today show
a sensible dashboard, never a backlog of overdue follow-ups) and
``{builder_source}`` (the pip requirement the publishing workflow installs
the builder from).  Nothing that exists is ever overwritten.

Then the folder becomes a git repository with a first commit, since the site
reads its history from git; git problems are notes for the person, never
errors, because the files are written and usable either way.
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit
from urllib.request import url2pathname

from builder import __version__
from builder.git import GitError, GitNotInstalled, first_line, run_raw
from builder.values import find_control

DISTRIBUTION = "networking-journal"
COMMIT_MESSAGE = "A new networking journal (journal init)"
EXAMPLE_REQUIREMENT = f"{DISTRIBUTION} @ git+https://github.com/OWNER/REPO@TAG"
_PLACEHOLDER = re.compile(r"\{(builder_source|date[+-]\d+)\}")
# git@github.com:owner/repo.git and ssh://git@github.com/owner/repo: GitHub's
# own https address of the same repository is known, so it can be written.
_GITHUB_SSH = re.compile(r"^(?:ssh://)?[\w.-]+@github\.com[:/](?P<path>[^:].*)$")


class ScaffoldError(Exception):
    """The new journal cannot be written where asked."""


@dataclass(frozen=True, slots=True)
class Initialized:
    """What ``journal init`` did, for the command to tell the person."""

    written: tuple[str, ...]  # paths written, relative to the target, sorted
    commit: str | None  # the first commit's sha; None when nothing was committed
    notes: tuple[str, ...]  # one line each: what the person must know or do
    next_steps: tuple[str, ...]  # one line each, with the exact command for this target


def _files(node: Traversable, prefix: str = "") -> list[tuple[str, bytes]]:
    out = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name == "__pycache__":
            continue
        name = "." + child.name[4:] if child.name.startswith("dot-") else child.name
        rel = f"{prefix}{name}"
        if child.is_dir():
            out.extend(_files(child, rel + "/"))
        else:
            out.append((rel, child.read_bytes()))
    return out


def _fill(text: str, today: date, builder_source: str) -> str:
    """``text`` with its placeholders replaced."""

    def value(match: re.Match[str]) -> str:
        name = match[1]
        if name == "builder_source":
            return builder_source
        return (today + timedelta(days=int(name[4:]))).isoformat()

    return _PLACEHOLDER.sub(value, text)


def scaffold_files(today: date, *, empty: bool = False, builder_source: str) -> list[tuple[str, bytes]]:
    """The files of a new journal, (relative path, content), sorted by path;
    the examples are dated relative to ``today`` and left out when ``empty``.
    """
    root = resources.files(__name__)
    found = dict(_files(root.joinpath("files")))
    if not empty:
        found.update(_files(root.joinpath("examples")))  # the examples' sources.yml has an example source
    out = []
    for rel, data in found.items():
        filled = _fill(data.decode("utf-8"), today, builder_source)
        out.append((_fill(rel, today, builder_source), filled.encode("utf-8")))
    return sorted(out)


def _write(target: Path, files: list[tuple[str, bytes]]) -> None:
    """Write every file, or none: refused before writing anything when one
    exists, and undone when writing fails halfway (a full disk, no permission).
    """
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} is not a folder; nothing was written")
    clashes = [rel for rel, _ in files if (target / rel).exists() or (target / rel).is_symlink()]
    # a file where the journal needs a folder (journal, .github...) is in the way too
    clashes += sorted(
        {p.relative_to(target).as_posix() for rel, _ in files for p in (target / rel).parents if p.is_file()}
    )
    if clashes:
        raise ScaffoldError(f"{target} already has {', '.join(clashes[:3])}; nothing was written")
    made_dirs: list[Path] = []
    made_files: list[Path] = []
    path = target
    try:
        for rel, data in files:
            path = target / rel
            missing = [p for p in path.parents if not p.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.extend(reversed(missing))
            with path.open("xb") as out:  # "x": never over a file made meanwhile
                made_files.append(path)
                out.write(data)
    except OSError as exc:
        for made in reversed(made_files):
            with contextlib.suppress(OSError):
                made.unlink()
        for folder in reversed(made_dirs):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise ScaffoldError(f"cannot write {path}: {exc.strerror or exc}; nothing was written") from None


def _checked_requirement(requirement: str) -> str:
    """``requirement`` as one line of requirements.txt, or ``ScaffoldError``."""
    line = requirement.strip()
    if not line or line.startswith("#") or find_control(line) is not None:
        raise ScaffoldError(
            "the builder source must be one pip requirement on one line, "
            f"e.g. '{EXAMPLE_REQUIREMENT}'; nothing was written"
        )
    return line


def _local_source_note(requirement: str) -> str | None:
    """A warning when ``requirement`` names something on this machine."""
    where = requirement.split(" @ ", 1)[-1].strip()
    for prefix in ("git+", "hg+", "svn+", "bzr+"):
        where = where.removeprefix(prefix)
    if where.startswith(("file:", "/", "./", "../", "~", "\\")) or re.match(r"^[A-Za-z]:[\\/]", where):
        return (
            f"the builder source '{requirement}' is on this machine, which GitHub cannot reach: the publishing "
            f"workflow cannot install the builder until requirements.txt names a repository or package index it "
            f"can reach (e.g. '{EXAMPLE_REQUIREMENT}')"
        )
    return None


def _https(url: str) -> str | None:
    """``url`` as an https address without credentials, or ``None`` when it
    has none that is known (only GitHub's ssh addresses are converted).
    """
    url = url.strip()
    ssh = _GITHUB_SSH.match(url)
    if ssh:
        url = f"https://github.com/{ssh['path'].lstrip('/')}"
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]  # never write a token or password into the journal
    return urlunsplit(("https", host, parts.path, parts.query, ""))


def _git_text(folder: Path, args: list[str]) -> str | None:
    """The output of git in ``folder``, stripped; ``None`` when it fails."""
    try:
        done = run_raw(folder, args)
    except GitError:
        return None
    return done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else None


def _from_folder(folder: Path, subdirectory: str) -> tuple[str, str | None]:
    """The requirement for a builder installed from a folder on this machine:
    its repository's https ``origin`` at its HEAD commit, else the folder.
    """
    top = _git_text(folder, ["rev-parse", "--show-toplevel"])
    origin = _git_text(folder, ["config", "--get", "remote.origin.url"]) if top else None
    https = _https(origin) if origin else None
    head = _git_text(folder, ["rev-parse", "--verify", "HEAD^{commit}"]) if https else None
    if top and https and head:
        inner = folder.resolve().relative_to(Path(top).resolve()).as_posix()
        sub = "/".join(part for part in (inner if inner != "." else "", subdirectory) if part)
        fragment = f"#subdirectory={sub}" if sub else ""
        note = (
            f"requirements.txt names commit {head[:12]} of {https}, the origin of the builder's folder {folder}: "
            "push it there before the publishing workflow runs"
        )
        if _git_text(Path(top), ["status", "--porcelain", "--untracked-files=no"]):
            note += " (the folder's uncommitted changes are not part of it)"
        return f"{DISTRIBUTION} @ git+{https}@{head}{fragment}", note
    fragment = f"#subdirectory={subdirectory}" if subdirectory else ""
    return f"{DISTRIBUTION} @ {folder.as_uri()}{fragment}", (
        f"the builder was installed from the folder {folder}, which GitHub cannot reach, so the publishing "
        f"workflow cannot install it: re-run journal init with --builder-source (e.g. '{EXAMPLE_REQUIREMENT}'), "
        "or edit requirements.txt"
    )


def _installed() -> metadata.Distribution | None:
    """The installed builder's metadata.  A source checkout's ``*.egg-info``
    on ``sys.path`` can shadow the installed one and says nothing of how the
    builder was installed, so the one with ``direct_url.json`` comes first.
    """
    found = list(metadata.distributions(name=DISTRIBUTION))
    return next((d for d in found if d.read_text("direct_url.json")), found[0] if found else None)


def default_builder_source() -> tuple[str, str | None]:
    """The pip requirement that installs this very builder elsewhere, read
    from how it was installed (PEP 610 ``direct_url.json``), and a note when
    the person must do something for GitHub to install it.  No address is
    ever guessed: a source that GitHub cannot reach is written as it is,
    with a note saying so.
    """
    dist = _installed()
    if dist is None:  # run from a source tree that was never installed
        folder = Path(__file__).resolve().parents[2]
        if (folder / "pyproject.toml").is_file():
            return _from_folder(folder, "")
        return f"{DISTRIBUTION}=={__version__}", None
    raw = dist.read_text("direct_url.json")
    if not raw:
        return f"{DISTRIBUTION}=={dist.version}", None  # from a package index
    try:
        info = json.loads(raw)
        url = str(info["url"])
    except (ValueError, KeyError, TypeError):
        return f"{DISTRIBUTION}=={dist.version}", "cannot tell how the builder was installed: check requirements.txt"
    subdirectory = str(info.get("subdirectory") or "")
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict):
        https = _https(url)
        fragment = f"#subdirectory={subdirectory}" if subdirectory else ""
        requirement = f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{https or url}@{vcs.get('commit_id', '')}{fragment}"
        if https:
            return requirement, None
        return requirement, (
            f"the builder was installed from {url}, which GitHub may not reach: check requirements.txt "
            f"(e.g. '{EXAMPLE_REQUIREMENT}')"
        )
    if isinstance(info.get("archive_info"), dict):
        archive = info["archive_info"]
        hashes = archive.get("hashes") if isinstance(archive.get("hashes"), dict) else {}
        pins = [f"sha256={hashes['sha256']}"] if "sha256" in hashes else []
        fragment = "&".join([*pins, *([f"subdirectory={subdirectory}"] if subdirectory else [])])
        requirement = f"{DISTRIBUTION} @ {_https(url) or url}{'#' + fragment if fragment else ''}"
        return requirement, _local_source_note(requirement)
    parts = urlsplit(url)
    if parts.scheme == "file":
        return _from_folder(Path(url2pathname(unquote(parts.path))), subdirectory)
    return f"{DISTRIBUTION} @ {url}", _local_source_note(url)


def _commit(target: Path, written: Iterable[str]) -> tuple[str | None, list[str]]:
    """Make ``target`` a git repository holding ``written`` in a first commit:
    the commit's sha, or ``None`` and notes saying what to do instead.
    """
    shown = str(target)
    yourself = f"then in {shown} run git init, git add -A and git commit"
    try:
        inside = run_raw(target, ["rev-parse", "--show-toplevel"])
    except GitNotInstalled:
        return None, [f"git is not installed: the site's history and dates come from git; install it, {yourself}"]
    except GitError as exc:
        return None, [f"{exc}: {yourself}"]
    if inside.returncode == 0:
        top = inside.stdout.decode("utf-8", "replace").strip()
        return None, [f"already inside the git repository {top}: add and commit the new files yourself"]
    message = first_line(inside.stderr)
    if "not a git repository" not in message:  # e.g. a repository above it that git refuses to read
        return None, [f"git cannot tell whether {shown} is in a repository ({message}): {yourself}"]
    branch = run_raw(target, ["config", "--get", "init.defaultBranch"])
    steps = [["init", "-q"]] if branch.stdout.strip() else [["init", "-q", "-b", "main"], ["init", "-q"]]
    for args in steps:  # git before 2.28 has no -b: its own default then
        done = run_raw(target, args)
        if done.returncode == 0:
            break
    else:
        return None, [f"git init failed ({first_line(done.stderr)}): {yourself}"]
    added = run_raw(target, ["add", "--force", "--", *written])  # a global excludes file must not drop one
    if added.returncode != 0:
        return None, [f"git add failed ({first_line(added.stderr)}): add and commit the files in {shown} yourself"]
    # useConfigOnly: never commit under a name and address git made up from the host name.
    strict = ["-c", "user.useConfigOnly=true"]
    for ident in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        if run_raw(target, [*strict, "var", ident]).returncode != 0:
            return None, [
                'git has no user.name/user.email: run git config --global user.name "Your Name" and '
                f"git config --global user.email you@example.org, then git commit in {shown} (the files are staged)"
            ]
    committed = run_raw(target, [*strict, "commit", "-q", "-m", COMMIT_MESSAGE])
    if committed.returncode != 0:
        return None, [f"git commit failed ({first_line(committed.stderr)}): the files are staged; commit them yourself"]
    head = run_raw(target, ["rev-parse", "--verify", "HEAD^{commit}"])
    return head.stdout.decode("ascii").strip(), []


def next_steps(target: Path) -> tuple[str, ...]:
    """The three things to do next, with the commands for ``target``."""
    root = "" if str(target) == "." else f" --root {shlex.quote(str(target))}"
    plan = shlex.quote(str(target / "journal" / "plan.yml"))
    return (
        f"edit your plan (your name, timezone, time budget and goals): {plan}",
        f'add someone you know: journal new contact "Their Name"{root}',
        f"see your site at http://localhost:8000 while you edit: journal serve{root}",
    )


def init_journal(target: Path, today: date, *, empty: bool = False, builder_source: str | None = None) -> Initialized:
    """Write a new journal repository into ``target`` and commit it.

    ``ScaffoldError`` (nothing written) when a file is in the way or cannot
    be written; every git problem is a note instead, since the journal is
    written and builds either way.
    """
    notes: list[str] = []
    if builder_source is None:
        requirement, note = default_builder_source()
    else:
        requirement = _checked_requirement(builder_source)
        note = _local_source_note(requirement)
    if note:
        notes.append(note)
    files = scaffold_files(today, empty=empty, builder_source=requirement)
    _write(target, files)
    written = tuple(rel for rel, _ in files)
    commit, git_notes = _commit(target, written)
    return Initialized(written=written, commit=commit, notes=(*notes, *git_notes), next_steps=next_steps(target))
