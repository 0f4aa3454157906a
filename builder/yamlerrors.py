"""Why YAML text could not be read, for the person who wrote it.

libyaml says what its parser expected ("did not find expected key") where it
gave up, which is often a line or two after the mistake.  ``explain`` reads
the text around that point to name the mistake in the writer's terms and
point at it: the tab itself, the misaligned '-', the quote never closed.
What YAML does read, but not as it was meant, is ``builder.yamljoined``'s.
``builder.yamlnodes`` calls both; each gives one error, at the mistake.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

_KEY_LINE = re.compile(r"(?P<lead> *(?:-[ \t]+)*)(?P<key>[^\s#:\[\]{},'\"&*!|>%@`][^#]*?)[ \t]*:(?=[ \t]|$)")
_DASH_LINE = re.compile(r"(?P<lead> *)-(?=[ \t]|$)")
# ``name:Ana``: a key and its value with no space between, read as one word.
_NO_SPACE = re.compile(r"(?P<lead> *(?:-[ \t]+)*)(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s/:].*)$")
_OPENERS = {"[": "]", "{": "}"}
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line end
_BLOCK_PROBLEMS = ("expected key", "expected '-' indicator", "expected <block end>", "mapping values")


@dataclass(frozen=True, slots=True)
class _Failure:
    """What libyaml said, and the text it said it about (lines without ends)."""

    text: str
    lines: list[str]  # as YAML counts them, so that its marks index them
    problem: str
    context: str
    at: tuple[int, int] | None  # where it gave up (0-based line, column)
    opened: tuple[int, int] | None  # where what it was reading started

    def row(self, line: int) -> str:
        return self.lines[line] if 0 <= line < len(self.lines) else ""

    def char(self, pos: tuple[int, int] | None) -> str:
        if pos is None:
            return ""
        row = self.row(pos[0])
        return row[pos[1]] if pos[1] < len(row) else ""


Found = tuple[int, int, str]  # 0-based line and column of the mistake, and what to do


def explain(text: str, exc: yaml.MarkedYAMLError) -> Found:
    """Why ``text`` is not YAML, for a person: where the mistake is and a
    sentence saying what it is and how to mend it.  A mistake no rule knows
    is still a sentence, quoting libyaml's words."""
    pm, cm = exc.problem_mark, exc.context_mark
    f = _Failure(
        text,
        LINE_BREAK.split(text),
        exc.problem or "",
        exc.context or "",
        (pm.line, pm.column) if pm is not None else None,
        (cm.line, cm.column) if cm is not None else None,
    )
    for rule in _RULES:
        found = rule(f)
        if found is not None:
            return found
    line, col = f.at or f.opened or (0, 0)
    what = f.problem or f.context or "it is not valid YAML"
    return line, col, f"YAML cannot read the text from here ({what}): check the indentation, colons and quotes"


# -- YAML that reads, but not as written ---------------------------------------
#
# A plain value may go on over several lines, which YAML joins with spaces:
# ``role: Designer`` followed by ``  - Lead`` is the one value
# "Designer - Lead", and a list item indented more than the ones above it
# becomes part of the item before.  That is never what a '- ' line means, so
# it is reported like the misaligned items libyaml does refuse.  Quoted
# values and '>' or '|' blocks say that they go on, and are left alone.


def _tab(f: _Failure) -> Found | None:
    if f.at is None or ("tab" not in f.problem and f.char(f.at) != "\t"):
        return None
    line, col = f.at
    row = f.row(line)
    tab = col if f.char(f.at) == "\t" else row.find("\t")
    if tab < 0:
        return None
    if not row[:tab].strip(" \t-"):
        return line, tab, f"YAML indents with spaces: replace the tab at column {tab + 1} with spaces"
    return line, tab, f"YAML separates with spaces: replace the tab at column {tab + 1} with a space"


