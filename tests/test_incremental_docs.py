"""A build after a few edits renders only the pages they can change
(``builder.incremental``), and the docs folder is then what a whole render
writes, byte for byte; anything it cannot be sure of renders everything."""

from __future__ import annotations

import os
import pickle
import random
import re
import shutil
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

import builder.incremental as incremental
from builder.build import Generated, context_of, files_of, generate
from builder.check import check
from builder.diagnostics import has_errors
from builder.history import read_history
from builder.incremental import RECORD, docs_stamps, generate_docs
from builder.live import Live
from builder.output import MARKER
from builder.parsecache import PARSED_CACHE, ParsedCache
from builder.render.context import RenderOptions
from builder.sitegen import SiteConfig, read_config
from tests.test_live import EDITS

TODAY = date(2026, 11, 27)


class Renders:
    """Counts the whole renders a build makes (``builder.incremental.generate``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.whole = 0

        def counted(*args: object, **kwargs: object) -> Generated:
            self.whole += 1
            return generate(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(incremental, "generate", counted)

    def since(self, before: int) -> int:
        return self.whole - before


def config_of(root: Path) -> SiteConfig:
    config, _ = read_config(root)
    assert config is not None
    return config


def build_docs(root: Path, options: RenderOptions, today: date = TODAY, reuse: bool = True) -> Generated:
    """What ``journal build`` does up to the docs folder (``builder.build.prepare``)."""
    parsed = ParsedCache(root, reuse)
    journal, diagnostics = check(root, parsed)
    assert not has_errors(diagnostics), diagnostics
    history = read_history(root)
    result = generate_docs(root, config_of(root), journal, diagnostics, today, options, history, parsed, reuse)
    assert result.ok, result.diagnostics
    return result


def docs_folder(root: Path) -> dict[str, bytes]:
    docs = config_of(root).docs_dir
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file() and p.name != MARKER}


def whole_render(root: Path, options: RenderOptions, today: date = TODAY) -> dict[str, bytes]:
    journal, _ = check(root)
    files = files_of(context_of(journal, today, options, read_history(root)))
    return {path: c.encode("utf-8") if isinstance(c, str) else c for path, c in files.items()}


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Edit a file, dated half a minute ago: a file changed within two
    seconds of a build counts as edited again by the next one, which would
    hide a page the next edit forgets."""
    path = root / "journal" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    then = time.time_ns() - 30 * 10**9
    os.utime(path, ns=(then, then))


def same_as_whole(root: Path, options: RenderOptions, why: str, today: date = TODAY) -> None:
    got, want = docs_folder(root), whole_render(root, options, today)
    assert sorted(got) == sorted(want), why
    assert [p for p in want if got[p] != want[p]] == [], why


@pytest.mark.parametrize(
    ("public", "split_at"), [(False, 300), (True, 300), (False, 3)], ids=["full", "public", "split-indexes"]
)
def test_each_edit_renders_only_its_pages_and_gives_the_whole_render(
    example: Path, monkeypatch: pytest.MonkeyPatch, public: bool, split_at: int
) -> None:
    renders = Renders(monkeypatch)
    options = RenderOptions(public=public, split_at=split_at)
    build_docs(example, options)
    assert renders.whole == 1
    for rel, old, new in EDITS:
        edit(example, rel, old, new)
        before = renders.whole
        build_docs(example, options)
        assert renders.since(before) == 0, rel  # the point: no whole render
        same_as_whole(example, options, rel)
        made = pickle.loads((example / RECORD).read_bytes())  # the record follows what the update wrote
        assert made.docs == docs_stamps(config_of(example).docs_dir), rel


