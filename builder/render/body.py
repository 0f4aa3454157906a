"""The owner's Markdown notes, made ready for a generated page.

The body stays Markdown (it is the owner's writing) with these changes:
``[[slug]]`` becomes a link to that entry's page; headings move one level
down, under the page's own title; raw HTML is shown as text, not run (an
imported note can hold anything), and so are links to anything but web and
mail addresses, reference definitions anywhere but at the start of a line,
images (nothing is fetched from other hosts) and attribute lists; and
``due:2026-12-01`` in a task reads
"(due 2026-12-01)"; and a list that starts right under a line of text gets
the blank line Python-Markdown needs to see it as a list (so ``- [ ]`` tasks
become checkboxes as they would on GitHub).  Code, inline or fenced, is left
exactly as written.

A new entry's notes start as a prompt (``journal new``'s templates, the
examples ``journal init`` writes): a paragraph of them that nobody edited,
and a template heading with nothing written under it, are not notes, and
are left out (``without_prompts``).

This is about *showing* notes as typed, and it is a filter of Markdown text,
which cannot foresee everything Markdown does: what makes the site safe is
the sanitiser that every page's HTML passes (``builder.sanitize``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup

from builder.markdown import CODE_SPAN, WIKILINK
from builder.render.filters import md, relative

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^( {0,3})(#{1,5})(?=\s|$)")
_RAW_HTML = re.compile(r"<(?!(?:https?|mailto):[^>\s]*>)")
_IMAGE = re.compile(r"!\[")
_LINK_DEST = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s)]*)")
_REFERENCE = re.compile(r"^( {0,3})\[([^\]\n]+)\]:\s*(<[^>\n]*>|\S+)")
# The end of a definition's label; never after a "]" (``[[slug]]: ...`` is a link and a colon).
_DEFINITION_END = re.compile(r"(?<!\])\]:")
# Web and mail addresses only: an anchor (``#part``) is checked by MkDocs against
# the generated page, where a note cannot know what exists, and a missing one
# would fail the strict build.
_SAFE_DEST = re.compile(r"(?i)^(?:https?://|mailto:)")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])\s")
_TASK_DUE = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)])\s+\[[ xX]\]\s.*?)(?:^|\s)due:(\d{4}-\d{2}-\d{2})\b")

# The prompts written into new entries' notes: by ``journal new``
# (``builder.edit.authoring.BODIES``) and in ``journal init``'s examples
# (``builder.scaffold``), as paragraphs with their spacing collapsed.  A test
# checks that every one of theirs is here.
PROMPTS = frozenset(
    {
        "Who they are, what you have in common, what they care about.",
        "What they do, who works there, how they hire, what you would ask them.",
        "Why you go, who you hope to meet, the questions you want to ask.",
        "Notes about this person: common ground, what they care about, what you learned.",
        "The agenda, and who you want to meet there. An example: delete it (and the other example files) "
        "once you have entries of your own; the plan does not depend on them.",
    }
)
# Headings of the reflection template: left out while nothing is written under them.
PROMPT_HEADINGS = frozenset({"What I learned", "Questions I asked", "Next steps"})
# Whether a body may hold a prompt at all (most do not: they are left as they are).
_PROMPT_HINT = re.compile(
    "|".join(re.escape(" ".join(p.split()[:4])) for p in sorted(PROMPTS))
    + "|^ {0,3}#{1,6}[ \t]+(?:"
    + "|".join(re.escape(h) for h in sorted(PROMPT_HEADINGS))
    + ")",
    re.MULTILINE,
)
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")

# (slug) -> (title, docs path of its page), or None for an unknown slug
Resolver = Callable[[str], "tuple[str, str] | None"]


def _safe(dest: str) -> bool:
    return bool(_SAFE_DEST.match(dest.strip("<>")))


def _neutralize(text: str) -> str:
    """Keep Markdown from making anything but web and mail links: images
    become links (no request leaves the site), a link to any other scheme
    (``javascript:``, ``data:``...) stays text, and ``{...}`` cannot add HTML
    attributes (the attr_list extension).
    """
    text = _IMAGE.sub("&#33;[", text)
    text = _LINK_DEST.sub(lambda m: m.group(0) if _safe(m.group(1)) else "]&#40;" + m.group(0)[2:], text)
    # A reference definition needs a literal "]:".  Only one at the start of a
    # line, to a web or mail address, stays a definition; every other "]:"
    # (in a quote, a list, an admonition, after a bare carriage return...)
    # shows as typed.
    definition = _REFERENCE.match(text)
    keep = definition.end() if definition is not None and _safe(definition.group(3)) else 0
    text = text[:keep] + _DEFINITION_END.sub("]&#58;", text[keep:])
    return text.replace("{", "&#123;")


def _inline(text: str, page: str, resolve: Resolver, missing: str) -> str:
    """Links and HTML escaping for text outside code spans."""

    def wikilink(m: re.Match[str]) -> str:
        target = resolve(m.group(1).strip())
        label = (m.group(2) or "").strip()
        if target is None:  # only in a public build: the entry is not published
            return str(md(label or missing))
        title, path = target
        return f"[{md(label or title)}]({relative(path, page)})"

    text = _neutralize(_RAW_HTML.sub("&lt;", text))
    return WIKILINK.sub(wikilink, text)


def without_prompts(body: str) -> str:
    """``body`` without the prompts its template wrote that nobody edited: a
    paragraph that is one of ``PROMPTS`` (spacing aside), and a heading of
    ``PROMPT_HEADINGS`` with nothing under it before the next heading of its
    level or above.  Code blocks are never touched; the rest stays as typed.
    A body that was only prompts becomes ``""``."""
    if not _PROMPT_HINT.search(body):
        return body
    lines = body.split("\n")
    keep = [True] * len(lines)
    headings: list[tuple[int, int, str]] = []  # (line, level, text) outside code
    paragraph: list[int] = []

    def end_paragraph() -> None:
        if paragraph and " ".join(" ".join(lines[i] for i in paragraph).split()) in PROMPTS:
            for i in paragraph:
                keep[i] = False
        paragraph.clear()

    fence: str | None = None
    for i, line in enumerate(lines):
        text = line.rstrip("\r")
        match = _FENCE.match(text)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            end_paragraph()
            fence = match.group(1)
            continue
        heading = _ATX.match(text)
        if heading or not text.strip():
            end_paragraph()
            if heading:
                headings.append((i, len(heading.group(1)), (heading.group(2) or "").strip()))
            continue
        paragraph.append(i)
    end_paragraph()
    # Last heading first: a template heading whose only content was an empty
    # template heading is empty too.
    for n in range(len(headings) - 1, -1, -1):
        at, level, title = headings[n]
        if title not in PROMPT_HEADINGS:
            continue
        end = next((h[0] for h in headings[n + 1 :] if h[1] <= level), len(lines))
        if not any(keep[i] and lines[i].strip() for i in range(at + 1, end)):
            keep[at] = False
    kept = "\n".join(line for i, line in enumerate(lines) if keep[i])
    return kept if kept.strip() else ""


def render_body(
    body: str,
    page: str,
    resolve: Resolver,
    missing: str = "(not published)",
    due: Callable[[str], str] = lambda day: f"(due {day})",
) -> Markup:
    """The body of an entry as Markdown for the page at ``page``, without
    the template's prompts nobody edited (``without_prompts``)."""
    body = without_prompts(body)
    if "\n" not in body and not _MAY_CHANGE.search(body):
        return Markup(body.rstrip())  # one plain line (most task texts): nothing to do
    return _render_lines(body, page, resolve, missing, due)


