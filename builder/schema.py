"""A typed schema for YAML nodes: each field says what it holds, and
conversion reports every mismatch with its position.

This is the one place that turns YAML text into Python values.  Conversion
never raises: a bad value is reported and left out (``MISSING``), so the rest
of the file is still read and checked.  Its position stays in ``locs`` as an
``Invalid`` location (``builder.invalid``), and a misspelt key (``strat`` for
``start``) leaves one for the key it stands for: the key was given, its
value is unknown, and rules that need it say nothing more.  The concrete
fields of each file kind are in ``builder.format``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from builder.diagnostics import Diagnostic, Loc, error, warning
from builder.invalid import mark_invalid
from builder.pickled import ByConstructor
from builder.suggest import did_you_mean, near_miss
from builder.values import control_name, describe_control, find_control, shown
from builder.yamlnodes import (
    MAP_TAG,
    SEQ_TAG,
    STR_TAG,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    is_plain,
)


class _Missing:
    """The value of a field that is absent or was invalid (and reported)."""

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


_new_loc = tuple.__new__  # skips NamedTuple's Python-level __new__ on the hot path


@dataclass(slots=True)
class Context:
    """Conversion state for one file: where we are and what went wrong."""

    path: str
    first_line: int
    diagnostics: list[Diagnostic]
    seen: set[int] = field(default_factory=set)

    def loc(self, node: Node) -> Loc:
        """Where ``node`` starts in the file (called for every value: kept lean)."""
        mark = node.start_mark
        return _new_loc(Loc, (self.path, mark.line + self.first_line, mark.column + 1))

    def error(self, node: Node, message: str) -> None:
        self.diagnostics.append(error(self.loc(node), message))

    def warning(self, node: Node, message: str) -> None:
        self.diagnostics.append(warning(self.loc(node), message))

    def char_loc(self, node: ScalarNode, index: int) -> Loc:
        r"""Where the first control character of a scalar's value, at
        ``index``, was written.

        Node marks say where a value starts and ends, not how each character
        was written.  In a double-quoted value on one line (``"Ana\rLima"``,
        the usual way to type a control character) the characters before it
        are printable, so they were written as themselves (``"`` and ``\``
        escaped) unless one was written as an escape such as ``\u00e9``:
        the value's length in the file tells.  Otherwise this is where the
        value starts.
        """
        start, end = node.start_mark, node.end_mark
        if node.style != '"' or start.line != end.line or "\t" in node.value[:index]:
            return self.loc(node)
        lengths = {0}  # the lengths the value may take in the file, without its quotes
        for ch in node.value:
            lengths = {n + w for n in lengths for w in _quoted_widths(ch)}
        if end.column - start.column - 2 not in lengths:
            return self.loc(node)
        before = sum(_quoted_widths(ch)[0] for ch in node.value[:index])
        return _new_loc(Loc, (self.path, start.line + self.first_line, start.column + 2 + before))

    def control(self, node: ScalarNode, index: int, what: str) -> None:
        """Report the control character at ``index`` of ``node``'s value, which is one line."""
        text = node.value
        ch = text[index]
        before = text[:index]
        where = f" after '{'…' + before[-20:] if len(before) > 20 else before}'" if before else " at its start"
        name = control_name(ch)
        message = f"{what} contains {describe_control(ch)}{where}: remove the {name}"
        if ch in _LINE_BREAKS:
            block = " (a '>-' block joins its lines with spaces)" if node.style in ("|", ">") else ""
            message += f"; {what} is one line{block}"
        self.diagnostics.append(error(self.char_loc(node, index), message))


# Characters that a double-quoted YAML scalar may write as a two-character
# escape (\r, \0, \e, \L...), and the line breaks among control characters.
_SHORT_ESCAPES = frozenset("\0\a\b\n\v\f\r\x1b\x85\u2028\u2029")
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")


def _quoted_widths(ch: str) -> tuple[int, ...]:
    r"""How many characters a double-quoted YAML scalar may take for ``ch``:
    a printable character as itself; a control character as an escape
    (``\r``, ``\x0d``, ``\u000d`` or ``\U0000000d``)."""
    if ch in '"\\':
        return (2,)
    if ch == "\t":
        return (1, 2)
    if find_control(ch) is None:
        return (1,)
    long = (4, 6, 10) if ch <= "\xff" else (6, 10)
    return (2, *long) if ch in _SHORT_ESCAPES else long