def _unclosed_quote(f: _Failure) -> Found | None:
    q = f.char(f.opened)
    if f.opened is None or not q or q not in "\"'" or "quoted scalar" not in f.context:
        return None
    if "end of stream" in f.problem or "document" in f.problem:
        return *f.opened, f"the quote {q} that starts this value is never closed: add {q} at the end of the value"
    if "escape" in f.problem or "hex" in f.problem:
        line, col = f.at or f.opened
        back = f.row(line).rfind("\\", 0, col + 1)
        if back >= 0:
            escape = f.row(line)[back : back + 2]
            what = "must be followed by hexadecimal digits" if "hex" in f.problem else "is not an escape YAML knows"
            fix = "write '\\\\' for a backslash, or put the value in single quotes"
            return line, back, f"'{escape}' {what}: {fix}"
    return None


def _reserved(f: _Failure) -> Found | None:
    ch = f.char(f.at)
    if f.at is None or "cannot start any token" not in f.problem or ch not in ("@", "`"):
        return None
    value = _value_from(f.row(f.at[0]), f.at[1])
    return *f.at, f"a value cannot start with {ch} in YAML: put it in quotes, as in {quoted(value)}"


def _anchor(f: _Failure) -> Found | None:
    if "anchor" in f.context or "alias" in f.context:
        where = f.opened
    elif "undefined alias" in f.problem:
        where = f.at
    else:
        return None
    if where is None:
        return None
    ch = f.char(where)
    value = _value_from(f.row(where[0]), where[1])
    return (
        *where,
        f"a value cannot start with {ch} in YAML (anchors and aliases are not allowed): "
        f"put it in quotes, as in {quoted(value)}",
    )


def _second_document(f: _Failure) -> Found | None:
    if f.at is None or "another document" not in f.problem:
        return None
    return *f.at, "a line '---' here starts a second YAML document: remove it (the file holds one document)"


def _stray_closer(f: _Failure) -> Found | None:
    ch = f.char(f.at)
    if f.at is None or not ch or ch not in "]}" or "flow" in f.context:
        return None
    return *f.at, f"this '{ch}' closes nothing: remove it, or open the list or mapping it ends"


def _unclosed_flow(f: _Failure) -> Found | None:
    """A '[' or '{' never closed: libyaml names it, or (when it ran out of
    text first) it is the outermost one still open where it gave up."""
    ch = f.char(f.opened)
    if f.opened is not None and "flow" in f.context and ch and ch in _OPENERS:
        openers = [f.opened]
    elif f.at is not None:
        stack: list[tuple[int, int]] = []
        for token in _tokens_before(f.text, f.at):
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                stack.append((token.start_mark.line, token.start_mark.column))
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and stack:
                stack.pop()
        openers = stack
    else:
        return None
    for line, col in openers:
        if _closes("\n".join(f.lines), sum(len(row) + 1 for row in f.lines[:line]) + col):
            continue
        comment = " (' #' starts a comment: put an item that holds '#' in quotes)" if " #" in f.row(line)[col:] else ""
        if f.row(line)[col] == "[":
            return line, col, f"the list opened with '[' here is never closed: add ']' after its last item{comment}"
        return line, col, f"the mapping opened with '{{' here is never closed: add '}}' after its last value{comment}"
    return None


def _closes(text: str, start: int) -> bool:
    """Whether the bracket at ``start`` is closed, quotes and comments skipped."""
    depth, i, n = 0, start, len(text)
    while i < n:
        ch = text[i]
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return True
        elif ch in "\"'" and text[i - 1] in " \t[{,:":
            end = text.find(ch, i + 1)
            while ch == '"' and end > 0 and text[end - 1] == "\\":
                end = text.find(ch, end + 1)
            if end < 0:
                return False
            i = end
        elif ch == "#" and text[i - 1] in " \t":
            end = text.find("\n", i)
            i = n if end < 0 else end
        i += 1
    return False


def _after_quote(f: _Failure) -> Found | None:
    """A quoted value followed by more text: a quote closed too early, or one
    left open on an earlier line that the next value's quote closed."""
    if f.at is None or "quoted scalar" in f.context:
        return None
    tokens = _tokens_before(f.text, f.at)
    last = tokens[-1] if tokens else None
    if not isinstance(last, yaml.ScalarToken) or last.style not in ('"', "'"):
        return None
    start, end = last.start_mark, last.end_mark
    if end.line != f.at[0] or f.row(end.line)[end.column : f.at[1]].strip():
        return None
    q = last.style
    if start.line < end.line:
        return (
            start.line,
            start.column,
            f"the quote {q} that starts this value is not closed on its line: add {q} at the end of the value",
        )
    inside = '\\"' if q == '"' else "''"
    return *f.at, f"text follows the closing {q} of this value: quote the whole value, writing {inside} for a {q} in it"


