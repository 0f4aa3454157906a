"""Running git safely, and reading the journal as it was at any commit.

git is always run with an argument list (never through a shell), as
``git -C <folder> ...``, in the C locale and with literal pathspecs, so
that neither file names nor the user's language or configuration change
what we parse.  Variables such as ``GIT_DIR`` that a git hook exports are
dropped: the repository is always the one that contains the folder given.

Every failure (git not installed, not a repository, an unknown revision)
is a ``GitError`` with a message meant for the user, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import IO

# Variables that point git at another repository, index or object store;
# a pre-commit hook exports some of them, and they would override -C.
_REPOSITORY_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)
# Configuration that would change the output we parse.
_CONFIG = ("-c", "color.ui=never", "-c", "log.showSignature=false", "-c", "core.quotePath=false")


class GitError(Exception):
    """git could not do what was asked; the message says why, for the user."""


class GitNotInstalled(GitError):
    """There is no ``git`` program to run (a distinct case: the fix is to install it)."""


class NotARepository(GitError):
    """The folder is not inside a git work tree."""


def git_env() -> dict[str, str]:
    """The environment git runs in: C locale, literal pathspecs, no prompts,
    no optional locks (reading must not rewrite the index), and no variable
    that would point it at another repository.
    """
    env = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}
    env.update(
        LC_ALL="C",
        LANG="C",
        LANGUAGE="C",
        GIT_LITERAL_PATHSPECS="1",
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",
    )
    return env


def git_command(root: Path, args: Sequence[str]) -> list[str]:
    """The argument list that runs ``git args`` in ``root``."""
    return ["git", *_CONFIG, "-C", str(root), *args]


def first_line(data: bytes) -> str:
    """The error git printed, on one line (its ``fatal:`` or ``error:``)."""
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line.split(":", 1)[1].strip()
    return lines[0] if lines else "no message"


class GitProcess:
    """A git command started now and collected later, so that several can run
    at once (git works while Python parses).

    Input and error output go through temporary files: the output pipe is
    then the only one, read in one go when collected, and no pipe can fill
    up while another is being written.
    """

    def __init__(self, root: Path, args: Sequence[str], *, input: bytes | None = None) -> None:
        self.root, self.args = root, list(args)
        self._result: subprocess.CompletedProcess[bytes] | None = None
        # Kept open until the command is collected, hence no ``with``.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        with contextlib.ExitStack() as stack:
            stdin: IO[bytes] | int = subprocess.DEVNULL
            if input is not None:
                stdin = stack.enter_context(tempfile.TemporaryFile())  # the child keeps its own copy
                stdin.write(input)
                stdin.seek(0)
            try:
                self.process = subprocess.Popen(
                    git_command(root, args),
                    stdin=stdin,
                    stdout=subprocess.PIPE,
                    stderr=self._stderr,
                    env=git_env(),
                    bufsize=1 << 16,
                )
            except FileNotFoundError:
                self._stderr.close()
                raise GitNotInstalled("git is not installed (no 'git' program on the PATH)") from None
            except OSError as exc:
                self._stderr.close()
                raise GitError(f"cannot run git: {exc.strerror or exc}") from None

    @property
    def stdout(self) -> IO[bytes]:
        """The output, to read as it comes."""
        assert self.process.stdout is not None
        return self.process.stdout

    def wait(self) -> subprocess.CompletedProcess[bytes]:
        """The rest of the output, the exit code and the error output."""
        if self._result is None:
            out, _ = self.process.communicate()
            self._stderr.seek(0)
            err = self._stderr.read()
            self._stderr.close()
            self._result = subprocess.CompletedProcess(self.process.args, self.process.returncode, out, err)
        return self._result

    def output(self) -> bytes:
        """The rest of the output; ``GitError`` (with git's message) if git failed."""
        done = self.wait()
        if done.returncode != 0:
            message = first_line(done.stderr)
            if "not a git repository" in message:
                raise NotARepository(f"not a git repository: {self.root}")
            raise GitError(f"git {self.args[0]} failed: {message}")
        return done.stdout

    def close(self) -> None:
        """Stop the command if it is still running (after an error elsewhere)."""
        if self._result is None and self.process.poll() is None:
            self.process.kill()
        self.wait()


def run_raw(root: Path, args: Sequence[str], *, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run git and return the finished process whatever its exit code;
    ``GitNotInstalled`` when there is no git to run.
    """
    return GitProcess(root, args, input=input).wait()


def run_git(root: Path, args: Sequence[str], *, input: bytes | None = None) -> bytes:
    """Run git and return its standard output; ``GitError`` (with git's own
    message) when it fails.
    """
    return GitProcess(root, args, input=input).output()


class CatFile:
    """One long-running ``git cat-file --batch``: any number of blobs read
    through a single process, started on first use.

    Requests go in small batches: a batch of hashes is smaller than any
    pipe's buffer, so writing it never waits for git, and its answers are
    read before the next batch is written, so neither side can block the
    other.  Not thread-safe; ``GitSource`` serialises its calls.
    """

    BATCH = 64  # 64 hashes of 41 bytes: less than the smallest pipe buffer (4 KiB)

    def __init__(self, root: Path) -> None:
        self.root = root
        self._process: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        try:
            return subprocess.Popen(
                git_command(self.root, ["cat-file", "--batch"]),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=git_env(),
                bufsize=1 << 16,
            )
        except OSError as exc:
            raise OSError(errno.EIO, f"cannot run git cat-file: {exc.strerror or exc}") from None

    def read(self, hashes: Sequence[str]) -> list[bytes | None]:
        """The contents of ``hashes``, in order; ``None`` for an object the
        repository does not have (a shallow clone lacks old versions).
        ``OSError`` if git fails (the process is then stopped).
        """
        out: list[bytes | None] = []
        try:
            for start in range(0, len(hashes), self.BATCH):
                if self._process is None:
                    self._process = self._start()
                stdin, stdout = self._process.stdin, self._process.stdout
                assert stdin is not None and stdout is not None
                batch = hashes[start : start + self.BATCH]
                stdin.write("".join(f"{h}\n" for h in batch).encode("ascii"))
                stdin.flush()
                for _ in batch:
                    header = stdout.readline().split()
                    if len(header) == 2 and header[1] == b"missing":
                        out.append(None)
                        continue
                    if len(header) != 3:
                        raise OSError(errno.EIO, "git cat-file stopped answering")
                    size = int(header[2])
                    out.append(_read_exactly(stdout, size + 1)[:size])
        except (OSError, ValueError) as exc:
            self.close()
            if isinstance(exc, OSError) and exc.errno == errno.EIO:
                raise
            raise OSError(errno.EIO, f"cannot read from git cat-file: {exc}") from None
        return out

    def close(self) -> None:
        """End the process (reading again starts a new one)."""
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _decode_path(data: bytes) -> str:
    """A path as git prints it (bytes); undecodable bytes survive as escapes."""
    return data.decode("utf-8", "surrogateescape")


@dataclass(frozen=True, slots=True)
class RepositoryInfo:
    """Where a folder sits in its repository, found with one git call."""

    top: Path  # the top of the work tree
    prefix: str  # the folder relative to ``top``, POSIX, "" or ending in "/"
    shallow: bool  # a shallow clone: older history is missing
    shallow_file: Path  # .git/shallow: the commits whose parents are missing


def repository_info(root: Path) -> RepositoryInfo:
    """Locate ``root`` in its repository; ``NotARepository`` if it is not in
    one, ``GitNotInstalled`` without git.
    """
    if not root.is_dir():
        raise NotARepository(f"not a git repository: {root} is not a folder")
    args = ["rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository", "--git-path", "shallow"]
    done = run_raw(root, args)
    if done.returncode != 0:
        raise NotARepository(f"not a git repository: {root} ({first_line(done.stderr)})")
    lines = done.stdout.split(b"\n")
    if len(lines) < 4:
        raise GitError(f"unexpected output from git rev-parse in {root}")
    top = Path(_decode_path(lines[0]))
    prefix = _decode_path(lines[1])
    shallow_file = Path(_decode_path(lines[3]))
    return RepositoryInfo(
        top=top,
        prefix=prefix,
        shallow=lines[2].strip() == b"true",
        shallow_file=shallow_file if shallow_file.is_absolute() else root / shallow_file,
    )


def repository_root(root: Path) -> Path | None:
    """The top of the git work tree that contains ``root``; ``None`` when
    ``root`` is in no repository or git is not installed.
    """
    try:
        return repository_info(root).top
    except GitError:
        return None


def is_shallow(root: Path) -> bool:
    """Whether the repository containing ``root`` is a shallow clone (its
    history stops early, as with CI's default ``fetch-depth: 1``).
    ``GitError`` when there is no repository.
    """
    return repository_info(root).shallow


def has_commits(top: Path) -> bool:
    """Whether HEAD names a commit (a freshly initialised repository has none)."""
    return run_raw(top, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]).returncode == 0


def resolve_commit(top: Path, rev: str) -> str:
    """The full hash of the commit ``rev`` names (a branch, tag, hash, ``HEAD~3``...)."""
    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n\r"):
        raise GitError(f"unknown revision '{rev}': not a commit name")
    done = run_raw(top, ["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"])
    if done.returncode != 0:
        raise GitError(f"unknown revision '{rev}': no commit of that name in {top}")
    return done.stdout.decode("ascii").strip()


class GitSource:
    """The journal's files as they are in one commit, read straight from the
    object store (the working tree is never touched): ``builder.load.load``
    accepts it like the disk, so ``load(GitSource(root, "v1"))`` is the
    journal as of ``v1``.

    The tree is listed once; blob contents are read on demand through one
    long-running ``git cat-file --batch`` process, which ``close()`` (or
    leaving a ``with`` block) ends.  Paths are POSIX and relative to
    ``root``, which may be a subfolder of the repository.
    """

    root: Path
    rev: str
    sha: str
    commit_date: datetime

    def __init__(self, root: Path, rev: str) -> None:
        self._lock = threading.Lock()
        self.root = root
        self.rev = rev
        info = repository_info(root)
        self._top = info.top
        self._cat = CatFile(info.top)
        self._prefix = info.prefix
        self.sha = resolve_commit(self._top, rev)
        # Seconds since 1970, not %cI: git takes commits dated up to the year
        # 9999 in UTC, whose local time in the committer's zone may be in a
        # year that datetime cannot hold.
        stamp = run_git(self._top, ["show", "-s", "--no-show-signature", "--format=%ct", self.sha])
        try:
            seconds = int(stamp.decode("ascii").strip())
        except (UnicodeDecodeError, ValueError):
            raise GitError(f"cannot read the date of commit {self.sha[:10]}: '{stamp[:40]!r}'") from None
        try:
            self.commit_date = datetime.fromtimestamp(seconds, UTC)
        except (ValueError, OverflowError, OSError):  # beyond the year 9999 (or before 1): the latest datetime can hold
            edge = datetime.max - timedelta(days=1) if seconds > 0 else datetime.min + timedelta(days=1)
            self.commit_date = edge.replace(tzinfo=UTC)  # a day in, so that any time zone can hold it
        args = ["ls-tree", "-r", "-z", "--full-tree", self.sha]
        if self._prefix:
            args += ["--", self._prefix]
        self._blobs: dict[str, tuple[str, str]] = {}  # path -> (mode, object hash)
        self._dirs: set[str] = {""}
        for item in run_git(self._top, args).split(b"\0"):
            if not item:
                continue
            meta, _, name = item.partition(b"\t")
            mode, kind, obj = meta.decode("ascii").split(" ")
            path = _decode_path(name)
            if kind != "blob" or not path.startswith(self._prefix):
                continue  # submodules are not part of the journal
            rel = path[len(self._prefix) :]
            self._blobs[rel] = (mode, obj)
            parts = rel.split("/")
            for i in range(1, len(parts)):
                self._dirs.add("/".join(parts[:i]))
        # The disk source sorts each folder by name, then recurses: sorting by
        # components gives the same order ("a/b" before "a-c").
        self._paths = sorted(self._blobs, key=lambda p: p.split("/"))

    def __repr__(self) -> str:
        return f"GitSource({str(self.root)!r}, {self.rev!r})"

    def __enter__(self) -> GitSource:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # nothing useful to do while being collected
            self.close()

    @staticmethod
    def _norm(rel: str) -> str:
        rel = rel.strip("/")
        while rel.startswith("./"):
            rel = rel[2:]
        return "" if rel == "." else rel

    def read(self, rel: str) -> bytes:
        rel = self._norm(rel)
        found = self._blobs.get(rel)
        if found is None:
            if rel in self._dirs:
                raise IsADirectoryError(errno.EISDIR, "is a folder", rel)
            raise FileNotFoundError(errno.ENOENT, f"no such file in commit {self.sha[:12]}", rel)
        mode, obj = found
        if mode == "120000":
            raise OSError(errno.ELOOP, "symbolic links are not followed in a git revision", rel)
        with self._lock:
            try:
                (data,) = self._cat.read([obj])
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, rel) from None
        if data is None:
            raise OSError(errno.EIO, "the object is missing from the repository", rel)
        return data

    def is_file(self, rel: str) -> bool:
        return self._norm(rel) in self._blobs

    def is_dir(self, rel: str) -> bool:
        return self._norm(rel) in self._dirs

    def walk(self, rel: str) -> list[str]:
        rel = self._norm(rel)
        if rel not in self._dirs:
            return []
        start = f"{rel}/" if rel else ""
        return [
            p
            for p in self._paths
            if p.startswith(start) and not any(part.startswith(".") for part in p[len(start) :].split("/"))
        ]

    def close(self) -> None:
        """End the ``git cat-file`` process (reading again starts a new one)."""
        cat = getattr(self, "_cat", None)
        if cat is not None:  # None: __init__ failed before starting anything
            with self._lock:
                cat.close()


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    """``size`` bytes from ``stream``; ``OSError`` if it ends first."""
    data = stream.read(size)
    if len(data) != size:
        raise OSError(errno.EIO, "git cat-file stopped in the middle of an object")
    return data
