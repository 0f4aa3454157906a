"""Finding an entry from what a person types: a slug, a name, or part of one.

One resolver for every command (``log``, ``done``, ``new``'s references):
the same words find the same entry everywhere.  In order, the first rule
that matches exactly one entry wins, and a rule that matches several is an
error that lists them:

1. the slug itself;
2. the name or title, ignoring case and accents;
3. (three characters or more) the start of a slug or of a name;
4. (three characters or more) a part of a slug or of a name.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from builder.edit.errors import EditError
from builder.model import Contact, Entry, Journal
from builder.names import entry_name

# What each folder's entries are called in messages, singular and plural.
KIND_WORDS = {
    "contacts": ("contact", "contacts"),
    "organizations": ("organization", "organizations"),
    "events": ("event", "events"),
    "reflections": ("reflection", "reflections"),
}


# A candidate as messages list it, pasted back: "Name (slug)".
_PASTED = re.compile(r".*\S\s*\(([^()\s]+)\)")


class NotFound(EditError):
    """No entry, or more than one, matches; the message lists candidates."""


def fold(text: str) -> str:
    """Lowercase without accents, spaces collapsed: ``Zoë  Li`` and ``zoe li``
    compare equal (and so do slugs: ``josé-álvarez`` and ``jose-alvarez``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def _describe(entries: Sequence[Entry]) -> str:
    return ", ".join(f"{entry_name(e)} ({e.slug})" for e in entries[:8]) + (" ..." if len(entries) > 8 else "")


def _entries(journal: Journal, kinds: Sequence[str]) -> list[Entry]:
    folders = {
        "contacts": journal.contacts,
        "organizations": journal.organizations,
        "events": journal.events,
        "reflections": journal.reflections,
    }
    return [e for kind in kinds for e in folders[kind].values()]


def find_entry(journal: Journal, query: str, kinds: Sequence[str] = tuple(KIND_WORDS), *, parts: bool = True) -> Entry:
    """The entry of one of ``kinds`` (folder names) that ``query`` names
    (the rules are in the module's docstring; without ``parts``, only the
    first two: for a value that may also be free text); ``NotFound``
    otherwise, with the candidates or the closest names."""
    one, many = KIND_WORDS[kinds[0]] if len(kinds) == 1 else ("entry", "entries")
    entries = _entries(journal, kinds)
    stripped = unicodedata.normalize("NFC", query.strip())
    pasted = _PASTED.fullmatch(stripped)  # "Siti Rahayu (siti-rahayu)", as messages list candidates
    if pasted:
        stripped = pasted.group(1)
    for e in entries:
        if e.slug == stripped:
            return e
    q = fold(stripped)
    names = [(e, fold(entry_name(e)), fold(e.slug)) for e in entries]
    tests: list[Callable[[str, str], bool]] = [lambda name, slug: name == q or slug == q]
    if parts and len(q) >= 3:  # a part of a name only when it says something
        tests += [
            lambda name, slug: slug.startswith(q) or name.startswith(q),
            lambda name, slug: q in slug or q in name,
        ]
    for test in tests:
        found = [e for e, name, slug in names if test(name, slug)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise NotFound(f"'{query}' matches several {many}: {_describe(found)}; give the slug")
    unread = _unread(journal, q, kinds, parts)
    if unread:
        raise NotFound(
            f"'{query}' names {one} '{unread}', whose file could not be read: fix it first (journal check says how)"
        )
    short = "; a part of a name needs 3 characters or more" if parts and len(q) < 3 else ""
    raise NotFound(f"no {one} matches '{query}'{short}{_closest(q, [(e, n) for e, n, _ in names])}")


def _unread(journal: Journal, q: str, kinds: Sequence[str], parts: bool) -> str | None:
    """The slug of an entry ``q`` would name if its file could be read (the
    reason a command cannot find it is then that file, not the words)."""
    slugs = sorted(slug for slug, folder in journal.unloaded.items() if folder in kinds)
    found = [s for s in slugs if s == q] or ([s for s in slugs if q in s] if parts and len(q) >= 3 else [])
    return found[0] if len(found) == 1 else None


def _closest(q: str, names: Iterable[tuple[Entry, str]]) -> str:
    """``; did you mean: ...?`` with the entries whose slug or name is close to ``q``."""
    by_word: dict[str, Entry] = {}
    for e, name in names:
        by_word.setdefault(name, e)
        by_word.setdefault(e.slug, e)
    close = difflib.get_close_matches(q, sorted(by_word), n=5, cutoff=0.5)
    found = list({by_word[w].slug: by_word[w] for w in close}.values())
    return f"; did you mean: {_describe(found)}?" if found else ""


def find_contact(journal: Journal, query: str) -> Contact:
    """The contact ``query`` names (``find_entry`` over contacts)."""
    found = find_entry(journal, query, ("contacts",))
    assert isinstance(found, Contact)
    return found


def same_name(journal: Journal, kind: str, name: str) -> list[Entry]:
    """Entries of ``kind`` (a folder) whose name or title is ``name``,
    ignoring case, accents and spacing: the people ``journal new`` would
    write a second file for."""
    wanted = fold(" ".join(name.split()))
    return [e for e in _entries(journal, (kind,)) if fold(" ".join(entry_name(e).split())) == wanted]
