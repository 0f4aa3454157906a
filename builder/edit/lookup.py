"""Finding an entry from what a person types: a slug, a name, or part of one.

One resolver for every command (``log``, ``done``, ``new``'s references):
the same words find the same entry everywhere.  In order, the first rule
that matches exactly one entry wins, and a rule that matches several is an
error that lists them:

1. the slug itself;
2. the name or title, ignoring case, accents and spacing (slugs too, and
   a name typed as its slug would be: ``ana 1003`` names ``ana-1003``);
3. ``Name (slug)``, as messages list candidates, when the name is that
   entry's (so a contact called "Li Wei (Alibaba)" is still found by name);
4. (three characters or more) the start of a slug or of a name;
5. (three characters or more) a part of a slug or of a name.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from builder.edit.errors import EditError
from builder.model import Contact, Entry, Journal
from builder.names import entry_name
from builder.values import slugify

# What each folder's entries are called in messages, singular and plural.
KIND_WORDS = {
    "contacts": ("contact", "contacts"),
    "organizations": ("organization", "organizations"),
    "events": ("event", "events"),
    "reflections": ("reflection", "reflections"),
}


# A candidate as messages list it, pasted back: "Name (slug)".
_PASTED = re.compile(r"(.*\S)\s*\(([^()\s]+)\)")


class NotFound(EditError):
    """No entry, or more than one, matches; the message lists candidates."""


class Ambiguous(NotFound):
    """More than one entry matches (a free-text value is then not free text)."""


def fold(text: str) -> str:
    """Lowercase without accents, spaces collapsed: ``Zoë  Li`` and ``zoe li``
    compare equal (and so do slugs: ``josé-álvarez`` and ``jose-alvarez``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def _describe(entries: Sequence[Entry]) -> str:
    return ", ".join(f"{entry_name(e)} ({e.slug})" for e in entries[:8]) + (" ..." if len(entries) > 8 else "")


def entries_of(journal: Journal, *kinds: str) -> list[Entry]:
    """The entries of ``kinds`` (folder names), in order."""
    return [e for kind in kinds for e in getattr(journal, kind).values()]


def folder_of(journal: Journal, slug: str) -> str | None:
    """The folder of the entry with this slug, if there is one."""
    return next((kind for kind in KIND_WORDS if slug in getattr(journal, kind)), None)


def find_entry(journal: Journal, query: str, kinds: Sequence[str] = tuple(KIND_WORDS), *, parts: bool = True) -> Entry:
    """The entry of one of ``kinds`` (folder names) that ``query`` names
    (the rules are in the module's docstring; without ``parts``, only the
    first three: for a value that may also be free text); ``NotFound``
    otherwise, with the candidates or the closest names (``Ambiguous``
    when several match)."""
    one, many = KIND_WORDS[kinds[0]] if len(kinds) == 1 else ("entry", "entries")
    entries = entries_of(journal, *kinds)
    stripped = unicodedata.normalize("NFC", query.strip())
    by_slug = [e for e in entries if e.slug == stripped]
    if len(by_slug) == 1:  # the common case, and the cheap one: no name is folded
        return by_slug[0]
    q = fold(stripped)
    names = [(e, fold(entry_name(e)), fold(e.slug)) for e in entries]
    as_slug = fold(slugify(stripped))  # "ana 1003" names ana-1003
    exact = by_slug or [e for e, name, slug in names if q in (name, slug) or slug == as_slug]
    if len(exact) == 1:
        return exact[0]
    pasted = _PASTED.fullmatch(stripped)  # "Siti Rahayu (siti-rahayu)", as messages list candidates
    if pasted and not exact:
        named = next((e for e in entries if e.slug == pasted.group(2)), None)
        if named is not None and fold(pasted.group(1)) == fold(entry_name(named)):
            return named
    tests: list[Callable[[str, str], bool]] = []
    if parts and len(q) >= 3:  # a part of a name only when it says something
        tests += [
            lambda name, slug: slug.startswith(q) or name.startswith(q),
            lambda name, slug: q in slug or q in name,
        ]
    for found in (exact, *([e for e, name, slug in names if test(name, slug)] for test in tests)):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise Ambiguous(f"'{query}' matches several {many}: {_describe(found)}; give the slug")
    unread = _unread(journal, q, kinds, parts)
    if unread:
        raise NotFound(
            f"'{query}' names {one} '{unread}', whose file could not be read: fix it first (journal check says how)"
        )
    short = "; a part of a name needs 3 characters or more" if parts and len(q) < 3 else ""
    raise NotFound(f"no {one} matches '{query}'{short}{_closest(q, [(e, n) for e, n, _ in names])}")


def _unread(journal: Journal, q: str, kinds: Sequence[str], parts: bool) -> str | None:
    """The slug of an entry ``q`` (folded) would name if its file could be
    read (the reason a command cannot find it is then that file, not the
    words): by slug, or by the slug its name would have."""
    slugs = sorted(slug for slug, folder in journal.unloaded.items() if folder in kinds)
    wanted = {q, fold(slugify(q))}
    found = [s for s in slugs if fold(s) in wanted]
    if not found and parts and len(q) >= 3:
        found = [s for s in slugs if q in fold(s) or fold(slugify(q)) in fold(s)]
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
    return [e for e in entries_of(journal, kind) if fold(" ".join(entry_name(e).split())) == wanted]
