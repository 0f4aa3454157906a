"""journal serve's incremental regeneration gives exactly the pages a full build would."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from builder.build import site_files
from builder.check import check
from builder.history import read_history
from builder.live import Live
from builder.render.context import RenderOptions
from builder.sitegen import read_config
from tests.conftest import REPO

TODAY = date(2026, 11, 27)

EDITS = [
    # (file, old, new): each is one edit a person makes while the site is served
    ("contacts/siti-rahayu.md", "name: Siti Rahayu", "name: Siti R. Wibowo"),  # a name shown on many pages
    ("contacts/siti-rahayu.md", "organization: nusantara-digital", "organization: lumen-health"),  # moves employer
    ("events/2026-11-19-seabridge-research-meetup.md", "people: [", "people: [siti-rahayu, "),  # met someone more
    ("reflections/2026-09-12-asia-ux-summit.md", "topics: [", "topics: [brand-new-topic, "),  # a new topic
    ("organizations/lumen-health.md", "name: Lumen Health", "name: Lumen Health Group"),
    ("contacts/kim-minjun.md", "\n---\n", "\n---\n\n- [ ] Call [[wang-lei]] about the rotation due:2026-11-30\n"),
    ("contacts/olga-ivanova.md", "keep_in_touch: 3m", "keep_in_touch: 2w"),
    ("events/2026-12-02-researchops-recruiting-webinar.md", "status: registered", "status: cancelled"),
    (
        "contacts/budi-santoso.md",
        "log:\n",
        "log:\n  - {date: 2026-11-26, channel: call, by: me, minutes: 15, note: Quick call}\n",
    ),
    ("contacts/budi-santoso.md", "topics: [community, ", "topics: [portfolio, community, "),
    ("events/2026-07-09-ux-indonesia-meetup.md", "start: 2026-07-09 19:30", "start: 2025-07-09 19:30"),  # another year
    (
        "reflections/2026-10-31-portfolio-feedback.md",
        "people: [eleni-papadopoulou, siti-rahayu]",
        "people: [kim-minjun]",
    ),
    ("reflections/2026-09-12-asia-ux-summit.md", "topics: [brand-new-topic, ", "topics: ["),  # a topic gone
    ("contacts/wang-lei.md", "public: true", "public: false"),  # a public build shows them no more
    ("events/2026-06-18-researchops-webinar.md", "public: true", "public: false"),
    ("contacts/wang-lei.md", "public: false", "public: true"),  # and again
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "journal", tmp_path / "journal")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


@pytest.mark.parametrize(
    ("public", "split_at"), [(False, 300), (True, 300), (False, 3)], ids=["full", "public", "split-indexes"]
)
def test_each_edit_gives_the_full_builds_pages(root: Path, public: bool, split_at: int) -> None:
    config, _ = read_config(root)
    assert config is not None
    options = RenderOptions(public=public, split_at=split_at)
    live = Live(root, config, TODAY, options)
    assert live.full().ok
    for rel, old, new in EDITS:
        path = root / "journal" / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        result = live.refresh()
        assert result is not None and result.ok, result and result.diagnostics
        journal, _ = check(root)
        history = read_history(root)
        expected = {p: c for p, c in site_files(journal, TODAY, options, history).items() if isinstance(c, str)}
        assert live.pages == expected, rel
        on_disk = {
            str(p.relative_to(config.docs_dir)): p.read_bytes().decode("utf-8")
            for p in config.docs_dir.rglob("*")
            if p.is_file() and p.name != ".journal-generated" and p.parent.name != "assets"
        }
        assert on_disk == expected, rel
    assert live.refresh() is None  # nothing changed since


def test_an_error_keeps_the_pages_and_is_reported(root: Path) -> None:
    config, _ = read_config(root)
    assert config is not None
    live = Live(root, config, TODAY, RenderOptions())
    assert live.full().ok
    before = dict(live.pages)
    path = root / "journal" / "contacts" / "siti-rahayu.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("relationship: mentor", "relationship: boss"), encoding="utf-8"
    )
    result = live.refresh()
    assert result is not None and not result.ok
    assert any("unknown relationship 'boss'" in d.message for d in result.diagnostics)
    assert live.pages == before
    path.write_text(
        path.read_text(encoding="utf-8").replace("relationship: boss", "relationship: peer"), encoding="utf-8"
    )
    fixed = live.refresh()
    assert fixed is not None and fixed.ok
    assert "| Relationship | peer |" in live.pages["people/siti-rahayu.md"]


def test_new_and_removed_files_regenerate_everything(root: Path) -> None:
    config, _ = read_config(root)
    assert config is not None
    live = Live(root, config, TODAY, RenderOptions())
    assert live.full().ok
    (root / "journal" / "contacts" / "new-person.md").write_text("---\nname: New Person\n---\n", encoding="utf-8")
    assert live.refresh() is not None
    assert "people/new-person.md" in live.pages
    (root / "journal" / "contacts" / "new-person.md").unlink()
    assert live.refresh() is not None
    assert "people/new-person.md" not in live.pages
    assert not (config.docs_dir / "people" / "new-person.md").exists()
