"""What Python-Markdown costs on the journal's pages, against plain pages.

    python benchmarks/markdown_cost.py DOCS [--pages 3000] [--profile]

``DOCS`` is a generated docs folder (``build/docs`` after ``journal build``).
A sample of its pages, and as many plain pages of the same average size
(``benchmarks.run.plain_site``), are converted with the Markdown extensions
of this repository's ``mkdocs.yml``; the times are printed, and with
``--profile`` the functions that cost most on the journal's pages.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

import markdown  # type: ignore[import-untyped]

REPO = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(REPO))

from benchmarks.run import plain_site  # noqa: E402

EXTENSIONS = ["tables", "attr_list", "admonition", "toc", "pymdownx.tasklist"]
CONFIGS = {"toc": {"permalink": True}, "pymdownx.tasklist": {"custom_checkbox": True}}


def bodies(folder: Path, count: int) -> list[str]:
    """``count`` pages of ``folder`` (a fixed sample), without front matter."""
    pages = sorted(folder.rglob("*.md"))
    sample = random.Random(1).sample(pages, min(count, len(pages)))
    return [p.read_text(encoding="utf-8").split("---\n", 2)[-1] for p in sample]


def convert(texts: list[str]) -> float:
    """Seconds to convert ``texts``, one Markdown instance reset between pages (as MkDocs does per page)."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    start = time.perf_counter()
    for text in texts:
        md.reset()
        md.convert(text)
    return time.perf_counter() - start


def main() -> None:
    """Print the time per page for the journal's pages and for plain ones."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("docs", type=Path)
    ap.add_argument("--pages", type=int, default=3000)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    journal = bodies(args.docs, args.pages)
    size = sum(len(t.encode("utf-8")) for t in journal) // max(1, len(journal))
    with tempfile.TemporaryDirectory() as tmp:
        plain = bodies(plain_site(Path(tmp) / "j", len(journal), size) / "docs" / "pages", len(journal))
    ours, theirs = convert(journal), convert(plain)
    print(f"{len(journal)} pages of about {size} bytes")
    print(f"journal pages: {ours:.2f} s ({ours / len(journal) * 1000:.2f} ms a page)")
    print(f"plain pages:   {theirs:.2f} s ({theirs / len(plain) * 1000:.2f} ms a page)")
    print(f"ratio: {ours / theirs:.2f}")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(convert, journal)
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
