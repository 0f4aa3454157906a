"""Writing YAML text by hand, precisely: scalars that read back as written,
and the positions of existing keys and items to insert next to.

A round-trip YAML library re-emits the whole document, which can reflow long
strings or re-indent sequences; editing the text at known positions changes
nothing but what the command is about.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from builder.markdown import split_front_matter
from builder.yamlnodes import compose_for_edit

# Plain scalars that any YAML reader (not only ours) takes as the same text.
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")
_LOOKS_TYPED = re.compile(
    r"^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+"
    r"|\.inf|\.nan|\d+:\d+(?::\d+)*)$",
    re.IGNORECASE,
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def scalar(value: Any, flow: bool = False) -> str:
    """``value`` as a YAML scalar that reads back as the same text.

    Plain when that is unambiguous for any YAML reader, else double-quoted
    (a JSON string is a valid YAML double-quoted scalar).  Dates stay plain.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _DATE.match(text):
        return text
    plain = (
        bool(_PLAIN.match(text))
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not _LOOKS_TYPED.match(text)
        and not (flow and any(c in text for c in ",[]{}"))
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def flow_list(values: list[str] | tuple[str, ...]) -> str:
    """``[a, b]`` with each item a flow-safe scalar."""
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"


def flow_mapping(items: dict[str, Any]) -> str:
    """``{key: value, ...}`` on one line."""
    return "{" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in items.items()) + "}"


@dataclass
class FrontMatter:
    """An entry file's text and the node tree of its front matter, with the
    offset of the YAML inside the file so node positions map to file text."""

    text: str
    yaml_start: int  # index in text where the YAML begins
    yaml_end: int  # index in text where the closing fence line begins
    root: MappingNode | None

    @classmethod
    def parse(cls, text: str, path: str) -> FrontMatter:
        """Parse ``text``; ``ValueError`` when it has no readable front matter."""
        split, diagnostics = split_front_matter(text, path)
        if split is None:
            raise ValueError(diagnostics[0].message)
        start = text.index("\n") + 1
        end = start + len(split.yaml)
        node = compose_for_edit(split.yaml)
        if node is not None and not isinstance(node, MappingNode):
            raise ValueError("the front matter is not a mapping")
        return cls(text, start, end, node)

    def _abs(self, index: int) -> int:
        return self.yaml_start + index

    def get(self, key: str, mapping: MappingNode | None = None) -> tuple[ScalarNode, Node] | None:
        """The (key node, value node) of ``key`` in ``mapping`` (default: the root)."""
        mapping = mapping if mapping is not None else self.root
        if mapping is None:
            return None
        for k, v in mapping.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return k, v
        return None

    def line_end(self, index: int) -> int:
        """Index just after the newline that ends the line containing ``index``."""
        nl = self.text.find("\n", index)
        return len(self.text) if nl < 0 else nl + 1

    def replace(self, node: Node, new: str) -> str:
        """The text with ``node``'s value replaced by ``new``."""
        start = self._abs(node.start_mark.index)
        end = self._abs(node.end_mark.index)
        if isinstance(node, ScalarNode) and not node.style and node.value == "":
            end = start
        return self.text[:start] + new + self.text[end:]

    def insert_at(self, index: int, new: str) -> str:
        """The text with ``new`` inserted at file index ``index``."""
        return self.text[:index] + new + self.text[index:]

    def end_of_block(self, node: Node) -> int:
        """File index just after the last line that belongs to a block node."""
        end = self._abs(node.end_mark.index)
        # libyaml-style end marks of block collections sit at the start of the
        # next line (or further, after blank lines); step back over whitespace.
        while end > self.yaml_start and self.text[end - 1] in " \t\r\n":
            end -= 1
        return self.line_end(end - 1) if end > self.yaml_start else self.yaml_start

    def indent_of(self, node: Node) -> int:
        """The column at which ``node`` starts."""
        return int(node.start_mark.column)

    def append_top_level(self, lines: str) -> str:
        """The text with ``lines`` (ending in a newline) added as the last keys."""
        index = self.yaml_end
        prefix = "" if index == self.yaml_start or self.text[index - 1] == "\n" else "\n"
        return self.insert_at(index, prefix + lines)


def is_flow(node: Node) -> bool:
    """Whether a collection is written inline: ``[...]`` or ``{...}``."""
    return bool(getattr(node, "flow_style", False))


def is_block_sequence(node: Node) -> bool:
    """A ``- item`` list."""
    return isinstance(node, SequenceNode) and not is_flow(node)


def set_top(fm: FrontMatter, key: str, value_yaml: str) -> str:
    """The text with top-level ``key`` set to ``value_yaml`` (YAML text on one
    line): its value replaced where it is, or a new last key."""
    found = fm.get(key)
    if found is None:
        return fm.append_top_level(f"{key}: {value_yaml}\n")
    k, v = found
    if isinstance(v, ScalarNode) and v.value == "" and not v.style:
        at = fm.yaml_start + k.end_mark.index + 1  # just after the colon
        return fm.insert_at(at, " " + value_yaml)
    return fm.replace(v, value_yaml)


def set_nested(fm: FrontMatter, parent: str, key: str, value_yaml: str) -> str:
    """The text with ``parent.key`` set (``links.email``, ``met.date``...),
    following the style of ``parent``: a new line in a block mapping, a new
    pair in a flow mapping, or a new ``parent:`` block."""
    found = fm.get(parent)
    if found is None:
        return fm.append_top_level(f"{parent}:\n  {key}: {value_yaml}\n")
    pk, mapping = found
    if isinstance(mapping, ScalarNode) and mapping.value == "" and not mapping.style:
        at = fm.line_end(fm.yaml_start + pk.start_mark.index)
        return fm.insert_at(at, f"{' ' * (fm.indent_of(pk) + 2)}{key}: {value_yaml}\n")
    if not isinstance(mapping, MappingNode):
        raise ValueError(f"'{parent}' is not a mapping")
    inner = fm.get(key, mapping)
    if inner is not None:
        return fm.replace(inner[1], value_yaml)
    if is_flow(mapping):
        close = fm.yaml_start + mapping.end_mark.index - 1  # the closing }
        sep = ", " if mapping.value else ""
        return fm.insert_at(close, f"{sep}{key}: {value_yaml}")
    return fm.insert_at(fm.end_of_block(mapping), f"{' ' * fm.indent_of(mapping)}{key}: {value_yaml}\n")
