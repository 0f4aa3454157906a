"""``journal build`` parses only the entry files changed since its last load,
and loads the same journal as a load that parses every file."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from builder import load as loader
from builder.check import check
from builder.parsecache import PARSED_CACHE, ParsedCache
from tests.conftest import REPO

PAST_NS = 1_700_000_000 * 10**9  # 2023: older than any racy window


def settle(root: Path) -> None:
    """Every journal file modified long ago (a file changed within two
    seconds of the cache is parsed again, whatever its stamp)."""
    for path in (root / "journal").rglob("*"):
        if path.is_file():
            os.utime(path, ns=(PAST_NS, PAST_NS))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "journal", tmp_path / "journal")
    settle(tmp_path)
    return tmp_path


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths parsed, in order."""
    seen: list[str] = []
    real = loader.parse_entry

    def counting(data: bytes, path: str, folder: str, slug: str) -> object:
        seen.append(path)
        return real(data, path, folder, slug)

    monkeypatch.setattr(loader, "parse_entry", counting)
    return seen


def test_an_unchanged_journal_is_not_parsed_again(root: Path, parses: list[str]) -> None:
    first = check(root, parsed=ParsedCache(root))
    assert len(parses) > 30 and any((root / PARSED_CACHE).glob("*.pickle"))
    parses.clear()
    assert check(root, parsed=ParsedCache(root)) == first
    assert parses == []


def test_an_edited_file_is_parsed_again_even_with_its_old_size_and_time(root: Path, parses: list[str]) -> None:
    check(root, parsed=ParsedCache(root))
    path = root / "journal" / "contacts" / "wang-lei.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Wang Lei", "Wang Lie", 1), encoding="utf-8")  # same size
    os.utime(path, ns=(PAST_NS, PAST_NS))  # same modification time: the change time still tells
    parses.clear()
    cached = check(root, parsed=ParsedCache(root))
    assert parses == ["journal/contacts/wang-lei.md"]
    assert cached == check(root)
    assert "Wang Lie" in repr(cached[0].contacts["wang-lei"])


def test_new_removed_and_just_written_files(root: Path, parses: list[str]) -> None:
    check(root, parsed=ParsedCache(root))
    (root / "journal" / "contacts" / "new-person.md").write_text("---\nname: New Person\n---\n", encoding="utf-8")
    (root / "journal" / "contacts" / "tanaka-yuki.md").unlink()
    parses.clear()
    cached = check(root, parsed=ParsedCache(root))
    assert parses == ["journal/contacts/new-person.md"]  # just written: parsed now, and again until it settles
    assert cached == check(root)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05N."])
def test_a_damaged_cache_is_read_past(root: Path, damage: bytes) -> None:
    expected = check(root, parsed=ParsedCache(root))
    for shard in (root / PARSED_CACHE).glob("*.pickle"):
        shard.write_bytes(damage)
    assert check(root, parsed=ParsedCache(root)) == expected


def test_without_the_cache_nothing_is_kept(root: Path) -> None:
    check(root)
    assert not (root / "build").exists()


def test_a_file_just_written_is_kept_once_it_settles(
    root: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file parsed while too recent to trust is recorded again by the next
    build, so that it is not parsed on every build from then on."""
    path = root / "journal" / "contacts" / "wang-lei.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA note.\n", encoding="utf-8")  # now: too recent
    check(root, parsed=ParsedCache(root))
    now = time.time_ns()
    for minutes in (1, 2):
        monkeypatch.setattr("builder.parsecache.time.time_ns", lambda m=minutes: now + m * 60 * 10**9)
        parses.clear()
        check(root, parsed=ParsedCache(root))
    assert parses == []


def test_an_edit_rewrites_one_shard(root: Path) -> None:
    check(root, parsed=ParsedCache(root))
    before = {p.name: p.stat().st_mtime_ns for p in (root / PARSED_CACHE).glob("*.pickle")}
    path = root / "journal" / "contacts" / "wang-lei.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA note.\n", encoding="utf-8")
    os.utime(path, ns=(PAST_NS + 10**9, PAST_NS + 10**9))
    check(root, parsed=ParsedCache(root))
    after = {p.name: p.stat().st_mtime_ns for p in (root / PARSED_CACHE).glob("*.pickle")}
    assert before.keys() == after.keys() and sum(before[n] != after[n] for n in before) == 1


def test_parsed_records_pickle_by_their_constructor(root: Path) -> None:
    """What the cache keeps comes back equal, each record rebuilt by its
    constructor (``builder.pickled``), not by dataclasses' slower state."""
    import pickle
    import pickletools
    from dataclasses import dataclass

    from builder.files import DiskSource
    from builder.pickled import ByConstructor

    files = DiskSource(root)
    parsed = [
        loader.parse_entry(files.read(rel), rel, rel.split("/")[1], loader.slug_of(rel))[0]
        for rel in sorted(files.walk("journal"))
        if rel.count("/") == 2 and rel.endswith(".md")
    ]
    assert len(parsed) > 20 and all(p is not None for p in parsed)
    data = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
    assert pickle.loads(data) == parsed
    assert "BUILD" not in {op.name for op, _, _ in pickletools.genops(data)}  # no object's state set afterwards

    @dataclass(frozen=True, slots=True)
    class Checked(ByConstructor):
        value: int

        def __post_init__(self) -> None:
            pass

    with pytest.raises(TypeError, match="cannot be rebuilt"):
        pickle.dumps(Checked(1))