def _tokens_before(text: str, at: tuple[int, int]) -> list[Any]:
    """The tokens the pure-Python scanner reads before ``at`` (up to where it fails)."""
    scanner = yaml.SafeLoader(text)  # the pure-Python scanner (only tokens are read: nothing is constructed)
    tokens = []
    try:
        while scanner.check_token():
            token = scanner.get_token()  # type: ignore[no-untyped-call]
            if (token.start_mark.line, token.start_mark.column) >= at:
                break
            tokens.append(token)
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return tokens


def _no_space(f: _Failure) -> Found | None:
    """``name:Ana``: YAML reads a word, not a key, and stumbles on a later line."""
    if "could not find expected ':'" in f.problem and f.opened is not None:
        line = f.opened[0]
    elif "mapping values" in f.problem and f.at is not None and _colon_of(f.row(f.at[0])) == f.at[1]:
        line = _previous(f, f.at[0])
    else:
        return None
    m = _NO_SPACE.match(f.row(line))
    if m is None or ": " in f.row(line):
        return None
    key, value = m["key"], m["value"]
    return line, m.end("key"), f"a key needs a space after its colon: write '{key}: {value}'"


def _stray_colon(f: _Failure) -> Found | None:
    """``note: Asked: why?``: a second ': ' in a value that is not quoted."""
    if f.at is None or f.char(f.at) != ":":
        return None
    line, col = f.at
    row = f.row(line)
    if "mapping values" in f.problem:
        colon = _colon_of(row)
        if colon is None or colon >= col:
            return None
        m = _KEY_LINE.match(row)
        assert m is not None
        key, value = m["key"], _value_from(row, colon + 1)
    elif "flow" in f.context or "unexpected ':'" in f.problem:
        begin = max(row.rfind(c, 0, col) for c in ",{[") + 1
        stops = [i for i in (row.find(c, col) for c in ",}]") if i >= 0]
        segment = row[begin : min(stops, default=len(row))].strip()
        key, sep, value = segment.partition(": ")
        if not sep and "unexpected ':'" in f.problem:  # libyaml: 'key:' just before ',', ']' or '}'
            word = row[begin:col].strip()
            return (
                line,
                col,
                f"a key needs a space after its colon, then its value: write '{word}: …' or remove '{word}:'",
            )
        if not sep:
            return None
    else:
        return None
    return line, col, f"a value with ': ' in it must be in quotes: write {key.strip()}: {quoted(value.strip())}"


def _dash_without_space(f: _Failure) -> Found | None:
    """``-date: 2`` among list items: a word that starts with '-', to YAML."""
    if f.at is None or not any(p in f.problem for p in _BLOCK_PROBLEMS):
        return None
    line = f.at[0]
    row = f.row(line)
    first = len(row) - len(row.lstrip(" "))
    item = row[first:]
    if not item.startswith("-") or item[1:2] in ("", " ", "\t", "-"):
        return None
    if not any(col == first for col, _, _ in _siblings(f.lines, line, dash=True)):
        return None
    return line, first, f"a list item needs a space after its '-': write '- {_value_from(row, first + 1)}'"


