"""``journal build`` converts only the pages whose Markdown changed, and
gives the site a whole build gives, byte for byte, after every kind of edit."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.cli import main
from builder.sitecache import CACHE_DIR, COMPILED_TEMPLATES, MANIFEST
from tests.test_live import EDITS

TODAY = "2026-11-27"
CONVERTED = re.compile(r"journal build: (\d+) pages converted, (\d+) taken from the cache")


@pytest.fixture
def root(example: Path) -> Path:
    """The example journal and mkdocs.yml, copied (``tests.conftest.example``)."""
    return example


def build(root: Path, capsys: pytest.CaptureFixture[str], *args: str, today: str = TODAY) -> tuple[int, int]:
    """Build (with the cache unless told otherwise); pages converted and taken from the cache."""
    capsys.readouterr()
    code = main(["build", "--root", str(root), "--today", today, *args])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    found = CONVERTED.search(err)
    assert found, err
    return int(found[1]), int(found[2])


def differences(a: Path, b: Path) -> list[str]:
    """The files that differ between two sites (empty: byte-identical)."""
    out: list[str] = []
    stack = [filecmp.dircmp(a, b)]
    while stack:
        cmp = stack.pop()
        out += [f"only in one: {name}" for name in cmp.left_only + cmp.right_only + cmp.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out += [str(Path(cmp.left, name).relative_to(a)) for name in mismatch + errors]
        stack.extend(cmp.subdirs.values())
    return sorted(out)


def same_as_whole_build(
    root: Path, capsys: pytest.CaptureFixture[str], *args: str, today: str = TODAY, why: str = ""
) -> None:
    """The incremental site equals what a build without the cache makes."""
    whole = root.parent / "whole-site"
    shutil.rmtree(whole, ignore_errors=True)
    cache = root / CACHE_DIR
    kept = root.parent / "kept-cache"
    shutil.rmtree(kept, ignore_errors=True)
    cache.rename(kept)  # a build without the cache rewrites it: keep the incremental one (and its links) going
    try:
        build(root, capsys, "--no-cache", "--site-dir", str(whole), *args, today=today)
    finally:
        shutil.rmtree(cache)
        kept.rename(cache)
    assert differences(root / "site", whole) == [], why


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / "journal" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_journal_converts_nothing(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    converted, reused = build(root, capsys)
    assert reused == 0 and converted > 50
    assert build(root, capsys) == (0, converted)
    same_as_whole_build(root, capsys)


def test_the_cache_costs_no_space_where_links_can_be_made(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(root, capsys)
    page = root / "site" / "people" / "siti-rahayu" / "index.html"
    cached = root / CACHE_DIR / "full" / "pages" / "people" / "siti-rahayu" / "index.html"
    assert os.path.samefile(page, cached)


def test_compiled_templates_are_kept_where_ci_never_restores_them(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Jinja's compiled templates are code: never in build/site-cache, which
    the publishing workflow restores from GitHub's cache."""
    build(root, capsys)
    compiled = list((root / COMPILED_TEMPLATES).rglob("*.cache"))
    assert len(compiled) > 10
    assert not [
        p for p in (root / CACHE_DIR).rglob("*") if p.is_file() and "pages" not in p.parts and p.name != MANIFEST
    ]
    for path in compiled:  # a rebuild reads them (a changed template is compiled again: Jinja checks its source)
        path.write_bytes(b"not a template")
    assert build(root, capsys)[0] == 0


def test_compiled_templates_are_kept_apart_by_the_settings_compiled_into_them(tmp_path: Path) -> None:
    """A hook that turns autoescaping on (or any setting Jinja compiles into
    a template's code) gets its own folder: Jinja checks only the source."""
    from jinja2 import Environment

    from builder.sitecache import SiteCache

    cache = SiteCache(tmp_path / "view", compiled=tmp_path / "compiled")
    folders = {
        cache.templates(env).directory
        for env in (Environment(), Environment(autoescape=True), Environment(trim_blocks=True), Environment())
    }
    assert len(folders) == 3


