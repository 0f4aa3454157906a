"""Applying edits: check the journal as it would be, then write atomically,
and only over what the edit was made from.

An edit reads the journal's files through a ``Workspace``, which confines
every path to ``journal/`` (``builder.files.inside_journal``) and remembers
the bytes it read.  ``apply`` writes nothing unless the whole journal, with
every pending change laid over it, passes ``journal check``; then
``write_files`` writes each file to a temporary file beside it (synced to
disk), makes sure no file changed on disk since it was read, and only then
renames each temporary file over its file.  So a crash, a full disk or a
read-only folder leaves every file as it was and no temporary file behind;
a file someone else changed meanwhile is never overwritten.

Files keep what the editing code does not deal in: their line ends (CRLF
stays CRLF), their UTF-8 byte-order mark, their permissions and owner, and
the links that lead to them (a link's target is written, the link stays).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from builder.check import check
from builder.diagnostics import Diagnostic, Severity, has_errors
from builder.edit.errors import EditError, Stale, WriteFailed
from builder.files import DiskSource, OverlaySource, inside_journal

UTF8_BOM = b"\xef\xbb\xbf"


def _read_umask() -> int:
    """The process's umask (read once, at import, before any thread runs)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


class Refused(Exception):
    """The change would add errors to the journal (``diagnostics``); nothing
    was written.  ``already`` are the errors the journal had before, which
    the change did not cause (they never stop an edit)."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...], already: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(f"{len(diagnostics)} problems")
        self.diagnostics = diagnostics
        self.already = already


# What may change in a problem's message when an edit elsewhere does not touch
# it: the line numbers it quotes ("first given on line 15"), and the "did you
# mean" hint (a new entry can be a closer match).
_LINE_REF = re.compile(r"\b(lines?) \d+")
_HINT = re.compile(r"[;,]? *did you mean\b.*?(\?|$)")


def _same_problem(d: Diagnostic) -> tuple[str, Severity, str]:
    return d.loc.path, d.severity, _HINT.sub("", _LINE_REF.sub(r"\1 N", d.message))


def compare(before: Iterable[Diagnostic], after: Iterable[Diagnostic]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(what ``after`` adds to ``before``, what it keeps of it).

    A diagnostic is the same one when its file, severity and message are,
    but for what an edit elsewhere moves (``_same_problem``): an edit that
    adds lines moves the positions of the problems below them, and the
    lines they quote, never their words.  Counted, so that a second copy of
    an existing problem is new.
    """
    seen = Counter(_same_problem(d) for d in before)
    added, kept = [], []
    for d in after:
        key = _same_problem(d)
        if seen[key]:
            seen[key] -= 1
            kept.append(d)
        else:
            added.append(d)
    return added, kept


@dataclass(frozen=True, slots=True)
class Style:
    """How a file spells what the editing code does not deal in: a UTF-8
    byte-order mark, and CRLF line ends (when every line ends so; a file with
    mixed line ends is edited as it is, its new lines ending in LF)."""

    bom: bool = False
    crlf: bool = False

    @classmethod
    def of(cls, data: bytes) -> Style:
        """The style of a file's bytes."""
        newlines = data.count(b"\n")
        return cls(data.startswith(UTF8_BOM), newlines > 0 and data.count(b"\r\n") == newlines)

    def decode(self, data: bytes, rel: str) -> str:
        """The text the editing code works on: no mark, LF line ends."""
        try:
            text = data.removeprefix(UTF8_BOM if self.bom else b"").decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EditError(f"{rel}: the file is not UTF-8 (byte {exc.start + 1}); save it as UTF-8 first") from None
        return text.replace("\r\n", "\n") if self.crlf else text

    def encode(self, text: str) -> bytes:
        """The bytes of ``text`` in this style (the exact inverse of ``decode``)."""
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (UTF8_BOM if self.bom else b"") + text.encode("utf-8")


