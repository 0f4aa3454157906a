"""The allow-list every page's HTML passes before it reaches the site.

The builder writes Markdown, and Markdown can make HTML in more ways than
any filter of its source can foresee (a reference definition inside a
quote, a list, an admonition, after a bare carriage return...).  So safety
is decided on the HTML that the Markdown became: each page's body, once
converted and before the theme wraps it or the search index reads it,
goes through ammonia (the Rust sanitiser, through ``nh3``) with this
allow-list.  It is the guarantee; ``builder.render.body`` only makes notes
*show as typed*.

What survives: the elements the builder's own pages are made of (text
structure, tables, task-list checkboxes, admonitions, permalinks, the SVG
charts and progress bars of ``builder.render.charts`` and ``filters.bar``);
links to ``http``, ``https`` and ``mailto`` addresses and to the site's own
pages; no event handler, no script or style element, no image (nothing is
fetched from another host), no inline style but a progress bar's width and
a table cell's alignment; a ``<time>`` only with a day as its ``datetime``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3

_TEXT = {"p", "br", "hr", "em", "strong", "code", "pre", "kbd", "sub", "sup", "del", "ins", "mark", "small", "abbr"}
_STRUCTURE = {"h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "span", "ul", "ol", "li", "dl", "dt", "dd"}
_TABLES = {"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"}
_OTHER = {"a", "input", "label", "figure", "figcaption", "details", "summary", "time"}
_SVG = {"svg", "g", "defs", "pattern", "rect", "line", "text", "title"}
TAGS = frozenset(_TEXT | _STRUCTURE | _TABLES | _OTHER | _SVG)

ATTRIBUTES = {
    "*": {"class", "id", "title", "role", "lang", "dir"},
    "a": {"href"},
    "input": {"disabled", "checked"},
    "figure": {"data-search-exclude"},  # Material's search skips the charts' labels
    "time": {"datetime"},  # a relative date the browser fills in (builder.render.context.PageHelpers.ago)
    "span": {"style"},
    "th": {"style", "align"},
    "td": {"style", "align"},
    "svg": {"viewBox", "width", "height"},
    "pattern": {"width", "height", "patternUnits"},
    "rect": {"x", "y", "width", "height", "rx", "fill"},
    "line": {"x1", "x2", "y1", "y2"},
    "text": {"x", "y", "text-anchor"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
STYLE_PROPERTIES = frozenset({"width", "text-align"})
# A chart's fill: a pattern of the same picture, never a paint server on another host.
_LOCAL_PAINT = re.compile(r"^url\(#[\w-]+\)$|^[a-z]+$|^#[0-9a-fA-F]{3,6}$")
# A <time>'s datetime: a day, nothing else (assets/journal.js reads it).
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "fill" and not _LOCAL_PAINT.match(value):
        return None
    if name == "datetime" and not _DAY.fullmatch(value):
        return None
    return value


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        tag_attribute_values={"input": {"type": {"checkbox"}}},
        generic_attribute_prefixes={"aria-"},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        attribute_filter=_attribute,
        link_rel=None,  # the site's own links carry no rel; nothing opens in a new window
        strip_comments=True,
    )


def clean_html(html: str) -> str:
    """``html`` (a page's body) with everything outside the allow-list removed."""
    return str(_cleaner().clean(html))
