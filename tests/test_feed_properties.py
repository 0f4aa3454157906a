"""Property-based: whatever text a journal holds (control characters included,
as an unchecked journal may), the calendar feeds and the vCard export parse
with icalendar (its generic reader, for vCards), with vobject and read
plainly into exactly the journal's items: the same count, the same UIDs,
the same words less the characters that were dropped.

The journals are built as model objects, bypassing the check, which would
refuse most of these texts.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.compute.activity import analyze, event_minutes
from builder.compute.followups import followups
from builder.diagnostics import Loc
from builder.exporters import export_vcard
from builder.model import Contact, Event, Journal, Organization, Plan, Task
from builder.render.calendar import events_calendar, followups_calendar
from builder.values import Cadence

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = date(2026, 11, 27)
TZ = ZoneInfo("Asia/Jakarta")
VCARD_NAMESPACE = uuid.UUID("6f1c2a9e-52a4-4c0e-9d7e-3b1f0c6a8d21")  # builder.exporters: UIDs must not change

# Any text, with line breaks, other control characters, a lone surrogate and
# the characters that iCalendar and vCard escape more likely than at random.
SPECIAL = '\r\n\x00\x07\x0b\x0c\x1b\x7f\x85\x9b\u2028\u2029\ud800\t ,;:\\"^='
TEXT = st.text(alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters()), max_size=20)
SLUGS = st.lists(st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True), min_size=1, max_size=4, unique=True)
STARTS = st.sampled_from([None, date(2026, 11, 20), date(2026, 12, 1), datetime(2026, 12, 2, 19, 0, tzinfo=TZ)])
STATUSES = st.sampled_from(["planned", "registered", "attended", "skipped", "cancelled"])


def kept(text: str) -> str:
    """What the feeds and the export keep of a text: each line break (CRLF,
    CR, LF, NEL, U+2028, U+2029) as one newline, other control characters but
    TAB and lone surrogates dropped."""
    text = re.sub("\r\n|[\r\n\x85\u2028\u2029]", "\n", text)
    return re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", "", text)


def uri(text: str, vcard: bool = False) -> str:
    """What a feed or the export keeps of an address: no control characters
    or tabs, '\\' percent-encoded, and ',' too in the export."""
    text = re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]", "", text).replace("\\", "%5C")
    return text.replace(",", "%2C") if vcard else text


def plain(text: str) -> list[tuple[str, dict[str, str], str]]:
    """The content lines of a file read plainly: (name, parameters, raw value)."""
    assert text.endswith("\r\n") or not text
    text.encode("utf-8")  # nothing unencodable
    assert re.search("[\x00-\x08\x0a-\x1f\x7f-\x9f]", text.replace("\r\n", "")) is None
    out = []
    for line in text[:-2].replace("\r\n ", "").split("\r\n") if text else []:
        match = re.fullmatch(r"([A-Z][A-Z0-9-]*)((?:;[A-Z-]+=[^;:\"]*)*):(.*)", line, re.S)
        assert match, line
        params = dict(p.split("=", 1) for p in match.group(2).split(";")[1:])
        out.append((match.group(1), params, match.group(3)))
    return out


def unescape(value: str) -> list[str]:
    """A TEXT value (RFC 5545, RFC 6350) split at unescaped commas, each unescaped."""
    parts, current, chars = [], [], iter(value)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars)
            current.append("\n" if nxt in "nN" else nxt)
        elif ch == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    return [*parts, "".join(current)]


def components(text: str, begin: str) -> list[dict[str, list[tuple[dict[str, str], str]]]]:
    """The components named ``begin`` of a plainly read file: name -> [(params, raw value)]."""
    out: list[dict[str, list[tuple[dict[str, str], str]]]] = []
    stack: list[str] = []
    for name, params, value in plain(text):
        if name == "BEGIN":
            stack.append(value)
            if value == begin:
                out.append({})
        elif name == "END":
            assert stack.pop() == value
        elif stack and stack[-1] == begin:
            out[-1].setdefault(name, []).append((params, value))
    assert not stack
    return out


@st.composite
def journals(draw: st.DrawFn) -> Journal:
    """A small journal with random text in every field the feeds and the export show."""
    slugs = draw(SLUGS)
    org = Organization(
        src=Loc("journal/organizations/org.md"),
        locs=MappingProxyType({}),
        slug="org",
        topics=(),
        private=False,
        public=False,
        body="",
        body_line=4,
        tasks=(),
        wikilinks=(),
        name=draw(TEXT),
        kind=None,
        website=None,
        researched=None,
    )
    contacts = {}
    for slug in slugs:
        path = f"journal/contacts/{slug}.md"
        links = {"email": draw(TEXT), "phone": draw(TEXT), "twitter": "@" + draw(TEXT)}
        others = draw(st.lists(TEXT.filter(lambda k: k not in ("email", "phone", "twitter")), max_size=2))
        links.update({key: "https://example.org/" + draw(TEXT) for key in others})
        task = Task(draw(TEXT), False, date(2026, 12, 3), Loc(path, 9, 7), slug, ())
        contacts[slug] = Contact(
            src=Loc(path),
            locs=MappingProxyType({}),
            slug=slug,
            topics=tuple(draw(st.lists(TEXT, max_size=2))),
            private=draw(st.booleans()),
            public=False,
            body="",
            body_line=8,
            tasks=(task,),
            wikilinks=(),
            name=draw(TEXT),
            organization=draw(st.one_of(st.none(), st.just("org"), TEXT)),
            role=draw(st.one_of(st.none(), TEXT)),
            relationship=None,
            met=None,
            links=MappingProxyType(links),
            keep_in_touch=Cadence(6, "w"),
            log=(),
            public_fields=(),
        )
    events = {}
    for i in range(draw(st.integers(0, 3))):
        slug = f"2026-12-0{i + 1}-event"
        events[slug] = Event(
            src=Loc(f"journal/events/{slug}.md"),
            locs=MappingProxyType({}),
            slug=slug,
            topics=(),
            private=False,
            public=False,
            body="",
            body_line=6,
            tasks=(),
            wikilinks=(),
            title=draw(TEXT),
            kind=draw(st.one_of(st.none(), TEXT)),
            platform=draw(st.one_of(st.none(), TEXT)),
            start=draw(STARTS),
            end=None,
            duration=draw(st.sampled_from([None, 90])),
            url=draw(st.one_of(st.none(), TEXT.map(lambda t: "https://example.org/" + t))),
            status=draw(STATUSES),
            organizations=(),
            people=tuple(draw(st.lists(st.sampled_from(slugs), max_size=2))),
        )
    plan = Plan(Loc("journal/plan.yml"), MappingProxyType({}), None, TZ, None, 2, ())
    return Journal(
        plan=plan,
        sources=(),
        contacts=MappingProxyType(dict(sorted(contacts.items()))),
        organizations=MappingProxyType({"org": org}),
        events=MappingProxyType(events),
        reflections=MappingProxyType({}),
    )


def _read_both(text: str) -> list[tuple[str, str]]:
    """(UID, SUMMARY) of each VEVENT as icalendar reads it; vobject and a plain reading agree."""
    by_icalendar = [(str(e["uid"]), str(e["summary"])) for e in icalendar.Calendar.from_ical(text).walk("VEVENT")]
    by_vobject = [(v.uid.value, v.summary.value) for v in getattr(vobject.readOne(text), "vevent_list", [])]
    by_plain = [(unescape(c["UID"][0][1])[0], unescape(c["SUMMARY"][0][1])[0]) for c in components(text, "VEVENT")]
    assert by_icalendar == by_vobject == by_plain
    return by_icalendar


@SETTINGS
@given(journal=journals())
def test_events_feed_has_exactly_the_events(journal: Journal) -> None:
    minutes = {slug: event_minutes(e) for slug, e in journal.events.items()}
    text = events_calendar(journal.events.values(), TODAY, minutes)
    expected = {
        f"event-{e.slug}@networking-journal": kept(e.title)
        for e in journal.events.values()
        if e.start is not None and e.status != "cancelled"
    }
    got = _read_both(text)
    assert len(got) == len(expected) and dict(got) == expected
    for component in components(text, "VEVENT"):
        event = journal.events[unescape(component["UID"][0][1])[0][len("event-") : -len("@networking-journal")]]
        assert [unescape(v)[0] for _, v in component.get("LOCATION", [])] == (
            [kept(event.platform)] if event.platform else []
        )
        assert [v for _, v in component.get("URL", [])] == ([uri(event.url)] if event.url else [])


@SETTINGS
@given(journal=journals())
def test_follow_ups_feed_has_exactly_the_dated_follow_ups(journal: Journal) -> None:
    items = [i for i in followups(journal, analyze(journal, TODAY)) if i.due is not None]
    entries = {e.slug: e for e in journal.entries()}
    text = followups_calendar(items, TODAY, entries)
    got = _read_both(text)
    assert len({uid for uid, _ in got}) == len(got)
    # one item per follow-up, the same task written twice in one entry once
    distinct = {(i.reason, i.contact, i.event, i.entry, i.text if i.reason == "task" else "") for i in items}
    assert len(got) == len(distinct)
    assert sorted(summary for _, summary in got) == sorted(
        {
            (i.reason, i.contact, i.event, i.entry, i.text if i.reason == "task" else ""): kept(i.text) for i in items
        }.values()
    )


def _vobject_cards(text: str) -> list[dict[str, Any]]:
    cards = []
    for card in vobject.readComponents(text):
        urls = [(line.params.get("TYPE", [""])[0], line.value) for line in card.contents.get("url", [])]
        cards.append(
            {
                "uid": card.uid.value,
                "fn": card.fn.value,
                "title": [line.value for line in card.contents.get("title", [])],
                "email": [line.value for line in card.contents.get("email", [])],
                "urls": urls,
            }
        )
    return cards


@SETTINGS
@given(journal=journals())
def test_vcard_export_has_exactly_the_contacts(journal: Journal) -> None:
    text = export_vcard(journal)
    shown = [c for c in journal.contacts.values() if not c.private]
    by_vobject = _vobject_cards(text)
    by_icalendar = icalendar.Component.from_ical(text, multiple=True) if text else []
    by_plain = components(text, "VCARD")
    assert len(by_vobject) == len(by_icalendar) == len(by_plain) == len(shown)
    for contact, card, other, lines in zip(shown, by_vobject, by_icalendar, by_plain, strict=True):
        uid = f"urn:uuid:{uuid.uuid5(VCARD_NAMESPACE, contact.slug)}"
        assert card["uid"] == str(other["uid"]) == lines["UID"][0][1] == uid
        assert card["fn"] == unescape(str(other["fn"]))[0] == unescape(lines["FN"][0][1])[0] == kept(contact.name)
        role = [kept(contact.role)] if contact.role else []
        assert card["title"] == [unescape(v)[0] for _, v in lines.get("TITLE", [])] == role
        assert card["email"] == [unescape(v)[0] for _, v in lines.get("EMAIL", [])] == [kept(contact.links["email"])]
        org = journal.organizations["org"].name if contact.organization == "org" else contact.organization
        assert [unescape(v)[0] for _, v in lines.get("ORG", [])] == ([kept(org)] if org else [])
        urls = [(key, value) for key, value in contact.links.items() if key not in ("email", "phone", "twitter")]
        assert (
            [u for _, u in card["urls"]]
            == [v for _, v in lines.get("URL", [])]
            == [uri(v, vcard=True) for _, v in urls]
        )
        types = [params.get("TYPE", "") for params, _ in lines.get("URL", [])]
        assert [t for t, _ in card["urls"]] == types == [re.sub("[^A-Za-z0-9-]", "", k) for k, _ in urls]
        topics = [unescape(v) for _, v in lines.get("CATEGORIES", [])]
        assert topics == ([[kept(t) for t in contact.topics]] if contact.topics else [])
