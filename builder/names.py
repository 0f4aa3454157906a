"""What entries are called outside the site: in the command line's output and
the calendar feeds, where a ``[[slug]]`` link cannot be a link.

The site names entries through ``builder.render.context.entry_title``
(translated); this is the untranslated form every other output shares.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from builder.markdown import CODE_SPAN, WIKILINK
from builder.model import Contact, Entry, Event, Organization, Reflection


def entry_name(entry: Entry) -> str:
    """A contact's or organization's name, an event's or reflection's title
    (a reflection without one: ``Reflection of YYYY-MM-DD``)."""
    if isinstance(entry, Contact | Organization):
        return entry.name
    if isinstance(entry, Event):
        return entry.title
    if isinstance(entry, Reflection):
        return entry.title or f"Reflection of {entry.date.isoformat()}"
    return entry.slug


def plain_text(text: str, entry: Callable[[str], Entry | None]) -> str:
    """``text`` with each ``[[slug]]`` as the entry's name and each
    ``[[slug|label]]`` as its label; a slug that names no entry stays as typed
    (without brackets), so nothing the person wrote disappears.  Code spans
    are left as written: a ``[[x]]`` in code is not a link (as on the site)."""
    if "[[" not in text:
        return text

    def named(m: re.Match[str]) -> str:
        label = (m.group(2) or "").strip()
        if label:
            return label
        slug = m.group(1).strip()
        found = entry(slug)
        return entry_name(found) if found is not None else slug

    out, at = [], 0
    for code in CODE_SPAN.finditer(text):
        out += [WIKILINK.sub(named, text[at : code.start()]), code.group()]
        at = code.end()
    out.append(WIKILINK.sub(named, text[at:]))
    return "".join(out)
