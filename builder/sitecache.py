"""What the last site build made, kept for the next one, so that a build
converts again only the pages whose Markdown changed.

The cache is a folder per view (``build/site-cache/full/``,
``build/site-cache/public/``; gitignored, restored by CI):

- ``pages/``: each page's HTML as the site holds it, by its path in the
  site (hard links to the site's own files where the system allows, so it
  costs no space; copies elsewhere);
- ``manifest.json``: the key of everything every page depends on (the
  configuration, the theme, the navigation, the builder's and the site
  generator's versions: ``SiteKey``), the site's files, and for each page
  the digest of its Markdown, the size of its HTML, its search entries and
  the docs paths its links looked up.

A page is taken from the cache only when the key is the same, its Markdown
has the same digest, none of the paths it looked up appeared or
disappeared, and its HTML is there with the size recorded; anything else
converts it again, so a stale, foreign or damaged cache costs time, never a
wrong page.  The manifest is removed before the pages change and written
last, so a build killed in between leaves no cache rather than a wrong one.

Plain code: ``builder.sitegen`` decides what a page is and converts it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.output import OutputError, clean_relpath

CACHE_DIR = "build/site-cache"
MANIFEST = "manifest.json"
PAGES = "pages"
# Jinja's compiled templates: code, so kept apart from the cache that CI
# restores (build/site-cache), with the local-only caches.
COMPILED_TEMPLATES = "build/cache/templates"
FORMAT = 3
RACY_NS = 2_000_000_000  # a Markdown file changed this close to the manifest is read, whatever its stamp

# Whose versions change the HTML of a page that did not change.
GENERATOR_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments", "jinja2", "nh3")


def cache_folder(root: Path, public: bool) -> Path:
    """The cache of one view of the site (a public build never reads the full one)."""
    return root / CACHE_DIR / ("public" if public else "full")


def digest(data: bytes) -> str:
    """What identifies a page's Markdown (or anything else the cache compares)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def generator_versions() -> list[str]:
    """The versions of the site generator and everything it converts pages with."""
    from importlib import metadata  # 10 ms to import: only builds need it

    out = []
    for name in GENERATOR_PACKAGES:
        try:
            out.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name} missing")
    return out


def folder_digest(folder: Path | None) -> str:
    """A theme's own folder (``theme.custom_dir``) by content."""
    hasher = hashlib.blake2b(digest_size=16)
    if folder is not None and folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                hasher.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


@dataclass(frozen=True, slots=True)
class CachedPage:
    """One converted page, as the manifest keeps it."""

    source: str  # the digest of its Markdown
    dest: str  # its HTML's path in the site
    size: int | None  # of its HTML; None: the page made no file
    entries: list[dict[str, Any]]  # its search entries
    lookups: list[str]  # the docs paths its links looked up
    stamp: list[int]  # its Markdown file's size and modification time (ns): unchanged, it need not be read

    def as_json(self, numbered: Mapping[str, int]) -> list[Any]:
        """Compact: 30,000 pages are read on every build.  A looked-up path
        that is one of the site's files is written as its number in the
        manifest's ``files`` (``numbered``): they were 40% of the manifest."""
        lookups = [numbered.get(path, path) for path in self.lookups]
        return [self.source, self.dest, self.size, self.entries, lookups, self.stamp]

    @staticmethod
    def from_json(value: Any, files: list[str]) -> CachedPage:
        """The page from its manifest entry (``files``: the manifest's);
        ``ValueError`` when it is not one."""
        if not (isinstance(value, list) and len(value) == 6):
            raise ValueError("not a page")
        source, dest, size, entries, numbered, stamp = value
        if not isinstance(numbered, list):
            raise ValueError("not a page")
        lookups: list[str] = []
        for path in numbered:
            if isinstance(path, str):
                lookups.append(path)
            elif type(path) is int and 0 <= path < len(files):
                lookups.append(files[path])
            else:  # a number that is none of the files, or not a path at all
                raise ValueError("not a page")
        if not (
            isinstance(stamp, list)
            and len(stamp) == 2
            and all(isinstance(n, int) for n in stamp)
            and isinstance(source, str)
            and isinstance(dest, str)
            and (size is None or isinstance(size, int))
            and isinstance(entries, list)
            and all(isinstance(e, dict) for e in entries)
        ):
            raise ValueError("not a page")
        try:
            clean_relpath(dest)  # a cache restored from elsewhere is not trusted with paths
        except OutputError as exc:
            raise ValueError(str(exc)) from exc
        return CachedPage(source, dest, size, entries, lookups, stamp)


