"""The check cache gives exactly the full check's answer, and is never
trusted for a file that changed, disappeared, or when it is damaged."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest

from builder.check import CACHE_FILE, LOOKUPS_FILE, check, check_cached
from tests.conftest import REPO


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "journal", tmp_path / "journal")
    return tmp_path


def same(root: Path) -> list[str]:
    cached = [str(d) for d in check_cached(root)]
    full = [str(d) for d in check(root)[1]]
    assert cached == full
    return cached


def test_cache_is_written_outside_the_journal(root: Path) -> None:
    before = sorted(p.name for p in (root / "journal").rglob("*"))
    assert same(root) == []
    assert (root / CACHE_FILE).is_file() and (root / LOOKUPS_FILE).is_file()
    assert sorted(p.name for p in (root / "journal").rglob("*")) == before


EDITS = [
    ("journal/contacts/siti-rahayu.md", "relationship: mentor", "relationship: mentr"),
    ("journal/contacts/siti-rahayu.md", "relationship: mentr", "relationship: mentor"),
    ("journal/events/2026-06-18-researchops-webinar.md", "status: attended", "status: atended"),
    ("journal/events/2026-06-18-researchops-webinar.md", "status: atended", "status: attended"),
    ("journal/reflections/2026-06-19-researchops-webinar-notes.md", "[[siti-rahayu]]", "[[siti-rahay]]"),
    ("journal/reflections/2026-06-19-researchops-webinar-notes.md", "[[siti-rahay]]", "[[siti-rahayu]]"),
]


def test_edits_additions_removals_and_renames(root: Path) -> None:
    same(root)
    for rel, old, new in EDITS:
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        same(root)
    # remove a contact that others reference: their references break
    olga = root / "journal/contacts/olga-ivanova.md"
    text = olga.read_text(encoding="utf-8")
    olga.unlink()
    assert any("olga-ivanova" in line for line in same(root))
    # bring it back under another name: "did you mean" changes, then the original returns
    (root / "journal/contacts/olga-ivanov.md").write_text(text, encoding="utf-8")
    assert any("did you mean 'olga-ivanov'" in line for line in same(root))
    (root / "journal/contacts/olga-ivanov.md").rename(olga)
    assert same(root) == []
    # a new organization makes a contact's free-text organization a near miss
    siti = root / "journal/contacts/siti-rahayu.md"
    siti.write_text(
        siti.read_text(encoding="utf-8").replace("organization: nusantara-digital", "organization: acme-corps"),
        encoding="utf-8",
    )
    same(root)
    (root / "journal/organizations/acme-corp.md").write_text("---\nname: Acme\n---\n", encoding="utf-8")
    assert any("did you mean 'acme-corp'" in line for line in same(root))
    # the plan changes: everything is checked again
    plan = root / "journal/plan.yml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("timezone: Asia/Jakarta", "timezone: Mars/Base"), encoding="utf-8"
    )
    assert any("unknown timezone" in line for line in same(root))


def test_an_edit_that_keeps_size_and_modification_time_is_seen(root: Path) -> None:
    same(root)
    path = root / "journal/contacts/siti-rahayu.md"
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("relationship: mentor", "relationship: mentxr"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # size and mtime as before
    assert any("unknown relationship 'mentxr'" in line for line in same(root))


def test_random_sequences_of_changes(root: Path) -> None:
    rng = random.Random(5)
    files = sorted(p for p in (root / "journal").rglob("*.md"))
    removed: list[tuple[Path, str]] = []
    for _ in range(25):
        action = rng.choice(["edit", "break", "remove", "restore", "touch"])
        path = rng.choice(files)
        if action == "remove" and path.exists():
            removed.append((path, path.read_text(encoding="utf-8")))
            path.unlink()
        elif action == "restore" and removed:
            back, text = removed.pop(rng.randrange(len(removed)))
            back.write_text(text, encoding="utf-8")
        elif action == "break" and path.exists():
            path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\nbogus: [\n", 1), encoding="utf-8")
        elif action == "edit" and path.exists():
            path.write_text(
                path.read_text(encoding="utf-8") + f"\nMore notes [[{rng.choice(files).stem}]].\n", encoding="utf-8"
            )
        elif path.exists():
            os.utime(path)
        same(root)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"\x00\xff garbage",
        b'{"format": 1, "version": "x"',
        b'{"format": 1, "version": "VERSION", "written_ns": 0, "context": [], "files": []}',
        b'{"format": 1, "version": "VERSION", "written_ns": 0, "context": CONTEXT, "files": {"journal/contacts/siti-rahayu.md": "oops"}}',
        b'{"format": 1, "version": "VERSION", "written_ns": 0, "context": CONTEXT, "files": {"journal/contacts/siti-rahayu.md": [[1,2,3,4], [["a"]]]}}',
        b"[1, 2, 3]",
    ],
)
def test_a_damaged_cache_is_ignored(root: Path, damage: bytes) -> None:
    same(root)
    good = json.loads((root / CACHE_FILE).read_text(encoding="utf-8"))
    text = damage.replace(b"VERSION", good["version"].encode()).replace(
        b"CONTEXT", json.dumps(good["context"]).encode()
    )
    (root / CACHE_FILE).write_bytes(text)
    path = root / "journal/contacts/siti-rahayu.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("relationship: mentor", "relationship: boss"), encoding="utf-8"
    )
    assert any("unknown relationship 'boss'" in line for line in same(root))


def test_damaged_lookups_are_ignored(root: Path) -> None:
    same(root)
    (root / LOOKUPS_FILE).write_text("{nope", encoding="utf-8")
    (root / "journal/contacts/olga-ivanova.md").unlink()  # needs the lookups
    assert any("olga-ivanova" in line for line in same(root))


def test_cli_uses_the_cache_and_can_skip_it(root: Path) -> None:
    from builder.cli import main

    assert main(["check", "--root", str(root)]) == 0
    assert (root / CACHE_FILE).is_file()
    (root / CACHE_FILE).unlink()
    assert main(["check", "--root", str(root), "--no-cache"]) == 0
    assert not (root / CACHE_FILE).exists()


def test_two_entries_that_name_each_other_removed_together(root: Path) -> None:
    """The lookups name files deleted since the last run: nothing to re-check
    there (this crashed with a KeyError)."""
    events = root / "journal" / "events"
    reflections = root / "journal" / "reflections"
    (events / "2026-12-04-pair.md").write_text(
        "---\ntitle: Pair\nstart: 2026-12-04\n---\nSee [[2026-12-05-pair-notes]].\n", encoding="utf-8"
    )
    (reflections / "2026-12-05-pair-notes.md").write_text(
        "---\ndate: 2026-12-05\nevents: [2026-12-04-pair]\n---\nNotes.\n", encoding="utf-8"
    )
    check_cached(root)
    (events / "2026-12-04-pair.md").unlink()
    (reflections / "2026-12-05-pair-notes.md").unlink()
    same(root)


@pytest.mark.parametrize("bad", ["oops", 5, {"a": 1}, [["x"]], [[1, 2, 3, "error", None]]])
def test_a_record_whose_stamp_matches_but_whose_contents_are_damaged_is_not_trusted(root: Path, bad: object) -> None:
    same(root)
    good = json.loads((root / CACHE_FILE).read_text(encoding="utf-8"))
    good["files"]["journal/contacts/siti-rahayu.md"][1] = bad  # an unchanged file: its record is taken as stored
    (root / CACHE_FILE).write_text(json.dumps(good), encoding="utf-8")
    assert same(root) == []


def test_a_few_changed_files_are_read_again_rather_than_the_cache_rewritten(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rewriting the whole cache costs more than reading a few files again:
    up to ``STALE_KEPT`` changed files keep their old records (and are read
    by every check) until something else rewrites it."""
    import builder.check

    reads: list[int] = []
    real = builder.check.load_entries
    monkeypatch.setattr(
        builder.check, "load_entries", lambda f, wanted, tz: reads.append(len(wanted)) or real(f, wanted, tz)
    )
    same(root)
    cached = (root / CACHE_FILE).read_bytes()
    siti = root / "journal/contacts/siti-rahayu.md"
    siti.write_text(siti.read_text(encoding="utf-8").replace("relationship: mentor", "relationship: mentr"), "utf-8")
    assert any("unknown relationship 'mentr'" in line for line in same(root))
    assert any("unknown relationship 'mentr'" in line for line in same(root))  # read again, found again
    assert (root / CACHE_FILE).read_bytes() == cached
    assert reads[-2:] == [1, 1]
    monkeypatch.setattr(builder.check, "STALE_KEPT", 1)
    olga = root / "journal/contacts/olga-ivanova.md"
    olga.write_text(olga.read_text(encoding="utf-8") + "\nMore notes.\n", encoding="utf-8")
    for path in (siti, olga):  # older than the cache by more than its two seconds of doubt
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 10**10))
    assert any("unknown relationship 'mentr'" in line for line in same(root))
    assert (root / CACHE_FILE).read_bytes() != cached  # two changed files: the cache is rewritten
    reads.clear()
    same(root)
    assert reads == []  # and holds them now