def test_only_the_pages_that_differ_are_written(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page rendered again but the same is not touched (MkDocs, then,
    converts only what changed)."""
    renders = Renders(monkeypatch)
    build_docs(example, RenderOptions())
    before = docs_folder(example)
    edit(example, "contacts/kim-minjun.md", "\n---\n", "\n---\n\nMet again at the library.\n")
    result = build_docs(example, RenderOptions())
    after = docs_folder(example)
    assert renders.whole == 1
    assert result.stats is not None and result.stats.removed == ()
    assert list(result.stats.written) == [path for path in sorted(after) if before[path] != after[path]]
    assert "people/kim-minjun.md" in result.stats.written
    assert result.stats.unchanged == len(after) - len(result.stats.written)


def test_a_source_links_a_topic_once_an_entry_has_it(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sources link the topics that have a page; only entries make one."""
    sources = example / "journal" / "sources.yml"
    sources.write_text(
        sources.read_text(encoding="utf-8") + "\n- {name: A new forum, kind: forum, topics: [brand-new-topic]}\n",
        encoding="utf-8",
    )
    renders = Renders(monkeypatch)
    build_docs(example, RenderOptions())
    assert "topics/brand-new-topic.md" not in docs_folder(example)
    edit(example, "reflections/2026-09-12-asia-ux-summit.md", "topics: [", "topics: [brand-new-topic, ")
    build_docs(example, RenderOptions())
    assert renders.whole == 1
    assert b"topics/brand-new-topic.md" in docs_folder(example)["sources.md"]
    same_as_whole(example, RenderOptions(), "a topic a source names")


# Edits in turn, each a build of its own, that once left a page behind
# (found by a differential fuzzer): the view, and the edits.
SEQUENCES = {
    "a rename shows in the feeds (a task's [[link]])": (
        RenderOptions(),
        [
            (
                "organizations/lumen-health.md",
                "- [x] Follow",
                "- [ ] Ask [[lumen-health]] team due:2026-12-03\n- [x] Follow",
            ),
            ("organizations/lumen-health.md", "name: Lumen Health", "name: Lumen Health Group"),
        ],
    ),
    "a renamed event shows where people first met": (
        RenderOptions(),
        [
            ("contacts/siti-rahayu.md", "at: 2026-06-18-researchops-webinar", "at: 2026-10-08-open-hci-seminar"),
            (
                "events/2026-10-08-open-hci-seminar.md",
                'title: "Open HCI seminar: survey fatigue in mobile panels"',
                "title: Renamed seminar",
            ),
        ],
    ),
    "an event no longer published leaves where people first met": (
        RenderOptions(public=True),
        [
            (
                "contacts/siti-rahayu.md",
                "at: 2026-06-18-researchops-webinar",
                "at: 2026-12-09-ux-indonesia-year-end-mixer",
            ),
            ("contacts/siti-rahayu.md", "public_fields: [links.linkedin]", "public_fields: [links.linkedin, met]"),
            ("events/2026-12-09-ux-indonesia-year-end-mixer.md", "public: true", "public: false"),
        ],
    ),
    "an index no longer split leaves no group behind (public)": (
        RenderOptions(public=True, split_at=3),
        [
            ("contacts/budi-santoso.md", "\n---\n", "\npublic: true\n---\n"),
            ("contacts/budi-santoso.md", "\npublic: true\n---\n", "\n---\n"),
        ],
    ),
    "an index no longer split leaves no group behind": (
        RenderOptions(split_at=11),
        [("events/2026-11-19-seabridge-research-meetup.md", "start: 2026-11-19 18:00", "start: 2026-12-19 18:00")],
    ),
}


@pytest.mark.parametrize("name", list(SEQUENCES))
def test_edits_that_once_left_a_page_behind(example: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    options, edits = SEQUENCES[name]
    renders = Renders(monkeypatch)
    build_docs(example, options)
    for rel, old, new in edits:
        edit(example, rel, old, new)
        build_docs(example, options)
        same_as_whole(example, options, f"{name}: {rel}")
    assert renders.whole == 1


@pytest.mark.parametrize("name", list(SEQUENCES))
def test_journal_serve_gives_the_same_pages_after_them(example: Path, name: str) -> None:
    options, edits = SEQUENCES[name]
    live = Live(example, config_of(example), TODAY, options)
    assert live.full().ok
    for rel, old, new in edits:
        edit(example, rel, old, new)
        result = live.refresh()
        assert result is not None and result.ok, rel
        same_as_whole(example, options, f"{name}: {rel}")


GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
    "GIT_AUTHOR_NAME": "Dewi",
    "GIT_AUTHOR_EMAIL": "dewi@example.org",
    "GIT_COMMITTER_NAME": "Dewi",
    "GIT_COMMITTER_EMAIL": "dewi@example.org",
    "GIT_AUTHOR_DATE": "2026-11-20T10:00:00+07:00",
    "GIT_COMMITTER_DATE": "2026-11-20T10:00:00+07:00",
}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], env={**os.environ, **GIT_ENV}, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("public", [False, True], ids=["full", "public"])
def test_with_a_git_history_an_uncommitted_edit_is_still_rendered_alone(
    example: Path, monkeypatch: pytest.MonkeyPatch, public: bool
) -> None:
    """The history page names the people a commit added by their names now,
    and an edited file's dates become its own until it is committed."""
    git(example, "init", "-q", "-b", "main")
    (example / ".gitignore").write_text("build/\nsite/\n", encoding="utf-8")
    git(example, "add", "-A")
    git(example, "commit", "-q", "-m", "The journal")
    renders = Renders(monkeypatch)
    options = RenderOptions(public=public)
    build_docs(example, options)
    for rel, old, new in [
        ("contacts/siti-rahayu.md", "name: Siti Rahayu", "name: Siti R. Wibowo"),
        ("contacts/wang-lei.md", "public: true", "public: false"),
        ("contacts/siti-rahayu.md", "name: Siti R. Wibowo", "name: Siti Rahayu"),  # as committed, but rewritten
    ]:
        edit(example, rel, old, new)
        build_docs(example, options)
        same_as_whole(example, options, rel)
    assert renders.whole == 1
    assert "Siti" in docs_folder(example)["history.md"].decode("utf-8")
    git(example, "commit", "-q", "-am", "Edits")  # a commit: the history is another
    build_docs(example, options)
    assert renders.whole == 2
    same_as_whole(example, options, "a commit")


