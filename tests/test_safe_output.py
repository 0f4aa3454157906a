"""Whatever a journal contains, the built site shows it as text: no markup,
no script, no link to anything but web and mail addresses."""

from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builder.check import check
from tests.conftest import REPO, write_journal

NAME = "<img src=x onerror=alert('XSS1')>"
ROLE = "<script>alert('XSS2')</script>"
ORG = "[click](javascript:alert('XSS3'))"
TITLE = "| a | b | *c* [d] <i>e</i>"
TOPIC = "<b onmouseover=alert('XSS4')>t</b>"
NOTE = "<svg onload=alert('XSS10')>"

FILES = {
    "contacts/x.md": (
        f'---\nname: "{NAME}"\nrole: "{ROLE}"\norganization: "{ORG}"\ntopics: ["{TOPIC}"]\npublic: true\n'
        f'log:\n  - {{date: 2026-03-01, channel: email, note: "{NOTE}"}}\n---\n'
        "[x](javascript:alert('XSS5')) and <a href=\"javascript:alert('XSS6')\">y</a>\n\n"
        "![i](javascript:alert('XSS7')) ![remote](https://example.org/pixel.png)\n\n"
        "Text {: onclick=\"alert('XSS8')\" }\n\n"
        "[r][ref] and [w](https://example.org/ok) <https://example.org/auto>\n\n"
        "[ref]: javascript:alert('XSS9')\n\n"
        "[e](&#106;avascript:alert('XSS11')) [d](data:text/html,XSS12) [v](VBScript:XSS13)\n"
    ),
    "events/e.md": f'---\ntitle: "{TITLE}"\nstart: 2026-03-01\nstatus: attended\npeople: [x]\npublic: true\n---\n',
    "reflections/r.md": "---\ndate: 2026-03-02\ntitle: \"<iframe src=javascript:alert('XSS14')>\"\npeople: [x]\n---\n[[x]]\n",
}


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Collector]:
    root = tmp_path_factory.mktemp("journal")
    write_journal(root, FILES)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "builder",
            "build",
            "--root",
            str(root),
            "--today",
            "2026-03-10",
            "--site-dir",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pages = {}
    for path in out.rglob("*.html"):
        parser = Collector()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[str(path.relative_to(out))] = parser
    return pages


def test_no_markup_or_script_came_from_the_journal(site: dict[str, Collector]) -> None:
    for page, parsed in site.items():
        for tag, attrs in parsed.tags:
            for name, value in attrs:
                assert not name.startswith("on"), (page, tag, name)
                assert "XSS" not in (value or ""), (page, tag, name, value)
                if name in ("href", "src", "action", "formaction", "data"):
                    scheme = (value or "").strip().lower()
                    assert not scheme.startswith(("javascript:", "data:", "vbscript:")), (page, tag, value)
            assert tag not in ("iframe", "svg", "object", "embed") or "XSS" not in str(attrs), page
        assert not [s for s in parsed.scripts if "XSS" in s], page
        # no image at all from the journal: nothing is fetched from another host
        assert not [a for t, a in parsed.tags if t == "img" and "example.org" in str(a)], page


def test_everything_shows_as_typed(site: dict[str, Collector]) -> None:
    person = " ".join(site["people/x/index.html"].text)
    for typed in (NAME, ROLE, ORG, NOTE, "[x](javascript:alert('XSS5'))", "{: onclick=\"alert('XSS8')\" }"):
        assert typed in person, typed
    event = " ".join(site["events/e/index.html"].text)
    assert TITLE in event
    topics = " ".join(site["topics/index.html"].text)
    assert TOPIC in topics


def test_web_links_still_work(site: dict[str, Collector]) -> None:
    hrefs = [v for t, a in site["people/x/index.html"].tags if t == "a" for n, v in a if n == "href"]
    assert "https://example.org/ok" in hrefs and "https://example.org/auto" in hrefs
    assert "https://example.org/pixel.png" in hrefs  # the image became a link


def test_tables_keep_their_columns(site: dict[str, Collector]) -> None:
    rows = site["events/index.html"].tags
    cells_per_row: list[int] = []
    for tag, _ in rows:
        if tag == "tr":
            cells_per_row.append(0)
        elif tag in ("td", "th") and cells_per_row:
            cells_per_row[-1] += 1
    assert cells_per_row and set(cells_per_row) == {5}


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc/passwd"])
def test_unsafe_addresses_are_errors(tmp_path: Path, url: str) -> None:
    write_journal(
        tmp_path,
        {
            "events/e.md": f"---\ntitle: E\nurl: '{url}'\n---\n",
            "contacts/c.md": f"---\nname: C\nlinks: {{website: '{url}', github: '{url}'}}\n---\n",
            "organizations/o.md": f"---\nname: O\nwebsite: '{url}'\n---\n",
            "sources.yml": f"- {{name: S, url: '{url}'}}\n",
        },
    )
    errors = [d for d in check(tmp_path)[1] if d.severity.value == "error"]
    assert len(errors) == 5 and all("a link must start with" in d.message for d in errors)
