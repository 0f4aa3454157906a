"""What an entry's front matter says, read fast: the few keys the history
compares (a contact's organisation, role and log; an event's status) from
every version of every file, with a regular-expression reader for the
simple YAML nearly every file is, and the real parser for the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.load import decode
from builder.markdown import split_front_matter
from builder.yamlnodes import STR_TAG, MappingNode, Node, ScalarNode, SequenceNode, compose, is_plain

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(frozen=True, slots=True)
class EntryFacts:
    """The few values of one version of an entry that history compares."""

    organization: str | None
    role: str | None
    status: str | None
    log: int  # number of log items


# A fast reader for front matter written in the plain style that people and
# the journal's own commands write: one key per line, values on one line
# (plain, quoted, or a one-line flow list or mapping), nested blocks of such
# lines, block scalars (|, >) anywhere but in the keys it reads.  The first
# commit of a journal adds thousands of entries, and composing each one's YAML
# costs about three times as much.  A document is read this way only if every
# line has one of those shapes; anything else (a value spanning lines,
# anchors, tags, escapes, tabs, CR line ends) goes to the YAML composer.  On
# valid YAML the two always agree (tests compare them on generated
# documents); a document broken deep inside a nested block may still be read
# by the fast reader, where YAML would refuse it.
_NOT_SIMPLE = re.compile(r"[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_SQ = r"'[^'\n]*+(?:''[^'\n]*+)*+'"
_DQ = r'"[^"\\\n]*+"'
_FIRST = r"""(?:[^\s\-?:,\[\]{}#&*!|>'"%@`]|[-?:](?=[^\s,\[\]{}]))"""
_PLAIN = _FIRST + r"[^\n:#]*+(?:(?::(?=\S)|(?<=\S)#)[^\n:#]*+)*+"
_FPLAIN = _FIRST + r"[^\n:#,\[\]{}]*+(?:(?::(?=[^\s,\[\]{}])|(?<=\S)#)[^\n:#,\[\]{}]*+)*+"
_FS = rf"(?:{_SQ}|{_DQ}|{_FPLAIN})"


def _flow(item: str) -> str:
    """One-line flow mapping and sequence patterns whose values are ``item``."""
    pair = rf"{_FS} *:(?: +{item})?"
    mapping = rf"\{{ *(?:{pair}(?: *, *{pair})*+ *,?)? *\}}"
    sequence = rf"\[ *(?:{item}(?: *, *{item})*+ *,?)? *\]"
    return rf"(?:{mapping}|{sequence})"


_FLOW = _flow(rf"(?:{_FS}|{_flow(_FS)})")
_VALUE = rf"(?:{_SQ}|{_DQ}|{_FLOW}|{_PLAIN})"
_END = r"[ \t]*(?:(?<=[ \t])#[^\n]*)?\n"  # the end of a line: spaces, a comment
_BLANK = r"[ \t]*(?:#[^\n]*)?\n"
_BLOCK_HEAD = rf"[|>](?:[-+][1-9]?|[1-9][-+]?)?{_END}"  # a block scalar; its lines follow, indented
_INDENTED = (
    rf"(?P<indent> +)(?:- +)*+"
    rf"(?:{_KEY} *:(?: +(?:{_VALUE}{_END}|{_BLOCK_HEAD}(?:[ \t]*\n|(?P=indent) [^\n]*\n)*+)|{_END})"
    rf"|{_BLOCK_HEAD}(?:[ \t]*\n|(?P=indent) [^\n]*\n)*+"
    rf"|(?:{_VALUE}|-)?{_END})"
)
_TOP = (
    rf"{_KEY} *:(?: +(?:{_VALUE}{_END}|{_BLOCK_HEAD}(?:[ \t]*\n| [^\n]*\n)*+)"
    # A nested block: no line of it may be less indented than its first.
    rf"|{_END}(?:{_BLANK})*+(?:(?=(?P<lead> +)[^ \t\n#])(?:{_BLANK}|(?=(?P=lead)){_INDENTED})*+)?)"
)
_SIMPLE_DOC = re.compile(rf"(?:{_BLANK}|{_TOP})*+")
_VALUE_TEXT = re.compile(rf" *(?:(?P<sq>{_SQ})|(?P<dq>{_DQ})|(?P<flow>{_FLOW})|(?P<plain>{_PLAIN}))?{_END}")
_KEY_LINE = re.compile(rf"({_KEY}) *:([^\n]*\n)")
_NEXT_TOP = re.compile(r"\n[^ \t\n#]")  # the start of the next top-level key
_FIRST_CONTENT = re.compile(r"\n( *)[^ \t\n#]")
_ITEM_BLOCKS: dict[int, re.Pattern[str]] = {}
_KEYS = {"contacts": ("organization", "role", "log"), "events": ("status",)}


def _item_block(indent: int) -> re.Pattern[str]:
    """Lines (each after its newline) of a block list whose items start at ``indent``."""
    found = _ITEM_BLOCKS.get(indent)
    if found is None:
        lead = " " * indent
        found = re.compile(rf"(?:\n(?:{lead}-(?: [^\n]*)?|{lead} [^\n]*|[ \t]*(?:#[^\n]*)?))*")
        _ITEM_BLOCKS[indent] = found
    return found


def _fast_facts(text: str, kind: str) -> EntryFacts | None:
    """The facts of simple front matter; ``None`` when the text is not simple
    enough to be sure (the caller then composes it).
    """
    if _NOT_SIMPLE.search(text):
        return None
    text = "\n" + text if text.endswith("\n") else "\n" + text + "\n"
    if not _SIMPLE_DOC.fullmatch(text, 1):
        return None
    scalars: dict[str, str | None] = {}
    log = 0
    for key in _KEYS[kind]:
        match = None
        at = text.find("\n" + key)
        while at >= 0:
            match = _KEY_LINE.match(text, at + 1)
            if match is not None and match.group(1) == key:
                break  # the first of duplicate keys counts, as when loading
            match = None
            at = text.find("\n" + key, at + 1)
        if match is None:
            continue  # absent
        value = _VALUE_TEXT.fullmatch(match.group(2))
        if value is None:
            return None  # a block scalar: let YAML read it
        if value.group("flow") is not None:
            if key != "log":
                scalars[key] = None  # a list or mapping is not a valid value
            elif value.group("flow").replace(" ", "") not in ("[]", "{}"):
                return None  # a one-line flow list of items: rare, let YAML count
            continue
        if value.lastgroup is not None:
            if key != "log":
                scalars[key] = _scalar_text(value)
            continue
        # Nothing on the key's line: the value is the indented block below,
        # taken with the newline before each of its lines.
        start = match.end() - 1
        stop = _NEXT_TOP.search(text, start)
        block = text[start : stop.start() if stop else len(text) - 1]
        first = _FIRST_CONTENT.search(block)
        if first is None:
            continue  # null
        if key != "log":
            return None  # a multi-line scalar or a nested value: let YAML decide
        lead = first.group(1)
        if not _item_block(len(lead)).fullmatch(block):
            return None  # not a plain list of items: let YAML decide
        log = block.count("\n" + lead + "-")
    return EntryFacts(scalars.get("organization"), scalars.get("role"), scalars.get("status"), log)


def _scalar_text(value: re.Match[str]) -> str | None:
    """The text of a one-line scalar as YAML reads it (``None`` for null)."""
    if value.group("sq") is not None:
        return value.group("sq")[1:-1].replace("''", "'")
    if value.group("dq") is not None:
        return value.group("dq")[1:-1]
    plain = value.group("plain").rstrip(" \t")
    return None if plain in _NULLS else plain


def scalar_node(node: Node | None) -> str | None:
    """The text of a scalar node, ``None`` for null, a list or a mapping."""
    if not isinstance(node, ScalarNode) or node.tag != STR_TAG:
        return None
    if is_plain(node) and node.value in _NULLS:
        return None
    return str(node.value)


def top_level(text: str) -> dict[str, Node] | None:
    """The top-level keys of a YAML text (the first of duplicates), or
    ``None`` when it is not a readable mapping.
    """
    node, diagnostics = compose(text, "history", 1)
    if diagnostics:
        return None
    if node is None:
        return {}
    if not isinstance(node, MappingNode):
        return None
    out: dict[str, Node] = {}
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.tag == STR_TAG and key.value not in out:
            out[key.value] = value
    return out


def _slow_facts(text: str, kind: str) -> EntryFacts | None:
    """The facts of any front matter, through the YAML composer."""
    keys = top_level(text)
    if keys is None:
        return None
    if kind == "events":
        return EntryFacts(None, None, scalar_node(keys.get("status")), 0)
    log = keys.get("log")
    return EntryFacts(
        organization=scalar_node(keys.get("organization")),
        role=scalar_node(keys.get("role")),
        status=None,
        log=len(log.value) if isinstance(log, SequenceNode) else 0,
    )


_NOT_ATTENDED = EntryFacts(None, None, None, 0)


def entry_facts(data: bytes, kind: str) -> EntryFacts | None:
    """What history compares in one version of an entry file of ``kind``
    (contacts or events); ``None`` when that version cannot be read (not
    UTF-8, no front matter, broken YAML).

    Of an event only one thing matters, whether it was attended: a version
    that does not contain the word (in any case, with no escape that could
    spell it) is not parsed at all, and counts as not attended.
    """
    if kind == "events" and b"attended" not in data.lower() and b"\\" not in data:
        return _NOT_ATTENDED
    text, _problems = decode(data, "history")
    if text is None:
        return None
    split, _problems = split_front_matter(text, "history")
    if split is None:
        return None
    facts = _fast_facts(split.yaml, kind)
    return facts if facts is not None else _slow_facts(split.yaml, kind)
