"""The adapter's shortcuts (``builder.sitepages``: one Markdown instance per
process, Material's navigation rendered once per set of links) give the site
MkDocs' own steps give, byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown.extensions.abbr import AbbrExtension

from builder import sitepages
from builder.cli import main
from tests.test_incremental_build import differences

TODAY = "2026-11-27"


def build(root: Path, site: Path, *args: str) -> None:
    code = main(["build", "--root", str(root), "--today", TODAY, "--no-cache", "--site-dir", str(site), *args])
    assert code == 0


@pytest.mark.parametrize("view", [(), ("--public",)], ids=["full", "public"])
def test_the_shortcuts_give_the_site_mkdocs_steps_give(
    example: Path, monkeypatch: pytest.MonkeyPatch, view: tuple[str, ...]
) -> None:
    taken = {"converted": 0, "navigations": 0}
    render, once = sitepages.Converter.render, sitepages.navigation_once

    def counting_render(self: sitepages.Converter, *args: object) -> None:
        taken["converted"] += self.reusable
        render(self, *args)

    def counting_once(env: object, nav: object, config: object) -> object:
        taken["navigations"] += sitepages._navigation_is_materials(env)
        return once(env, nav, config)

    monkeypatch.setattr(sitepages.Converter, "render", counting_render)
    monkeypatch.setattr("builder.sitegen.navigation_once", counting_once)
    build(example, example / "fast", *view)
    assert taken["converted"] >= 40 and taken["navigations"] >= 1  # the shortcuts were taken
    monkeypatch.setattr(sitepages, "RESETTABLE", frozenset())
    monkeypatch.setattr(sitepages, "_navigation_is_materials", lambda env: False)
    build(example, example / "plain", *view)
    assert differences(example / "fast", example / "plain") == []


@pytest.mark.parametrize(
    ("partial", "setting"),
    [("nav.html", ""), ("source.html", "repo_url: https://example.org/journal\n")],
    ids=["nav", "a partial the navigation includes"],
)
def test_an_overridden_navigation_is_rendered_for_each_page(example: Path, partial: str, setting: str) -> None:
    overrides = example / "overrides" / "partials"
    overrides.mkdir(parents=True)
    (overrides / partial).write_text('<span class="mine">{{ page.url }}</span>\n', encoding="utf-8")
    config = example / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1)
    config.write_text(setting + text, "utf-8")
    build(example, example / "site")
    pages = sorted((example / "site" / "people").glob("*/index.html"))
    assert len(pages) > 3
    for page in pages:
        shown = re.findall(r'<span class="mine">([^<]*)</span>', page.read_text(encoding="utf-8"))
        assert shown and set(shown) == {f"people/{page.parent.name}/"}  # wherever the page shows it


def test_an_extension_not_known_to_reset_gets_a_markdown_per_page() -> None:
    known = {"markdown_extensions": ["toc", "tables", "attr_list"], "mdx_configs": {}}
    assert sitepages.Converter(known).reusable
    for extension in ("footnotes", "pymdownx.snippets", AbbrExtension()):  # an instance: kept as it is
        config = {"markdown_extensions": ["toc", extension], "mdx_configs": {}}
        converter = sitepages.Converter(config)
        assert not converter.reusable
        assert converter._markdown() is not converter._markdown()