def test_a_template_cache_that_cannot_be_written_costs_time_only(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2.bccache

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(jinja2.bccache.tempfile, "NamedTemporaryFile", refuse)
    build(root, capsys)
    assert not list((root / COMPILED_TEMPLATES).rglob("*.cache"))
    same_as_whole_build(root, capsys)


def test_an_edit_replaces_only_what_changed_in_the_site(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The site is not rebuilt beside itself for one page: the pages that
    did not change stay the same files, the changed one is replaced."""
    build(root, capsys)
    site = root / "site"
    untouched = os.stat(site / "people" / "wang-lei" / "index.html")
    edited = os.stat(site / "people" / "kim-minjun" / "index.html")
    edit(root, "contacts/kim-minjun.md", "\n---\n", "\n---\n\nMet again at the library.\n")
    assert build(root, capsys)[0] <= 3
    assert os.path.samestat(untouched, os.stat(site / "people" / "wang-lei" / "index.html"))
    assert not os.path.samestat(edited, os.stat(site / "people" / "kim-minjun" / "index.html"))
    assert "Met again at the library." in (site / "people" / "kim-minjun" / "index.html").read_text(encoding="utf-8")
    assert not list(root.glob(".site.*")) and not list(root.glob("site.*"))  # nothing left beside it
    same_as_whole_build(root, capsys)


STRUCTURAL: list[tuple[str, Callable[[Path], None]]] = [
    ("a new contact", lambda r: (r / "journal/contacts/new-person.md").write_text("---\nname: New Person\n---\n")),
    (
        "a renamed contact",
        lambda r: (r / "journal/contacts/new-person.md").rename(r / "journal/contacts/person-renamed.md"),
    ),
    ("a removed contact", lambda r: (r / "journal/contacts/person-renamed.md").unlink()),
    ("the plan", lambda r: edit(r, "plan.yml", "target: 6\n", "target: 9\n")),
    (
        "the sources",
        lambda r: (r / "journal/sources.yml").write_text(
            (r / "journal/sources.yml").read_text(encoding="utf-8").replace("name:", "name: Renamed", 1),
            encoding="utf-8",
        ),
    ),
]


# The public view through a few of the edits (each is two builds): the
# cache works the same, only the pages differ (two of them hide and show a person).
@pytest.mark.parametrize(
    ("public", "edits"), [(False, EDITS), (True, [EDITS[i] for i in (0, 6, 13, 15)])], ids=["full", "public"]
)
def test_each_edit_gives_the_whole_builds_site(
    root: Path, capsys: pytest.CaptureFixture[str], public: bool, edits: list[tuple[str, str, str]]
) -> None:
    view = ["--public"] if public else []
    total, _ = build(root, capsys, *view)
    for rel, old, new in edits:
        edit(root, rel, old, new)
        converted, reused = build(root, capsys, *view)
        assert converted < total // 2 and reused > 0, rel  # the point: most pages come from the cache
        same_as_whole_build(root, capsys, *view, why=rel)
    for name, change in STRUCTURAL if not public else STRUCTURAL[:1]:
        change(root)
        converted, reused = build(root, capsys, *view)
        assert reused > 0, name
        same_as_whole_build(root, capsys, *view, why=name)


def test_the_next_day_converts_only_the_pages_that_depend_on_it(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    total, _ = build(root, capsys)
    converted, _ = build(root, capsys, today="2026-11-28")
    assert converted < total // 3
    same_as_whole_build(root, capsys, today="2026-11-28")


def test_a_public_build_keeps_its_own_pages(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CI builds both views in turn: neither undoes the other's cache."""
    build(root, capsys, "--public", "--site-dir", str(root.parent / "public-site"))
    total, _ = build(root, capsys)
    assert build(root, capsys, "--public", "--site-dir", str(root.parent / "public-site"))[0] == 0
    assert build(root, capsys) == (0, total)


def test_mkdocs_yml_or_the_builder_changing_converts_everything(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    total, _ = build(root, capsys)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name:", "site_name: Renamed"), encoding="utf-8")
    assert build(root, capsys) == (total, 0)
    same_as_whole_build(root, capsys)
    monkeypatch.setattr("builder.sitegen.builder_content_version", lambda: "another builder")
    assert build(root, capsys) == (total, 0)
    assert build(root, capsys, "--no-cache") == (total, 0)


DAMAGE: list[tuple[str, Callable[[Path], None]]] = [
    ("manifest not JSON", lambda c: (c / MANIFEST).write_bytes(b"{not json")),
    ("manifest of another shape", lambda c: (c / MANIFEST).write_text('{"format": 1, "key": 3}')),
    ("manifest gone", lambda c: (c / MANIFEST).unlink()),
    ("manifest naming a file by a number it does not have", lambda c: _renumber(c / MANIFEST, 10**6)),
    ("manifest naming a file by a negative number", lambda c: _renumber(c / MANIFEST, -1)),
    ("manifest naming a file by true", lambda c: _renumber(c / MANIFEST, True)),
    ("pages gone", lambda c: shutil.rmtree(c / "pages")),
    ("a page truncated", lambda c: _truncate(c / "pages" / "people" / "siti-rahayu" / "index.html")),
    ("a page removed", lambda c: (c / "pages" / "index.html").unlink()),
]


def _renumber(manifest: Path, number: object) -> None:
    """One page's first looked-up path given as ``number`` (the manifest
    names the site's files by their number in its list of files)."""
    data = json.loads(manifest.read_bytes())
    page = next(page for page in data["pages"].values() if page[4])
    page[4][0] = number
    manifest.write_text(json.dumps(data), encoding="utf-8")


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.unlink()  # the site's own file is the same one (a hard link): leave it whole
    path.write_bytes(data[: len(data) // 2])


def test_a_damaged_cache_costs_time_never_a_wrong_page(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(root, capsys)
    for (name, damage), (rel, old, new) in zip(DAMAGE, EDITS, strict=False):
        damage(root / CACHE_DIR / "full")
        edit(root, rel, old, new)
        _, reused = build(root, capsys)
        if name.startswith("manifest"):
            assert reused == 0, name  # no manifest to trust: a whole build
        else:
            same_as_whole_build(root, capsys, why=name)


def test_a_hostile_manifest_removes_nothing_outside_the_cache(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A cache restored from elsewhere (CI) is not trusted with paths."""
    build(root, capsys)
    manifest_path = root / CACHE_DIR / "full" / MANIFEST
    manifest = json.loads(manifest_path.read_bytes())
    victim = root / "journal" / "contacts" / "wang-lei.md"
    manifest["pages"]["gone.md"] = ["x", "../../../../journal/contacts/wang-lei.md", None, [], []]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    build(root, capsys)
    assert victim.exists()
    same_as_whole_build(root, capsys)


def test_a_cache_folder_that_is_a_link_is_never_written_through(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A restored cache whose pages folder is a symbolic link (to a folder
    of the runner's, say): a whole build replaces the link, and writes
    nothing where it pointed."""
    build(root, capsys)
    pages = root / CACHE_DIR / "full" / "pages"
    elsewhere = root.parent / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(pages)
    pages.symlink_to(elsewhere, target_is_directory=True)
    (root / CACHE_DIR / "full" / MANIFEST).unlink()
    build(root, capsys)
    assert not pages.is_symlink() and pages.is_dir()
    assert list(elsewhere.iterdir()) == []
    same_as_whole_build(root, capsys)
