"""Safe YAML reading that keeps positions and guesses no types.

PyYAML's loaders turn ``NO`` into ``False`` and ``12:30`` into ``750``, and
silently keep the last of two duplicate keys.  Here YAML is only *composed*
into nodes (with libyaml's C parser when present) using a resolver that tags
every plain scalar as a string; the schema (``builder.schema``) then gives each
value its type from the field it is in, and reports duplicates.  Nothing is
ever constructed from a tag, so no input can execute anything.

Text that is not YAML gets one error (the parse stops there), worded for the
person who wrote it and placed at the mistake itself rather than where
libyaml gave up (``builder.yamlerrors``: "found a tab character that
violates indentation" becomes "YAML indents with spaces: replace the tab at
column 3 with spaces").  Text that YAML does read, but not as it was meant,
is one error too: a '- ' line that a plain value above it swallows.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from builder.diagnostics import Diagnostic, Loc, error
from builder.values import describe_control
from builder.yamlerrors import LINE_BREAK, explain
from builder.yamljoined import stray_continuation

STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"

__all__ = ["MappingNode", "Node", "ScalarNode", "SequenceNode", "compose"]


class _StringResolver(BaseResolver):
    """Tags every untagged scalar as a string: no implicit types at all."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return STR_TAG
        if kind is SequenceNode:
            return SEQ_TAG
        return MAP_TAG


class _PyComposer(Reader, Scanner, Parser, Composer, _StringResolver):
    """Pure-Python composer; used without libyaml and for deeply nested text."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _StringResolver.__init__(self)


def _libyaml_composer() -> type | None:
    """The libyaml-backed composer (about ten times faster), if PyYAML has it."""
    if not getattr(yaml, "__with_libyaml__", False):  # pragma: no cover - depends on the PyYAML build
        return None
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class LibyamlComposer(CParser, _StringResolver):
        """libyaml composer with the string-only resolver."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _StringResolver.__init__(self)

    return LibyamlComposer


_CComposer = _libyaml_composer()


# libyaml's composer recurses on the C stack and crashes the interpreter on
# extremely deep nesting (about 100,000 levels).  Nesting depth is bounded by
# the number of flow brackets plus the longest line (block nesting needs one
# column per level), so text under these bounds is safe for libyaml and
# anything else goes to the Python composer, which fails cleanly.
_C_SAFE_BRACKETS = 5000
_C_SAFE_LINE = 5000


def _c_safe(text: str) -> bool:
    if text.count("[") + text.count("{") > _C_SAFE_BRACKETS:
        return False
    if len(text) > _C_SAFE_LINE:
        return max(map(len, text.splitlines()), default=0) <= _C_SAFE_LINE
    return True


def compose(text: str, path: str, first_line: int = 1) -> tuple[Node | None, list[Diagnostic]]:
    """Compose ``text`` into a node tree, or report why not.

    ``first_line`` is the file line on which ``text`` starts, so that errors
    inside front matter point at the right line of the file.
    """
    loader_cls = _CComposer if _CComposer is not None and _c_safe(text) else _PyComposer
    loader = None
    try:
        loader = loader_cls(text)  # the pure-Python reader checks the characters here
        node = loader.get_single_node()
        found = stray_continuation(text, node) if node is not None else None
        if found is not None:
            line, col, message = found
            return None, [error(Loc(path, line + first_line, col + 1), message)]
        return node, []
    except yaml.MarkedYAMLError as exc:
        line, col, message = explain(text, exc)
        return None, [error(Loc(path, line + first_line, col + 1), message)]
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        ch = text[exc.position] if exc.position < len(text) else chr(exc.character)
        message = f"YAML does not allow {describe_control(ch)} here: remove it"
        return None, [error(Loc(path, line + first_line - 1, col), message)]
    except RecursionError:
        return None, [error(Loc(path, first_line, 1), "YAML is nested too deeply")]
    except yaml.YAMLError as exc:  # any other libyaml complaint
        return None, [error(Loc(path, first_line, 1), f"YAML cannot read this text ({exc})")]
    finally:
        if loader is not None:
            loader.dispose()


def compose_for_edit(text: str) -> Node | None:
    """Compose with the pure-Python parser, whose marks carry character
    indexes into ``text`` (used to edit files in place).  ``ValueError`` when
    the text is not valid YAML."""
    loader = _PyComposer(text)
    try:
        return loader.get_single_node()
    except (yaml.YAMLError, RecursionError) as exc:
        raise ValueError(f"the YAML cannot be read: {exc}") from None
    finally:
        loader.dispose()


def _line_col(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset, lines counted as YAML
    counts them (as its marks do)."""
    breaks = list(LINE_BREAK.finditer(text, 0, position))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, position - line_start + 1


def node_loc(node: Node, path: str, first_line: int) -> Loc:
    """Where ``node`` starts in the file."""
    mark = node.start_mark
    return Loc(path, mark.line + first_line, mark.column + 1)


def is_plain(node: ScalarNode) -> bool:
    """Whether a scalar was written without quotes or block indicators."""
    return not node.style