# Anything a rule of _render_lines acts on in a single line.
_MAY_CHANGE = re.compile(r"[`~#<\[\]{}!\r]|due:")


def _render_lines(body: str, page: str, resolve: Resolver, missing: str, due: Callable[[str], str]) -> Markup:
    out: list[str] = []
    fence: str | None = None
    in_list = False
    for line in body.rstrip().split("\n"):
        line = line.rstrip("\r")
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if match:
            fence = match.group(1)
            out.append(line)
            continue
        if not line.strip():
            in_list = False
        elif _LIST_ITEM.match(line):
            if not in_list and out and out[-1].strip():
                out.append("")
            in_list = True
        line = _HEADING.sub(lambda m: m.group(1) + m.group(2) + "#", line)
        line = _TASK_DUE.sub(lambda m: f"{m.group(1)} {due(m.group(2))}", line)
        pieces, last = [], 0
        for span in CODE_SPAN.finditer(line):
            pieces.append(_inline(line[last : span.start()], page, resolve, missing))
            pieces.append(span.group(0))
            last = span.end()
        pieces.append(_inline(line[last:], page, resolve, missing))
        out.append("".join(pieces))
    if fence is not None:
        out.append(fence)  # close an unclosed fence so it cannot swallow the rest of the page
    return Markup("\n".join(out).strip("\n"))
