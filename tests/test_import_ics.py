"""journal import ics: invitations from Zoom, Teams, Google Calendar, Meetup,
EventBrite and Outlook become events; updates and cancellations update them."""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.check import check
from builder.importers.events import duration_text, guess_kind, when_text
from builder.importers.ics import platform_of, read_ics, zone_name
from tests.conftest import REPO, write_journal

FIXTURES = REPO / "tests" / "fixtures" / "imports"
CONTACTS = {
    "contacts/ana-lima.md": "---\nname: Ana Lima\nlinks:\n  email: ana.lima@researchops.example.org\n---\nMentor.\n",
    "contacts/priya-sharma.md": "---\nname: Priya Sharma\nlinks: {email: priya@example.org}\n---\n",
}
ZOOM = "journal/events/2027-01-14-researchops-community-webinar-scaling-research-repositories.md"
TEAMS = "journal/events/2027-01-20-kirim-cepat-ux-guild-design-critique.md"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_journal(tmp_path, dict(CONTACTS))


def journal(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args, "--root", str(root)], capture_output=True, text=True, check=False
    )


def ics(root: Path, name: str, *args: str) -> subprocess.CompletedProcess[str]:
    result = journal(root, "import", "ics", str(FIXTURES / name), *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "journal").rglob("*")) if p.is_file()}


def errors(root: Path) -> list[str]:
    return [str(d) for d in check(root)[1] if d.severity.value == "error"]


