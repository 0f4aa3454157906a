"""The journal's history, read from git: when each entry was added and last
changed, how contacts' organisations and roles changed, and what each commit
did in the journal's own terms (people added, interactions logged, events
attended, plan changes).

The whole history is read with a constant number of git calls, whatever
the size of the journal or of its history: one pass (``git rev-list`` into
``git diff-tree --stdin --raw``, the work of ``git log --raw``) lists every
change with the hashes of the old and new versions of each file, one ``git
cat-file --batch`` process reads the contents that are compared (contacts,
events and the plan), and one ``git status`` finds what is not committed.
Outside a repository, with no commits or without git, the dates come from
the file system and ``History.warning`` says so: history is a nicety, never
a reason to fail.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import IO, NamedTuple

from builder import format as fmt
from builder.files import DiskSource
from builder.git import (
    CatFile,
    GitError,
    GitNotInstalled,
    GitProcess,
    NotARepository,
    RepositoryInfo,
    has_commits,
    repository_info,
    run_git,
)
from builder.load import JOURNAL_DIR, PLAN_FILE, decode, find_files
from builder.markdown import split_front_matter
from builder.values import FIRST_DAY, LAST_DAY
from builder.yamlnodes import STR_TAG, MappingNode, Node, ScalarNode, SequenceNode, compose, is_plain

PLAN_PATH = f"{JOURNAL_DIR}/{PLAN_FILE}"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_FALLBACK = "dates come from the files themselves"
_SHALLOW = (
    "the git history is incomplete (a shallow clone): dates before the oldest fetched commit are unknown; "
    "fetch the whole history (with actions/checkout, set fetch-depth: 0)"
)


# -- the values -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit that touched ``journal/``: the site says when and why things changed."""

    sha: str
    date: datetime  # committer date, timezone-aware: when it entered the history
    author: str
    subject: str
    message: str