@dataclass(slots=True)
class Manifest:
    """What a build made: its key, its files (docs paths), its pages by docs
    path, the site's other files (theme, search index, sitemap), and when it
    was written (ns)."""

    key: str
    files: list[str]
    pages: dict[str, CachedPage] = field(default_factory=dict)
    extras: list[str] = field(default_factory=list)
    written_ns: int = 0  # when its Markdown files' stamps were taken (before any was read)


@dataclass(slots=True)
class Reuse:
    """What the cache gives a build: pages to take as they are, and the paths
    whose existence changed since (a page that looked one up is converted)."""

    manifest: Manifest | None
    changed_paths: frozenset[str]

    def source(self, src: str, path: str) -> tuple[str, list[int]]:
        """The digest of a page's Markdown and its file's stamp: the recorded
        digest when the file's size and modification time are those
        recorded, and not so recent that an edit within the same tick could
        hide (as git does); else the file is read."""
        st = os.stat(path)
        stamp = [st.st_size, st.st_mtime_ns]
        cached = self.manifest.pages.get(src) if self.manifest is not None else None
        if (
            cached is not None
            and self.manifest is not None
            and cached.stamp == stamp
            and st.st_mtime_ns < self.manifest.written_ns - RACY_NS
        ):
            return cached.source, stamp
        with open(path, "rb") as source:
            return digest(source.read()), stamp

    def page(self, src: str, source_digest: str, dest: str) -> CachedPage | None:
        """The cached page for ``src`` when a conversion would make it again."""
        if self.manifest is None:
            return None
        cached = self.manifest.pages.get(src)
        if cached is None or cached.source != source_digest or cached.dest != dest:
            return None
        if self.changed_paths and not self.changed_paths.isdisjoint(cached.lookups):
            return None
        return cached


class SiteCache:
    """The cache folder of one view."""

    def __init__(self, folder: Path, reuse: bool = True, compiled: Path | None = None) -> None:
        self.folder = folder
        self.pages = folder / PAGES
        self.reuse = reuse  # False: convert every page (``--no-cache``), then keep them all
        self.compiled = compiled  # where the theme's compiled templates are kept (None: nowhere)

    def load(self, key: str, files: Iterable[str]) -> Reuse:
        """What can be reused by a build with ``key`` and these ``files``;
        nothing when the key differs or the manifest cannot be read."""
        manifest = self._read() if self.reuse else None
        if manifest is None or manifest.key != key:
            return Reuse(None, frozenset())
        return Reuse(manifest, frozenset(set(manifest.files) ^ set(files)))

    def _read(self) -> Manifest | None:
        try:
            data = json.loads((self.folder / MANIFEST).read_bytes())
            if not (isinstance(data, dict) and data.get("format") == FORMAT):
                return None
            key, files, pages = data["key"], data["files"], data["pages"]
            extras, written = data["extras"], data["written_ns"]
            if not (isinstance(key, str) and isinstance(pages, dict) and isinstance(written, int)):
                return None
            for names in (files, extras):
                if not (isinstance(names, list) and all(isinstance(f, str) for f in names)):
                    return None
            for name in extras:
                clean_relpath(name)  # removed from the site when no longer made: never outside it
            pages_read = {str(src): CachedPage.from_json(v, files) for src, v in pages.items()}
            return Manifest(key, files, pages_read, extras, written)
        except (OSError, ValueError, KeyError, TypeError, RecursionError, OutputError):
            return None

    def templates(self, env: Any) -> Any:
        """Jinja's cache of compiled templates for ``env`` (compiling
        Material's took a fifth of a second on every build), in a folder
        named after what compiles them: Python and the generator's versions,
        and the settings of ``env`` that are compiled into a template (Jinja
        checks a template's source, not those).  None without a place for it;
        a folder that cannot be written costs time only."""
        if self.compiled is None:
            return None
        try:
            settings = _compiled_with(env)
        except (ImportError, AttributeError):  # another Jinja: no cache rather than a wrong one
            return None
        named = digest("\n".join([f"python {sys.version}", *generator_versions(), settings]).encode())
        folder = self.compiled / named
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return _quiet_bytecode_cache(str(folder))

    def stored(self, dest: str) -> os.stat_result | None:
        """A page's stored HTML (its size, its inode); None when it is not there."""
        try:
            return os.stat(f"{self.pages}/{dest}")
        except OSError:
            return None

    def copy_out(self, dest: str, site_dir: Path) -> None:
        """Put a stored page into the site being built."""
        _link_or_copy(self.pages / dest, site_dir / dest)

    def store(self, site_dir: Path, manifest: Manifest, converted: Iterable[str], previous: Manifest | None) -> None:
        """Keep the pages of the site just built at ``site_dir``: those
        ``converted`` (their dests) are taken from it, those no longer in the
        site go.  Without a ``previous`` manifest the whole folder is
        replaced.  ``OSError`` when the cache cannot be written: the site is
        built all the same, the caller says so."""
        (self.folder / MANIFEST).unlink(missing_ok=True)
        if previous is None:
            if self.pages.is_symlink():  # restored from elsewhere: never write through it
                self.pages.unlink()
            shutil.rmtree(self.pages, ignore_errors=True)
            _link_all(site_dir, self.pages, [page.dest for page in manifest.pages.values() if page.size is not None])
        else:
            kept = {page.dest for page in manifest.pages.values()}
            for page in previous.pages.values():
                if page.dest not in kept:
                    with contextlib.suppress(FileNotFoundError):
                        (self.pages / page.dest).unlink()
            for dest in converted:
                source = site_dir / dest
                if source.is_file():
                    _link_or_copy(source, self.pages / dest, replace=True)
        self._write(manifest)

    def _write(self, manifest: Manifest) -> None:
        numbered = {path: number for number, path in enumerate(manifest.files)}
        document = {
            "format": FORMAT,
            "key": manifest.key,
            "files": manifest.files,
            "pages": {src: page.as_json(numbered) for src, page in manifest.pages.items()},
            "extras": manifest.extras,
            "written_ns": manifest.written_ns,
        }
        data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        target = self.folder / MANIFEST
        tmp = target.with_name(f".{MANIFEST}.tmp")
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            tmp.write_bytes(data)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)