def front(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8").split("---\n")[1]


# Each fixture: the file it creates and lines its front matter holds.
EXPECTED = {
    "zoom.ics": (
        ZOOM,
        [
            'title: "ResearchOps Community Webinar: Scaling research repositories"',
            "kind: webinar",
            "platform: Zoom",
            "start: 2027-01-14 19:00",
            "duration: 90m",
            "url: https://us02web.zoom.us/j/81234567890?pwd=bXlPZk1TcWd2ZHh3UmRSN0hBQT09",
            "status: registered",
            "people: [ana-lima]",
            "uid: ZOOM81234567890@zoom.us",
        ],
    ),
    "teams.ics": (
        TEAMS,
        [
            "platform: Microsoft Teams",
            "start: 2027-01-20T16:00+02:00",  # GTB Standard Time is Europe/Bucharest: the organiser's time
            "duration: 1h",
            "url: https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZjQ2NWVkMTgtYjA3Ni00OWI4LWE1NTYtOTk2ZTU2"
            "NWFhNWM1%40thread.v2/0?context=%7b%22Tid%22%3a%22e1c5%22%2c%22Oid%22%3a%22b1f2%22%7d",
            "people: [priya-sharma]",  # matched by e-mail whatever its case; the owner and the room left out
            "uid: 040000008200E00074C5B7101A82E00800000000508CC0468E28D70100000000000000001000000096DF011F20A2"
            "9943A70B5DA5047021A5",
        ],
    ),
    "google.ics": (
        "journal/events/2027-01-27-ux-career-switchers-mixer.md",
        [
            "kind: mixer",
            "platform: Google Meet",
            "start: 2027-01-27 19:00",  # 12:00 UTC, written in the plan's timezone (Asia/Jakarta)
            "duration: 1h",
            "url: https://meet.google.com/riu-josb-pdb",
            "people: [priya-sharma]",
            "uid: 5r09pnnlktaqivstai5vlbqb1h@google.com",
        ],
    ),
    "meetup.ics": (
        "journal/events/2027-02-04-jakarta-ux-meetup-42-research-ops-in-small-teams.md",
        [
            "kind: meetup",
            "platform: Meetup",
            "start: 2027-02-04 19:00",
            "duration: 2h",
            "url: https://www.meetup.com/jakarta-ux-research/events/301234567/",
        ],
    ),
    "eventbrite.ics": (
        "journal/events/2027-02-10-jakarta-digital-careers-job-fair-2027.md",
        [
            "kind: job-fair",
            "platform: EventBrite",
            "start: 2027-02-10 09:00",
            "duration: 6h",
            "url: https://www.eventbrite.com/e/jakarta-digital-careers-job-fair-2027-tickets-812345678901",
        ],
    ),
    "outlook-quoted-printable.ics": (
        "journal/events/2027-03-03-café-carrières-conférence-annuelle.md",
        [
            'title: "Café & carrières : conférence annuelle"',  # Windows-1252 in quoted-printable
            "kind: conference",
            "platform: Zoom",
            "start: 2027-03-03 09:00",
            "duration: 90m",
            "url: https://zoom.us/j/91234567890?pwd=QWxhZGRpbjpvcGVuIHNlc2FtZQ==",  # across a soft line break
        ],
    ),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_invitation_becomes_an_event_that_passes_check(root: Path, name: str) -> None:
    rel, lines = EXPECTED[name]
    result = ics(root, name)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"created {rel}"
    assert "1 events read: 1 created, 0 updated, 0 unchanged, 0 skipped" in result.stderr
    text = front(root, rel)
    for line in lines:
        assert line + "\n" in text, f"{line!r} not in\n{text}"
    assert errors(root) == []
    before = tree(root)
    again = ics(root, name)
    assert again.returncode == 0
    assert "0 created, 0 updated, 1 unchanged" in again.stderr
    assert again.stdout == ""
    assert tree(root) == before


def test_two_calendars_in_one_file(root: Path) -> None:
    result = ics(root, "two-calendars.ics")
    assert result.returncode == 0, result.stderr
    assert "3 events read: 3 created" in result.stderr
    summit = front(root, "journal/events/2027-04-15-asia-ux-research-summit-2027.md")
    assert "start: 2027-04-15\nend: 2027-04-17\n" in summit  # DTEND of a date is the day after
    assert "kind: conference" in summit
    # 18:00 in Los Angeles is 09:00 the next day in Jakarta: the file is named by the plan's day
    seminar = front(root, "journal/events/2027-02-04-open-hci-seminar-series.md")
    assert "start: 2027-02-03T18:00-08:00\n" in seminar
    assert "platform: YouTube\n" in seminar
    assert "repeats: journal/events/2027-02-04-open-hci-seminar-series.md is its first occurrence" in result.stdout
    live = front(root, "journal/events/2027-05-05-lumen-health-careers-instagram-live.md")
    assert "start: 2027-05-05 19:00\nduration: 45m\n" in live  # floating: the plan's time
    assert "platform: Instagram Live" in live
    assert "platforms recognised: YouTube, Instagram Live (other hosts: asiauxsummit.example.org)" in result.stderr
    assert errors(root) == []
    journal_ = check(root)[0]
    tz = journal_.plan.timezone
    seminar_event = journal_.events["2027-02-04-open-hci-seminar-series"]
    assert isinstance(seminar_event.start, datetime)
    assert seminar_event.start.astimezone(tz).date() == date(2027, 2, 4)


def test_an_update_moves_the_event_and_keeps_everything_else(root: Path) -> None:
    assert ics(root, "zoom.ics").returncode == 0
    path = root / ZOOM
    owned = path.read_text(encoding="utf-8").replace("status: registered", "status: registered  # paid")
    owned = owned.replace("uid:", "topics: [research-ops]\nuid:") + "\nAsk Ana about her repository.\n"
    path.write_text(owned, encoding="utf-8")
    result = ics(root, "zoom-update.ics")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"updated {ZOOM}: start 2027-01-14 19:00 → 2027-01-15 20:00\n"
    after = path.read_text(encoding="utf-8")
    assert after == owned.replace("start: 2027-01-14 19:00", "start: 2027-01-15 20:00").replace(
        "uid: ZOOM81234567890@zoom.us\n", "uid: ZOOM81234567890@zoom.us\nsequence: 1\n"
    )
    assert "(moved)" not in after  # the title is the owner's
    assert errors(root) == []
    # the same update again, or the older invitation after it, changes nothing
    before = tree(root)
    assert "1 unchanged" in ics(root, "zoom-update.ics").stderr
    older = ics(root, "zoom.ics")
    assert "older version of the invitation (SEQUENCE 0)" in older.stdout
    assert "0 created, 0 updated, 1 unchanged, 0 skipped" in older.stderr
    assert tree(root) == before


def test_a_cancellation_cancels_and_an_unknown_one_is_skipped(root: Path) -> None:
    alone = ics(root, "teams-cancel.ics")
    assert alone.returncode == 0
    assert "skipped: 'Canceled: Kirim Cepat UX Guild: design critique': a cancellation of an event not in" in (
        alone.stdout
    )
    assert not (root / "journal" / "events").exists() or not list((root / "journal" / "events").iterdir())
    assert ics(root, "teams.ics").returncode == 0
    before = front(root, TEAMS)
    result = ics(root, "teams-cancel.ics")
    assert result.stdout == f"updated {TEAMS}: status registered → cancelled\n"
    after = front(root, TEAMS)
    assert after == before.replace("status: registered", "status: cancelled") + "sequence: 2\n"
    assert errors(root) == []
    snapshot = tree(root)
    assert "1 unchanged" in ics(root, "teams.ics").stderr  # the first invitation again: still cancelled
    assert tree(root) == snapshot


def test_an_event_typed_by_hand_gains_the_invitation(root: Path) -> None:
    typed = "---\ntitle: UX Career Switchers Mixer\nstart: 2027-01-27 19:00\n---\nMy notes.\n"
    (root / "journal" / "events").mkdir()
    (root / "journal" / "events" / "mixer.md").write_text(typed, encoding="utf-8")
    result = ics(root, "google.ics")
    assert result.stdout.startswith("updated journal/events/mixer.md: duration 1h, uid added, kind added")
    text = (root / "journal" / "events" / "mixer.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: UX Career Switchers Mixer\nstart: 2027-01-27 19:00\n")
    assert "uid: 5r09pnnlktaqivstai5vlbqb1h@google.com\n" in text
    assert "people: [priya-sharma]\n" in text
    assert text.endswith("---\nMy notes.\n")
    assert errors(root) == []


def test_kind_given_for_every_event(root: Path) -> None:
    assert ics(root, "two-calendars.ics", "--kind", "webinar").returncode == 0
    for path in (root / "journal" / "events").iterdir():
        assert "kind: webinar\n" in path.read_text(encoding="utf-8")


def test_add_people_makes_contacts_for_the_others(root: Path) -> None:
    result = ics(root, "google.ics", "--add-people")
    assert result.returncode == 0, result.stderr
    assert "created journal/contacts/wang-lei.md" in result.stdout
    assert "created journal/contacts/sofia-garcia.md" in result.stdout  # no name: the address's local part
    assert "test-owner" not in result.stdout  # the owner's own address is left out
    wang = (root / "journal" / "contacts" / "wang-lei.md").read_text(encoding="utf-8")
    assert "name: Wang Lei\n" in wang and "email: wang.lei@example.cn" in wang
    event = front(root, "journal/events/2027-01-27-ux-career-switchers-mixer.md")
    assert "people: [priya-sharma, wang-lei, sofia-garcia]\n" in event
    assert "contacts: 2 created, 0 updated" in result.stderr
    assert errors(root) == []
    before = tree(root)
    assert "0 created, 0 updated, 1 unchanged" in ics(root, "google.ics", "--add-people").stderr
    assert tree(root) == before


def test_add_people_later_adds_them_to_the_event(root: Path) -> None:
    assert ics(root, "teams.ics").returncode == 0
    result = ics(root, "teams.ics", "--add-people")
    assert "created journal/contacts/elena-popescu.md" in result.stdout
    assert "created journal/contacts/mihai-ionescu.md" in result.stdout
    assert f"updated {TEAMS}: people + elena-popescu, mihai-ionescu" in result.stdout
    assert "people: [priya-sharma, elena-popescu, mihai-ionescu]\n" in front(root, TEAMS)
    assert "room412" not in result.stdout
    assert errors(root) == []


@pytest.mark.parametrize("name", [*EXPECTED, "two-calendars.ics"])
def test_dry_run_says_exactly_what_the_real_run_does(root: Path, name: str) -> None:
    before = tree(root)
    dry = ics(root, name, "--dry-run", "--add-people")
    assert dry.returncode == 0
    assert tree(root) == before
    real = ics(root, name, "--add-people")
    assert dry.stdout.replace("would create", "created").replace("would update", "updated") == real.stdout
    assert dry.stderr.replace("would be ", "") == real.stderr


def test_dry_run_of_an_update(root: Path) -> None:
    ics(root, "zoom.ics")
    before = tree(root)
    dry = ics(root, "zoom-update.ics", "--dry-run")
    assert dry.stdout == f"would update {ZOOM}: start 2027-01-14 19:00 → 2027-01-15 20:00\n"
    assert tree(root) == before


def test_not_a_calendar_is_one_line(root: Path, tmp_path: Path) -> None:
    for data, message in (
        (b"BEGIN:VCARD\r\nFN:Ana\r\nEND:VCARD\r\n", "not an iCalendar file: no BEGIN:VCALENDAR"),
        (b"", "not an iCalendar file: no BEGIN:VCALENDAR"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a text file"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no events in this iCalendar file"),
    ):
        path = tmp_path / "invite.ics"
        path.write_bytes(data)
        result = journal(root, "import", "ics", str(path))
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    missing = journal(root, "import", "ics", str(tmp_path / "nowhere.ics"))
    assert missing.returncode == 1 and "No such file" in missing.stderr


def test_utf16_file_with_a_byte_order_mark(root: Path, tmp_path: Path) -> None:
    path = tmp_path / "meetup-utf16.ics"
    path.write_bytes((FIXTURES / "meetup.ics").read_text(encoding="utf-8").encode("utf-16"))
    result = journal(root, "import", "ics", str(path))
    assert result.returncode == 0, result.stderr
    assert "1 created" in result.stderr


@pytest.mark.parametrize(
    ("link", "platform"),
    [
        ("https://us02web.zoom.us/j/81234567890", "Zoom"),
        ("https://zoom.us/j/1", "Zoom"),
        ("https://teams.microsoft.com/l/meetup-join/19%3a", "Microsoft Teams"),
        ("https://teams.live.com/meet/9", "Microsoft Teams"),
        ("https://meet.google.com/abc-defg-hij", "Google Meet"),
        ("https://www.eventbrite.com/e/x-tickets-1", "EventBrite"),
        ("https://www.eventbrite.co.uk/e/x-tickets-1", "EventBrite"),
        ("https://www.meetup.com/jakarta-ux/events/1/", "Meetup"),
        ("https://researchops.slack.com/archives/C1", "Slack"),
        ("https://www.youtube.com/live/abc", "YouTube"),
        ("https://youtu.be/abc", "YouTube"),
        ("https://www.instagram.com/lumen/live/", "Instagram Live"),
        ("https://notzoom.us/j/1", "notzoom.us"),
        ("https://www.example.org/webinar", "example.org"),
    ],
)
def test_platforms_recognised(link: str, platform: str) -> None:
    assert platform_of(link) == platform


def test_links_from_safe_links_and_the_first_web_address() -> None:
    text = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Talk\r\nDTSTART:20270101T100000Z\r\n"
        "DESCRIPTION:Join: https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fzoom.us%2Fj%2F123"
        "&data=x. Slides later.\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    [inv], skipped = read_ics(text.encode())
    assert skipped == []
    assert inv.link == "https://zoom.us/j/123" and inv.platform == "Zoom"


@pytest.mark.parametrize(
    ("tzid", "name"),
    [
        ("GTB Standard Time", "Europe/Bucharest"),
        ("SE Asia Standard Time", "Asia/Bangkok"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("Asia/Jakarta", "Asia/Jakarta"),
        ("/mozilla.org/20050126_1/Europe/Berlin", "Europe/Berlin"),
        ("tzone://Microsoft/Utc", "UTC"),
        ("(UTC+02:00) Athens, Bucharest", None),
        ("../../etc/passwd", None),
    ],
)
def test_zone_names(tzid: str, name: str | None) -> None:
    assert zone_name(tzid) == name


def test_an_unknown_zone_with_its_own_definition_keeps_its_offset() -> None:
    text = (
        "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Custom Zone\nBEGIN:STANDARD\nDTSTART:16010101T000000\n"
        "TZOFFSETFROM:+0530\nTZOFFSETTO:+0530\nEND:STANDARD\nEND:VTIMEZONE\nBEGIN:VEVENT\nUID:c\nSUMMARY:Talk\n"
        "DTSTART;TZID=Custom Zone:20270301T100000\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    [inv], _ = read_ics(text.encode())
    assert when_text(inv.start, ZoneInfo("Asia/Jakarta")) == "2027-03-01T10:00+05:30"


def test_times_as_event_files_write_them() -> None:
    jakarta = ZoneInfo("Asia/Jakarta")
    assert when_text(datetime(2027, 1, 1, 19, 0, tzinfo=ZoneInfo("Asia/Bangkok")), jakarta) == "2027-01-01 19:00"
    assert when_text(datetime(2027, 1, 1, 19, 0, tzinfo=ZoneInfo("Asia/Kolkata")), jakarta) == "2027-01-01T19:00+05:30"
    assert when_text(date(2027, 1, 1), jakarta) == "2027-01-01"
    assert [duration_text(m) for m in (45, 60, 90, 150, 120)] == ["45m", "1h", "90m", "150m", "2h"]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Jakarta Digital Job Fair", "job-fair"),
        ("Virtual Career Fair 2027", "job-fair"),
        ("Webinar: research ops", "webinar"),
        ("Asia UX Summit", "conference"),
        ("UX Meetup #4", "meetup"),
        ("Meet-up of designers", "meetup"),
        ("Slack mixer", "mixer"),
        ("Coffee with Ana", None),
        ("Summitry for kids", None),
    ],
)
def test_kind_from_the_title(title: str, kind: str | None) -> None:
    assert guess_kind(title, None) == kind


def test_a_zoom_invitation_of_no_named_kind_is_a_zoom_meeting() -> None:
    assert guess_kind("Coffee with Ana", "Zoom") == "zoom-meeting"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_raise_but_value_error(data: bytes) -> None:
    with contextlib.suppress(ValueError):
        read_ics(data)


_LINE = st.sampled_from(
    [
        "BEGIN:VCALENDAR",
        "END:VCALENDAR",
        "BEGIN:VEVENT",
        "END:VEVENT",
        "METHOD:CANCEL",
        "UID:x",
        "SEQUENCE:2",
        "SEQUENCE:-1",
        "SUMMARY:Webinar",
        "SUMMARY;ENCODING=QUOTED-PRINTABLE:Caf=E9=",
        "DTSTART:20270101T100000Z",
        "DTSTART:00010101T000000Z",
        "DTSTART:99991231T235959",
        "DTSTART;VALUE=DATE:20270101",
        "DTSTART;TZID=Nowhere/Land:20270101T100000",
        "DTSTART;TZID=GTB Standard Time:20270101T100000",
        "DTEND:20261231T100000Z",
        "DTEND;VALUE=DATE:20270105",
        "DURATION:PT1H",
        "DURATION:-PT1H",
        "DURATION:P9999W",
        "STATUS:CANCELLED",
        "RRULE:FREQ=WEEKLY",
        "RECURRENCE-ID:20270108T100000Z",
        "ORGANIZER;CN=Ana:mailto:ana@example.org",
        "ATTENDEE:mailto:not-an-address",
        "URL:javascript:alert(1)",
        "URL:https://zoom.us/j/1",
        "LOCATION:https://",
        "X-GOOGLE-CONFERENCE:https://meet.google.com/a",
        " folded",
        "garbage without colon",
        ":",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_LINE, st.text(max_size=30)), max_size=25))
def test_random_calendar_text_never_raises_but_value_error(lines: list[str]) -> None:
    try:
        invitations, _ = read_ics("\r\n".join(lines).encode("utf-8", "surrogatepass"))
    except ValueError:
        return
    tz = ZoneInfo("Asia/Jakarta")
    for inv in invitations:
        assert inv.title
        when_text(inv.start, tz)
        if inv.end is not None:
            assert inv.end > inv.start  # type: ignore[operator]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(_LINE, min_size=4, max_size=20))
def test_random_calendars_import_into_a_journal_that_passes_check(tmp_path: Path, lines: list[str]) -> None:
    """Whatever is read is written as events that journal check accepts (or refused in one line)."""
    from builder.commands.invitations import cmd_import_ics

    root = tmp_path / "j"
    if not (root / "journal").exists():
        write_journal(root, dict(CONTACTS))
    path = tmp_path / "random.ics"
    path.write_text("\r\n".join(["BEGIN:VCALENDAR", *lines, "END:VCALENDAR"]), encoding="utf-8")
    args = argparse.Namespace(file=path, root=root, kind=None, add_people=True, dry_run=False, today=None, format="ics")
    code = cmd_import_ics(args)
    assert code in (0, 1)
    assert errors(root) == []


def test_durations_longer_than_a_year_are_an_end() -> None:
    text = (
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:long\nSUMMARY:Residency\nDTSTART:20270101T000000Z\n"
        "DTEND:20290101T000000Z\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    [inv], _ = read_ics(text.encode())
    assert inv.end is not None and inv.end - inv.start > timedelta(days=366)  # type: ignore[operator]


def test_a_cancellation_finds_an_event_typed_by_hand(root: Path) -> None:
    (root / "journal" / "events").mkdir()
    typed = '---\ntitle: "Kirim Cepat UX Guild: design critique"\nstart: 2027-01-20 21:00\n---\n'
    (root / "journal" / "events" / "guild.md").write_text(typed, encoding="utf-8")
    result = ics(root, "teams-cancel.ics")
    assert result.stdout == (
        "updated journal/events/guild.md: duration 1h, status planned → cancelled, uid added, platform added\n"
    )
    text = (root / "journal" / "events" / "guild.md").read_text(encoding="utf-8")
    assert text.startswith(typed.removesuffix("---\n") + "duration: 1h\nstatus: cancelled\nuid: ")
    assert "sequence: 2\n" in text
    assert errors(root) == []


def test_an_event_it_cannot_edit_is_skipped_and_the_rest_imported(root: Path) -> None:
    (root / "journal" / "events").mkdir()
    flow = "---\n{title: UX Career Switchers Mixer, start: 2027-01-27 19:00}\n---\n"
    (root / "journal" / "events" / "mixer.md").write_text(flow, encoding="utf-8")
    result = ics(root, "google.ics")
    assert result.returncode == 0
    assert "skipped: journal/events/mixer.md: its front matter cannot be edited" in result.stdout
    assert (root / "journal" / "events" / "mixer.md").read_text(encoding="utf-8") == flow


def test_people_of_a_skipped_invitation_are_not_added(root: Path) -> None:
    result = ics(root, "teams-cancel.ics", "--add-people")
    assert "1 skipped;" in result.stderr and "contacts:" not in result.stderr
    assert result.stdout.count("\n") == 1  # the skipped line only
    assert sorted(p.name for p in (root / "journal" / "contacts").iterdir()) == ["ana-lima.md", "priya-sharma.md"]


def test_a_vcalendar_attendee_written_name_and_address(root: Path) -> None:
    result = ics(root, "outlook-quoted-printable.ics", "--add-people")
    assert "created journal/contacts/claire-dubois.md" in result.stdout  # no CN: the address's local part
    assert "journal/contacts/me.md" not in result.stdout  # 'Test Owner <me@example.net>' is the owner
    assert errors(root) == []
    claire = (root / "journal" / "contacts" / "claire-dubois.md").read_text(encoding="utf-8")
    assert "name: Claire Dubois\n" in claire


def _event_file(root: Path) -> Path:
    (found,) = (root / "journal" / "events").glob("*.md")
    return found


def test_the_same_invitation_again_keeps_the_owners_changes(root: Path) -> None:
    """The owner moved the webinar by hand; the same file again (same SEQUENCE)
    must not move it back."""
    assert ics(root, "zoom.ics", "--today", "2026-12-01").returncode == 0
    path = _event_file(root)
    text = path.read_text(encoding="utf-8")
    start = next(line for line in text.splitlines() if line.startswith("start: "))
    moved = text.replace(start, "start: 2027-01-14 19:15  # moved by hand")
    path.write_text(moved, encoding="utf-8")
    assert ics(root, "zoom.ics", "--today", "2026-12-01").returncode == 0
    assert path.read_text(encoding="utf-8") == moved
    # a newer version (SEQUENCE 1) moves it: the organiser's decision
    assert ics(root, "zoom-update.ics", "--today", "2026-12-01").returncode == 0
    assert "19:15" not in path.read_text(encoding="utf-8")


def test_a_cancellation_leaves_what_happened_and_a_newer_invitation_reinstates(root: Path) -> None:
    assert ics(root, "teams.ics", "--today", "2026-12-01").returncode == 0
    path = _event_file(root)
    attended = path.read_text(encoding="utf-8").replace("status: registered", "status: attended  # went")
    path.write_text(attended, encoding="utf-8")
    assert ics(root, "teams-cancel.ics", "--today", "2026-12-01").returncode == 0
    assert path.read_text(encoding="utf-8") == attended  # you went: that stays
    path.write_text(attended.replace("status: attended  # went", "status: registered"), encoding="utf-8")
    assert ics(root, "teams-cancel.ics", "--today", "2026-12-01").returncode == 0
    assert "status: cancelled" in path.read_text(encoding="utf-8")
    newer = (FIXTURES / "teams.ics").read_text(encoding="utf-8").replace("SEQUENCE:0", "SEQUENCE:3")
    (root / "newer.ics").write_text(newer, encoding="utf-8", newline="")
    assert journal(root, "import", "ics", str(root / "newer.ics"), "--today", "2026-12-01").returncode == 0
    assert "status: registered" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("tzid", "written"),
    [
        ('"(UTC-05:00) Eastern Time (US & Canada)"', "start: 2026-12-10T11:30-05:00"),  # Outlook's name: its offset
        ("Mars/Olympus", None),  # nothing says when that is: left out, and said so
    ],
)
def test_a_zone_no_one_defines(root: Path, tzid: str, written: str | None) -> None:
    invitation = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:tz@example.org\r\n"
        f"DTSTAMP:20261101T000000Z\r\nSUMMARY:Outlook webinar\r\nDTSTART;TZID={tzid}:20261210T113000\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (root / "tz.ics").write_text(invitation, encoding="utf-8", newline="")
    result = journal(root, "import", "ics", str(root / "tz.ics"), "--today", "2026-12-01")
    assert result.returncode == 0, result.stderr
    events = list((root / "journal" / "events").glob("*.md"))
    if written is None:
        assert events == [] and "is none we know, and the file does not define it" in result.stdout
    else:
        (event,) = events
        assert written in event.read_text(encoding="utf-8")
