"""Calendar feeds and the vCard export, read back by two independent parsers."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from builder.build import render_site
from builder.check import check
from builder.exporters import export_vcard
from builder.model import Contact, Entry, Event, Journal
from builder.render.context import RenderOptions
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
    # every dated open follow-up; the after-event one due 2026-10-24 is past
    # the plan's 14-day window (missed), so the first is a keep-in-touch
    assert len(items) == 30
    first = items[0]
    assert first.decoded("dtstart") == date(2026, 11, 2) and first.decoded("dtend") == date(2026, 11, 3)
    assert "[[" not in "".join(str(i["summary"]) for i in items)
    assert len(vobject.readOne(text).vevent_list) == 30


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


# -- control characters: no text of the journal can add a property or an item ----

CONTROLS = {"CR": "\r", "LF": "\n", "CRLF": "\r\n", "NUL": "\x00", "BEL": "\x07", "FF": "\x0c"}
TODAY = date(2026, 11, 27)


def _payload(bad: str, component: str) -> str:
    """Text that starts a new property and a new item wherever ``bad`` is written raw."""
    return f"Before{bad}END:{component}{bad}BEGIN:{component}{bad}UID:injected{bad}X-INJECTED:1{bad}After"


def _kept(text: str) -> str:
    """What a feed keeps of a text: each line break as one newline, other control characters dropped."""
    text = re.sub(r"\r\n|[\r\n\x85\u2028\u2029]", "\n", text)
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", text)


def _plain_lines(text: str) -> list[str]:
    """The content lines of an iCalendar or vCard file, read plainly: CRLF ends
    each line, a line starting with a space continues the one before, and no
    other control character (but TAB) is anywhere."""
    assert text.endswith("\r\n")
    raw = re.search(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]", text.replace("\r\n", ""))
    assert raw is None, f"control character U+{ord(raw.group()):04X} written raw"
    lines = text[:-2].replace("\r\n ", "").split("\r\n")
    for line in lines:
        assert re.match(r"[A-Z][A-Z0-9-]*(;[^:]*)?:", line), line
    return lines


def _names(lines: list[str]) -> set[str]:
    return {re.split("[;:]", line, maxsplit=1)[0] for line in lines}


def _both(text: str) -> list[tuple[str, dict[str, str]]]:
    """Each VEVENT as (UID, {property: text}), read by icalendar; vobject must read the same."""
    cal = icalendar.Calendar.from_ical(text)
    by_icalendar = [
        (str(e["uid"]), {k.lower(): str(v) for k, v in e.items() if k in ("SUMMARY", "LOCATION", "DESCRIPTION")})
        for e in cal.walk("VEVENT")
    ]
    parsed = vobject.readOne(text)
    by_vobject = [
        (
            v.uid.value,
            {k: v.contents[k][0].value for k in ("summary", "location", "description") if k in v.contents},
        )
        for v in getattr(parsed, "vevent_list", [])
    ]
    assert by_icalendar == by_vobject
    for component in [*cal.walk("VEVENT"), cal]:
        assert "X-INJECTED" not in component
    return by_icalendar


def _replace_entry(journal: Journal, entry: Entry) -> Journal:
    kind = {Contact: "contacts", Event: "events"}[type(entry)]
    records = dict(getattr(journal, kind))
    records[entry.slug] = entry
    return dataclasses.replace(journal, **{kind: MappingProxyType(records)})


@pytest.mark.parametrize("bad", CONTROLS.values(), ids=list(CONTROLS))
@pytest.mark.parametrize("field", ["title", "platform", "kind"])
def test_control_characters_in_an_event_never_make_another(example, field: str, bad: str) -> None:  # type: ignore[no-untyped-def]
    slug = "2026-12-02-researchops-recruiting-webinar"
    payload = _payload(bad, "VEVENT")
    poisoned = _replace_entry(example, dataclasses.replace(example.events[slug], **{field: payload}))
    before = _both(render_site(example, TODAY)["events.ics"])
    text = render_site(poisoned, TODAY)["events.ics"]
    assert "X-INJECTED" not in _names(_plain_lines(text))
    after = _both(text)
    assert [uid for uid, _ in after] == [uid for uid, _ in before]
    props = dict(after)[f"event-{slug}@networking-journal"]
    if field == "title":
        assert props["summary"] == _kept(payload)
    if field == "platform":
        assert props["location"] == _kept(payload)
    if field in ("platform", "kind"):
        assert _kept(payload) in props["description"]


@pytest.mark.parametrize("bad", CONTROLS.values(), ids=list(CONTROLS))
@pytest.mark.parametrize("field", ["task", "contact name", "event title"])
def test_control_characters_in_a_follow_up_never_make_another(example, field: str, bad: str) -> None:  # type: ignore[no-untyped-def]
    payload = _payload(bad, "VEVENT")
    if field == "task":
        siti = example.contacts["siti-rahayu"]
        tasks = tuple(dataclasses.replace(t, text=payload) if not t.done and t.due else t for t in siti.tasks)
        poisoned = _replace_entry(example, dataclasses.replace(siti, tasks=tasks))
    elif field == "contact name":  # in keep-in-touch and after-event items, and as [[wang-lei]] in tasks
        poisoned = _replace_entry(example, dataclasses.replace(example.contacts["wang-lei"], name=payload))
    else:
        event = example.events["2026-11-19-seabridge-research-meetup"]  # its follow-up is still open
        poisoned = _replace_entry(example, dataclasses.replace(event, title=payload))
    before = _both(render_site(example, TODAY)["follow-ups.ics"])
    text = render_site(poisoned, TODAY)["follow-ups.ics"]
    assert "X-INJECTED" not in _names(_plain_lines(text))
    after = _both(text)
    assert len(after) == len(before) == 30
    assert any(_kept(payload) in props["summary"] for _, props in after)


def test_urls_in_the_events_feed_read_the_same_in_both_parsers(example) -> None:  # type: ignore[no-untyped-def]
    slug = "2026-12-02-researchops-recruiting-webinar"
    url = "https://example.org/a,b;c\\d?q=1,2\r\nX-INJECTED:1"
    poisoned = _replace_entry(example, dataclasses.replace(example.events[slug], url=url))
    text = render_site(poisoned, TODAY)["events.ics"]
    assert "X-INJECTED" not in _names(_plain_lines(text))
    uid = f"event-{slug}@networking-journal"
    by_icalendar = next(str(e["url"]) for e in icalendar.Calendar.from_ical(text).walk("VEVENT") if e["uid"] == uid)
    by_vobject = next(v.url.value for v in vobject.readOne(text).vevent_list if v.uid.value == uid)
    assert by_icalendar == by_vobject == "https://example.org/a,b;c%5Cd?q=1,2X-INJECTED:1"


VCARD_FIELDS = {
    "name": lambda c, p: dataclasses.replace(c, name=p),
    "role": lambda c, p: dataclasses.replace(c, role=p),
    "organization": lambda c, p: dataclasses.replace(c, organization=p),
    "email": lambda c, p: dataclasses.replace(c, links=MappingProxyType({**c.links, "email": p})),
    "phone": lambda c, p: dataclasses.replace(c, links=MappingProxyType({**c.links, "phone": p})),
    "twitter": lambda c, p: dataclasses.replace(c, links=MappingProxyType({**c.links, "twitter": "@" + p})),
    "website": lambda c, p: dataclasses.replace(
        c, links=MappingProxyType({**c.links, "website": "https://x.org/" + p})
    ),
    "link key": lambda c, p: dataclasses.replace(c, links=MappingProxyType({**c.links, p: "https://x.org/"})),
    "topic": lambda c, p: dataclasses.replace(c, topics=(p, *c.topics)),
}


def _cards(text: str) -> list[dict[str, list[str]]]:
    """Each card read by vobject (property name -> values, as vobject decodes
    them); icalendar's generic reader finds the same cards, names and UIDs."""
    cards = [
        {name: [str(line.value) for line in lines] for name, lines in card.contents.items()}
        for card in vobject.readComponents(text)
    ]
    by_icalendar = icalendar.Component.from_ical(text, multiple=True)  # values as written: unescape them
    fn = [re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(c["fn"])) for c in by_icalendar]
    assert [(str(c["uid"]), n) for c, n in zip(by_icalendar, fn, strict=True)] == [
        (c["uid"][0], c["fn"][0]) for c in cards
    ]
    assert all("X-INJECTED" not in c for c in by_icalendar)
    return cards


