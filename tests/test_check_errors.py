"""Table-driven: one small bad journal per case, and the exact diagnostic it gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.cli import check_journal
from builder.diagnostics import Severity
from tests.conftest import PLAN, write_journal

CONTACT = "---\nname: Ana Lima\n---\nNotes.\n"
EVENT = "---\ntitle: A webinar\nkind: webinar\nstart: 2026-06-18\n---\n"
ORG = "---\nname: Acme\nkind: company\n---\n"

E, W = "error", "warning"

# (case id, files, [(path under journal/, line, col, severity, message part), ...])
CASES: list[tuple[str, dict[str, str | bytes], list[tuple[str, int, int, str, str]]]] = [
    (
        "unclosed list: at its opening bracket, on its real line",
        {"contacts/ana.md": "---\nname: Ana\nrole: [unclosed\ntopics: [a]\n---\n"},
        [("contacts/ana.md", 3, 7, E, "the list opened with '[' here is never closed: add ']' after its last item")],
    ),
    (
        "yaml indentation error",
        {"contacts/ana.md": "---\nname: Ana\n  role: x\n---\n"},
        [("contacts/ana.md", 3, 3, E, "'role' is indented more than 'name' above it: line it up at column 1")],
    ),
    (
        "tab indentation",
        {"contacts/ana.md": "---\nname: Ana\nlinks:\n\temail: a@example.org\n---\n"},
        [("contacts/ana.md", 4, 1, E, "YAML indents with spaces: replace the tab at column 1 with spaces")],
    ),
    (
        "missing front matter",
        {"contacts/ana.md": "name: Ana\n"},
        [("contacts/ana.md", 1, 1, E, "missing front matter")],
    ),
    (
        "unclosed front matter",
        {"contacts/ana.md": "---\nname: Ana\n"},
        [("contacts/ana.md", 1, 1, E, "front matter is not closed")],
    ),
    (
        "missing required field",
        {"contacts/ana.md": "---\nrole: Analyst\n---\n"},
        [("contacts/ana.md", 2, 1, E, "contact is missing the required key 'name'")],
    ),
    (
        "empty front matter",
        {"events/e.md": "---\n---\nbody\n"},
        [("events/e.md", 1, 1, E, "event is missing the required key 'title'")],
    ),
    (
        "required field without value",
        {"organizations/acme.md": "---\nname:\nkind: company\n---\n"},
        [("organizations/acme.md", 2, 6, E, "'name' must have a value")],
    ),
    (
        "front matter that is a list",
        {"contacts/ana.md": "---\n- name: Ana\n---\n"},
        [("contacts/ana.md", 2, 1, E, "expected contact (keys and values")],
    ),
    (
        "wrong type: list expected",
        {"contacts/ana.md": "---\nname: Ana\ntopics: ux\n---\n"},
        [("contacts/ana.md", 3, 9, E, "expected a list such as [ux]")],
    ),
    (
        "wrong type: text expected",
        {"contacts/ana.md": "---\nname: Ana\nrole: [a, b]\n---\n"},
        [("contacts/ana.md", 3, 7, E, "expected text, found a list")],
    ),
    (
        "wrong type: mapping expected",
        {"contacts/ana.md": "---\nname: Ana\nmet: 2026-01-01\n---\n"},
        [("contacts/ana.md", 3, 6, E, "expected met (a mapping")],
    ),
    (
        "wrong type: boolean",
        {"contacts/ana.md": "---\nname: Ana\nprivate: yes\n---\n"},
        [("contacts/ana.md", 3, 10, E, "expected true or false, found 'yes'")],
    ),
    (
        "wrong type: number",
        {
            "contacts/ana.md": CONTACT.replace(
                "---\nNotes", "log:\n  - {date: 2026-01-02, channel: zoom, minutes: half}\n---\nNotes"
            )
        },
        [("contacts/ana.md", 4, 48, E, "expected a duration like 45, 90m, 2h or 1h30m, found 'half'")],
    ),
    (
        "unknown enum value with suggestion",
        {"contacts/ana.md": "---\nname: Ana\nrelationship: mentr\n---\n"},
        [("contacts/ana.md", 3, 15, E, "unknown relationship 'mentr'; did you mean 'mentor'?")],
    ),
    (
        "unknown channel in log",
        {"contacts/ana.md": "---\nname: Ana\nlog:\n  - date: 2026-01-02\n    channel: zom\n---\n"},
        [("contacts/ana.md", 5, 14, E, "unknown channel 'zom'; did you mean 'zoom'?")],
    ),
    (
        "log item missing its date",
        {"contacts/ana.md": "---\nname: Ana\nlog:\n  - channel: zoom\n---\n"},
        [("contacts/ana.md", 4, 5, E, "log entry is missing the required key 'date'")],
    ),
    (
        "event kind and status",
        {"events/e.md": "---\ntitle: T\nkind: webnar\nstatus: done\n---\n"},
        [
            ("events/e.md", 3, 7, E, "unknown event kind 'webnar'; did you mean 'webinar'?"),
            ("events/e.md", 4, 9, E, "unknown status 'done'"),
        ],
    ),
    (
        "bad date",
        {"reflections/r.md": "---\ndate: 2026-02-30\n---\n"},
        [("reflections/r.md", 2, 7, E, "invalid date '2026-02-30'")],
    ),
    (
        "date in another order",
        {"reflections/r.md": "---\ndate: 27/11/2026\n---\n"},
        [("reflections/r.md", 2, 7, E, "expected a date like 2026-11-27")],
    ),
    (
        "bad date-time",
        {"events/e.md": "---\ntitle: T\nstart: 2026-12-02 25:00\n---\n"},
        [("events/e.md", 3, 8, E, "invalid date-time")],
    ),
    (
        "bad duration",
        {"events/e.md": "---\ntitle: T\nstart: 2026-12-02\nduration: an hour\n---\n"},
        [("events/e.md", 4, 11, E, "expected a duration like 45, 90m")],
    ),
    (
        "bad cadence",
        {"contacts/ana.md": "---\nname: Ana\nkeep_in_touch: monthly\n---\n"},
        [("contacts/ana.md", 3, 16, E, "expected a cadence like 30d")],
    ),
    (
        "bad time budget and timezone",
        {"plan.yml": "owner: O\ntimezone: Asia/Jakrta\ntime_budget: 3 hours\n"},
        [
            ("plan.yml", 2, 11, E, "unknown timezone 'Asia/Jakrta'"),
            ("plan.yml", 3, 14, E, "expected a time budget like 3h/week"),
        ],
    ),
    (
        "plan missing",
        {"contacts/ana.md": CONTACT, "plan.yml": ""},
        [],
    ),
    (
        "duplicate slug across kinds",
        {"contacts/acme.md": "---\nname: Acme Person\n---\n", "organizations/acme.md": ORG},
        [("organizations/acme.md", 1, 1, E, "duplicate slug 'acme': journal/contacts/acme.md has it already")],
    ),
    (
        "duplicate slug across subfolders",
        {"contacts/a/ana.md": CONTACT, "contacts/b/ana.md": CONTACT},
        [("contacts/b/ana.md", 1, 1, E, "duplicate slug 'ana'")],
    ),
    (
        "file name that is not a slug",
        {"contacts/Ana Lima.md": CONTACT},
        [("contacts/Ana Lima.md", 1, 1, E, "rename it to 'ana-lima.md'")],
    ),
    (
        "unknown contact in event people",
        {
            "contacts/ana-lima.md": CONTACT,
            "events/e.md": EVENT.replace("---\n", "people: [ana-lim]\n---\n", 2).replace(
                "people: [ana-lim]\n---\n", "---\n", 1
            ),
        },
        [("events/e.md", 5, 10, E, "people: unknown contact 'ana-lim'; did you mean 'ana-lima'?")],
    ),
    (
        "reference of the wrong kind",
        {"organizations/acme.md": ORG, "reflections/r.md": "---\ndate: 2026-01-01\npeople:\n  - acme\n---\n"},
        [("reflections/r.md", 4, 5, E, "people: 'acme' is an organization, not a contact")],
    ),
    (
        "unknown event in reflection",
        {
            "events/2026-06-18-webinar.md": EVENT,
            "reflections/r.md": "---\ndate: 2026-01-01\nevents: [2026-06-18-webinr]\n---\n",
        },
        [
            (
                "reflections/r.md",
                3,
                10,
                E,
                "events: unknown event '2026-06-18-webinr'; did you mean '2026-06-18-webinar'?",
            )
        ],
    ),
    (
        "unknown organization in event",
        {"organizations/acme.md": ORG, "events/e.md": "---\ntitle: T\norganizations: [acmee]\n---\n"},
        [("events/e.md", 3, 17, E, "organizations: unknown organization 'acmee'; did you mean 'acme'?")],
    ),
    (
        "met.at naming an unknown event",
        {
            "events/2026-06-18-webinar.md": EVENT,
            "contacts/ana.md": "---\nname: Ana\nmet: {date: 2026-06-18, at: 2026-06-18-webiner}\n---\n",
        },
        [
            (
                "contacts/ana.md",
                3,
                29,
                E,
                "met.at: unknown event '2026-06-18-webiner'; did you mean '2026-06-18-webinar'?",
            )
        ],
    ),
    (
        "met.at as free text is fine",
        {"contacts/ana.md": "---\nname: Ana\nmet: {date: 2026-06-18, at: Jakarta UX meetup}\n---\n"},
        [],
    ),
    (
        "organization nearly a slug is a warning",
        {"organizations/lumen-health.md": ORG, "contacts/ana.md": "---\nname: Ana\norganization: lumen-heath\n---\n"},
        [("contacts/ana.md", 3, 15, W, "did you mean 'lumen-health'?")],
    ),
    (
        "unknown wikilink",
        {
            "contacts/ana-lima.md": CONTACT,
            "reflections/r.md": "---\ndate: 2026-01-01\n---\nTalked to [[ana-lma]] today.\n",
        },
        [("reflections/r.md", 4, 11, E, "link [[ana-lma]]: no entry has this slug; did you mean 'ana-lima'?")],
    ),
    (
        "wikilink inside code is not a link",
        {"reflections/r.md": "---\ndate: 2026-01-01\n---\nWrite `[[slug]]` to link.\n```\n[[nope]]\n```\n"},
        [],
    ),
    (
        "bad task due date",
        {"reflections/r.md": "---\ndate: 2026-01-01\n---\n\n- [ ] Email Ana due:2026-13-01\n"},
        [("reflections/r.md", 5, 17, E, "task due date: invalid date '2026-13-01'")],
    ),
    (
        "unknown goal organization",
        {"organizations/acme.md": ORG, "plan.yml": PLAN + "  - {title: Learn, organizations: [acm]}\n"},
        [("plan.yml", 6, 36, E, "goal organizations: unknown organization 'acm'; did you mean 'acme'?")],
    ),
    (
        "goal with no kind, and with two",
        {
            "plan.yml": "timezone: UTC\ngoals:\n  - title: Vague\n  - {title: Both, count: people, target: 2, topic: ux}\n"
        },
        [
            ("plan.yml", 3, 5, E, "goal 'Vague' needs one of: count, organizations or topic"),
            ("plan.yml", 4, 52, E, "goal 'Both' has both count and topic"),
        ],
    ),
    (
        "count goal without target, kinds on the wrong count",
        {
            "plan.yml": "timezone: UTC\ngoals:\n  - {title: A, count: people}\n  - {title: B, count: outreach, target: 2, kinds: [webinar]}\n"
        },
        [
            ("plan.yml", 3, 23, E, "needs a target"),
            ("plan.yml", 4, 51, E, "kinds filters only goals that count events"),
        ],
    ),
    (
        "goal with unknown count and period",
        {"plan.yml": "timezone: UTC\ngoals:\n  - {title: A, count: peple, target: 2, per: fortnight}\n"},
        [
            ("plan.yml", 3, 23, E, "unknown goal count 'peple'; did you mean 'people'?"),
            ("plan.yml", 3, 46, E, "unknown period 'fortnight'"),
        ],
    ),
    (
        "unknown key that is a near miss of a known key is an error",
        {"contacts/ana.md": "---\nname: Ana\norganisation: acme\n---\n"},
        [("contacts/ana.md", 3, 1, E, "unknown key 'organisation' in contact; did you mean 'organization'?")],
    ),
    (
        "unknown key far from every known key is a warning",
        {"contacts/ana.md": "---\nname: Ana\npronouns: she/her\n---\n"},
        [("contacts/ana.md", 3, 1, W, "unknown key 'pronouns' in contact")],
    ),
    (
        "url that is not http(s)",
        {"events/e.md": "---\ntitle: T\nurl: javascript:alert(1)\n---\n"},
        [("events/e.md", 3, 6, E, "a link must start with http: or https:")],
    ),
    (
        "links that are not addresses",
        {
            "contacts/ana.md": "---\nname: Ana\nlinks:\n  email: ana-at-example\n  linkedin: linkedin.com/in/ana\n  github: data:text/html,x\n---\n"
        },
        [
            ("contacts/ana.md", 4, 10, E, "expected an e-mail address"),
            ("contacts/ana.md", 5, 13, E, "a link must start with http: or https:"),
            ("contacts/ana.md", 6, 11, E, "a link must start with http: or https:"),
        ],
    ),
    (
        "source url",
        {"sources.yml": "- name: Blog\n  url: ftp://example.org\n"},
        [("sources.yml", 2, 8, E, "a link must start with http: or https:")],
    ),
    (
        "sources file that is not a list",
        {"sources.yml": "name: Blog\n"},
        [("sources.yml", 1, 1, E, "expected a list")],
    ),
    (
        "file that is not UTF-8",
        {"contacts/ana.md": b"---\nname: Ana\n---\nCaf" + b"\xe9\n"},
        [("contacts/ana.md", 4, 4, E, "file is not UTF-8 (byte 0xe9)")],
    ),
    (
        "python tag is an error, never executed",
        {"contacts/ana.md": "---\nname: !!python/object/apply:os.system [echo pwned]\n---\n"},
        [("contacts/ana.md", 2, 7, E, "YAML tags such as '!!python/object/apply:os.system' are not allowed")],
    ),
    (
        "duplicate key",
        {"contacts/ana.md": "---\nname: Ana\nrole: A\nrole: B\n---\n"},
        [("contacts/ana.md", 4, 1, E, "duplicate key 'role' (first given on line 3)")],
    ),
    (
        "aliases are refused",
        {"contacts/ana.md": "---\nname: Ana\ntopics: &t [a]\nlog: *t\n---\n"},
        [("contacts/ana.md", 4, 1, E, "'log' is an alias")],
    ),
    (
        "end and duration both, end before start",
        {"events/e.md": "---\ntitle: T\nstart: 2026-12-02 19:00\nend: 2026-12-02 18:00\nduration: 30m\n---\n"},
        [
            ("events/e.md", 4, 6, E, "the event ends before it starts"),
            ("events/e.md", 5, 11, E, "give end or duration, not both"),
        ],
    ),
    (
        "stray files are named",
        {"contact/ana.md": CONTACT, "contacts/notes.txt": "x", "plan.yaml": "x", "contacts/photo.jpg": b"\xff\xd8"},
        [
            ("contact/ana.md", 1, 1, W, "folder 'contact' is not part of the journal; did you mean 'contacts'?"),
            ("contacts/notes.txt", 1, 1, W, "entries are Markdown files ending in .md"),
            ("plan.yaml", 1, 1, W, "did you mean 'plan.yml'?"),
        ],
    ),
    (
        "carriage return in a name, at the escape that wrote it",
        {"contacts/ana.md": '---\nname: "Ana\\rLima"\nrole: "Analyst\\f"\n---\n'},
        [
            (
                "contacts/ana.md",
                2,
                11,
                E,
                "'name' contains a carriage return (U+000D) after 'Ana': remove the carriage return",
            ),
            ("contacts/ana.md", 3, 15, E, "'role' contains a form feed (U+000C) after 'Analyst': remove the form feed"),
        ],
    ),
    (
        "NUL and bell in an event",
        {"events/e.md": '---\ntitle: "Webinar\\0"\nplatform: "\\aZoom"\n---\n'},
        [
            (
                "events/e.md",
                2,
                16,
                E,
                "'title' contains a NUL character (U+0000) after 'Webinar': remove the NUL character",
            ),
            (
                "events/e.md",
                3,
                12,
                E,
                "'platform' contains a bell character (U+0007) at its start: remove the bell character",
            ),
        ],
    ),
    (
        "line break in a one-line value written as a block",
        {
            "contacts/ana.md": "---\nname: Ana\nlog:\n  - date: 2026-01-01\n    channel: zoom\n"
            "    note: |\n      First line\n      second line\n---\n"
        },
        [
            (
                "contacts/ana.md",
                6,
                11,
                E,
                "'note' contains a line break (U+000A) after 'First line': remove the line break; "
                "'note' is one line (a '>-' block joins its lines with spaces)",
            )
        ],
    ),
    (
        "control characters in met.at, topics and free-text organization",
        {
            "contacts/ana.md": '---\nname: Ana\nmet: {date: 2026-06-18, at: "Jakarta\\rmeetup"}\n'
            'topics: [ux, "research\\x1bops"]\norganization: "Acme\\N"\n---\n'
        },
        [
            ("contacts/ana.md", 3, 37, E, "'met.at' contains a carriage return (U+000D) after 'Jakarta'"),
            ("contacts/ana.md", 4, 23, E, "'topics' contains an escape character (U+001B) after 'research'"),
            ("contacts/ana.md", 5, 20, E, "'organization' contains a next line character (U+0085) after 'Acme'"),
        ],
    ),
    (
        "control characters in the plan and sources",
        {
            "plan.yml": 'owner: "Dewi\\vK"\ntimezone: UTC\ngoals:\n  - {title: "Talk\\rto people", count: people, target: 4}\n',
            "sources.yml": '- name: "Blog\\u2028"\n  note: "why\\b"\n',
        },
        [
            ("plan.yml", 1, 13, E, "'owner' contains a vertical tab (U+000B) after 'Dewi'"),
            ("plan.yml", 4, 18, E, "'title' contains a carriage return (U+000D) after 'Talk'"),
            ("sources.yml", 1, 14, E, "'name' contains a line separator (U+2028) after 'Blog'"),
            ("sources.yml", 2, 13, E, "'note' contains a backspace (U+0008) after 'why'"),
        ],
    ),
    (
        "a tab in a value is fine",
        {"contacts/ana.md": '---\nname: "Ana\\tLima"\nrole: "a\tb"\n---\n'},
        [],
    ),
    (
        "link keys are lowercase words",
        {
            "contacts/ana.md": "---\nname: Ana\nlinks:\n  Google Scholar: https://scholar.example.org/ana\n"
            '  mastodon: https://social.example/@ana\n  "git\\rhub": https://example.org/ana\n'
            "  google-scholar: https://scholar.example.org/ana\n  x_1: https://example.org/x\n---\n"
        },
        [
            (
                "contacts/ana.md",
                4,
                3,
                E,
                "link key 'Google Scholar' must be lowercase letters, digits and hyphens, like github or "
                "google-scholar; write 'google-scholar'",
            ),
            (
                "contacts/ana.md",
                6,
                7,
                E,
                "the key contains a carriage return (U+000D) after 'git': remove the carriage return",
            ),
            (
                "contacts/ana.md",
                8,
                3,
                E,
                "link key 'x_1' must be lowercase letters, digits and hyphens, like github or google-scholar; write 'x-1'",
            ),
        ],
    ),
    (
        "control characters in task lines",
        {
            "reflections/r.md": "---\ndate: 2026-01-01\n---\nA bare\rcarriage return outside tasks is Markdown's business.\n"
            "- [ ] Call Ana\rBEGIN:VEVENT\n- [ ] Ring the bell\x07 due:2026-12-01\n- [x] Done\x0c\n- [ ] Fine\r\n"
        },
        [
            (
                "reflections/r.md",
                5,
                15,
                E,
                "the task contains a carriage return (U+000D) that does not end the line: remove the carriage return",
            ),
            ("reflections/r.md", 6, 20, E, "the task contains a bell character (U+0007): remove the bell character"),
            ("reflections/r.md", 7, 11, E, "the task contains a form feed (U+000C): remove the form feed"),
        ],
    ),
    (
        "messages quoting a value with a control character stay on one line",
        {
            "contacts/ana.md": '---\nname: Ana\ntopics: "ux\\rresearch"\n---\n',
            "reflections/r.md": "---\ndate: 2026-01-01\n---\nSee [[an\ra]].\n",
        },
        [
            ("contacts/ana.md", 3, 9, E, "expected a list such as [ux\\u000Dresearch], found 'ux\\u000Dresearch'"),
            ("reflections/r.md", 4, 5, E, "link [[an\\u000Da]]: no entry has this slug"),
        ],
    ),
    (
        "files saved with Windows line ends are fine",
        {
            "contacts/ana.md": "---\r\nname: Ana\r\nrole: Analyst\r\nlinks:\r\n  github: https://github.com/ana\r\n"
            "log:\r\n  - {date: 2026-01-01, channel: zoom, note: Talked}\r\n---\r\nNotes.\r\n\r\n"
            "- [ ] Send the draft due:2026-12-01\r\n- [x] Read [[ana]]\r\n"
        },
        [],
    ),
    (
        "several errors in one file are all reported",
        {"contacts/ana.md": "---\nname: Ana\nrelationship: boss\nkeep_in_touch: often\nprivate: maybe\n---\n"},
        [
            ("contacts/ana.md", 3, 15, E, "unknown relationship"),
            ("contacts/ana.md", 4, 16, E, "cadence"),
            ("contacts/ana.md", 5, 10, E, "true or false"),
        ],
    ),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_check_reports(
    tmp_path: Path, files: dict[str, str | bytes], expected: list[tuple[str, int, int, str, str]]
) -> None:
    plan = None if "plan.yml" in files else PLAN
    files = {k: v for k, v in files.items() if not (k == "plan.yml" and v == "")}
    write_journal(tmp_path, files, plan)
    got = check_journal(tmp_path)
    got_simple = [(d.loc.path, d.loc.line, d.loc.col, d.severity.value, d.message) for d in got]
    if not expected and plan is None and "plan.yml" not in files:
        assert [g[:4] for g in got_simple] == [("journal/plan.yml", 1, 1, E)]
        return
    assert len(got_simple) == len(expected), "\n".join(map(str, got))
    for (path, line, col, sev, message), d in zip(expected, got, strict=True):
        assert (d.loc.path, d.loc.line, d.loc.col, d.severity.value) == (f"journal/{path}", line, col, sev), str(d)
        assert message in d.message, str(d)


def test_no_cascade_from_unloadable_entries(tmp_path: Path) -> None:
    """A contact whose file is broken is still a known slug for references."""
    write_journal(
        tmp_path,
        {"contacts/ana.md": "---\nname: [\n---\n", "events/e.md": "---\ntitle: T\npeople: [ana]\n---\nSee [[ana]].\n"},
    )
    got = check_journal(tmp_path)
    assert [str(d) for d in got] == [str(got[0])]
    assert got[0].loc.path == "journal/contacts/ana.md"


def test_every_severity_is_known(tmp_path: Path) -> None:
    write_journal(tmp_path, {"contacts/ana.md": "---\nname: Ana\nfoo: 1\n---\n"})
    assert {d.severity for d in check_journal(tmp_path)} == {Severity.WARNING}


def test_goals_left_out_are_still_checked_and_the_cached_check_agrees(tmp_path: Path) -> None:
    """A goal left out of the figures for one error is still checked for the
    others (a title given twice, an organization that does not exist), by the
    full check and by the cached one alike."""
    from builder.check import check_cached

    plan = (
        "timezone: UTC\ngoals:\n"
        "  - {title: A, count: people, target: 0}\n"
        "  - {title: A, organizations: [acmee], per: fortnight}\n"
        "  - {title: B, count: people, target: 2}\n"
    )
    write_journal(tmp_path, {"organizations/acme.md": "---\nname: Acme\n---\n"}, plan)
    expected = [
        "journal/plan.yml:3:39: error: expected a number from 1 to 1000000000, found 0",
        "journal/plan.yml:4:13: warning: another goal has this title (line 3); progress history is kept by title",
        "journal/plan.yml:4:32: error: goal organizations: unknown organization 'acmee'; did you mean 'acme'?",
        "journal/plan.yml:4:45: error: unknown period 'fortnight' (expected one of: week, month, quarter, year)",
    ]
    assert [str(d) for d in check_journal(tmp_path)] == expected
    assert [str(d) for d in check_cached(tmp_path)] == expected
    assert [str(d) for d in check_cached(tmp_path)] == expected  # from the cache
