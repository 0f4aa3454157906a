"""Errors a person can act on: each mistake in a small journal gets exactly
one diagnostic, a plain sentence with a hint, at the line and column of the
mistake itself (the tab, the misaligned '-', the quote never closed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import yamlnodes
from builder.cli import check_journal
from builder.suggest import near_miss
from builder.yamlnodes import compose
from tests.conftest import write_journal

C = "journal/contacts/ana.md"
P = "journal/plan.yml"


def contact(front: str) -> dict[str, str | bytes]:
    """A contact named Ana with more front matter."""
    return {"contacts/ana.md": f"---\nname: Ana\n{front}---\n"}


# (case id, files under journal/, the exact lines `journal check` prints)
YAML_CASES: list[tuple[str, dict[str, str | bytes], list[str]]] = [
    (
        "tab indenting a key",
        contact("links:\n\temail: ana@example.org\n"),
        [f"{C}:4:1: error: YAML indents with spaces: replace the tab at column 1 with spaces"],
    ),
    (
        "tab after spaces",
        contact("links:\n  \temail: ana@example.org\n"),
        [f"{C}:4:3: error: YAML indents with spaces: replace the tab at column 3 with spaces"],
    ),
    (
        "tab in a list item",
        contact("log:\n  - date: 2026-01-02\n\t  channel: zoom\n"),
        [f"{C}:5:1: error: YAML indents with spaces: replace the tab at column 1 with spaces"],
    ),
    (
        "tab after a list dash",
        contact("log:\n  -\tdate: 2026-01-02\n    channel: zoom\n"),
        [f"{C}:4:4: error: YAML indents with spaces: replace the tab at column 4 with spaces"],
    ),
    (
        "tab in plan.yml",
        {"plan.yml": "timezone: UTC\ngoals:\n\t- {title: A, count: people, target: 2}\n"},
        [f"{P}:3:1: error: YAML indents with spaces: replace the tab at column 1 with spaces"],
    ),
    (
        "list item indented more than the ones above",
        contact("log:\n  - date: 2026-01-02\n    channel: zoom\n   - date: 2026-01-03\n    channel: email\n"),
        [
            f"{C}:6:4: error: this list item is indented more than the items above it: "
            "line up '- date:' with them, at column 3"
        ],
    ),
    (
        "list item indented far more, read as part of a value",
        contact("log:\n  - date: 2026-01-02\n    channel: zoom\n     - date: 2026-01-03\n       channel: email\n"),
        [
            f"{C}:6:6: error: this list item is indented more than the items above it: "
            "line up '- date:' with them, at column 3"
        ],
    ),
    (
        "list item indented less than the ones above",
        contact("log:\n    - date: 2026-01-02\n      channel: zoom\n  - date: 2026-01-03\n    channel: email\n"),
        [
            f"{C}:6:3: error: this list item is indented less than the items above it: "
            "line up '- date:' with them, at column 5"
        ],
    ),
    (
        "goal indented less than the goals above",
        {"plan.yml": "timezone: UTC\ngoals:\n  - {title: A, count: people, target: 2}\n - {title: B, topic: ux}\n"},
        [
            f"{P}:4:2: error: this list item is indented less than the items above it: "
            "line up '- {title: B, topic: ux}' with them, at column 3"
        ],
    ),
    (
        "list item indented more than the ones above, read as part of the item before",
        contact("topics:\n  - ux\n    - careers\n"),
        [
            f"{C}:5:5: error: this list item is indented more than the items above it: "
            "line up '- careers' with them, at column 3"
        ],
    ),
    (
        "goal indented more than the goals above, read as part of a value",
        {"plan.yml": "timezone: UTC\ngoals:\n  - title: A\n    count: people\n    target: 2\n      - per: week\n"},
        [
            f"{P}:6:7: error: this list item is indented more than the items above it: "
            "line up '- per:' with them, at column 3"
        ],
    ),
    (
        "list item under a value, read as part of it",
        contact("role: Designer\n  - Lead\n"),
        [
            f"{C}:4:3: error: '- Lead' continues the value of 'role' on a new line, which YAML reads as "
            '"Designer - Lead": write the value on one line, or, for a list, put each item on its own line '
            "under 'role:'"
        ],
    ),
    (
        "list items under a value in a log item",
        contact("log:\n  - date: 2026-01-02\n    channel: zoom\n    note: Asked about\n      - pricing\n"),
        [
            f"{C}:7:7: error: '- pricing' continues the value of 'note' on a new line, which YAML reads as "
            '"Asked about - pricing": write the value on one line, or, for a list, put each item on its own '
            "line under 'note:'"
        ],
    ),
    (
        "a lone dash under a value",
        contact("role: Designer\n  -\n"),
        [
            f"{C}:4:3: error: '-' continues the value of 'role' on a new line, which YAML reads as "
            '"Designer -": write the value on one line, or, for a list, put each item on its own line '
            "under 'role:'"
        ],
    ),
    (
        "list item under a value, after a blank line",
        contact("role: Designer\n\n  - Lead\n"),
        [
            f"{C}:5:3: error: '- Lead' continues the value of 'role' on a new line: write the value on one "
            "line, or, for a list, put each item on its own line under 'role:'"
        ],
    ),
    (
        "a dash inside a [...] list",
        contact("topics: [ux\n  - careers]\n"),
        [
            f"{C}:4:3: error: '- careers' continues the item above it, which YAML reads as \"ux - careers\": "
            "in a [...] list, items are separated by commas, without '- '"
        ],
    ),
    (
        "list item without a space after its dash",
        contact("log:\n  - date: 2026-01-02\n    channel: zoom\n  -date: 2026-01-03\n"),
        [f"{C}:6:3: error: a list item needs a space after its '-': write '- date: 2026-01-03'"],
    ),
    (
        "key indented more than the one above",
        contact("  role: Analyst\n"),
        [f"{C}:3:3: error: 'role' is indented more than 'name' above it: line it up at column 1"],
    ),
    (
        "key indented more than the one above, under a value",
        contact("role: Designer\n   organization: acme\n"),
        [f"{C}:4:4: error: 'organization' is indented more than 'role' above it: line it up at column 1"],
    ),
    (
        "key of a log item indented more than the one above",
        contact("log:\n  - date: 2026-01-02\n    channel: zoom\n      note: hi\n"),
        [f"{C}:6:7: error: 'note' is indented more than 'channel' above it: line it up at column 5"],
    ),
    (
        "key indented less than its siblings",
        contact("links:\n    email: ana@example.org\n  phone: 0812 3456\n"),
        [f"{C}:5:3: error: 'phone' is indented less than 'email' above it: line it up at column 5"],
    ),
    (
        "key of a list item not lined up",
        contact("log:\n  - date: 2026-01-02\n   channel: zoom\n"),
        [f"{C}:5:4: error: 'channel' is indented less than 'date' above it: line it up at column 5"],
    ),
    (
        "unclosed double quote",
        {"contacts/ana.md": '---\nname: "Ana Lima\nrole: Analyst\n---\n'},
        [f'{C}:2:7: error: the quote " that starts this value is never closed: add " at the end of the value'],
    ),
    (
        "unclosed single quote in a flow mapping",
        contact("log:\n  - {date: 2026-01-02, channel: zoom, note: 'it went well}\n"),
        [f"{C}:4:45: error: the quote ' that starts this value is never closed: add ' at the end of the value"],
    ),
    (
        "unclosed quote that the next value's quote closes",
        {"contacts/ana.md": '---\nname: "Ana\nrole: "Analyst"\n---\n'},
        [
            f'{C}:2:7: error: the quote " that starts this value is not closed on its line: '
            'add " at the end of the value'
        ],
    ),
    (
        "text after the closing quote",
        contact("log:\n  - date: 2026-01-02\n    channel: zoom\n    note: 'it's fine'\n"),
        [f"{C}:6:15: error: text follows the closing ' of this value: quote the whole value, writing '' for a ' in it"],
    ),
    (
        "unclosed list",
        contact("topics: [ux, careers\nrole: Analyst\n"),
        [f"{C}:3:9: error: the list opened with '[' here is never closed: add ']' after its last item"],
    ),
    (
        "unclosed mapping in plan.yml",
        {"plan.yml": "timezone: UTC\ngoals:\n  - {title: A, count: people, target: 2\n  - {title: B, topic: ux}\n"},
        [f"{P}:3:5: error: the mapping opened with '{{' here is never closed: add '}}' after its last value"],
    ),
    (
        "a comment sign inside a list",
        contact("topics: [ux, #careers]\n"),
        [
            f"{C}:3:9: error: the list opened with '[' here is never closed: add ']' after its last item "
            "(' #' starts a comment: put an item that holds '#' in quotes)"
        ],
    ),
    (
        "no space after a key's colon",
        contact("role:Analyst\n"),
        [f"{C}:3:5: error: a key needs a space after its colon: write 'role: Analyst'"],
    ),
    (
        "no space after the first key's colon",
        {"contacts/ana.md": "---\nname:Ana\nrole: Analyst\n---\n"},
        [f"{C}:2:5: error: a key needs a space after its colon: write 'name: Ana'"],
    ),
    (
        "stray colon in a value",
        contact("log:\n  - date: 2026-01-02\n    channel: zoom\n    note: Asked: why?\n"),
        [f"{C}:6:16: error: a value with ': ' in it must be in quotes: write note: \"Asked: why?\""],
    ),
    (
        "stray colon in a flow value",
        contact("log:\n  - {date: 2026-01-02, channel: zoom, note: Asked: why?}\n"),
        [f"{C}:4:50: error: a value with ': ' in it must be in quotes: write note: \"Asked: why?\""],
    ),
    (
        "value starting with @",
        contact("links:\n  twitter: @ana\n"),
        [f'{C}:4:12: error: a value cannot start with @ in YAML: put it in quotes, as in "@ana"'],
    ),
    (
        "a second document in plan.yml",
        {"plan.yml": "timezone: UTC\n---\nowner: Me\n"},
        [f"{P}:2:1: error: a line '---' here starts a second YAML document: remove it (the file holds one document)"],
    ),
]

SCHEMA_CASES: list[tuple[str, dict[str, str | bytes], list[str]]] = [
    (
        "no space after the colon in a flow mapping: one key",
        contact("log:\n  - {date:2026-01-02, channel: zoom}\n"),
        [
            f"{C}:4:6: error: 'date:2026-01-02' is read as one key, with no value: "
            "put a space after the colon, as in 'date: 2026-01-02'"
        ],
    ),
    (
        "no space after the colon of the only key",
        {"contacts/ana.md": "---\nname:Ana\n---\n"},
        [
            f"{C}:2:1: error: expected contact (keys and values such as 'name: ...'), found 'name:Ana'; "
            "put a space after the colon, as in 'name: Ana'"
        ],
    ),
    # -- no cascades
    (
        "bad start and a duration",
        {"events/e.md": "---\ntitle: T\nstart: 2026-13-01\nduration: 90m\n---\n"},
        ["journal/events/e.md:3:8: error: invalid date '2026-13-01': month must be in 1..12"],
    ),
    (
        "bad start and an end",
        {"events/e.md": "---\ntitle: T\nstart: tomorrow\nend: 2026-12-02\n---\n"},
        [
            "journal/events/e.md:3:8: error: expected a date (2026-12-03) or a date-time "
            "(2026-12-03 19:00 or 2026-12-03T19:00+07:00), found 'tomorrow'"
        ],
    ),
    (
        "misspelt start and a duration",
        {"events/e.md": "---\ntitle: T\nstrat: 2026-12-02\nduration: 90m\n---\n"},
        ["journal/events/e.md:3:1: error: unknown key 'strat' in event; did you mean 'start'?"],
    ),
    (
        "an empty start is no start",
        {"events/e.md": "---\ntitle: T\nstart:\nduration: 90m\n---\n"},
        ["journal/events/e.md:4:11: error: duration is given but start is not"],
    ),
    (
        "an empty end is no end",
        {"events/e.md": "---\ntitle: T\nstart: 2026-12-02\nend:\nduration: 90m\n---\n"},
        [],
    ),
    (
        "an empty count is no count",
        {"plan.yml": "timezone: UTC\ngoals:\n  - {title: A, count: , target: 2}\n"},
        [f"{P}:3:5: error: goal 'A' needs one of: count, organizations or topic"],
    ),
    (
        "bad date in a log item",
        contact("log:\n  - {date: 2026-02-30, channel: zoom}\n  - {date: 2026-03-01, channel: email}\n"),
        [f"{C}:4:12: error: invalid date '2026-02-30': day is out of range for month"],
    ),
    (
        "bad due date of a task",
        {"reflections/r.md": "---\ndate: 2026-01-01\n---\n- [ ] Email Ana due:2026-13-01\n"},
        ["journal/reflections/r.md:4:17: error: task due date: invalid date '2026-13-01': month must be in 1..12"],
    ),
    (
        "goal with a bad target",
        {"plan.yml": "timezone: UTC\ngoals:\n  - {title: A, count: people, target: lots}\n"},
        [f"{P}:3:39: error: expected a whole number, found 'lots'"],
    ),
    (
        "goal with an empty target needs one",
        {"plan.yml": "timezone: UTC\ngoals:\n  - {title: A, count: people, target: }\n"},
        [f"{P}:3:23: error: goal 'A' counts people and needs a target"],
    ),
    (
        "goal with a misspelt count",
        {"plan.yml": "timezone: UTC\ngoals:\n  - {title: A, cuont: people, target: 3}\n"},
        [f"{P}:3:16: error: unknown key 'cuont' in goal; did you mean 'count'?"],
    ),
    (
        "goal with a bad count and kinds",
        {"plan.yml": "timezone: UTC\ngoals:\n  - {title: A, count: webinars, target: 3, kinds: [webinar]}\n"},
        [
            f"{P}:3:23: error: unknown goal count 'webinars' (expected one of: people, outreach, "
            "new-contacts, events, engagement-kinds, hours)"
        ],
    ),
    (
        "goal with a bad organization item and a target",
        {
            "organizations/acme.md": "---\nname: Acme\n---\n",
            "plan.yml": "timezone: UTC\ngoals:\n  - {title: A, organizations: [acme, [b]], target: 2}\n",
        },
        [f"{P}:3:38: error: expected a slug, found a list"],
    ),
    (
        "public that is not a boolean, with public_fields",
        contact("public: yes\npublic_fields: [log]\n"),
        [f"{C}:3:9: error: expected true or false, found 'yes'"],
    ),
    (
        "misspelt required key, and the contact is still known to references",
        {
            "contacts/ana.md": "---\nName: Ana\n---\n",
            "events/e.md": "---\ntitle: T\npeople: [ana]\n---\nMet [[ana]].\n",
        },
        [f"{C}:2:1: error: unknown key 'Name' in contact; did you mean 'name'?"],
    ),
    # -- near misses are errors, far keys warnings
    (
        "near misses in a contact",
        contact("keep_in_tuch: 6w\norganisation: acme\ntopcis: [ux]\nkeep-in-touch: 3m\n"),
        [
            f"{C}:3:1: error: unknown key 'keep_in_tuch' in contact; did you mean 'keep_in_touch'?",
            f"{C}:4:1: error: unknown key 'organisation' in contact; did you mean 'organization'?",
            f"{C}:5:1: error: unknown key 'topcis' in contact; did you mean 'topics'?",
            f"{C}:6:1: error: unknown key 'keep-in-touch' in contact; did you mean 'keep_in_touch'?",
        ],
    ),
    (
        "near miss in an event",
        {"events/e.md": "---\ntitle: T\nstart: 2026-12-02\nstauts: attended\n---\n"},
        ["journal/events/e.md:4:1: error: unknown key 'stauts' in event; did you mean 'status'?"],
    ),
    (
        "near miss in a log item",
        contact("log:\n  - date: 2026-01-02\n    channel: zoom\n    notes: Talked about research\n"),
        [f"{C}:6:5: error: unknown key 'notes' in log entry; did you mean 'note'?"],
    ),
    (
        "near miss in plan.yml",
        {"plan.yml": "timezone: UTC\ntime-budget: 3h/week\n"},
        [f"{P}:2:1: error: unknown key 'time-budget' in plan; did you mean 'time_budget'?"],
    ),
    (
        "near miss in a goal",
        {"plan.yml": "timezone: UTC\ngoals:\n  - {title: A, count: events, target: 2, kind: [webinar]}\n"},
        [f"{P}:3:42: error: unknown key 'kind' in goal; did you mean 'kinds'?"],
    ),
    (
        "near miss in sources.yml",
        {"sources.yml": "- nmae: Blog\n  url: https://example.org\n"},
        ["journal/sources.yml:1:3: error: unknown key 'nmae' in source; did you mean 'name'?"],
    ),
    (
        "far keys stay warnings",
        contact("pet: Cat\nhobby: chess\nlinkedin_id: ana-l\nx: 1\nblog: https://example.org\n"),
        [
            f"{C}:3:1: warning: unknown key 'pet' in contact; did you mean 'met'?",
            f"{C}:4:1: warning: unknown key 'hobby' in contact",
            f"{C}:5:1: warning: unknown key 'linkedin_id' in contact",
            f"{C}:6:1: warning: unknown key 'x' in contact",
            f"{C}:7:1: warning: unknown key 'blog' in contact; did you mean 'log'?",
        ],
    ),
    (
        "a far key in an event stays a warning",
        {"events/e.md": "---\ntitle: T\nvenue: Online\n---\n"},
        ["journal/events/e.md:3:1: warning: unknown key 'venue' in event"],
    ),
]


def _check(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    write_journal(tmp_path, files)
    return [str(d) for d in check_journal(tmp_path)]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in YAML_CASES], ids=[c[0] for c in YAML_CASES])
def test_yaml_mistakes(tmp_path: Path, files: dict[str, str | bytes], expected: list[str]) -> None:
    assert _check(tmp_path, files) == expected


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in YAML_CASES], ids=[c[0] for c in YAML_CASES])
def test_yaml_mistakes_without_libyaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str | bytes], expected: list[str]
) -> None:
    """The pure-Python parser (used for deeply nested text) words its
    complaints differently; the messages are the same."""
    monkeypatch.setattr(yamlnodes, "_CComposer", None)
    assert _check(tmp_path, files) == expected


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in SCHEMA_CASES], ids=[c[0] for c in SCHEMA_CASES])
def test_one_mistake_one_error(tmp_path: Path, files: dict[str, str | bytes], expected: list[str]) -> None:
    assert _check(tmp_path, files) == expected


@pytest.mark.parametrize(
    ("front", "role"),
    [
        ("role: >-\n  Designer\n  - Lead\n", "Designer - Lead"),
        ("role: 'Designer\n  - Lead'\n", "Designer - Lead"),
        ('role: "Designer\n  - Lead"\n', "Designer - Lead"),
        ("role: Designer\n  -Lead\n", "Designer -Lead"),
        ("role: Designer and\n  Lead\n", "Designer and Lead"),
    ],
    ids=["folded block", "single quotes", "double quotes", "a word starting with '-'", "plain words"],
)
def test_a_value_may_go_on_over_lines(tmp_path: Path, front: str, role: str) -> None:
    """Quotes and '>' blocks say that a value goes on; a continued plain value
    is refused only where a line starts with '- '."""
    from builder.check import check

    write_journal(tmp_path, contact(front))
    journal, diagnostics = check(tmp_path)
    assert [str(d) for d in diagnostics] == []
    assert journal.contacts["ana"].role == role


def test_a_tab_in_a_flow_value_is_read(tmp_path: Path) -> None:
    """libyaml takes a tab between the items of a [...] list as a space."""
    assert _check(tmp_path, contact("topics: [ux,\n\tcareers]\n")) == []


@pytest.mark.parametrize(
    ("word", "meant"),
    [
        ("keep_in_tuch", "keep_in_touch"),
        ("organisation", "organization"),
        ("Name", "name"),
        ("NAME", "name"),
        ("keep-in-touch", "keep_in_touch"),
        ("KeepInTouch", "keep_in_touch"),
        ("topcis", "topics"),
        ("link", "links"),
        ("logs", "log"),
        ("Private", "private"),
        ("public-fields", "public_fields"),
    ],
)
def test_near_misses(word: str, meant: str) -> None:
    from builder.format import CONTACT

    assert near_miss(word, CONTACT.fields) == meant


@pytest.mark.parametrize(
    "word", ["pet", "hobby", "linkedin_id", "x", "blog", "meet", "pronouns", "email", "phone", "company", "tags"]
)
def test_custom_keys_are_no_near_misses(word: str) -> None:
    from builder.format import CONTACT

    assert near_miss(word, CONTACT.fields) is None


FRAGMENTS = st.sampled_from(
    [
        "name",
        "log",
        "- ",
        "  ",
        "\t",
        ": ",
        ":",
        "'",
        '"',
        "[",
        "]",
        "{",
        "}",
        ",",
        "#",
        "&a",
        "*a",
        "@",
        "`",
        "x",
        "\\q",
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(FRAGMENTS, max_size=8).map("".join), max_size=6), st.booleans())
def test_any_text_gets_at_most_one_error_inside_it(lines: list[str], libyaml: bool) -> None:
    """Whatever the text, reading it never raises, and a syntax error is one
    diagnostic that points inside the text."""
    text = "\n".join(lines) + "\n"
    saved = yamlnodes._CComposer
    if not libyaml:
        yamlnodes._CComposer = None
    try:
        _, diagnostics = compose(text, "f.yml", 2)
    finally:
        yamlnodes._CComposer = saved
    assert len(diagnostics) <= 1
    for d in diagnostics:
        assert 2 <= d.loc.line <= len(lines) + 2
        assert 1 <= d.loc.col <= max(map(len, lines), default=0) + 1
        assert "\n" not in d.message