def _link_or_copy(source: Path, target: Path, replace: bool = False) -> None:
    """``target`` the same file as ``source``: a hard link (no space, no
    copying), or a copy where links cannot be made (another file system)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp") if replace else target
    try:
        if replace:
            tmp.unlink(missing_ok=True)
        try:
            os.link(source, tmp)
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
                raise
            shutil.copyfile(source, tmp)
        if replace:
            os.replace(tmp, target)
    finally:
        if replace:
            tmp.unlink(missing_ok=True)


def _compiled_with(env: Any) -> str:
    """The settings of a Jinja environment that its compiler writes into a
    template's code (delimiters, whitespace, escaping, extensions, and which
    filters and tests take the context)."""
    from jinja2.utils import _PassArg

    def named(value: Any) -> str:
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(value))}"

    settings = [
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        named(env.autoescape) if callable(env.autoescape) else env.autoescape,
        named(env.finalize) if env.finalize is not None else None,
        sorted(env.extensions),
        sorted((name, str(_PassArg.from_obj(f))) for name, f in env.filters.items()),
        sorted((name, str(_PassArg.from_obj(f))) for name, f in env.tests.items()),
    ]
    return repr(settings)


def _quiet_bytecode_cache(folder: str) -> Any:
    """Jinja's ``FileSystemBytecodeCache`` that never fails a build: a
    compiled template that cannot be read or written is compiled again."""
    from jinja2 import FileSystemBytecodeCache

    class Quiet(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):
                super().load_bytecode(bucket)

        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    return Quiet(folder)


def _link_all(site_dir: Path, pages: Path, dests: Iterable[str]) -> None:
    """Every page of a whole build into an empty cache folder: as
    ``_link_or_copy`` does, without its care for a page already there (each
    link was a tenth of a millisecond of checks; a whole build links 30,000)."""
    made: set[str] = set()
    base, into = str(site_dir), str(pages)
    for dest in dests:
        source, target = f"{base}/{dest}", f"{into}/{dest}"
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(source, target)
        except FileNotFoundError:
            continue  # a page MkDocs wrote no file for
        except FileExistsError:  # left behind in a folder that could not be emptied
            os.unlink(target)
            os.link(source, target)
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
                raise
            shutil.copyfile(source, target)


def new_manifest(
    key: str, files: Iterable[str], pages: Mapping[str, CachedPage], extras: Iterable[str], stamped_ns: int
) -> Manifest:
    """The manifest of a build, in the site's order; ``stamped_ns``: when
    the stamps of its Markdown files were taken."""
    return Manifest(key, sorted(files), dict(pages), sorted(extras), stamped_ns)
