"""Template filters: escaping and formatting, in one tested module.

Templates escape every value by default (``finalize`` in ``builder.render.pages``):
text from the journal goes through ``md`` so that a name containing ``<``,
``|``, ``*`` or ``[`` shows as typed and breaks no table, link or HTML.
Filters that build Markdown or HTML themselves return ``Markup``, which the
default escaping leaves alone.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from urllib.parse import quote

from markupsafe import Markup

# Characters with a meaning in Markdown, its extensions in use (tables,
# attr_list) or HTML, written as numeric character references: they display
# as typed, everywhere.  ( ) ! need no escape once [ ] have one (no link or
# image can start), nor # inside a line; the fewer references, the less work
# for Python-Markdown on every page.
_SPECIAL = re.compile(r"[\\`*_\[\]{}<>&|]")
# What would start a list, quote or definition at the start of a value.
_LEADING = re.compile(r"^(\s*)([-+*](?=\s|$)|[>=:#]|\d+[.)](?=\s|$))")
_SPACES = re.compile(r"\s+")


def _ref(m: re.Match[str]) -> str:
    return f"&#{ord(m.group(0))};"


# Anything md() would change: most names and titles have none of it.
_NEEDS_WORK = re.compile(r"[\\`*_\[\]{}<>&|\n\r\t\f\v]|  |^[\s\-+*>=:#0-9]|[\s#]$")


def safe(text: str) -> Markup:
    """``text``, already Markdown, marked as such.  The same as ``Markup(text)``
    for a ``str`` without Markup's checks for other types: a build makes a
    million of them."""
    return _new_str(Markup, text)


_new_str = str.__new__


def md(value: object) -> Markup:
    """Text as inline Markdown that shows exactly as typed (one line)."""
    if isinstance(value, Markup):
        return value
    text = value if isinstance(value, str) else str(value)
    if not _NEEDS_WORK.search(text):
        return _new_str(Markup, text)
    text = _SPACES.sub(" ", text).strip()
    text = _SPECIAL.sub(_ref, text)
    text = _LEADING.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), text)
    if text.endswith("#"):  # a heading would drop it
        text = text[:-1] + "&#35;"
    return Markup(text)


def attr(value: object) -> Markup:
    """Text for an HTML attribute value (quoted with double quotes).  The
    attribute sits in Markdown, which would still make ``[a](b)`` a link
    inside it: Markdown's characters become references too (a browser reads
    them back as typed)."""
    text = _SPECIAL.sub(_ref, _SPACES.sub(" ", str(value)).strip())
    return Markup(text.replace('"', "&#34;").replace("'", "&#39;"))


def yaml_str(value: object) -> Markup:
    """A YAML double-quoted scalar (for generated front matter)."""
    return Markup(json.dumps(_SPACES.sub(" ", str(value)).strip(), ensure_ascii=False))


def page_title(value: object) -> Markup:
    """A page title for front matter.  MkDocs and Material insert titles into
    HTML unescaped (``<title>``, header, search), so it is HTML-escaped here.
    """
    return yaml_str(html.escape(_SPACES.sub(" ", str(value)).strip(), quote=False))


@lru_cache(maxsize=65536)
def segment(part: str) -> str:
    """One segment of a link's path, percent-encoded."""
    return quote(part)


@lru_cache(maxsize=1024)
def folder_prefix(from_dir: str, to_dir: str) -> str:
    """The relative path from one folder of the docs to another, ending in '/' (or empty)."""
    here = from_dir.split("/") if from_dir else []
    there = to_dir.split("/") if to_dir else []
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + [segment(p) for p in there[common:]]
    return "".join(p + "/" for p in parts)


def relative(target: str, page: str) -> str:
    """The link from the page at ``page`` to ``target`` (both docs-relative ``.md`` paths).

    Each path segment is percent-encoded, so any slug makes a valid link.
    (Pure string work, cached per pair of folders: pages make hundreds of
    thousands of links, and ``posixpath.relpath`` asks the OS for the
    current folder on every call.)
    """
    to_dir, _, name = target.rpartition("/")
    return folder_prefix(page.rpartition("/")[0], to_dir) + segment(name)


def link(text: object, target: str, page: str) -> Markup:
    """A Markdown link to another generated page."""
    return Markup(f"[{md(text)}]({relative(target, page)})")


def external(text: object, url: str) -> Markup:
    """A link to a web address that the validator accepted (http, https, mailto)."""
    if not re.match(r"(?i)^(https?|mailto):", url):
        return md(text)  # never a link to anything else, whatever reaches here
    return Markup(f'<a href="{attr(url)}">{md(text)}</a>')


def bar(fraction: float, label: str, done: bool = False) -> Markup:
    """A progress bar (HTML and CSS, no script), with its figure as text for
    screen readers; ``label`` says what it measures.
    """
    percent = max(0, min(100, round(fraction * 100)))
    state = " jr-bar--done" if done else ""
    return Markup(
        f'<span class="jr-bar{state}" role="progressbar" aria-label="{attr(label)}" '
        f'aria-valuemin="0" aria-valuemax="100" aria-valuenow="{percent}">'
        f'<span class="jr-bar__fill" style="width: {percent}%"></span></span>'
    )


FILTERS = {
    "md": md,
    "attr": attr,
    "yaml_str": yaml_str,
}
