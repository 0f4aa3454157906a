"""The figures of a journal are computed once per build or refresh, and every
view reads that one value (``builder.compute.figures``)."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from builder import build
from builder.build import generate
from builder.check import check
from builder.compute import figures as figures_module
from builder.live import Live
from builder.render import context
from builder.render.context import RenderOptions
from builder.sitegen import read_config
from tests.conftest import REPO

TODAY = date(2026, 11, 27)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "journal", tmp_path / "journal")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times the figures, and the activity under them, are computed."""
    counted: Counter[str] = Counter()

    def counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(build, "compute_figures", counting("figures", figures_module.compute_figures))
    monkeypatch.setattr(figures_module, "analyze", counting("analyze", figures_module.analyze))
    return counted


@pytest.mark.parametrize("public", [False, True], ids=["full", "public"])
def test_a_build_computes_the_figures_once(root: Path, calls: Counter[str], public: bool) -> None:
    config, _ = read_config(root)
    assert config is not None
    journal, diagnostics = check(root)
    result = generate(journal, diagnostics, config, TODAY, RenderOptions(public=public))
    assert result.ok
    # one value; a public build analyses its public view and, for the goals, the whole journal
    assert calls == {"figures": 1, "analyze": 2 if public else 1}


def test_a_full_refresh_in_serve_computes_the_figures_once(root: Path, calls: Counter[str]) -> None:
    config, _ = read_config(root)
    assert config is not None
    live = Live(root, config, TODAY, RenderOptions())
    assert live.full().ok
    assert calls["figures"] == 1  # was 2: the pages' context, then Live's own
    calls.clear()
    siti = root / "journal" / "contacts" / "siti-rahayu.md"
    siti.write_text(siti.read_text(encoding="utf-8").replace("role:", "role: Lead,", 1), encoding="utf-8")
    assert live.refresh() is not None
    assert calls["figures"] == 1  # an edit: once more, for the whole journal as it now is


def test_the_commands_print_what_the_site_shows(root: Path) -> None:
    """journal followups and journal goals read the same value the pages do."""
    journal, _ = check(root)
    figures = figures_module.compute_figures(journal, TODAY)
    site = context.Site(figures, RenderOptions())
    assert site.followups is figures.followups and site.reports is figures.reports
