"""``journal new``, ``journal log`` and ``journal done``: the edits a person
would make by hand, made for them.  Each reads through a ``Workspace`` (so
every path is confined to the journal and every read remembered) and returns
the new text of one file; ``builder.edit.writer`` checks and writes it."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from builder import format as fmt
from builder.compute.followups import is_review, task_contact
from builder.edit.errors import EditError as EditError  # re-exported: the commands' one-line error
from builder.edit.lookup import (
    KIND_WORDS,
    Ambiguous,
    NotFound,
    entries_of,
    find_contact,
    find_entry,
    folder_of,
    same_name,
)
from builder.edit.writer import Workspace
from builder.edit.yamltext import FrontMatter, flow_list, flow_mapping, is_block_sequence, is_flow, scalar
from builder.markdown import scan_body, split_front_matter
from builder.model import Contact, Entry, Event, Journal, Reflection
from builder.names import entry_name
from builder.schema import List, Map
from builder.suggest import did_you_mean
from builder.values import parse_date, slugify
from builder.yamlnodes import ScalarNode

# Keys offered, commented out, in a new file: what a person would fill in next.
HINTS = {
    "contacts": [
        ("organization", "an organization slug, or free text"),
        ("role", "job title"),
        ("relationship", " | ".join(fmt.RELATIONSHIPS)),
        ("topics", "[topic, another-topic]"),
        ("met", "{date: YYYY-MM-DD, at: an event slug or a place}"),
        ("links", "{email: name@example.org, linkedin: https://www.linkedin.com/in/name}"),
        ("keep_in_touch", "30d | 6w | 3m | 1y"),
    ],
    "organizations": [
        ("kind", " | ".join(fmt.ORGANIZATION_KINDS)),
        ("website", "https://..."),
        ("topics", "[topic]"),
        ("researched", "YYYY-MM-DD"),
    ],
    "events": [
        ("kind", " | ".join(fmt.EVENT_KINDS)),
        ("platform", "Zoom, EventBrite, Slack, Instagram Live..."),
        ("start", "YYYY-MM-DD HH:MM"),
        ("duration", "90m"),
        ("url", "https://..."),
        ("status", " | ".join(fmt.EVENT_STATUSES)),
        ("organizations", "[organization-slug]"),
        ("people", "[contact-slug]"),
        ("topics", "[topic]"),
    ],
    "reflections": [("people", "[contact-slug]"), ("events", "[event-slug]"), ("topics", "[topic]")],
}
BODIES = {
    "contacts": "Who they are, what you have in common, what they care about.\n",
    "organizations": "What they do, who works there, how they hire, what you would ask them.\n",
    "events": "Why you go, who you hope to meet, the questions you want to ask.\n",
    "reflections": "## What I learned\n\n\n## Questions I asked\n\n\n## Next steps\n\n",
}


@dataclass(frozen=True, slots=True)
class NewFile:
    """A file to create: its path relative to the root, its text, and a
    note for the person (why its name is not the one they would expect)."""

    rel: str
    text: str
    note: str = ""


SLUG_LENGTH = 80  # characters of a title kept in a file name (a file name holds at most 255 bytes)


def unique_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _all_slugs(journal: Journal) -> set[str]:
    return {e.slug for e in journal.entries()} | set(journal.unloaded)


# Keys of a new entry that name other entries, with the folder they name and
# whether the value may instead be free text (an organization not worth a
# file, a place): those are resolved only by slug or exact name.
REFERENCES: dict[str, dict[str, tuple[str, bool]]] = {
    "contacts": {"organization": ("organizations", True), "met.at": ("events", True)},
    "organizations": {},
    "events": {"organizations": ("organizations", False), "people": ("contacts", False)},
    "reflections": {"people": ("contacts", False), "events": ("events", False)},
}


def _resolve(journal: Journal, folder: str, key: str, value: str) -> str:
    """The slug ``value`` names for a reference key (``REFERENCES``), as
    ``journal log`` finds a contact; free text stays as typed."""
    target = REFERENCES[folder].get(key)
    if target is None:
        return value
    kind, free = target
    try:
        return find_entry(journal, value, (kind,), parts=not free).slug
    except Ambiguous as exc:
        raise Ambiguous(f"--{key}: {exc}") from None
    except NotFound as exc:
        if free:
            return value
        raise NotFound(f"--{key}: {exc}") from None


def new_entry(
    journal: Journal,
    files: Workspace,
    kind: str,
    title: str,
    fields: dict[str, str],
    today: date,
    *,
    force: bool = False,
) -> NewFile:
    """The file ``journal new KIND TITLE --key value...`` creates.

    References (``--organization``, ``--people``...) are found like every
    command finds an entry.  A second entry with the same name (an event or
    reflection: the same title on the same day) is refused unless ``force``:
    it is almost always the first one, typed again."""
    folder = fmt.ENTRY_KINDS[kind]
    schema = fmt.ENTRY_SCHEMAS[folder]
    title = " ".join(title.split())
    if not title:
        raise EditError("the title is empty")
    values: dict[str, str | list[str] | dict[str, str]] = {fmt.TITLE_KEYS[folder]: title}
    if folder == "reflections":
        values["date"] = fields.get("date", today.isoformat())
    for key, raw in fields.items():
        top, _, sub = key.partition(".")
        spec = schema.fields.get(top)
        if spec is None or top == fmt.TITLE_KEYS[folder]:
            raise EditError(f"--{key}: no such key in a {kind}{did_you_mean(top, schema.fields)}")
        if sub:
            if not isinstance(spec.type, Map):
                raise EditError(f"--{key}: '{top}' has no keys of its own")
            nested = values.setdefault(top, {})
            assert isinstance(nested, dict)
            nested[sub] = _resolve(journal, folder, key, raw)
        elif isinstance(spec.type, List):  # ux,careers, or [ux, careers] as the file would have it
            inner = raw.strip().removeprefix("[").removesuffix("]") if raw.strip().startswith("[") else raw
            items = [item.strip() for item in inner.split(",") if item.strip()]
            values[top] = [_resolve(journal, folder, top, item) for item in items]
        else:
            values[top] = _resolve(journal, folder, top, raw)
    day = today
    if folder == "reflections":
        day = _date_of(str(values["date"]))
    elif folder == "events" and "start" in values:
        day = _date_of(str(values["start"]))
    base = short_slug(slugify(title))
    if not base:
        raise EditError(f"cannot make a file name from '{title}': use some letters or digits")
    if folder in ("events", "reflections"):
        base = f"{day.isoformat()}-{base.removeprefix(day.isoformat() + '-')}"  # "2026-12-05 Meetup": one date
    named = {e.slug for e in same_name(journal, folder, title)}
    undated = folder in ("contacts", "organizations")
    same = [
        e
        for e in entries_of(journal, folder)
        if (e.slug in named and (undated or _day(e) == day)) or e.slug == base  # the same name, or file name
    ]
    if same and not force:
        names = "; ".join(f"{e.src.path} is already {KIND_WORDS[folder][0]} '{entry_name(e)}'" for e in same)
        raise EditError(f"{names}: to write another of the same name, give --force")
    if base in journal.unloaded and not force:
        raise EditError(
            f"a file for '{base}' exists but could not be read (journal check says why): "
            "fix it, or give --force to write another"
        )
    slug = unique_slug(base, _all_slugs(journal))
    note = ""
    if slug != base:
        taken, taker = journal.entry(base), folder_of(journal, base)
        by = f" by {KIND_WORDS[taker][0]} '{entry_name(taken)}'" if taken is not None and taker else ""
        note = f"the file name {base}.md is taken{by}: slugs name one entry in the whole journal"
    lines = ["---"]
    for key, value in values.items():
        if isinstance(value, list):
            lines.append(f"{key}: {flow_list(value)}")
        elif isinstance(value, dict):
            lines.append(f"{key}: {flow_mapping(value)}")
        else:
            lines.append(f"{key}: {scalar(value)}")
    for key, hint in HINTS[folder]:
        if key not in values:
            lines.append(f"# {key}: {hint}")
    lines.append("---")
    rel = files.locate(f"journal/{folder}/{slug}.md")
    if files.exists(rel):
        raise EditError(f"{rel} exists already")
    return NewFile(rel, "\n".join(lines) + "\n" + BODIES[folder], note)


def short_slug(slug: str) -> str:
    """``slug`` cut to ``SLUG_LENGTH`` characters, at a hyphen when there is
    one, and to at most 200 bytes of UTF-8 (with its date, a number and
    ``.md``, a file name holds at most 255 bytes)."""
    if len(slug) <= SLUG_LENGTH and len(slug.encode("utf-8")) <= 200:
        return slug
    cut = slug[:SLUG_LENGTH]
    while len(cut.encode("utf-8")) > 200:
        cut = cut[:-1]
    if "-" in cut[len(cut) // 2 :]:
        cut = cut.rsplit("-", 1)[0]
    return cut.rstrip("-")


def _day(entry: Entry) -> date | None:
    """The day an event or reflection is on (what tells two of one title apart)."""
    if isinstance(entry, Reflection):
        return entry.date
    if isinstance(entry, Event) and entry.start is not None:
        return entry.start.date() if isinstance(entry.start, datetime) else entry.start
    return None


def _date_of(text: str) -> date:
    try:
        return parse_date(text[:10])
    except ValueError as exc:
        raise EditError(str(exc)) from None


def _log_item(values: dict[str, object], flow: bool, indent: int) -> str:
    pad = " " * indent
    if flow:
        return f"{pad}- {flow_mapping(values)}\n"
    first, *rest = values.items()
    lines = [f"{pad}- {first[0]}: {scalar(first[1])}"]
    lines += [f"{pad}  {k}: {scalar(v)}" for k, v in rest]
    return "\n".join(lines) + "\n"


def log_interaction(
    journal: Journal,
    files: Workspace,
    query: str,
    *,
    channel: str,
    by: str,
    minutes: int | None,
    day: date,
    note: str,
) -> tuple[str, str]:
    """(path, new text) of the contact file with one more ``log`` item."""
    contact = find_contact(journal, query)
    rel = files.locate(contact.src.path)
    fm = FrontMatter.parse(files.read_text(rel), rel)
    item: dict[str, object] = {"date": day, "channel": channel, "by": by}
    if minutes is not None:
        item["minutes"] = minutes
    if note.strip():
        item["note"] = " ".join(note.split())
    found = fm.get("log")
    if found is None:
        return rel, fm.append_top_level("log:\n" + _log_item(item, False, 2))
    key, seq = found
    if is_block_sequence(seq) and seq.value:
        last = seq.value[-1]
        return rel, fm.insert_at(fm.end_of_block(seq), _log_item(item, is_flow(last), fm.indent_of(seq)))
    if isinstance(seq, ScalarNode) and seq.value == "" and not seq.style:  # `log:` and nothing yet
        at = fm.line_end(fm.yaml_start + key.start_mark.index)
        return rel, fm.insert_at(at, _log_item(item, False, fm.indent_of(key) + 2))
    if is_flow(seq) and not seq.value:  # `log: []`: the first item, in block style
        head = fm.text[: fm.yaml_start + seq.start_mark.index].rstrip(" ")
        tail = fm.text[fm.yaml_start + seq.end_mark.index :]
        nl = tail.find("\n")
        rest_of_line, after = (tail[: nl + 1], tail[nl + 1 :]) if nl >= 0 else (tail + "\n", "")
        return rel, head + rest_of_line + _log_item(item, False, fm.indent_of(key) + 2) + after
    if is_flow(seq):
        close = fm.yaml_start + seq.end_mark.index - 1  # the closing ]
        return rel, fm.insert_at(close, ", " + flow_mapping({k: v for k, v in item.items()}))
    raise EditError(f"{rel}: 'log' is not a list; fix it by hand first")


def tick_task(journal: Journal, files: Workspace, source: str) -> tuple[str, str, str, int]:
    """(path, new text, task text, its line) with the task at ``SOURCE[:LINE]`` marked done;
    ``SOURCE`` is a file in the journal (a path leading outside it, by ``..``
    or a link, is refused) or names an entry as every command does
    (``lookup.find_entry``: slug, name, or a unique part of either).

    A contact named without a line has the tasks ``journal followups``
    lists under them: those in their file and those elsewhere that link
    them first (``[[slug]]``); one is ticked, several are listed."""
    target, _, line_text = source.rpartition(":") if ":" in source else (source, "", "")
    if not (line_text.isascii() and line_text.isdigit()):  # not "²": a digit int() cannot read
        target, line_text = source, ""
    if "/" in target.replace(os.sep, "/") or target.endswith(".md"):
        rel = files.locate(target)
        if not files.is_file(rel):  # typed or pasted in another Unicode form (macOS file names are NFD)
            rel = files.locate(unicodedata.normalize("NFC", target))
        if not files.is_file(rel):
            raise EditError(f"no entry file '{target}'")
    else:
        entry = find_entry(journal, target)
        rel = files.locate(entry.src.path)
        if not line_text and isinstance(entry, Contact):
            rel, line_text = _contacts_task(journal, files, entry, rel)
    text = files.read_text(rel)
    split, diagnostics = split_front_matter(text, rel)
    if split is None:
        raise EditError(diagnostics[0].message)
    tasks, _, _ = scan_body(split.body, split.body_line, rel, target)
    open_tasks = [t for t in tasks if not t.done]
    if line_text:
        line_no = int(line_text)
        chosen = [t for t in tasks if t.loc.line == line_no]
        if not chosen:
            listing = ", ".join(f"{t.loc.line}: {t.text}" for t in open_tasks) or "none"
            raise EditError(f"{rel}:{line_no} is not a task line; open tasks: {listing}")
        if chosen[0].done:
            raise EditError(f"{rel}:{line_no}: already done")
        task = chosen[0]
    elif len(open_tasks) == 1:
        task = open_tasks[0]
    elif not open_tasks:
        raise EditError(f"{rel} has no open task")
    else:
        listing = "; ".join(f"{rel}:{t.loc.line} {t.text}" for t in open_tasks)
        raise EditError(f"{rel} has {len(open_tasks)} open tasks; say which: {listing}")
    lines = text.split("\n")
    line = lines[task.loc.line - 1]
    box = line.index("[ ]", task.loc.col - 1)
    lines[task.loc.line - 1] = line[:box] + "[x]" + line[box + 3 :]
    return rel, "\n".join(lines), task.text, task.loc.line


def _contacts_task(journal: Journal, files: Workspace, contact: Contact, own: str) -> tuple[str, str]:
    """(file, line) of the one open task that concerns ``contact`` as
    ``builder.compute.followups`` reads them (the first contact a task
    links, else the contact whose file it is in); ``EditError`` listing
    them when there are several, or none."""
    found = [
        task
        for entry in journal.entries()
        if not is_review(journal, entry)  # its checklist is not a follow-up (journal review)
        for task in entry.tasks
        if not task.done and task_contact(journal, entry, task) == contact.slug
    ]
    if len(found) == 1:
        return files.locate(found[0].loc.path), str(found[0].loc.line)
    if not found:
        raise EditError(f"{contact.name} has no open task ({own}, or a task elsewhere that links [[{contact.slug}]])")
    listing = "; ".join(f"{t.loc.path}:{t.loc.line} {t.text}" for t in found)
    raise EditError(f"{contact.name} has {len(found)} open tasks; say which, as FILE:LINE: {listing}")