class Workspace:
    """The journal's files as one edit reads them.

    Every path goes through ``inside_journal`` (a path outside ``journal/``,
    by ``..`` or by a link, is refused before it is read); every read is
    remembered, so that the writer writes each file back in its own style
    and can tell whether it changed on disk since.  A file the edit writes
    without having read it must not exist yet.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._real: dict[str, Path] = {}
        self._seen: dict[str, bytes | None] = {}

    def locate(self, given: str) -> str:
        """The journal path ``given`` names (``PathError`` if it is not in the journal)."""
        rel, real = inside_journal(self.root, given)
        self._real[rel] = real
        return rel

    def real(self, rel: str) -> Path:
        """The file ``rel`` is, links followed: what is read and written."""
        if rel not in self._real:
            rel = self.locate(rel)
        return self._real[rel]

    def is_file(self, rel: str) -> bool:
        """Whether ``rel`` is a file."""
        return self.real(rel).is_file()

    def exists(self, rel: str) -> bool:
        """Whether anything is at ``rel`` (a file that does not is one the edit may create)."""
        return os.path.lexists(self.real(rel)) or os.path.lexists(self.root / rel)

    def read_bytes(self, rel: str) -> bytes:
        """The bytes of ``rel``, remembered as what the edit is based on."""
        try:
            data = self.real(rel).read_bytes()
        except FileNotFoundError:
            raise Stale(rel, f"{rel} was removed while it was being edited") from None
        except OSError as exc:
            raise EditError(f"{rel}: cannot read: {exc.strerror or exc}") from None
        self._seen[rel] = data
        return data

    def read_text(self, rel: str) -> str:
        """The text of ``rel``, without its byte-order mark and with LF line ends."""
        data = self.read_bytes(rel)
        return Style.of(data).decode(data, rel)

    def seen(self, rel: str) -> bytes | None:
        """The bytes ``rel`` had when it was read; ``None``: not read (so it must not exist)."""
        return self._seen.get(rel)

    def encode(self, rel: str, text: str) -> bytes:
        """``text`` as the bytes of ``rel``, in the style the file had (a new file: UTF-8, LF)."""
        seen = self._seen.get(rel)
        return (Style.of(seen) if seen is not None else Style()).encode(text)


def verify(root: Path, changes: Mapping[str, bytes]) -> list[Diagnostic]:
    """The diagnostics of the journal with ``changes`` applied (nothing is written)."""
    return check(OverlaySource(DiskSource(root), changes))[1]


@dataclass(frozen=True, slots=True)
class Applied:
    """What ``apply`` did: the files written, the warnings the change added,
    and the errors the journal had before and still has (not the change's)."""

    written: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]
    already: tuple[Diagnostic, ...]


def apply(files: Workspace, texts: Mapping[str, str], before: Sequence[Diagnostic] = (), write: bool = True) -> Applied:
    """Check, then write every changed text (paths relative to the root).
    Without ``write`` (``--dry-run``) the same check, and nothing written:
    ``Applied.written`` lists what would be.

    ``before`` are the journal's diagnostics as the change was made from
    it: errors there do not stop the change (a tab in one contact must not
    block logging a call with another); errors the change would add raise
    ``Refused``, writing nothing.  Also raises ``Stale`` when a file changed
    on disk since it was read, and ``WriteFailed`` when a file cannot be
    written.
    """
    changes = {}
    for rel, text in texts.items():
        data = files.encode(rel, text)
        if data != files.seen(rel):
            changes[rel] = data
    added, kept = compare(before, verify(files.root, changes))
    already = tuple(d for d in kept if d.severity is Severity.ERROR)
    if has_errors(added):
        raise Refused(tuple(d for d in added if d.severity is Severity.ERROR), already)
    if not write:
        return Applied(tuple(sorted(changes)), tuple(added), already)
    return Applied(write_files(files, changes), tuple(added), already)


@dataclass(slots=True)
class _Pending:
    rel: str
    real: Path
    tmp: str
    new: bool


