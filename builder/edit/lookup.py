"""Finding an entry from what a person types: a slug, a name, or part of one."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable

from builder.edit.errors import EditError
from builder.model import Contact, Journal


class NotFound(EditError):
    """No entry, or more than one, matches; the message lists candidates."""


def fold(text: str) -> str:
    """Lowercase without accents: ``Zoë`` and ``zoe`` compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def _describe(contacts: list[Contact]) -> str:
    return ", ".join(f"{c.name} ({c.slug})" for c in contacts[:8]) + (" ..." if len(contacts) > 8 else "")


def find_contact(journal: Journal, query: str) -> Contact:
    """The contact ``query`` names: its slug, its full name, or a unique part of either."""
    if query in journal.contacts:
        return journal.contacts[query]
    q = fold(query)
    contacts = list(journal.contacts.values())
    tests: list[Callable[[Contact], bool]] = [lambda c: fold(c.name) == q]
    if len(q) >= 3:  # a part of a name only when it says something
        tests += [
            lambda c: c.slug.startswith(q) or fold(c.name).startswith(q),
            lambda c: q in c.slug or q in fold(c.name),
        ]
    for test in tests:
        found = [c for c in contacts if test(c)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise NotFound(f"'{query}' matches several contacts: {_describe(found)}; give the slug")
    names = {fold(c.name): c for c in contacts} | {c.slug: c for c in contacts}
    close = difflib.get_close_matches(q, sorted(names), n=5, cutoff=0.5)
    slugs = list(dict.fromkeys(names[n].slug for n in close))
    hint = f"; did you mean: {_describe([journal.contacts[s] for s in slugs])}?" if close else ""
    raise NotFound(f"no contact matches '{query}'{hint}")
