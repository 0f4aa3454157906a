"""Property-based: no input, however odd, makes the checker raise."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import format as fmt
from builder.cli import check_journal
from builder.diagnostics import Diagnostic, Severity
from tests.conftest import PLAN, write_journal

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BASE = {
    "contacts": {"name": "Ana"},
    "organizations": {"name": "Acme"},
    "events": {"title": "Webinar"},
    "reflections": {"date": "2026-01-01"},
}
FIELDS = [(folder, key) for folder, schema in fmt.ENTRY_SCHEMAS.items() for key in schema.fields]
NESTED = ["met", "links", "log"]

# Text that is likely to confuse YAML or the parsers, plus anything at all.
TRICKY = st.sampled_from(
    [
        "",
        "~",
        "null",
        "NO",
        "yes",
        "12:30",
        "0x1F",
        "1e3",
        "- a",
        "[a",
        "{a: b}",
        "&a x",
        "*a",
        "!!python/object x",
        "2026-02-30",
        "2026-12-02 25:00",
        "---",
        "...",
        "'",
        '"',
        "|",
        ">",
        "#",
        ": ",
        "\t",
        "\x00",
        "\ud800",
        "[[x]]",
        "javascript:alert(1)",
        "1h30",
        "3m",
        "0d",
        "-1",
        "99999999999999999999",
        "\u202e",
        "é",
        "王磊",
    ]
)
TEXT = st.one_of(TRICKY, st.text(max_size=40))


def _render(value: str, style: str) -> str:
    if style == "raw":
        return value
    if style == "json":
        return json.dumps(value)
    if style == "list":
        return "[" + value + "]"
    return "\n  " + value  # a nested block


def _check(files: dict[str, str | bytes], plan: str | None = PLAN) -> list[Diagnostic]:
    with tempfile.TemporaryDirectory() as tmp:
        write_journal(Path(tmp), files, plan)
        diagnostics = check_journal(Path(tmp))
    for d in diagnostics:
        assert isinstance(d.severity, Severity)
        assert d.loc.line >= 1 and d.loc.col >= 1
        assert "\n" not in str(d) or d.message.count("\n") == str(d).count("\n")
    return diagnostics


@SETTINGS
@given(field=st.sampled_from(FIELDS), value=TEXT, style=st.sampled_from(["raw", "json", "list", "block"]))
def test_any_text_in_any_field(field: tuple[str, str], value: str, style: str) -> None:
    folder, key = field
    base = dict(BASE[folder])
    lines = [f"{k}: {json.dumps(v)}" for k, v in base.items() if k != key]
    lines.append(f"{key}: {_render(value, style)}")
    text = "---\n" + "\n".join(lines) + "\n---\nbody\n"
    _check({f"{folder}/x.md": text})


@SETTINGS
@given(
    key=st.sampled_from(NESTED),
    inner=st.sampled_from(["date", "at", "channel", "by", "minutes", "note", "email", "phone", "github", "zzz"]),
    value=TEXT,
)
def test_any_text_in_nested_fields(key: str, inner: str, value: str) -> None:
    if key == "log":
        block = f"log:\n  - date: 2026-01-01\n    channel: zoom\n    {inner}: {json.dumps(value)}\n"
    else:
        block = f"{key}:\n  {inner}: {json.dumps(value)}\n"
    _check({"contacts/x.md": "---\nname: X\n" + block + "---\n"})


@SETTINGS
@given(body=st.text(max_size=300))
def test_any_body(body: str) -> None:
    _check({"reflections/x.md": "---\ndate: 2026-01-01\n---\n" + body})


@SETTINGS
@given(data=st.binary(max_size=300))
def test_any_bytes_as_an_entry(data: bytes) -> None:
    _check({"events/x.md": data})


@SETTINGS
@given(
    data=st.one_of(st.text(max_size=300), st.binary(max_size=200)), which=st.sampled_from(["plan.yml", "sources.yml"])
)
def test_any_plan_or_sources(data: str | bytes, which: str) -> None:
    plan = None if which == "plan.yml" else PLAN
    _check({which: data}, plan)


@SETTINGS
@given(goal=st.dictionaries(st.sampled_from([*fmt.GOAL.fields, "extra"]), TEXT, max_size=6))
def test_any_goal(goal: dict[str, str]) -> None:
    items = ", ".join(f"{k}: {json.dumps(v)}" for k, v in goal.items())
    _check({"plan.yml": "timezone: UTC\ngoals:\n  - {" + items + "}\n"}, None)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab -*#`~<>[]{}()!:|\\\r\t1.due")), max_size=40))
def test_body_fast_path_changes_nothing_the_full_rules_would(line: str) -> None:
    from builder.render.body import _render_lines, render_body

    def resolve(slug: str) -> tuple[str, str]:
        return ("T", "people/t.md")

    def due(day: str) -> str:
        return f"(due {day})"

    line = line.replace("\n", "")
    assert render_body(line, "people/x.md", resolve, "missing", due) == _render_lines(
        line, "people/x.md", resolve, "missing", due
    )
