"""Property-based: whatever text is in any field of a journal, control
characters and hostile Markdown included, no page of the site links to
anything but web and mail addresses and the site's own pages, and no page
has an event handler or a script.

The journal is built as a model (not from files: ``journal check`` would
refuse much of this text), rendered to Markdown, converted with the
Markdown extensions of ``mkdocs.yml`` and passed through the sanitiser, as
``builder.sitegen`` does for every page.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from functools import cache
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.build import render_site
from builder.check import check
from builder.markdown import scan_body
from builder.model import Journal
from builder.render.context import RenderOptions
from builder.sanitize import clean_html
from tests.conftest import REPO

TODAY = date(2026, 3, 10)
HOSTILE = st.sampled_from(
    [
        "[a][r]\n\n[r]:\n  javascript:alert(1)\n",
        "> [a][r]\n>\n> [r]: javascript:alert(1)\n",
        "- [a][r]\n- [r]: javascript:alert(1)\n",
        "!!! note\n    [a][r]\n\n    [r]: javascript:alert(1)\n",
        "[a][r]\r[r]: javascript:alert(1)",
        "[x](javascript:alert(1))",
        "[x](\njavascript:alert(1))",
        "<a href='javascript:alert(1)'>x</a>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<javascript:alert(1)>",
        "![i](https://example.org/p.png)",
        "{: onclick='alert(1)' }",
        "[[",
        "]]",
        "[[x|<b>]]",
        "`",
        "```\n",
        "\r",
        "\n",
        "\x00",
        "\x07",
        "\x0c",
        "\u2028",
        "- [ ] task due:2026-03-11 ",
    ]
)
TEXT = st.lists(st.one_of(HOSTILE, st.text(max_size=20)), max_size=4).map("".join)
LINE = TEXT.filter(lambda t: t.strip() != "")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "img", "object", "embed", "form"):
            self.bad.append((tag, "", ""))
        for name, value in attrs:
            url = re.sub(r"[\t\n\r]", "", value or "").strip()
            if name.startswith("on"):
                self.bad.append((tag, name, url))
            if name in ("href", "src", "action", "formaction", "xlink:href") and urlsplit(url).scheme.lower() not in (
                "",
                "http",
                "https",
                "mailto",
            ):
                self.bad.append((tag, name, url))


@cache
def _base() -> Journal:
    journal, diagnostics = check(REPO)
    assert not [d for d in diagnostics if d.severity.value == "error"]
    return journal


@cache
def _converter() -> markdown.Markdown:
    """Python-Markdown with the extensions of the site's mkdocs.yml, as MkDocs runs it."""
    names: list[str] = []
    configs: dict[str, Any] = {}
    for item in yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        configs[name] = config or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _with_body(entry: Any, body: str) -> Any:
    tasks, links, _ = scan_body(body, entry.body_line, entry.src.path, entry.slug)
    return dataclasses.replace(entry, body=body, tasks=tasks, wikilinks=links)


def _hostile(texts: Any) -> Journal:
    """The example journal with random text in every text field of a few entries of each kind."""
    journal = _base()
    contacts = dict(journal.contacts)
    for slug in list(contacts)[:3]:
        c = contacts[slug]
        log = tuple(dataclasses.replace(item, note=texts.draw(TEXT)) for item in c.log[:2])
        met = dataclasses.replace(c.met, at=texts.draw(LINE)) if c.met is not None else None
        contacts[slug] = _with_body(
            dataclasses.replace(
                c,
                name=texts.draw(LINE),
                role=texts.draw(TEXT),
                organization=texts.draw(LINE),
                topics=(texts.draw(LINE),),
                links={texts.draw(LINE): "https://example.org/" + texts.draw(st.text(max_size=8))},
                met=met,
                log=log,
                public=True,
                private=False,
                public_fields=("notes", "met", "log", "links"),
            ),
            texts.draw(TEXT),
        )
    orgs = dict(journal.organizations)
    for slug in list(orgs)[:2]:
        orgs[slug] = _with_body(dataclasses.replace(orgs[slug], name=texts.draw(LINE), public=True), texts.draw(TEXT))
    events = dict(journal.events)
    for slug in list(events)[:3]:
        e = events[slug]
        events[slug] = _with_body(
            dataclasses.replace(e, title=texts.draw(LINE), platform=texts.draw(TEXT), public=True), texts.draw(TEXT)
        )
    reflections = dict(journal.reflections)
    for slug in list(reflections)[:2]:
        r = reflections[slug]
        reflections[slug] = _with_body(
            dataclasses.replace(r, title=texts.draw(LINE), public=True, private=False), texts.draw(TEXT)
        )
    sources = tuple(dataclasses.replace(s, name=texts.draw(LINE), note=texts.draw(TEXT)) for s in journal.sources[:2])
    goals = tuple(dataclasses.replace(g, title=texts.draw(LINE)) for g in journal.plan.goals)
    plan = dataclasses.replace(journal.plan, owner=texts.draw(TEXT), goals=goals)
    return dataclasses.replace(
        journal,
        plan=plan,
        sources=sources + journal.sources[2:],
        contacts=contacts,
        organizations=orgs,
        events=events,
        reflections=reflections,
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(texts=st.data(), public=st.booleans())
def test_no_page_links_anywhere_but_the_web_mail_or_the_site(texts: Any, public: bool) -> None:
    journal = _hostile(texts)
    files = render_site(journal, TODAY, RenderOptions(public=public), parallel=False)
    convert = _converter()
    for path, text in files.items():
        if not path.endswith(".md"):
            continue
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        html = clean_html(convert.reset().convert(body))
        parser = Links()
        parser.feed(html)
        assert parser.bad == [], (path, parser.bad)