def _misaligned(f: _Failure) -> Found | None:
    """A key or list item not lined up with the ones above it."""
    if f.at is None or not any(p in f.problem for p in _BLOCK_PROBLEMS):
        return None
    line, col = f.at
    row = f.row(line)
    first = len(row) - len(row.lstrip(" "))
    if col != first and not ("mapping values" in f.problem and _colon_of(row) == col):
        return None
    dash = _DASH_LINE.match(row)
    if dash is not None:
        ours = first
        label = item_label(row)
        siblings = _siblings(f.lines, line, dash=True)
        if not siblings:
            return line, ours, f"'{label}' is a list item under no key: put it under the key whose list it is"
    else:
        m = _KEY_LINE.match(row)
        if m is None:
            return None
        ours, label = m.end("lead"), m["key"]
        siblings = _siblings(f.lines, line, dash=False)
    if not siblings or any(c == ours for c, _, _ in siblings):
        return None
    col_, name, _ = min(siblings, key=lambda s: (abs(s[0] - ours), line - s[2]))
    how = "more" if ours > col_ else "less"
    if dash is not None:
        return (
            line,
            ours,
            f"this list item is indented {how} than the items above it: "
            f"line up '{label}' with them, at column {col_ + 1}",
        )
    return line, ours, f"'{label}' is indented {how} than '{name}' above it: line it up at column {col_ + 1}"


def _siblings(lines: list[str], line: int, *, dash: bool) -> list[tuple[int, str, int]]:
    """The keys (or list items) above ``line`` that it could line up with:
    (column, key, line) of each one not nested in something above it."""
    out: list[tuple[int, str, int]] = []
    floor = len(lines[line])  # the least indentation met so far, going up
    for i in range(line - 1, -1, -1):
        row = lines[i]
        stripped = row.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(row) - len(stripped)
        if dash:
            if _DASH_LINE.match(row) and indent <= floor:
                out.append((indent, "", i))
        elif (m := _KEY_LINE.match(row)) is not None and m.end("lead") <= floor:
            out.append((m.end("lead"), m["key"], i))
        floor = min(floor, indent)
        if floor == 0 and out and out[-1][0] == 0:
            break
    return out


def _simple_key(f: _Failure) -> Found | None:
    if "could not find expected ':'" not in f.problem or f.opened is None:
        return None
    return *f.opened, "this line is neither 'key: value' nor a list item ('- …'): add the missing ': ' or '- '"


def _flow(f: _Failure) -> Found | None:
    ch = f.char(f.opened)
    if f.at is None or f.opened is None or "flow" not in f.context or not ch or ch not in _OPENERS:
        return None
    what = "list" if ch == "[" else "mapping"
    return (
        *f.at,
        f"a ',' or '{_OPENERS[ch]}' is missing here, in the {what} opened on line "
        f"{f.opened[0] + 1} at column {f.opened[1] + 1}",
    )


_RULES: tuple[Callable[[_Failure], Found | None], ...] = (
    _tab,
    _unclosed_quote,
    _reserved,
    _anchor,
    _second_document,
    _stray_closer,
    _unclosed_flow,
    _after_quote,
    _no_space,
    _stray_colon,
    _dash_without_space,
    _misaligned,
    _simple_key,
    _flow,
)


def _colon_of(row: str) -> int | None:
    """The column of the colon after the key of ``row``, if it has a key."""
    m = _KEY_LINE.match(row)
    return m.end() - 1 if m is not None else None


def _previous(f: _Failure, line: int) -> int:
    """The nearest line above ``line`` that is neither blank nor a comment."""
    for i in range(line - 1, -1, -1):
        stripped = f.row(i).strip()
        if stripped and not stripped.startswith("#"):
            return i
    return line


def item_label(row: str) -> str:
    """How a message names a list item: ``- date:``, or its first characters."""
    item = row.strip()
    m = re.match(r"-\s+([^\s:#\[\]{},]+):(?:\s|$)", item)
    if m is not None:
        return f"- {m[1]}:"
    if len(item) <= 24:
        return item
    flow = re.match(r"-\s+([\[{])([^,\]}]{1,20}),", item)
    if flow is not None:
        return f"- {flow[1]}{flow[2].strip()}, …{_OPENERS[flow[1]]}"
    return item[:23] + "…"


def _value_from(row: str, col: int) -> str:
    """The rest of ``row`` from ``col``, without a trailing comment."""
    value = row[col:]
    comment = value.find(" #")
    return (value[:comment] if comment >= 0 else value).strip()


def quoted(value: str) -> str:
    """``value`` in the quotes that need no escapes, shortened for a message."""
    if len(value) > 40:
        value = value[:39] + "…"
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"
