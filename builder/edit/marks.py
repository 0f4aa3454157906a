"""``journal snooze`` and ``journal mark``: one or two top-level keys of an
entry set where they are, or added next to their neighbours, every other
byte of the file kept (comments, quoting, key order, the notes).

Each returns the new text of one file; ``builder.edit.writer`` checks it
(the edit must add no error to the journal) and writes it atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from yaml.nodes import Node, ScalarNode

from builder.compute.activity import event_day
from builder.edit.errors import EditError
from builder.edit.lookup import find_contact, find_entry
from builder.edit.writer import Workspace
from builder.edit.yamltext import FrontMatter, is_flow, scalar
from builder.model import Contact, Event, Journal
from builder.values import strip_controls


@dataclass(frozen=True, slots=True)
class Marked:
    """What an edit made: the file, its new text, and what it said before."""

    rel: str
    text: str
    old: str | None  # the value the key had (``status``, ``snooze_until``), if any


def clean_text(text: str) -> str:
    """A one-line value typed on the command line: whitespace runs (line
    breaks included) become one space, other control characters (and
    bidirectional overrides) go, as imports do."""
    return " ".join(strip_controls(text, " ").split())


def _front_matter(files: Workspace, rel: str) -> FrontMatter:
    try:
        fm = FrontMatter.parse(files.read_text(rel), rel)
    except ValueError as exc:
        raise EditError(f"{rel}: {exc}") from None
    if fm.root is not None and is_flow(fm.root):
        raise EditError(f"{rel}: the front matter is written as {{...}} on one line; edit it by hand")
    return fm


def _value_span(fm: FrontMatter, key: ScalarNode, value: Node) -> tuple[int, int, str]:
    """(start, end, what must follow the new value) of the text of ``value``:
    a plain or quoted scalar is replaced up to its end (a comment after it
    stays); a block scalar (``|``, ``>``) up to its last line; an empty value
    (``key:`` and nothing, or only a comment) is given one after the colon."""
    if isinstance(value, ScalarNode) and value.value == "" and not value.style:
        at = fm.yaml_start + key.end_mark.index + 1  # just after the colon
        return at, at, ""
    start = fm.yaml_start + value.start_mark.index
    if isinstance(value, ScalarNode) and value.style in ("|", ">"):
        return start, fm.end_of_block(value), "\n"
    return start, fm.yaml_start + value.end_mark.index, ""


def _set(fm: FrontMatter, rel: str, key: str, value_yaml: str, after: tuple[str, ...]) -> tuple[str, str | None]:
    """(the text with top-level ``key`` set to ``value_yaml``, its old value).

    Replaced where it is; else a new line after the first key of ``after``
    the file has (after its value's last line), else after the last key."""
    found = fm.get(key)
    if found is not None:
        k, v = found
        if not isinstance(v, ScalarNode):
            raise EditError(f"{rel}: '{key}' is a list or a mapping; fix it by hand first")
        start, end, tail = _value_span(fm, k, v)
        pad = " " if start == end and fm.text[start - 1] == ":" else ""
        return fm.text[:start] + pad + value_yaml + tail + fm.text[end:], v.value
    line = f"{key}: {value_yaml}\n"
    for neighbour in after:
        there = fm.get(neighbour)
        if there is not None:
            k, v = there
            if isinstance(v, ScalarNode) and v.value == "" and not v.style:  # `key:` alone, or with a comment
                return fm.insert_at(fm.line_end(fm.yaml_start + k.start_mark.index), line), None
            return fm.insert_at(fm.end_of_block(v), line), None
    return fm.append_top_level(line), None


def snooze_contact(
    journal: Journal, files: Workspace, query: str, until: date, reason: str, today: date
) -> tuple[Contact, Marked, str | None]:
    """(the contact, the new text of their file with ``snooze_until`` (and
    ``snooze_reason`` when one is given) set, the reason now in effect).

    A date before ``today`` is refused: a snooze that has ended already is
    no snooze.  Without a new reason an earlier one stays (extending a
    leave keeps its reason)."""
    if until < today:
        raise EditError(
            f"{until.isoformat()} is before today ({today.isoformat()}): a snooze lasts until today or later"
        )
    contact = find_contact(journal, query)
    rel = files.locate(contact.src.path)
    fm = _front_matter(files, rel)
    reason = clean_text(reason)
    text, old = _set(fm, rel, "snooze_until", until.isoformat(), ("snooze_reason", "keep_in_touch"))
    kept = contact.snooze_reason
    if reason:
        fm = _front_matter_of(text, rel)
        text, _ = _set(fm, rel, "snooze_reason", scalar(reason), ("snooze_until",))
        kept = reason
    return contact, Marked(rel, text, old), kept


def _front_matter_of(text: str, rel: str) -> FrontMatter:
    try:
        return FrontMatter.parse(text, rel)
    except ValueError as exc:  # pragma: no cover: the text was just made from a readable one
        raise EditError(f"{rel}: {exc}") from None


def mark_event(journal: Journal, files: Workspace, query: str, status: str, today: date) -> tuple[Event, Marked]:
    """(the event, the new text of its file with ``status`` set).

    Marking ``attended`` an event whose day is after ``today`` is refused:
    it has not happened yet (the figures would count it as planned)."""
    event = find_entry(journal, query, ("events",))
    assert isinstance(event, Event)
    day = event_day(event, journal.plan.timezone)
    if status == "attended" and day is not None and day > today:
        raise EditError(
            f"it has not happened yet: '{event.title}' is on {day.isoformat()}, after today ({today.isoformat()}); "
            "mark it registered, or attended once it is over"
        )
    rel = files.locate(event.src.path)
    fm = _front_matter(files, rel)
    text, old = _set(fm, rel, "status", status, ("start", "title"))
    return event, Marked(rel, text, old)