@dataclass(frozen=True, slots=True)
class Raw(ByConstructor):
    """A converted mapping: its values by key, where each value came from
    (dotted paths such as ``met.at`` or ``people.2``) and where it starts.
    """

    values: Mapping[str, Any]
    locs: Mapping[str, Loc]
    src: Loc

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key, MISSING)
        return default if value is MISSING else value


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"'{shown(node.value)}'" if node.value else "nothing"


def _label(path: str) -> str:
    """How a message names a value: ``'met.at'``, ``'topics'`` for an item of topics."""
    return "'" + ".".join(part for part in path.split(".") if not part.isdigit()) + "'"


_EXPECTED_TAG: Final = {ScalarNode: STR_TAG, SequenceNode: SEQ_TAG, MappingNode: MAP_TAG}


def _check_tag(node: Node, cx: Context) -> bool:
    """Refuse explicit tags (``!!python/object``) and aliases, at the node."""
    if node.tag != _EXPECTED_TAG[type(node)]:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        cx.error(node, f"YAML tags such as '{tag}' are not allowed; write the plain value")
        return False
    if id(node) in cx.seen:
        cx.error(node, "YAML anchors and aliases (&name, *name) are not allowed; repeat the value")
        return False
    cx.seen.add(id(node))
    return True


def is_null(node: Node) -> bool:
    """An empty value or ``null`` / ``~`` written plainly: the field is unset."""
    return isinstance(node, ScalarNode) and is_plain(node) and node.value in _NULLS and node.tag == STR_TAG


class Type:
    """What a field holds.  ``name`` is used in messages ("expected a date")."""

    name = "a value"

    def convert(self, node: Node, cx: Context, path: str, locs: dict[str, Loc]) -> Any:
        """The Python value of ``node``, or ``MISSING`` after reporting why not."""
        if not _check_tag(node, cx):
            return MISSING
        return self._convert(node, cx, path, locs)

    def _convert(self, node: Node, cx: Context, path: str, locs: dict[str, Loc]) -> Any:
        raise NotImplementedError


class Scalar(Type):
    """A scalar parsed from its text by ``parse`` (which raises ``ValueError``).

    Every scalar of the format is one line (bodies are where notes go): a
    control character in it, which a feed, an export or a page would take
    for a line break or worse, is reported at the character (``values.find_control``).
    """

    def __init__(self, name: str, parse: Callable[[str], Any] | None = None) -> None:
        self.name = name
        self.parse = parse

    def _convert(self, node: Node, cx: Context, path: str, locs: dict[str, Loc]) -> Any:
        if not isinstance(node, ScalarNode):
            cx.error(node, f"expected {self.name}, found {_describe(node)}")
            return MISSING
        text = node.value
        if not text.isprintable() and (bad := find_control(text)) is not None:  # isprintable: the cheap test first
            cx.control(node, bad, _label(path))
            return MISSING
        if self.parse is None:
            return text
        try:
            return self.parse(text)
        except ValueError as exc:
            cx.error(node, str(exc))
            return MISSING


class Text(Scalar):
    """Free text, kept exactly as written (``NO`` stays ``NO``)."""

    def __init__(self, name: str = "text") -> None:
        super().__init__(name)


class Bool(Scalar):
    """``true`` or ``false``; ``yes``/``no``/``on``/``off`` are refused, not guessed."""

    def __init__(self) -> None:
        super().__init__("true or false", self._parse)

    @staticmethod
    def _parse(text: str) -> bool:
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(f"expected true or false, found '{text}'")


class Int(Scalar):
    """A decimal whole number within ``[minimum, maximum]``."""

    def __init__(self, minimum: int = 0, maximum: int = 10**9) -> None:
        self.minimum, self.maximum = minimum, maximum
        super().__init__("a whole number", self._parse)

    def _parse(self, text: str) -> int:
        stripped = text.strip()
        if not stripped.lstrip("+-").isdigit() or not stripped.isascii():
            raise ValueError(f"expected a whole number, found '{text}'")
        value = int(stripped)
        if not self.minimum <= value <= self.maximum:
            raise ValueError(f"expected a number from {self.minimum} to {self.maximum}, found {value}")
        return value