@pytest.mark.parametrize("bad", CONTROLS.values(), ids=list(CONTROLS))
@pytest.mark.parametrize("field", list(VCARD_FIELDS))
def test_control_characters_in_a_contact_never_make_another_card(example, field: str, bad: str) -> None:  # type: ignore[no-untyped-def]
    payload = _payload(bad, "VCARD")
    siti = example.contacts["siti-rahayu"]
    poisoned = _replace_entry(example, VCARD_FIELDS[field](siti, payload))
    before = export_vcard(example)
    text = export_vcard(poisoned)
    lines = _plain_lines(text)
    assert "X-INJECTED" not in _names(lines) and lines.count("BEGIN:VCARD") == before.count("BEGIN:VCARD\r\n")
    cards, expected = _cards(text), _cards(before)
    assert [c["uid"] for c in cards] == [c["uid"] for c in expected]
    siti_uid = next(c["uid"] for c in expected if c["fn"] == ["Siti Rahayu"])
    assert [c for c in cards if c["uid"] != siti_uid] == [c for c in expected if c["uid"] != siti_uid]
    assert all("x-injected" not in card for card in cards)
    card = next(c for c in cards if c["uid"] == siti_uid)
    if field == "name":
        assert card["fn"] == [_kept(payload)]
    if field == "role":
        assert card["title"] == [_kept(payload)]
    if field == "email":
        assert _kept(payload) in card["email"]


def test_vcard_links_keep_commas_and_semicolons_and_their_key_injects_nothing(example) -> None:  # type: ignore[no-untyped-def]
    siti = example.contacts["siti-rahayu"]
    links = {
        "website": "https://example.org/a,b;c?x=1,2;y",
        "github": "https://github.com/siti,rahayu",
        "evil;VALUE=text:x": "https://example.org/evil",
        "a:b": "https://example.org/ab",
    }
    text = export_vcard(_replace_entry(example, dataclasses.replace(siti, links=MappingProxyType(links))))
    lines = _plain_lines(text)
    start = lines.index("FN:Siti Rahayu")
    lines = lines[start : lines.index("END:VCARD", start)]
    card = next(c for c in vobject.readComponents(text) if c.fn.value == "Siti Rahayu")
    by_vobject = {url.params.get("TYPE", [""])[0]: url.value for url in card.contents["url"]}
    plain = {}
    for line in lines:
        head, _, value = line.partition(":")
        if head.startswith("URL"):
            params = dict(p.split("=", 1) for p in head.split(";")[1:])
            assert set(params) <= {"TYPE"}
            plain[params.get("TYPE", "")] = value
    # a strict vCard 4.0 reader takes the URI as written; vobject reads it as
    # text: the same address either way, ',' written as %2C
    assert (
        by_vobject
        == plain
        == {
            "website": "https://example.org/a%2Cb;c?x=1%2C2;y",
            "github": "https://github.com/siti%2Crahayu",
            "evilVALUEtextx": "https://example.org/evil",
            "ab": "https://example.org/ab",
        }
    )