# Each of these, since the last build, means a whole render.
WHOLE = [
    ("a new entry", lambda r: (r / "journal/contacts/new-person.md").write_text("---\nname: New Person\n---\n")),
    ("a removed entry", lambda r: (r / "journal/reflections/2026-07-10-riset-pengguna-low-bandwidth.md").unlink()),
    ("the plan", lambda r: edit(r, "plan.yml", "target: 6\n", "target: 9\n")),
    ("a page of the docs folder", lambda r: (r / "build/docs/people/wang-lei.md").write_text("changed by hand\n")),
    ("a file added to the docs folder", lambda r: (r / "build/docs/people/stray.md").write_text("stray\n")),
    ("a page removed from the docs folder", lambda r: (r / "build/docs/people/wang-lei.md").unlink()),
    ("the docs folder removed", lambda r: shutil.rmtree(r / "build/docs")),
    ("a damaged record", lambda r: (r / RECORD).write_bytes(b"\x80\x05not a pickle")),
    ("a record of something else", lambda r: (r / RECORD).write_bytes(pickle.dumps({"pages": 1}))),
    ("no record", lambda r: (r / RECORD).unlink()),
    (
        "no parse kept",
        lambda r: (shutil.rmtree(r / PARSED_CACHE), edit(r, "contacts/kim-minjun.md", "---\n", "---\n\n")),
    ),
]


@pytest.mark.parametrize(("why", "change"), WHOLE, ids=[why for why, _ in WHOLE])
def test_what_a_build_cannot_be_sure_of_renders_everything(
    example: Path, monkeypatch: pytest.MonkeyPatch, why: str, change: object
) -> None:
    renders = Renders(monkeypatch)
    build_docs(example, RenderOptions())
    edit(example, "contacts/kim-minjun.md", "\n---\n", "\n---\n\nMet again.\n")
    change(example)  # type: ignore[operator]
    build_docs(example, RenderOptions())
    assert renders.whole == 2, why
    same_as_whole(example, RenderOptions(), why)