class Enum(Scalar):
    """One of a fixed set of words."""

    def __init__(self, what: str, choices: tuple[str, ...]) -> None:
        self.what, self.choices = what, choices
        super().__init__(f"a {what}", self._parse)

    def _parse(self, text: str) -> str:
        if text in self.choices:
            return text
        if text.lower() in self.choices:
            return text.lower()
        raise ValueError(
            f"unknown {self.what} '{text}'{did_you_mean(text.lower(), self.choices)} "
            f"(expected one of: {', '.join(self.choices)})"
        )


class List(Type):
    """A YAML list of ``item``; invalid items are reported and left out."""

    def __init__(self, item: Type) -> None:
        self.item = item
        self.name = "a list"

    def _convert(self, node: Node, cx: Context, path: str, locs: dict[str, Loc]) -> Any:
        if not isinstance(node, SequenceNode):
            example = f" such as [{shown(node.value)}]" if isinstance(node, ScalarNode) and node.value else ""
            cx.error(node, f"expected a list{example}, found {_describe(node)}")
            return MISSING
        out = []
        for i, child in enumerate(node.value):
            sub = f"{path}.{i}"
            locs[sub] = cx.loc(child)
            if id(child) in cx.seen:
                cx.error(node, f"item {i + 1} is an alias (*name); YAML anchors and aliases are not allowed")
                value = MISSING
            elif is_null(child):
                cx.error(child, "empty list item")
                value = MISSING
            else:
                value = self.item.convert(child, cx, sub, locs)
            if value is MISSING:
                locs[sub] = mark_invalid(locs[sub])
            else:
                out.append(value)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a mapping: its type, whether it is required, its meaning."""

    type: Type
    doc: str
    required: bool = False


class Map(Type):
    """A mapping with known keys.

    An unknown key that is a near miss of a known one (``suggest.near_miss``)
    is an error, since the feature it names would silently be off; any other
    unknown key is a warning (custom keys are allowed).  With ``extra``,
    unknown keys are accepted and converted with that type instead.  A
    ``record`` mapping becomes a ``Raw`` with locations of its own (used for
    items of a list, such as a contact's log); otherwise its values join the
    parent's, under dotted keys.  ``extra_key`` checks the form of those
    other keys (it raises ``ValueError``), since they go where values go.
    """

    def __init__(
        self,
        what: str,
        fields: Mapping[str, Field],
        *,
        extra: Type | None = None,
        extra_key: Callable[[str], str] | None = None,
        record: bool = False,
    ) -> None:
        self.what, self.fields, self.extra, self.record = what, fields, extra, record
        self.extra_key = extra_key
        self.name = "a mapping"

    def _convert(self, node: Node, cx: Context, path: str, locs: dict[str, Loc]) -> Any:
        if not isinstance(node, MappingNode):
            hint = _no_space_hint(node, self.fields)
            cx.error(node, f"expected {self.what} (a mapping of keys to values), found {_describe(node)}{hint}")
            return MISSING
        if self.record:
            own: dict[str, Loc] = {}
            values = self.convert_items(node.value, cx, "", own, cx.loc(node))
            return Raw(values, own, cx.loc(node))
        return self.convert_items(node.value, cx, path + ".", locs, cx.loc(node))

    def convert_items(
        self,
        items: list[tuple[Node, Node]],
        cx: Context,
        prefix: str,
        locs: dict[str, Loc],
        where: Loc,
    ) -> dict[str, Any]:
        """Convert key/value node pairs; missing required keys are reported at ``where``."""
        values: dict[str, Any] = {}
        first_seen: dict[str, Node] = {}
        misspelt: set[str] = set()  # known keys given under a misspelt name
        for key_node, value_node in items:
            if type(key_node) is not ScalarNode or key_node.tag != STR_TAG or not key_node.value:
                cx.error(key_node, "a key must be a plain word")
                continue
            key = key_node.value
            if not key.isprintable() and (bad := find_control(key)) is not None:
                cx.control(key_node, bad, "the key")
                continue
            if key in first_seen:
                line = cx.loc(first_seen[key]).line
                cx.error(key_node, f"duplicate key '{key}' (first given on line {line})")
                continue
            first_seen[key] = key_node
            spec = self.fields.get(key)
            if spec is None and self.extra is None:
                meant = self._misspelt(key, key_node, cx)
                if meant is None:
                    cx.warning(key_node, f"unknown key '{key}' in {self.what}{did_you_mean(key, self.fields)}")
                    continue
                misspelt.add(meant)
                if meant not in first_seen:  # given, under a wrong name: its value is unknown
                    locs[prefix + meant] = mark_invalid(cx.loc(key_node))
                continue
            if spec is None and self.extra_key is not None:
                try:
                    self.extra_key(key)
                except ValueError as exc:
                    cx.error(key_node, str(exc))
                    continue
            vtype = spec.type if spec is not None else self.extra
            assert vtype is not None
            if id(value_node) in cx.seen:
                cx.error(key_node, f"'{key}' is an alias (*name); YAML anchors and aliases are not allowed")
                continue
            locs[prefix + key] = cx.loc(value_node)
            if is_null(value_node) or (
                spec is not None
                and spec.required
                and isinstance(value_node, ScalarNode)
                and not value_node.value.strip()
            ):
                if spec is not None and spec.required:
                    cx.error(value_node, f"'{key}' must have a value")
                    locs[prefix + key] = mark_invalid(locs[prefix + key])
                continue
            value = vtype.convert(value_node, cx, prefix + key, locs)
            if value is MISSING:
                locs[prefix + key] = mark_invalid(locs[prefix + key])
            else:
                values[key] = value
        for key, spec in self.fields.items():
            if spec.required and key not in first_seen and key not in misspelt:
                cx.diagnostics.append(error(where, f"{self.what} is missing the required key '{key}'"))
        return values

    def _misspelt(self, key: str, key_node: Node, cx: Context) -> str | None:
        """The known key that ``key`` is a slip of, reported as an error; ``None``
        when ``key`` is far from every known key.  ``date:2026-01-01`` in a
        flow mapping (no space after the colon) is one key, and a slip too."""
        word, colon, rest = key.partition(":")
        if colon and rest and not rest.startswith(" "):
            meant = word if word in self.fields else near_miss(word, self.fields)
            if meant is not None:
                cx.error(
                    key_node,
                    f"'{key}' is read as one key, with no value: put a space after the colon, as in '{meant}: {rest}'",
                )
                return meant
        meant = near_miss(key, self.fields)
        if meant is not None:
            cx.error(key_node, f"unknown key '{key}' in {self.what}; did you mean '{meant}'?")
        return meant


def _no_space_hint(node: Node, fields: Mapping[str, Field]) -> str:
    """``name:Ana`` is one word to YAML: a hint when it starts with a known key."""
    if not isinstance(node, ScalarNode) or not is_plain(node):
        return ""
    word, colon, rest = node.value.partition(":")
    if not colon or not rest or rest.startswith(" ") or (word not in fields and near_miss(word, fields) is None):
        return ""
    return f"; put a space after the colon, as in '{word}: {rest}'"


def convert_document(node: Node | None, schema: Map, cx: Context, start: Loc) -> Raw:
    """Convert a whole document (front matter or a YAML file) with ``schema``.

    An empty document is an empty mapping, so missing keys are reported at
    ``start``.
    """
    locs: dict[str, Loc] = {}
    if node is not None and not isinstance(node, MappingNode):
        hint = _no_space_hint(node, schema.fields)
        cx.error(node, f"expected {schema.what} (keys and values such as 'name: ...'), found {_describe(node)}{hint}")
        return Raw({}, locs, start)
    if node is not None and not _check_tag(node, cx):
        return Raw({}, locs, start)
    items = node.value if node is not None else []
    where = cx.loc(node) if node is not None else start
    return Raw(schema.convert_items(items, cx, "", locs, where), locs, start)
