"""Reading a Markdown entry: split the front matter from the body without
losing line numbers, and find the tasks and ``[[slug]]`` links in the body.

Fenced code blocks and inline code are skipped, so an example such as
```` `[[slug]]` ```` is not taken for a link.  Lines may end with LF or CRLF;
a task line holds no other control character (it becomes one line of a
calendar feed), a tab excepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from builder.diagnostics import Diagnostic, Loc, error
from builder.model import Task, WikiLink
from builder.values import DateOutOfRange, control_name, describe_control, find_control, parse_date, shown

_FENCE_LINE = re.compile(r"^(---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_OPEN_FENCE = re.compile(r"^---[ \t]*\r?(\n|$)")
_CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# A code span (nothing in it is a link), and a [[slug]] or [[slug|label]] link:
# the one definition the loader, the pages and the plain-text outputs share.
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
WIKILINK = re.compile(r"\[\[([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]")
_TASK = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)])\s+)\[([ xX])\]\s+(.*)$")
_DUE = re.compile(r"(?:^|\s)due:(\S*)")


@dataclass(frozen=True, slots=True)
class Split:
    """An entry file cut in two: the YAML text (starting on file line
    ``yaml_line``) and the body (starting on file line ``body_line``).
    """

    yaml: str
    yaml_line: int
    body: str
    body_line: int


def split_front_matter(text: str, path: str) -> tuple[Split | None, list[Diagnostic]]:
    """Split ``---`` front matter from the body, or report why it cannot be."""
    if not _OPEN_FENCE.match(text):
        return None, [
            error(
                Loc(path, 1, 1),
                "missing front matter: an entry starts with a line '---', then YAML keys, then '---'",
            )
        ]
    start = text.index("\n") + 1 if "\n" in text else len(text)
    close = _FENCE_LINE.search(text, start)
    if close is None:
        return None, [error(Loc(path, 1, 1), "front matter is not closed: add a line '---' after its last key")]
    yaml_text = text[start : close.start()]
    after = text.find("\n", close.end())
    body = "" if after < 0 else text[after + 1 :]
    closing_line = text.count("\n", 0, close.start()) + 1
    return Split(yaml_text, 2, body, closing_line + 1), []


def scan_body(
    body: str, body_line: int, path: str, entry: str
) -> tuple[tuple[Task, ...], tuple[WikiLink, ...], list[Diagnostic]]:
    """The tasks and wikilinks of a body, with their positions."""
    tasks: list[Task] = []
    links: list[WikiLink] = []
    diagnostics: list[Diagnostic] = []
    if "[" not in body:  # the common case of plain notes: nothing to find
        return (), (), []
    fence: str | None = None
    for offset, raw in enumerate(body.split("\n")):
        if fence is None and "[" not in raw and "`" not in raw and "~" not in raw:
            continue  # most lines: nothing to find and no code fence to track
        line_no = body_line + offset
        fence_match = _CODE_FENCE.match(raw)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group(1)
            continue
        if "[" not in raw:
            continue
        raw = raw.removesuffix("\r")  # a CRLF line end (a file saved on Windows)
        line = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), raw)
        line_links = []
        for m in WIKILINK.finditer(line):
            slug = m.group(1).strip()
            label = m.group(2).strip() if m.group(2) is not None else None
            link = WikiLink(slug, label or None, Loc(path, line_no, m.start() + 1))
            links.append(link)
            line_links.append(link.slug)
        task = _TASK.match(line)
        if task:
            bad = find_control(raw)
            if bad is not None:
                diagnostics.append(_control_in_task(raw[bad], Loc(path, line_no, bad + 1)))
            prefix, mark, text = task.groups()
            # Found in the line with code spans blanked (a `due:` or `[[x]]`
            # in code is text), but the text is the line as written.
            written = raw[task.start(3) :]
            due: date | None = None
            due_match = _DUE.search(text)
            if due_match:
                col = task.start(3) + due_match.start(1) - len("due:") + 1
                try:
                    due = parse_date(due_match.group(1))
                except DateOutOfRange as exc:  # 9999-12-31 for "some day": say how to write that
                    hint = "; to mean no deadline, leave due: out"
                    diagnostics.append(error(Loc(path, line_no, col), f"task due date: {shown(str(exc))}{hint}"))
                except ValueError as exc:
                    diagnostics.append(error(Loc(path, line_no, col), f"task due date: {shown(str(exc))}"))
                written = written[: due_match.start()] + written[due_match.end() :]
            tasks.append(
                Task(
                    text=written.strip(),
                    done=mark != " ",
                    due=due,
                    loc=Loc(path, line_no, len(prefix) + 1),
                    entry=entry,
                    links=tuple(line_links),
                )
            )
    return tuple(tasks), tuple(links), diagnostics


def _control_in_task(ch: str, loc: Loc) -> Diagnostic:
    """A task is one line of a feed and of the follow-up lists: a control
    character in it (a carriage return that does not end the line, a NUL...)
    is an error.  A tab is fine."""
    end = " that does not end the line" if ch == "\r" else ""
    return error(loc, f"the task contains {describe_control(ch)}{end}: remove the {control_name(ch)}")
