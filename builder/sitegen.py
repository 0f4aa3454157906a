"""The site generator adapter: the only module that knows MkDocs exists.

It reads the few settings the builder needs from ``mkdocs.yml`` (without
running anything in it) and runs MkDocs as a separate program.  The builder
uses no MkDocs plugin or hook, so another generator that reads the same
``mkdocs.yml`` and Markdown (Zensical) can take its place here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from builder.diagnostics import Diagnostic, Loc, error
from builder.yamlnodes import MappingNode, ScalarNode, compose

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """What the builder takes from ``mkdocs.yml``."""

    config_file: Path
    docs_dir: Path
    site_dir: Path
    language: str
    public: bool  # extra.journal.public: build the public view by default


def _scalar(node: MappingNode, key: str) -> tuple[str | None, Loc | None]:
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key:
            mark = v.start_mark
            loc = Loc(CONFIG_FILE, mark.line + 1, mark.column + 1)
            return (v.value if isinstance(v, ScalarNode) else None), loc
    return None, None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def read_config(root: Path) -> tuple[SiteConfig | None, list[Diagnostic]]:
    """The builder's settings from ``root/mkdocs.yml``, or why they cannot be used."""
    path = root / CONFIG_FILE
    where = Loc(CONFIG_FILE, 1, 1)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [error(where, "no mkdocs.yml: the site needs one (journal init writes it)")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [error(where, f"cannot read mkdocs.yml: {exc}")]
    node, diagnostics = compose(text, CONFIG_FILE)
    if diagnostics:
        return None, diagnostics
    if not isinstance(node, MappingNode):
        return None, [error(where, "mkdocs.yml must be a mapping of settings")]
    docs, docs_loc = _scalar(node, "docs_dir")
    site, _ = _scalar(node, "site_dir")
    language = "en"
    public = False
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == "theme" and isinstance(v, MappingNode):
            found, _ = _scalar(v, "language")
            language = found or language
        if isinstance(k, ScalarNode) and k.value == "extra" and isinstance(v, MappingNode):
            for k2, v2 in v.value:
                if isinstance(k2, ScalarNode) and k2.value == "journal" and isinstance(v2, MappingNode):
                    flag, flag_loc = _scalar(v2, "public")
                    if flag is not None and flag not in ("true", "false"):
                        return None, [error(flag_loc or where, "extra.journal.public must be true or false")]
                    public = flag == "true"
    resolved_root = root.resolve()
    docs_dir = (root / (docs or "docs")).resolve()
    site_dir = (root / (site or "site")).resolve()
    loc = docs_loc or where
    if _inside(resolved_root / "journal", docs_dir) or _inside(docs_dir, resolved_root / "journal"):
        return None, [error(loc, "docs_dir must not be inside journal/: the builder rewrites that folder")]
    if docs_dir == resolved_root or not _inside(docs_dir, resolved_root):
        return None, [error(loc, "docs_dir must be a folder inside the repository, such as build/docs")]
    return SiteConfig(path, docs_dir, site_dir, language, public), []


def reproducible_env(today: date) -> dict[str, str]:
    """The environment for the generator: ``SOURCE_DATE_EPOCH`` pins the dates
    it writes (sitemap, archives) to ``today``, so builds are byte-identical.
    """
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(int(datetime(today.year, today.month, today.day, tzinfo=UTC).timestamp()))
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about its successor, on every run
    return env


def mkdocs_build(config: SiteConfig, today: date, site_dir: Path | None = None) -> int:
    """Run ``mkdocs build --strict`` into a fresh folder, then swap it in.

    The previous site stays in place until the new one is complete; when
    MkDocs fails, it is left untouched.
    """
    target = (site_dir or config.site_dir).resolve()
    staging = target.with_name(f".{target.name}.building")
    old = target.with_name(f".{target.name}.old")
    for leftover in (staging, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(config.config_file),
        "--site-dir",
        str(staging),
    ]
    result = subprocess.run(command, env=reproducible_env(today), check=False)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        return result.returncode
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return 0


def mkdocs_serve(config: SiteConfig, today: date, dev_addr: str | None, dirty: bool = False) -> subprocess.Popen[bytes]:
    """Start ``mkdocs serve`` (it rebuilds when the generated folder changes;
    with ``dirty``, only the pages whose files changed)."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(config.config_file)]
    if dirty:
        command.append("--dirty")
    if dev_addr:
        command += ["--dev-addr", dev_addr]
    return subprocess.Popen(command, env=reproducible_env(today))