@dataclass(frozen=True, slots=True)
class FileDates:
    """When an entry file was added and last changed, so pages can show how
    fresh they are; ``committed`` is false when the dates come from the file
    system (no git, or the file has changes that are not committed).
    """

    added: datetime
    changed: datetime
    committed: bool


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A contact's ``organization`` or ``role`` changed between two committed
    versions of its file: a job change, worth showing on their page.
    Values are as written in the front matter; ``None`` when absent.
    """

    path: str  # the contact's file in that commit
    field: str  # "organization" or "role"
    old: str | None
    new: str | None
    commit: Commit


@dataclass(frozen=True, slots=True)
class CommitSummary:
    """What one commit did, in the journal's terms rather than file names, for
    an activity feed.  Paths are relative to the journal root
    (``journal/contacts/ana.md``).
    """

    commit: Commit
    people_added: tuple[str, ...]
    interactions_logged: tuple[tuple[str, int], ...]  # (contact, number of log items added)
    events_added: tuple[str, ...]
    events_attended: tuple[str, ...]  # status became attended (or added as attended)
    reflections_added: tuple[str, ...]
    plan_changes: tuple[str, ...]  # "goal 'Talk to people': target 8 → 10"
    entries_changed: tuple[str, ...]  # modified or renamed entries, and added organizations
    entries_removed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class History:
    """Everything the site needs from git, read once per build."""

    available: bool  # false: no repository, no git or no commits
    warning: str | None  # why the history is missing or incomplete
    commits: tuple[Commit, ...]  # oldest first: every commit that changed journal/ (merges add nothing)
    dates: Mapping[str, FileDates]  # every entry file in the working tree, by path
    field_changes: Mapping[str, tuple[FieldChange, ...]]  # contact path -> changes, oldest first
    summaries: tuple[CommitSummary, ...]  # one per commit, in the same order


# -- what an entry's front matter says ------------------------------------------


@dataclass(frozen=True, slots=True)
class _Facts:
    """The few values of one version of an entry that history compares."""

    organization: str | None
    role: str | None
    status: str | None
    log: int  # number of log items


# A fast reader for front matter written in the plain style that people and
# the journal's own commands write: one key per line, values on one line
# (plain, quoted, or a one-line flow list or mapping), nested blocks of such
# lines, block scalars (|, >) anywhere but in the keys it reads.  The first
# commit of a journal adds thousands of entries, and composing each one's YAML
# costs about three times as much.  A document is read this way only if every
# line has one of those shapes; anything else (a value spanning lines,
# anchors, tags, escapes, tabs, CR line ends) goes to the YAML composer.  On
# valid YAML the two always agree (tests compare them on generated
# documents); a document broken deep inside a nested block may still be read
# by the fast reader, where YAML would refuse it.
_NOT_SIMPLE = re.compile(r"[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_SQ = r"'[^'\n]*+(?:''[^'\n]*+)*+'"
_DQ = r'"[^"\\\n]*+"'
_FIRST = r"""(?:[^\s\-?:,\[\]{}#&*!|>'"%@`]|[-?:](?=[^\s,\[\]{}]))"""
_PLAIN = _FIRST + r"[^\n:#]*+(?:(?::(?=\S)|(?<=\S)#)[^\n:#]*+)*+"
_FPLAIN = _FIRST + r"[^\n:#,\[\]{}]*+(?:(?::(?=[^\s,\[\]{}])|(?<=\S)#)[^\n:#,\[\]{}]*+)*+"
_FS = rf"(?:{_SQ}|{_DQ}|{_FPLAIN})"


def _flow(item: str) -> str:
    """One-line flow mapping and sequence patterns whose values are ``item``."""
    pair = rf"{_FS} *:(?: +{item})?"
    mapping = rf"\{{ *(?:{pair}(?: *, *{pair})*+ *,?)? *\}}"
    sequence = rf"\[ *(?:{item}(?: *, *{item})*+ *,?)? *\]"
    return rf"(?:{mapping}|{sequence})"


_FLOW = _flow(rf"(?:{_FS}|{_flow(_FS)})")
_VALUE = rf"(?:{_SQ}|{_DQ}|{_FLOW}|{_PLAIN})"
_END = r"[ \t]*(?:(?<=[ \t])#[^\n]*)?\n"  # the end of a line: spaces, a comment
_BLANK = r"[ \t]*(?:#[^\n]*)?\n"
_BLOCK_HEAD = rf"[|>](?:[-+][1-9]?|[1-9][-+]?)?{_END}"  # a block scalar; its lines follow, indented
_INDENTED = (
    rf"(?P<indent> +)(?:- +)*+"
    rf"(?:{_KEY} *:(?: +(?:{_VALUE}{_END}|{_BLOCK_HEAD}(?:[ \t]*\n|(?P=indent) [^\n]*\n)*+)|{_END})"
    rf"|{_BLOCK_HEAD}(?:[ \t]*\n|(?P=indent) [^\n]*\n)*+"
    rf"|(?:{_VALUE}|-)?{_END})"
)
_TOP = (
    rf"{_KEY} *:(?: +(?:{_VALUE}{_END}|{_BLOCK_HEAD}(?:[ \t]*\n| [^\n]*\n)*+)"
    # A nested block: no line of it may be less indented than its first.
    rf"|{_END}(?:{_BLANK})*+(?:(?=(?P<lead> +)[^ \t\n#])(?:{_BLANK}|(?=(?P=lead)){_INDENTED})*+)?)"
)
_SIMPLE_DOC = re.compile(rf"(?:{_BLANK}|{_TOP})*+")
_VALUE_TEXT = re.compile(rf" *(?:(?P<sq>{_SQ})|(?P<dq>{_DQ})|(?P<flow>{_FLOW})|(?P<plain>{_PLAIN}))?{_END}")
_KEY_LINE = re.compile(rf"({_KEY}) *:([^\n]*\n)")
_NEXT_TOP = re.compile(r"\n[^ \t\n#]")  # the start of the next top-level key
_FIRST_CONTENT = re.compile(r"\n( *)[^ \t\n#]")
_ITEM_BLOCKS: dict[int, re.Pattern[str]] = {}
_KEYS = {"contacts": ("organization", "role", "log"), "events": ("status",)}


def _item_block(indent: int) -> re.Pattern[str]:
    """Lines (each after its newline) of a block list whose items start at ``indent``."""
    found = _ITEM_BLOCKS.get(indent)
    if found is None:
        lead = " " * indent
        found = re.compile(rf"(?:\n(?:{lead}-(?: [^\n]*)?|{lead} [^\n]*|[ \t]*(?:#[^\n]*)?))*")
        _ITEM_BLOCKS[indent] = found
    return found


def _fast_facts(text: str, kind: str) -> _Facts | None:
    """The facts of simple front matter; ``None`` when the text is not simple
    enough to be sure (the caller then composes it).
    """
    if _NOT_SIMPLE.search(text):
        return None
    text = "\n" + text if text.endswith("\n") else "\n" + text + "\n"
    if not _SIMPLE_DOC.fullmatch(text, 1):
        return None
    scalars: dict[str, str | None] = {}
    log = 0
    for key in _KEYS[kind]:
        match = None
        at = text.find("\n" + key)
        while at >= 0:
            match = _KEY_LINE.match(text, at + 1)
            if match is not None and match.group(1) == key:
                break  # the first of duplicate keys counts, as when loading
            match = None
            at = text.find("\n" + key, at + 1)
        if match is None:
            continue  # absent
        value = _VALUE_TEXT.fullmatch(match.group(2))
        if value is None:
            return None  # a block scalar: let YAML read it
        if value.group("flow") is not None:
            if key != "log":
                scalars[key] = None  # a list or mapping is not a valid value
            elif value.group("flow").replace(" ", "") not in ("[]", "{}"):
                return None  # a one-line flow list of items: rare, let YAML count
            continue
        if value.lastgroup is not None:
            if key != "log":
                scalars[key] = _scalar_text(value)
            continue
        # Nothing on the key's line: the value is the indented block below,
        # taken with the newline before each of its lines.
        start = match.end() - 1
        stop = _NEXT_TOP.search(text, start)
        block = text[start : stop.start() if stop else len(text) - 1]
        first = _FIRST_CONTENT.search(block)
        if first is None:
            continue  # null
        if key != "log":
            return None  # a multi-line scalar or a nested value: let YAML decide
        lead = first.group(1)
        if not _item_block(len(lead)).fullmatch(block):
            return None  # not a plain list of items: let YAML decide
        log = block.count("\n" + lead + "-")
    return _Facts(scalars.get("organization"), scalars.get("role"), scalars.get("status"), log)


def _scalar_text(value: re.Match[str]) -> str | None:
    """The text of a one-line scalar as YAML reads it (``None`` for null)."""
    if value.group("sq") is not None:
        return value.group("sq")[1:-1].replace("''", "'")
    if value.group("dq") is not None:
        return value.group("dq")[1:-1]
    plain = value.group("plain").rstrip(" \t")
    return None if plain in _NULLS else plain


def _scalar_node(node: Node | None) -> str | None:
    """The text of a scalar node, ``None`` for null, a list or a mapping."""
    if not isinstance(node, ScalarNode) or node.tag != STR_TAG:
        return None
    if is_plain(node) and node.value in _NULLS:
        return None
    return str(node.value)


def _top_level(text: str) -> dict[str, Node] | None:
    """The top-level keys of a YAML text (the first of duplicates), or
    ``None`` when it is not a readable mapping.
    """
    node, diagnostics = compose(text, "history", 1)
    if diagnostics:
        return None
    if node is None:
        return {}
    if not isinstance(node, MappingNode):
        return None
    out: dict[str, Node] = {}
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.tag == STR_TAG and key.value not in out:
            out[key.value] = value
    return out


def _slow_facts(text: str, kind: str) -> _Facts | None:
    """The facts of any front matter, through the YAML composer."""
    keys = _top_level(text)
    if keys is None:
        return None
    if kind == "events":
        return _Facts(None, None, _scalar_node(keys.get("status")), 0)
    log = keys.get("log")
    return _Facts(
        organization=_scalar_node(keys.get("organization")),
        role=_scalar_node(keys.get("role")),
        status=None,
        log=len(log.value) if isinstance(log, SequenceNode) else 0,
    )


_NOT_ATTENDED = _Facts(None, None, None, 0)


def _entry_facts(data: bytes, kind: str) -> _Facts | None:
    """What history compares in one version of an entry file of ``kind``
    (contacts or events); ``None`` when that version cannot be read (not
    UTF-8, no front matter, broken YAML).

    Of an event only one thing matters, whether it was attended: a version
    that does not contain the word (in any case, with no escape that could
    spell it) is not parsed at all, and counts as not attended.
    """
    if kind == "events" and b"attended" not in data.lower() and b"\\" not in data:
        return _NOT_ATTENDED
    text, _problems = decode(data, "history")
    if text is None:
        return None
    split, _problems = split_front_matter(text, "history")
    if split is None:
        return None
    facts = _fast_facts(split.yaml, kind)
    return facts if facts is not None else _slow_facts(split.yaml, kind)


# -- the plan -------------------------------------------------------------------


def _render(node: Node) -> str | None:
    """A value of the plan as the owner wrote it, on one line."""
    if isinstance(node, ScalarNode):
        return _scalar_node(node) if node.tag == STR_TAG else str(node.value)
    if isinstance(node, SequenceNode):
        return "[" + ", ".join(_render(item) or "" for item in node.value) + "]"
    if isinstance(node, MappingNode):
        return "{" + ", ".join(f"{_render(k)}: {_render(v) or ''}" for k, v in node.value) + "}"
    return None


@dataclass(frozen=True, slots=True)
class _PlanView:
    """A plan's settings and goals (by title) as text, to compare two versions."""

    settings: dict[str, str]
    goals: dict[str, dict[str, str]]


def _plan_view(data: bytes | None) -> _PlanView | None:
    """The plan in ``data`` (``None``: no plan, an empty view); ``None`` when
    it cannot be read.
    """
    if data is None:
        return _PlanView({}, {})
    text, _problems = decode(data, PLAN_PATH)
    keys = None if text is None else _top_level(text)
    if keys is None:
        return None
    settings: dict[str, str] = {}
    goals: dict[str, dict[str, str]] = {}
    for key, node in keys.items():
        if key != "goals":
            value = _render(node)
            if value is not None:
                settings[key] = value
            continue
        if not isinstance(node, SequenceNode):
            continue
        for item in node.value:
            fields = _top_level_of(item)
            title = fields.pop("title", None)
            if title is not None and title not in goals:
                goals[title] = fields
    return _PlanView(settings, goals)


def _top_level_of(node: Node) -> dict[str, str]:
    """The keys of one goal as text (first of duplicates; nulls left out)."""
    out: dict[str, str] = {}
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.tag == STR_TAG and key.value not in out:
                text = _render(value)
                if text is not None:
                    out[key.value] = text
    return out


def _compare(label: str, old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    """One phrase per key whose value differs between ``old`` and ``new``."""
    out = []
    for key in [*new, *(k for k in old if k not in new)]:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if before is None:
            out.append(f"{label}{key} set to {after}")
        elif after is None:
            out.append(f"{label}{key} removed (was {before})")
        else:
            out.append(f"{label}{key} {before} → {after}")
    return out


def _plan_changes(old: _PlanView, new: _PlanView) -> list[str]:
    """Human phrases for what changed in the plan: settings first, then
    goals (matched by title) in the new plan's order, then removed goals.
    """
    out = _compare("", old.settings, new.settings)
    for title, fields in new.goals.items():
        if title not in old.goals:
            out.append(f"goal '{title}' added")
        else:
            out.extend(_compare(f"goal '{title}': ", old.goals[title], fields))
    out.extend(f"goal '{title}' removed" for title in old.goals if title not in new.goals)
    return out


# -- reading git ----------------------------------------------------------------

_LOG_FORMAT = "%x1e%H%x1f%cI%x1f%an%x1f%s%x1f%B%x1f"
# Every change of each commit (oldest first, parents before children) with
# the full hashes of both versions, renames followed, the first commit
# included.  ``git diff-tree --stdin`` fed by ``git rev-list`` diffs each
# commit once, only inside journal/; ``git log -- journal/`` would diff every
# commit a second time to decide whether to list it, which doubles the time on
# a journal of thousands of files.  Merges (whose changes are their parents')
# and commits that leave journal/ alone print nothing.
_REV_LIST_ARGS = ("rev-list", "--topo-order", "--reverse", "HEAD")
_DIFF_TREE_ARGS = ("diff-tree", "--stdin", "-r", "-z", "--no-abbrev", "-M", "--root", f"--format={_LOG_FORMAT}")
_STATUS_ARGS = ("status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--ignore-submodules=all")
_FACT_KINDS = ("contacts", "events")


class _Change(NamedTuple):
    """One file added (A), modified (M), deleted (D), renamed (R) or changed
    type (T) in a commit; paths relative to the journal root, "" for none.
    (A named tuple: tens of thousands are made when a commit adds a journal.)
    """

    status: str
    old_sha: str | None  # None: no old version, or not a regular file
    new_sha: str | None
    old_path: str
    new_path: str
    old_kind: str | None  # the entry folder (contacts, ...) or None
    new_kind: str | None


@dataclass(slots=True)
class _LogCommit:
    """A commit and its changes under journal/, in git's order."""

    commit: Commit
    changes: list[_Change] = field(default_factory=list)


def _entry_folder(rel: str) -> str | None:
    """The entry folder (contacts, ...) of a file the loader reads, else ``None``."""
    parts = rel.split("/")
    if len(parts) < 3 or parts[0] != JOURNAL_DIR or parts[1] not in fmt.ENTRY_FOLDERS:
        return None
    if any(part.startswith(".") for part in parts[1:]):
        return None
    # As the loader's test (the extension, in any case); hidden names are out already.
    return parts[1] if parts[-1].lower().endswith(".md") else None


class _Paths:
    """Turns git's paths into journal-root-relative ones and classifies each
    once (the same paths recur in many commits).
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.known: dict[bytes, tuple[str, str | None]] = {}

    def __call__(self, data: bytes) -> tuple[str, str | None]:
        found = self.known.get(data)
        if found is None:
            path = data.decode("utf-8", "surrogateescape")
            path = path[len(self.prefix) :] if path.startswith(self.prefix) else path
            found = self.known[data] = (path, _entry_folder(path))
        return found


class _LogParser:
    """Reads ``git diff-tree --stdin -z`` output (``--format=_LOG_FORMAT``)
    piece by piece, as git writes it, so that the contents a change needs
    can be read while git is still diffing later commits.
    """

    def __init__(self, prefix: str) -> None:
        self.paths = _Paths(prefix)
        self.commits: list[_LogCommit] = []
        self.fresh: list[_Change] = []  # changes not yet handed out by take()
        self._rest = b""  # an incomplete token at the end of what was fed
        self._record: list[str] | None = None  # a change line waiting for its path(s)
        self._names: list[bytes] = []

    def feed(self, data: bytes) -> None:
        """Parse more output."""
        tokens = (self._rest + data).split(b"\0")
        self._rest = tokens.pop()
        for token in tokens:
            self._token(token)

    def finish(self) -> list[_LogCommit]:
        """The commits, once all the output has been fed."""
        if self._rest.strip(b"\n") or self._record is not None:
            raise GitError("git diff-tree's output ended in the middle of a change")
        return self.commits

    def take(self) -> list[_Change]:
        """The changes parsed since the last call."""
        fresh, self.fresh = self.fresh, []
        return fresh

    def _token(self, token: bytes) -> None:
        if self._record is not None:  # a path of the pending change
            self._names.append(token)
            if len(self._names) == (2 if self._record[4][:1] in "RC" else 1):
                self._change(self._record, self._names)
                self._record, self._names = None, []
            return
        token = token.lstrip(b"\n")
        if not token:
            return
        if token[0] == 0x3A:  # ":old-mode new-mode old-hash new-hash status", then the path(s)
            record = token[1:].decode("ascii").split(" ")
            if len(record) != 5 or not self.commits:
                raise GitError("unexpected output from git diff-tree")
            self._record = record
        elif token[0] == 0x1E:  # a commit
            fields = token[1:].decode("utf-8", "replace").split("\x1f")
            if len(fields) < 5:
                raise GitError("unexpected output from git diff-tree")
            sha, date, author, subject = fields[:4]
            message = "\x1f".join(fields[4:]).removesuffix("\x1f").rstrip("\n")
            when = within_range(datetime.fromisoformat(date))
            self.commits.append(_LogCommit(Commit(sha, when, author, subject, message)))
        else:
            raise GitError("unexpected output from git diff-tree")

    def _change(self, record: list[str], names: list[bytes]) -> None:
        old_mode, new_mode, old_sha, new_sha, letter = record
        letter = letter[:1]
        first, first_kind = self.paths(names[0])
        old = old_sha if letter != "A" and old_mode.startswith("100") else None
        new = new_sha if letter != "D" and new_mode.startswith("100") else None
        if letter in "RC":
            second, second_kind = self.paths(names[1])
            change = _Change(letter, old, new, first, second, first_kind, second_kind)
        elif letter == "A":
            change = _Change(letter, None, new, "", first, None, first_kind)
        elif letter == "D":
            change = _Change(letter, old, None, first, "", first_kind, None)
        else:
            change = _Change(letter, old, new, first, first, first_kind, first_kind)
        self.commits[-1].changes.append(change)
        self.fresh.append(change)


def _wanted(change: _Change) -> list[tuple[str, str]]:
    """The versions a change compares, as (hash, what to read from it):
    contacts and events (their facts) and the plan (its text).
    """
    out = []
    c = change
    if c.old_sha and c.status not in "AD" and c.old_kind == c.new_kind and c.old_kind in _FACT_KINDS:
        out.append((c.old_sha, c.old_kind))
    if c.new_sha and c.new_kind in _FACT_KINDS:
        out.append((c.new_sha, c.new_kind))
    if PLAN_PATH in (c.old_path, c.new_path):
        out.extend((sha, "plan") for sha in (c.old_sha, c.new_sha) if sha)
    return out


class _Contents:
    """What the compared versions say: the facts of entry versions and the
    text of plan versions, read through one ``git cat-file`` process.
    """

    def __init__(self, top: Path) -> None:
        self.cat = CatFile(top)
        self.facts: dict[tuple[str, str], _Facts | None] = {}
        self.plans: dict[str, bytes] = {}
        self._asked: set[tuple[str, str]] = set()

    def read(self, changes: list[_Change]) -> None:
        """Read the versions these changes compare (each version once)."""
        wanted = []
        for change in changes:
            for item in _wanted(change):
                if item not in self._asked:
                    self._asked.add(item)
                    wanted.append(item)
        if not wanted:
            return
        for (sha, kind), data in zip(wanted, self.cat.read([sha for sha, _kind in wanted]), strict=True):
            if data is None:
                continue  # missing (a shallow clone): like an unreadable version
            if kind == "plan":
                self.plans[sha] = data
            else:
                self.facts[sha, kind] = _entry_facts(data, kind)


def _pump(stream: IO[bytes], chunks: queue.SimpleQueue[bytes | None]) -> None:
    """Move git's output into ``chunks`` as it comes (``None`` at the end),
    so that git never waits for Python.
    """
    try:
        while chunk := os.read(stream.fileno(), 1 << 16):  # what is there, up to 64 KiB
            chunks.put(chunk)
    except (OSError, ValueError):
        pass  # the process was stopped: the reader sees its exit code
    finally:
        chunks.put(None)


def _dirty(out: bytes, prefix: str) -> set[str]:
    """Files whose working-tree state is not HEAD's, from ``git status -z``."""
    paths = _Paths(prefix)
    return {paths(item[3:])[0] for item in out.split(b"\0") if len(item) > 3}


# -- putting it together --------------------------------------------------------


def file_mtime(root: Path, rel: str) -> datetime:
    """A file's own modification time (the date of what git has not recorded),
    within the journal's range of dates (``within_range``)."""
    try:
        return within_range(datetime.fromtimestamp((root / rel).stat().st_mtime, UTC))
    except (OSError, OverflowError, ValueError):  # no file, or a time past what Python's dates hold
        return datetime.fromtimestamp(0, UTC)


_EARLIEST = datetime.combine(FIRST_DAY, time(), UTC)
_LATEST = datetime.combine(LAST_DAY, time(), UTC)


def within_range(when: datetime) -> datetime:
    """A date from git or the file system moved into the dates a journal may
    hold (``FIRST_DAY`` to ``LAST_DAY``): a clock set wrong (git takes a
    commit dated 5138) must not take a page past the dates the builder can
    compute with, in any time zone."""
    return min(max(when, _EARLIEST), _LATEST)


def _present_entries(root: Path) -> list[str]:
    """The entry files in the working tree now, as the loader finds them."""
    return [rel for _folder, rel in find_files(DiskSource(root)).entries]


def _without_git(root: Path, warning: str) -> History:
    """A history with file-system dates only, and the reason why."""
    dates = {}
    for rel in _present_entries(root):
        when = file_mtime(root, rel)
        dates[rel] = FileDates(when, when, committed=False)
    return History(False, warning, (), MappingProxyType(dates), MappingProxyType({}), ())


def read_history(root: Path) -> History:
    """The history of the journal whose repository root is ``root`` (the
    folder containing ``journal/``).  Never raises because of git: without
    a usable history the dates come from the file system and ``warning``
    says why.
    """
    try:
        info = repository_info(root)
    except GitNotInstalled:
        return _without_git(root, f"git is not installed: {_FALLBACK}")
    except NotARepository:
        return _without_git(root, f"not a git repository: {_FALLBACK}")
    except GitError as exc:
        return _without_git(root, f"{exc}: {_FALLBACK}")
    try:
        if not has_commits(info.top):
            return _without_git(root, f"no commits yet: {_FALLBACK}")
        return _read(root, info)
    except (GitError, OSError, ValueError, UnicodeError, IndexError) as exc:
        return _without_git(root, f"cannot read the git history ({exc}): {_FALLBACK}")


def _read(root: Path, info: RepositoryInfo) -> History:
    """Read the history with git and Python working at once: git diffs the
    commits (the slow part on a large journal) and checks the working tree
    while Python lists the files on disk, then reads and parses the versions
    each change compares as soon as git has printed it.
    """
    pathspec = f"{info.prefix}{JOURNAL_DIR}/"
    revisions = run_git(info.top, _REV_LIST_ARGS)
    diff = GitProcess(info.top, [*_DIFF_TREE_ARGS, "--", pathspec], input=revisions)
    chunks: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    pump = threading.Thread(target=_pump, args=(diff.stdout, chunks), name="git diff-tree", daemon=True)
    pump.start()
    status: GitProcess | None = None
    contents = _Contents(info.top)
    try:
        status = GitProcess(info.top, [*_STATUS_ARGS, "--", pathspec])
        present = _present_entries(root)
        parser = _LogParser(info.prefix)
        ended = False
        while not ended:
            received = [chunks.get()]  # wait for git, then take all it has written
            while not chunks.empty():
                received.append(chunks.get())
            ended = None in received
            parser.feed(b"".join(chunk for chunk in received if chunk is not None))
            contents.read(parser.take())
        commits = parser.finish()
        pump.join()
        diff.output()  # raises if git failed
        dirty = _dirty(status.output(), info.prefix)
    finally:
        contents.cat.close()
        diff.close()
        if status is not None:
            status.close()
    boundary: set[str] = set()
    if info.shallow:
        with contextlib.suppress(OSError):  # no file: no boundary to leave out
            boundary = set(info.shallow_file.read_text("ascii").split())
    history = _History(commits, contents.facts, contents.plans, boundary)
    return History(
        available=True,
        warning=_SHALLOW if info.shallow else None,
        commits=tuple(item.commit for item in commits),
        dates=MappingProxyType(history.dates(root, present, dirty)),
        field_changes=MappingProxyType({k: tuple(v) for k, v in sorted(history.field_changes.items()) if v}),
        summaries=tuple(history.summaries),
    )


def _plan_version(sha: str | None, path: str, blobs: Mapping[str, bytes]) -> _PlanView | None:
    """One side of a change to plan.yml: empty when the file is not there."""
    if path != PLAN_PATH:
        return _plan_view(None)
    data = blobs.get(sha) if sha else None
    return None if data is None else _plan_view(data)


def _attended(facts: _Facts | None) -> bool:
    return facts is not None and facts.status is not None and facts.status.lower() == "attended"


class _History:
    """The changes walked oldest first: dates and field changes follow each
    file through renames (a deleted file's story ends; recreated, it starts
    again), and each commit gets its summary.
    """

    def __init__(
        self,
        commits: list[_LogCommit],
        facts: Mapping[tuple[str, str], _Facts | None],
        plan_blobs: Mapping[str, bytes],
        boundary: set[str],
    ) -> None:
        self.facts, self.plan_blobs = facts, plan_blobs
        self.added: dict[str, datetime] = {}
        self.changed: dict[str, datetime] = {}
        self.field_changes: dict[str, list[FieldChange]] = {}
        self.summaries: list[CommitSummary] = []
        for item in commits:
            summary = _Summary()
            for change in item.changes:
                self._follow(change, item.commit.date)
                self._summarize(change, item.commit, summary)
            if item.commit.sha in boundary:
                summary = _Summary()  # its parents were not fetched: what it changed is unknown
            self.summaries.append(summary.freeze(item.commit))

    def _follow(self, c: _Change, when: datetime) -> None:
        """Move the dates (and field changes) along with the file."""
        added, changed = self.added, self.changed
        if c.status == "A":
            added[c.new_path] = changed[c.new_path] = when
            self.field_changes.pop(c.new_path, None)
            return
        if c.status == "D":
            added.pop(c.old_path, None)
            changed.pop(c.old_path, None)
            self.field_changes.pop(c.old_path, None)
            return
        if c.status == "R":
            added[c.new_path] = added.pop(c.old_path, when)
            changed.pop(c.old_path, None)
            moved = self.field_changes.pop(c.old_path, None)
            if moved:
                self.field_changes[c.new_path] = moved
        added.setdefault(c.new_path, when)
        last = changed.get(c.new_path)
        changed[c.new_path] = when if last is None or when > last else last

    def _summarize(self, c: _Change, commit: Commit, s: _Summary) -> None:
        """Add what one change means to the commit's summary."""
        if PLAN_PATH in (c.old_path, c.new_path):
            before = _plan_version(c.old_sha, c.old_path, self.plan_blobs)
            after = _plan_version(c.new_sha, c.new_path, self.plan_blobs)
            if before is not None and after is not None:
                s.plan.extend(_plan_changes(before, after))
        old_kind, kind = c.old_kind, c.new_kind
        if old_kind is None and kind is None:
            return
        if c.status in "AD" or old_kind != kind:
            if old_kind is not None:
                s.removed.append(c.old_path)
            if kind is not None:
                s.add(kind, c.new_path, self.facts.get((c.new_sha, kind)) if c.new_sha else None)
            return
        s.changed.append(c.new_path)
        if kind not in _FACT_KINDS or not c.old_sha or not c.new_sha:
            return
        before_facts, after_facts = self.facts.get((c.old_sha, kind)), self.facts.get((c.new_sha, kind))
        if kind == "events":
            if _attended(after_facts) and not _attended(before_facts):
                s.attended.append(c.new_path)  # a version that cannot be read was not attended
            return
        if before_facts is None or after_facts is None:
            return  # an unreadable version: nothing to compare
        if after_facts.log > before_facts.log:
            s.logged.append((c.new_path, after_facts.log - before_facts.log))
        for name, old, new in (
            ("organization", before_facts.organization, after_facts.organization),
            ("role", before_facts.role, after_facts.role),
        ):
            if old != new:
                self.field_changes.setdefault(c.new_path, []).append(FieldChange(c.new_path, name, old, new, commit))

    def dates(self, root: Path, present: list[str], dirty: set[str]) -> dict[str, FileDates]:
        """The dates of the entry files on disk: from git when committed as
        they are, the file's own time for what is not committed yet.
        """
        out: dict[str, FileDates] = {}
        for rel in present:
            first = self.added.get(rel)
            if first is None:
                when = file_mtime(root, rel)
                out[rel] = FileDates(when, when, committed=False)
            elif rel in dirty:
                out[rel] = FileDates(first, file_mtime(root, rel), committed=False)
            else:
                out[rel] = FileDates(first, self.changed[rel], committed=True)
        return out


@dataclass(slots=True)
class _Summary:
    """A commit's summary while its changes are read."""

    people: list[str] = field(default_factory=list)
    logged: list[tuple[str, int]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    attended: list[str] = field(default_factory=list)
    reflections: list[str] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def add(self, kind: str, path: str, facts: _Facts | None) -> None:
        """A new entry file (or one renamed from another kind of entry)."""
        if kind == "contacts":
            self.people.append(path)
            if facts is not None and facts.log > 0:
                self.logged.append((path, facts.log))
        elif kind == "events":
            self.events.append(path)
            if _attended(facts):
                self.attended.append(path)
        elif kind == "reflections":
            self.reflections.append(path)
        else:
            self.changed.append(path)  # an organization: the summary has no list of its own for them

    def freeze(self, commit: Commit) -> CommitSummary:
        """The immutable summary, each list in path order."""
        return CommitSummary(
            commit=commit,
            people_added=tuple(sorted(self.people)),
            interactions_logged=tuple(sorted(self.logged)),
            events_added=tuple(sorted(self.events)),
            events_attended=tuple(sorted(self.attended)),
            reflections_added=tuple(sorted(self.reflections)),
            plan_changes=tuple(self.plan),
            entries_changed=tuple(sorted(self.changed)),
            entries_removed=tuple(sorted(self.removed)),
        )
