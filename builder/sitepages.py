"""Converting and rendering many pages with MkDocs, faster and to the same bytes.

Part of the site generator adapter (``builder.sitegen``): with it, the only
modules that know MkDocs exists.  MkDocs 1.6, the last of its line, does two
things for every page that give the same result for most of a journal's
30,000 pages:

- it makes a new Python-Markdown instance, with every extension, for each
  page (a twentieth of converting a page, and most of the garbage the cyclic
  collector then scans).  ``Converter`` keeps one per process and resets it
  between pages, when every extension is one known to keep nothing across
  ``Markdown.reset`` (``RESETTABLE``); otherwise each page gets its own, as
  in MkDocs;
- Material renders the whole navigation into every page (a third of
  rendering a page's template).  For a page that is not in the navigation,
  the navigation reads the same as for any other such page whose links to
  the navigation's addresses read the same.  ``navigation_once`` renders it
  once per such set of links (a handful per site: one per folder of entry
  pages), when the navigation's templates and every partial and icon they
  may include are Material's own (the theme's custom_dir overrides none).

Both are taken only in a build with no plugin but search (``sitegen``
decides), and ``tests/test_site_pages.py`` builds the same site with and
without them.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Extensions that keep no state from one page to the next once
# ``Markdown.reset`` has run: stateless ones, and ones whose ``reset`` clears
# what they keep (toc, fenced_code).  Any other means a Markdown per page.
RESETTABLE = frozenset({"toc", "tables", "fenced_code", "attr_list", "admonition", "pymdownx.tasklist"})

# The templates the navigation is rendered from: Material's own, unless the
# theme's custom_dir overrides one.
NAVIGATION_TEMPLATES = ("partials/nav.html", "partials/nav-item.html", "partials/logo.html")


class Converter:
    """``Page.render`` (MkDocs 1.6) with one Markdown instance for every page."""

    def __init__(self, config: Any) -> None:
        self.config = config
        self.reusable = all(isinstance(name, str) and name in RESETTABLE for name in config["markdown_extensions"])
        self._md: Any = None

    def _markdown(self) -> Any:
        import markdown  # type: ignore[import-untyped]

        if self._md is None or not self.reusable:
            config = self.config
            self._md = markdown.Markdown(
                extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
            )
        else:
            self._md.reset()
        return self._md

    def render(self, page: Any, config: Any, files: Any) -> None:
        """Convert ``page``'s Markdown as ``Page.render`` does (its
        per-page steps are registered anew on the kept instance, replacing
        the last page's)."""
        from mkdocs.structure import pages
        from mkdocs.structure.toc import get_toc

        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self._markdown()
        raw_html = pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative = pages._RelativePathTreeprocessor(page.file, files, config)
        relative._register(md)
        title = pages._ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors

    @contextlib.contextmanager
    def converting(self, page: Any) -> Iterator[None]:
        """While in it, ``page.render`` is this converter's."""
        page.render = lambda config, files: self.render(page, config, files)
        try:
            yield
        finally:
            del page.render


def _material_templates() -> Path | None:
    """Where Material's own templates are (None without Material)."""
    from importlib.util import find_spec

    spec = find_spec("material")
    return None if spec is None or spec.origin is None else (Path(spec.origin).parent / "templates").resolve()


def _navigation_is_materials(env: Any) -> bool:
    """Whether the navigation's templates, and every partial and icon they
    may include, are Material's own: none is overridden by the theme's
    custom_dir (an override may show anything of the page)."""
    from jinja2 import TemplateNotFound

    own = _material_templates()
    if own is None:
        return False
    for folder in getattr(env.loader, "searchpath", []):
        place = Path(folder).resolve()
        if place != own and ((place / "partials").exists() or (place / ".icons").exists()):
            return False
    for name in NAVIGATION_TEMPLATES:
        try:
            _, filename, _ = env.loader.get_source(env, name)
        except TemplateNotFound:  # another theme: no shortcut
            return False
        if filename is None or Path(filename).resolve().parent.parent != own:
            return False
    return True


def _addresses(nav: Any, config: Any) -> list[str]:
    """Every address the navigation's templates pass to MkDocs' ``url``
    filter (``nav.html``: the home page; ``logo.html``: the logo;
    ``nav-item.html``: each item's and section's pages)."""
    found = [str(config.extra.get("homepage") or ""), str(getattr(nav.homepage, "url", "") or "")]
    if config.theme.get("logo"):
        found.append(str(config.theme["logo"]))

    def walk(items: Any) -> None:
        for item in items:
            url = getattr(item, "url", None)
            if url is not None:
                found.append(str(url))
            walk(getattr(item, "children", None) or [])

    walk(nav.items)
    return found


@contextlib.contextmanager
def navigation_once(env: Any, nav: Any, config: Any) -> Iterator[None]:
    """While in it, Material's navigation is rendered once for all the pages
    outside it whose links to its addresses read the same.  Such a page sets
    no item active and shows no table of contents in it, so what it shows of
    the page is only those links (``url`` filter: relative to the page)."""
    from mkdocs.utils import normalize_url

    if not _navigation_is_materials(env):
        yield
        return
    template = env.get_template(NAVIGATION_TEMPLATES[0])
    whole = template.root_render_func
    in_nav = {id(page) for page in nav.pages}
    addresses = _addresses(nav, config)
    rendered: dict[tuple[str, ...], str] = {}

    def once(context: Any) -> Iterator[str]:
        page = context.get("page")
        if page is None or id(page) in in_nav or page.parent is not None or context.get("nav") is not nav:
            yield from whole(context)
            return
        key = tuple(normalize_url(address, page=page) for address in addresses)
        html = rendered.get(key)
        if html is None:
            html = rendered[key] = "".join(whole(context))
        yield html

    template.root_render_func = once
    try:
        yield
    finally:
        template.root_render_func = whole
