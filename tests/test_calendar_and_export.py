"""Calendar feeds and the vCard export, read back by two independent parsers."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from builder.check import check
from builder.exporters import export_vcard
from builder.render.context import RenderOptions
from builder.render.pages import render_site
from tests.conftest import REPO


@pytest.fixture(scope="module")
def example():  # type: ignore[no-untyped-def]
    journal, diagnostics = check(REPO)
    assert not diagnostics
    return journal


def _uids(text: str) -> list[str]:
    return [str(c["uid"]) for c in icalendar.Calendar.from_ical(text).walk("VEVENT")]


def test_events_feed(example) -> None:  # type: ignore[no-untyped-def]
    files = render_site(example, date(2026, 11, 27))
    text = files["events.ics"]
    cal = icalendar.Calendar.from_ical(text)
    events = cal.walk("VEVENT")
    expected = [e for e in example.events.values() if e.start is not None and e.status != "cancelled"]
    assert len(events) == len(expected) == 15
    by_uid = {str(e["uid"]): e for e in events}
    webinar = by_uid["event-2026-12-02-researchops-recruiting-webinar@networking-journal"]
    assert webinar.decoded("dtstart") == datetime(2026, 12, 2, 19, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert webinar.decoded("dtend") == datetime(2026, 12, 2, 20, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert str(webinar["status"]) == "CONFIRMED" and str(webinar["url"]).startswith("https://")
    assert [t["tzid"] for t in cal.walk("VTIMEZONE")] == ["Asia/Jakarta"]
    # a second parser agrees
    parsed = vobject.readOne(text)
    assert len(parsed.vevent_list) == 15
    assert {v.uid.value for v in parsed.vevent_list} == set(by_uid)


def test_followups_feed(example) -> None:  # type: ignore[no-untyped-def]
    text = render_site(example, date(2026, 11, 27))["follow-ups.ics"]
    items = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert len(items) == 31  # every dated open follow-up
    first = items[0]
    assert first.decoded("dtstart") == date(2026, 10, 24) and first.decoded("dtend") == date(2026, 10, 25)
    assert "[[" not in "".join(str(i["summary"]) for i in items)
    assert len(vobject.readOne(text).vevent_list) == 31


def test_uids_are_stable_across_builds(example) -> None:  # type: ignore[no-untyped-def]
    one = render_site(example, date(2026, 11, 27))
    two = render_site(example, date(2026, 11, 27))
    assert one["events.ics"] == two["events.ics"] and one["follow-ups.ics"] == two["follow-ups.ics"]
    later = render_site(example, date(2026, 11, 28))
    assert _uids(later["events.ics"]) == _uids(one["events.ics"])
    assert set(_uids(later["follow-ups.ics"])) == set(_uids(one["follow-ups.ics"]))
    uids = _uids(one["follow-ups.ics"])
    assert len(uids) == len(set(uids))


def test_public_feeds_follow_the_public_rules(example) -> None:  # type: ignore[no-untyped-def]
    files = render_site(example, date(2026, 11, 27), RenderOptions(public=True))
    assert icalendar.Calendar.from_ical(files["follow-ups.ics"]).walk("VEVENT") == []
    public = {str(e["summary"]) for e in icalendar.Calendar.from_ical(files["events.ics"]).walk("VEVENT")}
    assert public == {e.title for e in example.events.values() if e.public and not e.private and e.start}


def test_vcard_export_parses_and_round_trips(example, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = export_vcard(example)
    cards = list(vobject.readComponents(text))
    expected = [c for c in example.contacts.values() if not c.private]
    assert [c.fn.value for c in cards] == [c.name for c in expected]
    siti = next(c for c in cards if c.fn.value == "Siti Rahayu")
    assert siti.org.value == ["Nusantara Digital"] and siti.email.value == "siti.rahayu@example.com"
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    # into an empty journal and back: the same people
    (tmp_path / "journal").mkdir()
    (tmp_path / "journal" / "plan.yml").write_text("timezone: UTC\n", encoding="utf-8")
    (tmp_path / "all.vcf").write_text(text, encoding="utf-8", newline="")
    result = subprocess.run(
        [sys.executable, "-m", "builder", "import", "vcard", str(tmp_path / "all.vcf"), "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    imported, diagnostics = check(tmp_path)
    assert not diagnostics
    assert sorted(c.name for c in imported.contacts.values()) == sorted(c.name for c in expected)
    assert {c.links.get("email") for c in imported.contacts.values()} == {c.links.get("email") for c in expected}