def test_another_day_or_view_or_no_cache_renders_everything(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renders = Renders(monkeypatch)
    build_docs(example, RenderOptions())
    build_docs(example, RenderOptions(), today=date(2026, 11, 28))
    build_docs(example, RenderOptions(public=True), today=date(2026, 11, 28))
    build_docs(example, RenderOptions(public=True), today=date(2026, 11, 28), reuse=False)
    assert renders.whole == 4
    build_docs(example, RenderOptions(public=True), today=date(2026, 11, 28))  # --no-cache kept its record
    assert renders.whole == 4
    same_as_whole(example, RenderOptions(public=True), "the same again", today=date(2026, 11, 28))


def test_many_edits_render_everything(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renders = Renders(monkeypatch)
    build_docs(example, RenderOptions())
    monkeypatch.setattr(incremental, "MOST_EDITS", 2)
    for name in ("kim-minjun", "wang-lei", "siti-rahayu"):
        edit(example, f"contacts/{name}.md", "\n---\n", "\n---\n\nMet again.\n")
    build_docs(example, RenderOptions())
    assert renders.whole == 2
    same_as_whole(example, RenderOptions(), "three edits")


def test_a_file_changed_in_the_same_tick_as_the_record_is_taken_as_edited(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit that keeps a file's size and times (a coarse clock) is still
    seen when the file was recorded within two seconds of its change."""
    path = example / "journal" / "contacts" / "kim-minjun.md"
    build_docs(example, RenderOptions())
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "role: " in text
    path.write_text(text.replace("Seoul", "Busan", 1), encoding="utf-8")  # the same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    made = pickle.loads((example / RECORD).read_bytes())
    # as if the record had been made in the tick the file was written: racy
    racy = incremental.Made(
        **{**{f: getattr(made, f) for f in made.__dataclass_fields__}, "stamped_ns": stat.st_mtime_ns}
    )
    (example / RECORD).write_bytes(pickle.dumps(racy))
    build_docs(example, RenderOptions())
    same_as_whole(example, RenderOptions(), "same size, same time")


def test_a_failed_write_leaves_no_record(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_docs(example, RenderOptions())
    edit(example, "contacts/kim-minjun.md", "\n---\n", "\n---\n\nMet again.\n")

    def refuse(target: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr(incremental, "write_atomic", refuse)
    parsed = ParsedCache(example)
    journal, diagnostics = check(example, parsed)
    config = config_of(example)
    result = generate_docs(example, config, journal, diagnostics, TODAY, RenderOptions(), read_history(example), parsed)
    assert not result.ok and "No space left on device" in result.diagnostics[-1].message
    assert not (example / RECORD).exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_renamed_organization_shows_in_the_job_changes_git_recorded(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A contact's timeline names the organizations of their committed job
    changes, also one they have left: its new name shows there."""
    git(example, "init", "-q", "-b", "main")
    git(example, "add", "-A")
    git(example, "commit", "-q", "-m", "The journal")
    rizky = "contacts/rizky-pratama.md"
    edit(example, rizky, "organization: Talenta Karir (recruitment agency)", "organization: mentorher")
    git(example, "commit", "-q", "-am", "Rizky joins MentorHer")
    edit(example, rizky, "organization: mentorher", "organization: seabridge-fintech")
    git(example, "commit", "-q", "-am", "Rizky moves on")
    renders = Renders(monkeypatch)
    build_docs(example, RenderOptions())
    edit(example, "organizations/mentorher.md", "name: MentorHer", "name: MentorHer Indonesia")
    build_docs(example, RenderOptions())
    assert renders.whole == 1
    assert "moved from [MentorHer Indonesia]" in docs_folder(example)["people/rizky-pratama.md"].decode("utf-8")
    same_as_whole(example, RenderOptions(), "an organization renamed")


def _front_matter_line(text: str, key: str, value: str) -> str:
    """``text`` with ``key: value`` in its front matter (replaced, or added first)."""
    head, sep, body = text[4:].partition("\n---\n")
    lines = [line for line in head.split("\n") if not line.startswith(f"{key}:")]
    return "---\n" + "\n".join([f"{key}: {value}", *lines]) + sep + body


def _random_edit(rng: random.Random, root: Path) -> tuple[str, str]:
    """One realistic edit to a random entry of a kind it suits: (file, what was done)."""
    files = sorted((root / "journal").glob("*/*.md"))
    slugs = [p.stem for p in files]
    of_kind = {kind: [p for p in files if p.parent.name == kind] for kind in ("contacts", "organizations", "events")}
    contacts = [p.stem for p in of_kind["contacts"]]
    events = [p.stem for p in of_kind["events"]]
    what = rng.choice(["rename", "link", "unlink", "task", "public", "topics", "works at", "people", "start", "met at"])
    suits = {"works at": "contacts", "met at": "contacts", "people": "events", "start": "events"}
    path = rng.choice(of_kind[suits[what]] if what in suits else files)
    text = path.read_text(encoding="utf-8")
    if what == "rename":
        key = "name" if path.parent.name in ("contacts", "organizations") else "title"
        text = _front_matter_line(text, key, rng.choice(["Ana Lima", "Ömer Çelik", "李娜", "Zed"]))
    elif what == "link":
        text += f"\nSee [[{rng.choice(slugs)}]].\n"
    elif what == "unlink":
        text = re.sub(r"\[\[([^\]|]+)(\|[^\]]*)?\]\]", r"\1", text, count=1)
    elif what == "task":
        due = (TODAY + timedelta(days=rng.randint(-20, 20))).isoformat()
        text += f"\n- [ ] Ask [[{rng.choice(contacts)}]] about it due:{due}\n"
    elif what == "public":
        text = _front_matter_line(text, "public", rng.choice(["true", "false"]))
    elif what == "topics":
        topics = rng.sample(["ux-research", "fintech", "brand-new-topic", "mentoring", "UX Research"], 2)
        text = _front_matter_line(text, "topics", "[" + ", ".join(topics) + "]")
    elif what == "works at":
        text = _front_matter_line(text, "organization", rng.choice([p.stem for p in of_kind["organizations"]]))
    elif what == "people":
        text = _front_matter_line(text, "people", f"[{', '.join(rng.sample(contacts, 2))}]")
    elif what == "start":
        start = (TODAY + timedelta(days=rng.randint(-60, 30))).isoformat()
        text = _front_matter_line(text, "start", f"{start} 18:00")
    else:
        text = re.sub(r"^  at: .*$", f"  at: {rng.choice(events)}", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    then = time.time_ns() - 30 * 10**9
    os.utime(path, ns=(then, then))
    return path.relative_to(root).as_posix(), what


@pytest.mark.parametrize(
    "options", [RenderOptions(), RenderOptions(public=True, split_at=4)], ids=["full", "public-split"]
)
def test_random_edits_give_the_whole_render(
    example: Path, monkeypatch: pytest.MonkeyPatch, options: RenderOptions
) -> None:
    """Random edits, one to three between builds (those that make an error
    are undone): after each build, the docs folder a whole render writes."""
    rng = random.Random(17)
    renders = Renders(monkeypatch)
    build_docs(example, options)
    done: list[tuple[str, str]] = []
    for _ in range(40):
        for _ in range(rng.randint(1, 3)):
            keep = {p: p.read_bytes() for p in (example / "journal").glob("*/*.md")}
            rel, what = _random_edit(rng, example)
            if has_errors(check(example)[1]):
                path = example / rel
                path.write_bytes(keep[path])
                os.utime(path, ns=(time.time_ns() - 30 * 10**9,) * 2)
            else:
                done.append((rel, what))
        build_docs(example, options)
        same_as_whole(example, options, f"after {done[-3:]}")
    assert renders.whole == 1
    assert len(done) > 30