def write_files(files: Workspace, changes: Mapping[str, bytes]) -> tuple[str, ...]:
    """Write ``changes`` all or nothing, as far as a file system allows.

    First every file is written to a temporary file beside it; a failure
    there (a full disk, a read-only folder) removes them all and writes
    nothing.  Then, if no file changed on disk since it was read (``Stale``
    otherwise), each is renamed over its file.  A rename fails only on a
    broken disk or network share; then the files put in place so far are
    in ``WriteFailed.written``.
    """
    order = sorted(changes)
    pending: list[_Pending] = []
    made: list[Path] = []
    current = ""
    try:
        for current in order:
            real = files.real(current)
            seen = files.seen(current)
            like = _stat(real) if seen is not None else None
            if seen is not None and like is None:
                raise Stale(current, f"{current} was removed while it was being edited")
            made += _prepare(files.root, current, real, seen is not None)
            pending.append(_Pending(current, real, _write_temp(real, changes[current], like), seen is None))
        for item in pending:
            current = item.rel
            if _current(item.real) != files.seen(item.rel):
                raise Stale(item.rel)
    except BaseException as exc:
        _discard(pending, made)
        if isinstance(exc, OSError):
            raise WriteFailed(current, exc.strerror or str(exc), (), len(order)) from None
        raise
    written: list[str] = []
    for index, item in enumerate(pending):
        try:
            _install(item.tmp, item.real, item.new)
        except OSError as exc:
            _discard(pending[index:], [])
            reason = "a file was created there meanwhile" if isinstance(exc, FileExistsError) else exc.strerror
            raise WriteFailed(item.rel, reason or str(exc), tuple(written), len(order)) from None
        written.append(item.rel)
    for folder in dict.fromkeys(item.real.parent for item in pending):
        _sync_folder(folder)
    return tuple(written)


def _read_only(path: Path | str) -> bool:
    """Whether ``path`` may not be written: no permission, or no write bit at
    all (which even root, who has every permission, is told to respect)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # let the write itself say what is wrong
    return not mode & 0o222 or not os.access(path, os.W_OK)


def _shown(root: Path, path: Path) -> str:
    """``path`` as a person would name it: relative to the root when inside it."""
    base = os.path.realpath(root)
    return os.path.relpath(path, base).replace(os.sep, "/") if str(path).startswith(base + os.sep) else str(path)


def _prepare(root: Path, rel: str, real: Path, exists: bool) -> list[Path]:
    """Refuse a read-only file or folder; make the folders a new file needs
    (returned, so that a failure can remove them again)."""
    if exists and _read_only(real):
        raise WriteFailed(rel, "the file is read-only")
    folder = real.parent
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    if _read_only(folder):
        raise WriteFailed(rel, f"the folder {_shown(root, folder)} is read-only")
    made = []
    try:
        for new in reversed(missing):
            new.mkdir()
            made.append(new)
    except OSError:
        _discard([], made)
        raise
    return made


def _fill(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd`` and make sure it is on the disk."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def _write_temp(real: Path, data: bytes, like: os.stat_result | None) -> str:
    """A hidden temporary file beside ``real`` holding ``data``, with the
    permissions (and owner, when we may) of ``like``, or those a new file
    gets; removed again if anything fails."""
    fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    try:
        try:
            _fill(fd, data)
        finally:
            os.close(fd)
        os.chmod(tmp, stat.S_IMODE(like.st_mode) if like is not None else 0o666 & ~_UMASK)
        if like is not None and hasattr(os, "chown") and (like.st_uid, like.st_gid) != _owner(tmp):
            with contextlib.suppress(OSError):  # not ours to give away: the file becomes ours, as with any editor
                os.chown(tmp, like.st_uid, like.st_gid)
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _owner(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_gid


def _stat(real: Path) -> os.stat_result | None:
    try:
        return os.stat(real)
    except FileNotFoundError:
        return None


def _current(real: Path) -> bytes | None:
    """What is on disk at ``real`` now (``None``: nothing)."""
    try:
        return real.read_bytes()
    except FileNotFoundError:
        return None


def _install(tmp: str, real: Path, new: bool) -> None:
    """Put the temporary file in place: over the old file, or as a new file
    that must not exist (a hard link fails if it does; where the file system
    has none, a check just before)."""
    if not new:
        os.replace(tmp, real)
        return
    try:
        os.link(tmp, real)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some network shares)
        if os.path.lexists(real):
            raise FileExistsError(real) from None
        os.replace(tmp, real)
        return
    _unlink(tmp)


def _discard(pending: list[_Pending], made: list[Path]) -> None:
    """Remove temporary files and the folders made for new files."""
    for item in pending:
        _unlink(item.tmp)
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no such call)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
