"""``journal review``: the week's reflection, written once, from the week's figures."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from builder.check import check
from builder.cli import main
from builder.markdown import WIKILINK
from tests.conftest import REPO, write_journal

PLAN = """\
owner: Test Owner
timezone: Asia/Jakarta
time_budget: 3h/week
goals:
  - {title: Two people a week, count: people, target: 2, per: week}
  - {title: Start three a week, count: outreach, target: 3, per: week}
  - {title: Three people a month, count: people, target: 3, per: month}
"""

ANA = """\
---
name: Ana Lima
relationship: peer
keep_in_touch: 2w
log:
  - {date: 2026-03-03, channel: zoom, by: me, minutes: 30, note: Portfolio review}
  - {date: 2026-03-06, channel: email, by: them, note: Sent her slides}
  - {date: 2026-03-10, channel: chat, by: me, note: After the week}
---
- [ ] Send Ana the survey notes due:2026-03-12
"""

BUDI = """\
---
name: Budi Santoso
log:
  - {date: 2026-02-20, channel: email, by: me}
---
"""

CITRA = """\
---
name: Citra Dewi
log:
  - {date: 2026-03-15, channel: call, by: them}
---
"""

MEETUP = """\
---
title: UX meetup
kind: meetup
status: attended
start: 2026-03-05 19:00
duration: 90m
people: [budi]
---
"""

FILES = {
    "contacts/ana.md": ANA,
    "contacts/budi.md": BUDI,
    "contacts/citra.md": CITRA,
    "events/2026-03-05-meetup.md": MEETUP,
}
W10 = "journal/reflections/2026-03-08-week-review-2026-w10.md"  # Monday 2 to Sunday 8 March 2026


def _review(root: Path, today: str, *more: str) -> int:
    return main(["review", "--root", str(root), "--today", today, *more])


def _front(text: str) -> dict[str, str]:
    head = text.split("---\n")[1]
    return dict(line.split(": ", 1) for line in head.splitlines())


def _links(text: str) -> list[str]:
    return [m.group(1).strip() for m in WIKILINK.finditer(text)]


def _assert_sound(root: Path, rel: str) -> str:
    """The review loads without a problem, names existing entries only, and
    lists in its front matter the people and events of its week (what it
    links before its checklist, which names next week's)."""
    text = (root / rel).read_text(encoding="utf-8")
    journal, diagnostics = check(root)
    assert [str(d) for d in diagnostics] == []
    slug = Path(rel).stem
    reflection = journal.reflections[slug]
    links = _links(text)
    assert all(journal.entry(s) is not None for s in links), links
    week = _links("\n## ".join(text.split("\n## ")[:5]))  # up to the goals: the week's own
    assert list(reflection.people) == list(dict.fromkeys(s for s in week if s in journal.contacts))
    assert list(reflection.events) == list(dict.fromkeys(s for s in week if s in journal.events))
    for line in text.splitlines():
        if line.startswith(("- [ ]", "- [x]")):
            assert re.fullmatch(r"- \[ \] \S.* due:\d{4}-\d{2}-\d{2}", line), line
    assert main(["check", "--root", str(root), "--no-cache"]) == 0
    return text


def test_a_past_week_counts_that_week_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_journal(tmp_path, FILES, PLAN)
    assert _review(tmp_path, "2026-03-20", "--week", "2026-W10") == 0
    out, err = capsys.readouterr()
    assert out == W10 + "\n"
    assert "fill in the headings, then commit" in err
    text = _assert_sound(tmp_path, W10)
    front = _front(text)
    assert front["date"] == "2026-03-08"  # the Sunday that ends the week
    assert front["title"] == '"Review of week 10, 2026"'
    assert front["topics"] == "[weekly-review]"
    assert "From Monday 2 March 2026 to Sunday 8 March 2026.\n" in text
    assert "not over yet" not in text
    # the 10 March chat and the 15 March call are after the week
    assert "- Interactions: 3\n- People I talked to: 2\n" in text
    assert "- Started by me: 1; by them: 1; at events: 1\n- Events attended: 1\n" in text
    assert "- Time: 2 h of the 3 h a week the plan gives (67%)\n" in text  # 30 min logged + a 90 min meetup
    assert "- Goals: 1 met, 1 on pace, 1 behind\n" in text
    assert (
        "## Who I talked to\n\n"
        "- [[ana]]: 3 Mar 2026, zoom, I started it; 6 Mar 2026, email, they started it\n"
        "- [[budi]]: 5 Mar 2026, at [[2026-03-05-meetup]]\n"
    ) in text
    assert "## Events I attended\n\n- [[2026-03-05-meetup]] (5 Mar 2026, meetup)\n" in text
    # each goal as of Sunday 8 March: in March so far, 2 of 3 people is on pace (Citra came on the 15th)
    assert (
        "## Goals\n\n"
        "- Met: Two people a week (2 of 2, week 10, 2026)\n"
        "- On pace: Three people a month (2 of 3, March 2026)\n"
        "- Behind: Start three a week (1 of 3, week 10, 2026)\n"
    ) in text
    for heading in ("What I learned", "Which questions I asked", "What I will do next", "Who to thank"):
        assert f"\n## {heading}\n" in text
    # the week after the reviewed one is over by the 20th: its plan would be today's
    assert "## What I will do next\n\nThe week after is over: no plan for it here.\n" in text
    # reviewed while the week after runs, the plan is there; a task of the notes
    # is named, not copied: it is ticked where it is written
    (tmp_path / W10).unlink()
    assert _review(tmp_path, "2026-03-13", "--week", "2026-W10") == 0
    text = _assert_sound(tmp_path, W10)
    assert "- Send Ana the survey notes · [[ana]] (2026-03-12)\n" in text
    assert "- [ ] Follow up with [[budi]] after [[2026-03-05-meetup]] due:2026-03-07\n" in text


def test_the_week_after_starts_on_its_monday(tmp_path: Path) -> None:
    plan = PLAN + "  - {title: Seven people a week, count: people, target: 7, per: week}\n"
    citra = CITRA.replace("name: Citra Dewi", "name: Citra Dewi\nrelationship: mentor")
    write_journal(tmp_path, {**FILES, "contacts/citra.md": citra}, plan)
    assert _review(tmp_path, "2026-03-09", "--week", "2026-W10") == 0
    text = _assert_sound(tmp_path, W10)
    # the actions of the week of Monday 9 March, as of that day; one without a day is due that Monday
    assert text.endswith(
        "## What I will do next\n\n"
        "- [ ] Follow up with [[budi]] after [[2026-03-05-meetup]] due:2026-03-07\n"
        "- Send Ana the survey notes · [[ana]] (2026-03-12)\n"
        "- [ ] Get in touch with [[citra]], for the goal Seven people a week due:2026-03-09\n"
        "\n## Who to thank\n"
    )


def test_this_week_before_it_is_over(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_journal(tmp_path, FILES, PLAN)
    assert _review(tmp_path, "2026-03-04") == 0  # Wednesday of week 10
    rel = "journal/reflections/2026-03-04-week-review-2026-w10.md"
    assert capsys.readouterr().out == rel + "\n"
    text = _assert_sound(tmp_path, rel)
    assert _front(text)["date"] == "2026-03-04"
    assert "The week is not over yet: these are its figures as of Wednesday 4 March 2026." in text
    assert "- Interactions: 1\n- People I talked to: 1\n- Started by me: 1; by them: 0; at events: 0\n" in text
    assert "- Events attended: 0\n" in text and "No event attended this week." in text
    assert "- Time: 30 min of the 3 h a week the plan gives (17%)\n" in text


def test_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_journal(tmp_path, FILES, PLAN)
    assert _review(tmp_path, "2026-03-20", "--week", "2026-W10") == 0
    capsys.readouterr()
    written = (tmp_path / W10).read_bytes()
    assert _review(tmp_path, "2026-03-20", "--week", "2026-W10") == 0
    out, err = capsys.readouterr()
    assert out == W10 + "\n" + written.decode("utf-8")
    assert "already" in err
    assert (tmp_path / W10).read_bytes() == written
    # a review of the week under another name (written on another day, in a subfolder) counts too
    (tmp_path / W10).unlink()
    other = tmp_path / "journal" / "reflections" / "2026" / "2026-03-07-week-review-2026-w10.md"
    other.parent.mkdir()
    other.write_text("---\ndate: 2026-03-07\n---\nMine.\n", encoding="utf-8")
    assert _review(tmp_path, "2026-03-20", "--week", "2026-W10") == 0
    out, _ = capsys.readouterr()
    assert out == "journal/reflections/2026/2026-03-07-week-review-2026-w10.md\n---\ndate: 2026-03-07\n---\nMine.\n"
    assert sorted(p.name for p in (tmp_path / "journal").rglob("*week-review*")) == [other.name]


def test_a_week_not_begun_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_journal(tmp_path, FILES, PLAN)
    assert _review(tmp_path, "2026-03-20", "--week", "2026-W13") == 1
    assert "week 2026-W13 has not begun yet" in capsys.readouterr().err
    assert not (tmp_path / "journal" / "reflections").exists()


def test_a_week_with_nothing(tmp_path: Path) -> None:
    write_journal(tmp_path, {}, "owner: Test Owner\ntimezone: UTC\n")
    assert _review(tmp_path, "2026-03-13", "--week", "2026-W10") == 0
    text = _assert_sound(tmp_path, W10)
    front = _front(text)
    assert "people" not in front and "events" not in front
    assert "- Interactions: 0\n- People I talked to: 0\n- Started by me: 0; by them: 0; at events: 0\n" in text
    assert "- Time: 0 min (no time budget in the plan: 3 h a week assumed)\n" in text
    assert "## Who I talked to\n\nNobody this week.\n" in text
    assert "No event attended this week." in text
    assert "## Goals\n\nNo goals in the plan.\n" in text
    assert "## What I will do next\n\nNothing planned for the week ahead yet.\n" in text
    assert "[[" not in text


def test_tasks_of_an_earlier_review_are_not_copied(tmp_path: Path) -> None:
    write_journal(tmp_path, FILES, PLAN)
    assert _review(tmp_path, "2026-03-09", "--week", "2026-W10") == 0
    assert "Send Ana the survey notes" in (tmp_path / W10).read_text(encoding="utf-8")
    assert _review(tmp_path, "2026-03-16", "--week", "2026-W11") == 0
    text = _assert_sound(tmp_path, "journal/reflections/2026-03-15-week-review-2026-w11.md")
    assert text.count("Send Ana the survey notes") == 1  # from Ana's notes, not again from the week 10 review
    assert "week-review-2026-w10" not in text


def _example(root: Path, language: str = "en") -> Path:
    shutil.copytree(REPO / "journal", root / "journal")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("language: en", f"language: {language}")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


EXAMPLE = "journal/reflections/2026-11-27-week-review-2026-w48.md"


def test_the_example_journal(tmp_path: Path) -> None:
    root = _example(tmp_path)
    assert _review(root, "2026-11-27") == 0
    text = _assert_sound(root, EXAMPLE)
    assert _front(text)["title"] == '"Review of week 48, 2026"'
    assert "- Interactions: 2\n- People I talked to: 2\n- Started by me: 1; by them: 1; at events: 0\n" in text
    assert "- Time: 25 min of the 3 h a week the plan gives (14%)\n" in text
    assert "- [[olga-ivanova]]: 24 Nov 2026, zoom, I started it\n" in text
    assert "- Behind: Ten networking hours a month (4.7 of 10, November 2026)\n" in text
    # next week's actions, each naming its people and events as links
    tasks = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(tasks) >= 4
    assert "- [ ] Follow up with [[kim-minjun]] after [[2026-11-19-seabridge-research-meetup]] due:2026-11-21" in tasks
    assert all("[[" in task for task in tasks)


def test_the_example_in_indonesian(tmp_path: Path) -> None:
    root = _example(tmp_path, "id")
    assert _review(root, "2026-11-27") == 0
    text = _assert_sound(root, EXAMPLE)
    front = _front(text)
    assert front["title"] == '"Tinjauan minggu ke-48 2026"'
    assert front["topics"] == "[tinjauan-mingguan]"
    assert "Dari Senin, 23 November 2026 sampai Minggu, 29 November 2026." in text
    for heading in (
        "Minggu ini dalam angka",
        "Dengan siapa saya berbicara",
        "Acara yang saya hadiri",
        "Sasaran",
        "Apa yang saya pelajari",
        "Pertanyaan apa yang saya ajukan",
        "Apa yang akan saya lakukan berikutnya",
        "Kepada siapa saya berterima kasih",
    ):
        assert f"\n## {heading}\n" in text
    assert "- Interaksi: 2\n" in text and "- Waktu: 25 mnt dari 3 jam per minggu menurut rencana (14%)\n" in text
    assert "- [[olga-ivanova]]: 24 Nov 2026, panggilan video, saya yang memulai\n" in text
    assert "- Tertinggal: Ten networking hours a month (4,7 dari 10, November 2026)\n" in text
    assert "Tindak lanjuti [[kim-minjun]] setelah [[2026-11-19-seabridge-research-meetup]]" in text
    english = ["## The week", "## Who", "## What", "I started it", "Interactions:", "Get in touch", "Follow up", "Met:"]
    assert [e for e in english if e in text] == []


def test_the_checklist_is_not_a_follow_up(tmp_path: Path) -> None:
    """The review's ``- [ ]`` lines copy reminders that clear by themselves:
    counted as tasks, each would stay open after the call it asks for."""
    from builder.compute.figures import compute_figures

    root = _example(tmp_path)
    day = date(2026, 11, 27)
    before = compute_figures(check(root)[0], day).followups
    assert _review(root, "2026-11-27") == 0
    journal, _ = check(root)
    assert any(r.tasks for slug, r in journal.reflections.items() if slug.endswith("week-review-2026-w48"))
    assert compute_figures(journal, day).followups == before


def test_a_review_changes_no_figure_preparation_or_task(tmp_path: Path) -> None:
    """A review names everyone of its week and copies next week's plan: the
    listening figure, an event's preparation and ``journal done CONTACT``
    read the journal as if it were not there."""
    from builder.compute.figures import compute_figures

    root = _example(tmp_path)
    day = date(2026, 11, 30)
    before = compute_figures(check(root)[0], day)
    assert _review(root, "2026-11-30", "--week", "2026-W48") == 0
    journal, _ = check(root)
    after = compute_figures(journal, day)
    assert after.method == before.method
    assert after.week is not None and before.week is not None
    assert [a.as_json() for a in after.week.actions] == [a.as_json() for a in before.week.actions]
    assert [(a.tasks, a.reflection) for a in after.week.actions if a.kind == "prepare"] == [
        (a.tasks, a.reflection) for a in before.week.actions if a.kind == "prepare"
    ]
    assert "[[putri-handayani]]" in (root / EXAMPLE.replace("2026-11-27", "2026-11-29")).read_text(encoding="utf-8")
    assert main(["done", "--root", str(root), "--today", "2026-11-30", "putri"]) == 0  # her one task, not the checklist


def test_text_from_the_journal_shows_as_typed(tmp_path: Path) -> None:
    """A goal titled like a link or a [[slug]] is text in the review, as on every page."""
    plan = PLAN + "  - {title: '[[nobody-here]] and [a](http://evil.example)', count: people, target: 9, per: week}\n"
    write_journal(tmp_path, FILES, plan)
    assert _review(tmp_path, "2026-03-13", "--week", "2026-W10") == 0
    text = _assert_sound(tmp_path, W10)
    assert "[[nobody-here]]" not in text and "](http://evil.example)" not in text
    assert "&#91;&#91;nobody-here&#93;&#93;" in text


def test_a_week_before_the_first_entry_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_journal(tmp_path, FILES, PLAN)
    assert _review(tmp_path, "2026-03-20", "--week", "2020-W01") == 1
    assert "ended before the journal's first entry" in capsys.readouterr().err
    assert not list((tmp_path / "journal" / "reflections").glob("*week-review*"))


def test_an_event_to_mark_is_named_by_its_day(tmp_path: Path) -> None:
    root = _example(tmp_path)
    assert _review(root, "2026-12-06", "--week", "2026-W49") == 0
    text = (root / "journal/reflections/2026-12-06-week-review-2026-w49.md").read_text(encoding="utf-8")
    assert "Did you attend [[2026-12-02-researchops-recruiting-webinar]] (2 Dec 2026)?" in text
