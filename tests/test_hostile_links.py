"""Links that Markdown makes from hostile notes never run script: every form
of a reference definition that a filter of the Markdown source would miss,
written in notes and arriving through a vCard import, in full and public
builds, checked in the built HTML and in Chromium.

The "unfiltered" builds switch off the notes' Markdown filter
(``builder.render.body``), so the sanitiser (``builder.sanitize``) alone
stands between the notes and the page: it is the guarantee.
"""

from __future__ import annotations

import gc
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from builder.cli import main
from builder.render import body
from builder.sanitize import clean_html
from tests.conftest import REPO, serve_folder, write_journal

# Each: a link by reference, and its definition somewhere a line-based filter does not look.
FORMS = {
    "next-line": "[a1][r1]\n\n[r1]:\n  javascript:alert('next-line')\n",
    "blockquote": "> [a2][r2]\n>\n> [r2]: javascript:alert('blockquote')\n",
    "nested-quote": "> > [a3][r3]\n> >\n> > [r3]: JaVaScRiPt:alert('nested-quote')\n",
    "list-item": "- [a4][r4]\n- [r4]: javascript:alert('list-item')\n",
    "ordered-item": "1. [a5][r5]\n2. [r5]: javascript:alert('ordered-item')\n",
    "list-continuation": "- see [a6][r6]\n\n    [r6]: javascript:alert('list-continuation')\n",
    "admonition": "!!! note\n    [a7][r7]\n\n    [r7]: javascript:alert('admonition')\n",
    "bare-cr": "[a8][r8]\r[r8]: javascript:alert('bare-cr')\n",
    "cr-before-url": "[a9][r9]\n\n[r9]:\rjavascript:alert('cr-before-url')\n",
    "data-url": "- [a10][r10]\n- [r10]: data:text/html,<script>alert('data-url')</script>\n",
    "entity-scheme": "- [a11][r11]\n- [r11]: jav&#x09;ascript:alert('entity-scheme')\n",
    "shortcut": "> [r12]\n>\n> [r12]: vbscript:alert('shortcut')\n",
}
# Raw HTML: only the unfiltered builds let it through to Markdown.
RAW = {
    "raw-img": "<img src=x onerror=\"alert('raw-img')\">\n",
    "raw-link": "<a href=\"javascript:alert('raw-link')\">raw</a>\n",
    "raw-svg": "<svg onload=\"alert('raw-svg')\"><a href=\"javascript:alert('raw-svg')\"><text>s</text></a></svg>\n",
    "raw-script": "<script>alert('raw-script')</script>\n",
    "raw-time": '<time class="jr-ago" datetime="javascript:alert(\'raw-time\')" onmouseover="alert(\'raw-time\')">t</time>\n',
}
SAFE = "Also [a web link](https://example.org/ok) and <mailto:ana@example.org>.\n"
# Anchors MkDocs would check against the page (and fail the strict build): shown as typed.
ANCHORS = "See [below](#nope), [case](#Timeline), [x][a] and [[x|y](#nope)]].\n\n[a]: #nope\n"

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card Person\r\nN:Person;Card;;;\r\n"
    "NICKNAME:[nick][r20]\r\nNOTE:[r20]: javascript:alert('vcard')\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card Quote\r\nN:Quote;Card;;;\r\n"
    "NICKNAME:[nick2][r21]\r\nNOTE:[r21]:\\n  javascript:alert('vcard-next-line')\r\nEND:VCARD\r\n"
)
ANCHOR_CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card Anchor\r\nNOTE:see [here](#nope)\r\nEND:VCARD\r\n"


def _forms(unfiltered: bool) -> dict[str, str]:
    if not unfiltered:
        return FORMS
    # MkDocs (strict) refuses a link it takes for a missing page: a scheme it cannot read.
    return {**{k: v for k, v in FORMS.items() if k != "entity-scheme"}, **RAW}


def _journal(root: Path, unfiltered: bool = False) -> None:
    files: dict[str, str | bytes] = {
        f"contacts/{slug}.md": f"---\nname: Form {slug}\npublic: true\npublic_fields: [notes]\n---\n{body}{SAFE}"
        for slug, body in _forms(unfiltered).items()
    }
    if not unfiltered:
        files["contacts/anchors.md"] = f"---\nname: Anchors\n---\n{ANCHORS}\n- [ ] read [this](#nope) due:2026-03-12\n"
    write_journal(root, files)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    vcf = root / "cards.vcf"
    vcf.write_text(VCARD + ("" if unfiltered else ANCHOR_CARD), encoding="utf-8", newline="")
    imported = _journal_cmd(root, "import", "vcard", str(vcf))
    assert imported.returncode == 0, imported.stdout + imported.stderr


def _journal_cmd(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", args[0], "--root", str(root), *args[1:]],
        capture_output=True,
        text=True,
        check=False,
    )


class Links(HTMLParser):
    """Every URL-bearing attribute and every event handler of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []
        self.handlers: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction", "xlink:href", "data", "poster"):
                self.urls.append((tag, name, value or ""))
            if name.startswith("on"):
                self.handlers.append((tag, name))


def _scheme(url: str) -> str:
    """A URL's scheme as a browser reads it (tabs and newlines inside are dropped)."""
    return urlsplit(re.sub(r"[\t\n\r]", "", url).strip()).scheme.lower()


def _build(root: Path, visibility: str, unfiltered: bool) -> Path:
    """Build the hostile journal; ``unfiltered``: in this process, with the
    notes' Markdown filter switched off."""
    _journal(root, unfiltered)
    args = ["build", "--root", str(root), "--today", "2026-03-10", f"--{visibility}"]
    if not unfiltered:
        result = _journal_cmd(root, "build", *args[3:])
        assert result.returncode == 0, result.stdout + result.stderr
        return root / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(body, "_neutralize", lambda text: text)
        patch.setattr(body, "_RAW_HTML", re.compile(r"(?!x)x"))  # matches nothing: raw HTML goes through
        assert main(args) == 0
    gc.enable()  # the command turns the collector off for its short run
    return root / "site"


@pytest.fixture(scope="module", params=["full", "public", "full-unfiltered", "public-unfiltered"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    visibility, _, unfiltered = request.param.partition("-")
    return _build(tmp_path_factory.mktemp(f"hostile-{request.param}"), visibility, bool(unfiltered))


def test_every_link_on_every_page_is_web_mail_or_relative(built: Path) -> None:
    pages = list(built.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        bad = [(t, n, v) for t, n, v in parser.urls if _scheme(v) not in ("", "http", "https", "mailto")]
        assert bad == [], page
        assert parser.handlers == [], page
    index = (built / "search" / "search_index.json").read_text(encoding="utf-8").lower()
    assert 'href=\\"javascript' not in index and 'href="javascript' not in index


def test_the_forms_still_show_their_text_and_web_links_work(built: Path) -> None:
    for slug in _forms("unfiltered" in built.parent.name):
        html = (built / "people" / slug / "index.html").read_text(encoding="utf-8")
        parser = Links()
        parser.feed(html)
        hrefs = [v for t, n, v in parser.urls if t == "a"]
        assert "https://example.org/ok" in hrefs, slug
        assert "mailto:ana@example.org" in hrefs, slug


def test_the_imported_cards_show_their_notes_without_a_script_link(built: Path) -> None:
    if "public" in built.parent.name:  # imported people are not published
        assert not (built / "people" / "card-person").exists()
        return
    for slug, label in (("card-person", "nick"), ("card-quote", "nick2")):
        html = (built / "people" / slug / "index.html").read_text(encoding="utf-8")
        assert f"<a>{label}</a>" in html or f"[{label}]" in html, slug  # a link with no target, or text


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href=" JAVASCRIPT:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<img src="https://example.org/pixel.png" onerror="alert(1)">',
        '<p onclick="alert(1)">x</p>',
        "<script>alert(1)</script>",
        '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
        '<svg><rect fill="url(https://example.org/paint.svg#p)"/></svg>',
        '<span style="background: url(https://example.org/x.png); width: 5%">x</span>',
        '<iframe src="https://example.org"></iframe>',
        '<input type="text" autofocus onfocus="alert(1)">',
        '<form action="https://example.org"><button formaction="javascript:alert(1)">x</button></form>',
    ],
)
def test_the_sanitiser_removes_what_could_run_or_fetch(html: str) -> None:
    cleaned = clean_html(html)
    assert "alert" not in cleaned or "<script" not in cleaned
    parser = Links()
    parser.feed(cleaned)
    assert parser.handlers == []
    assert [v for _, _, v in parser.urls if _scheme(v) not in ("", "http", "https", "mailto")] == []
    for fetching in ("<img", "<iframe", "url(https", "<form", "<script"):
        assert fetching not in cleaned


def test_the_sanitiser_keeps_the_builders_own_markup() -> None:
    own = (
        '<p><a href="../people/ana/">Ana</a> <a href="https://example.org/">site</a></p>'
        '<span class="jr-bar" role="progressbar" aria-valuenow="40"><span class="jr-bar__fill" style="width:40%">'
        "</span></span>"
        '<ul class="task-list"><li class="task-list-item"><label class="task-list-control">'
        '<input type="checkbox" disabled="" checked=""><span class="task-list-indicator"></span></label> x</li></ul>'
        '<figure class="jr-chart" data-search-exclude=""><svg class="jr-calendar" role="img" aria-label="a" '
        'viewBox="0 0 10 10" width="10" height="10"><title>t</title><defs><pattern id="jr-grid-p" width="13" '
        'height="13" patternUnits="userSpaceOnUse"><rect class="jr-l0" width="11" height="11" rx="2"></rect>'
        '</pattern></defs><rect width="10" height="10" fill="url(#jr-grid-p)"></rect>'
        '<text class="jr-axis" x="4" y="72" text-anchor="end">May</text></svg><figcaption>c</figcaption></figure>'
        '<h2 id="notes">Notes<a class="headerlink" href="#notes" title="Permanent link">¶</a></h2>'
        '<div class="admonition note"><p class="admonition-title">Note</p></div>'
        '<p>24 Nov 2026<time class="jr-ago" datetime="2026-11-24"></time></p>'
    )
    assert clean_html(own) == own


@pytest.mark.parametrize(
    "html",
    [
        '<time datetime="javascript:alert(1)">x</time>',
        '<time datetime="2026-11-24" onmouseover="alert(1)" style="color: red">x</time>',
        '<time datetime="2026-11-24T10:00:00Z">x</time>',
        '<time datetime="2026-11-24\n">x</time>',
        '<time datetime="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">x</time>',
        '<time datetime="\u0662\u0660\u0662\u0666-\u0661\u0661-\u0662\u0664">x</time>',  # Arabic-Indic digits
        '<time datetime="2026-11-24"><script>alert(1)</script><img src="https://example.org/x.png"></time>',
    ],
)
def test_a_time_keeps_only_a_day_for_its_datetime(html: str) -> None:
    """The browser fills an entry page's <time> from its datetime: a day, or no datetime at all."""
    cleaned = clean_html(html)
    assert cleaned.startswith("<time") and cleaned.endswith("</time>")
    kept = re.findall(r'(\w[\w-]*)="([^"]*)"', cleaned)
    assert all(name == "datetime" and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) for name, value in kept), kept
    assert "<script" not in cleaned and "<img" not in cleaned and "alert(1)</" not in cleaned


@pytest.mark.parametrize("unfiltered", [False, True], ids=["filtered", "unfiltered"])
def test_no_dialog_on_load_or_click(tmp_path_factory: pytest.TempPathFactory, browser: Any, unfiltered: bool) -> None:
    site = _build(tmp_path_factory.mktemp("hostile-browser"), "full", unfiltered)
    dialogs: list[str] = []
    clicked = 0
    with serve_folder(site) as base:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for slug in [*_forms(unfiltered), "card-person", "card-quote"]:
            url = f"{base}people/{slug}/"
            page.goto(url, wait_until="load")
            links = page.locator("article a:not(.headerlink)")
            for i in range(links.count()):
                href = links.nth(i).get_attribute("href") or ""
                if _scheme(href) in ("http", "https", "mailto"):
                    continue  # leaves the site, and its scheme is safe
                try:
                    links.nth(i).click(no_wait_after=True, timeout=2000)
                except Exception:  # covered or too small to click (an SVG link): click it from script
                    links.nth(i).dispatch_event("click")
                clicked += 1
                page.wait_for_timeout(50)
                if page.url.split("#")[0] != url:
                    page.goto(url, wait_until="load")
        page.close()
    assert dialogs == []
    if unfiltered:  # the links the forms made were there to click (filtered, they show as text)
        assert clicked >= 10
