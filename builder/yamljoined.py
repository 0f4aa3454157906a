"""Text that YAML reads, but not as it was meant: a ``- `` line that a plain
value above it swallows.  ``role: Designer`` then ``  - Lead`` is the value
"Designer - Lead", and ``topics:`` with ``- ux`` then ``    - careers`` one
topic "ux - careers"; YAML says nothing.  ``stray_continuation`` finds the
first such line and words it as ``builder.yamlerrors`` words the other
mistakes (``builder.yamlnodes`` calls both)."""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from builder.yamlerrors import LINE_BREAK, Found, item_label, quoted


def stray_continuation(text: str, root: Node) -> Found | None:
    """The first line that starts with '- ' (or is a lone '-') and that YAML
    read as the continuation of a plain value above it, or ``None``."""
    if not _has_continued(root):  # the usual answer, found at a third of the cost
        return None
    lines: list[str] | None = None
    stack: list[tuple[Node, _Place]] = [(root, None)]
    while stack:
        node, place = stack.pop()
        if isinstance(node, ScalarNode):
            if not node.style and node.end_mark.line > node.start_mark.line:
                lines = lines if lines is not None else LINE_BREAK.split(text)
                found = _continued(node, place, lines)
                if found is not None:
                    return found
        elif isinstance(node, SequenceNode):
            item: _Place = ("flow", 0) if node.flow_style else ("item", node.start_mark.column)
            stack.extend((child, item) for child in reversed(node.value))
        elif isinstance(node, MappingNode):
            for key, value in reversed(node.value):
                stack.append((value, ("key", key.value) if isinstance(key, ScalarNode) else None))
                stack.append((key, None))
    return None


def _has_continued(root: Node) -> bool:
    """Whether a plain scalar under ``root`` spans more than one line."""
    stack = [root]
    while stack:
        node = stack.pop()
        if type(node) is ScalarNode:
            if node.end_mark.line != node.start_mark.line and not node.style:
                return True
        elif type(node) is MappingNode:
            for pair in node.value:
                stack.extend(pair)
        else:
            stack.extend(node.value)
    return False


# Where a value is: ("key", its key), ("item", the column of its block list's
# dashes), ("flow", 0) in a [...] list, or None.
_Place = tuple[str, str | int] | None


def _continued(node: ScalarNode, place: _Place, lines: list[str]) -> Found | None:
    """Where a line of the plain scalar ``node`` after its first starts with
    '- ', and what to say about it there."""
    start, end = node.start_mark.line, node.end_mark.line
    for line in range(start + 1, min(end, len(lines) - 1) + 1):
        row = lines[line][: node.end_mark.column] if line == end else lines[line]
        item = row.lstrip(" \t")
        if item != "-" and not item.startswith(("- ", "-\t")):
            continue
        col = len(row) - len(item)
        label = item_label(row)
        reads = f", which YAML reads as {quoted(node.value)}" if "\n" not in node.value else ""
        if place is not None and place[0] == "item":
            return (
                line,
                col,
                f"this list item is indented more than the items above it: line up '{label}' with them, "
                f"at column {int(place[1]) + 1}",
            )
        if place is not None and place[0] == "key":
            key = place[1]
            return (
                line,
                col,
                f"'{label}' continues the value of '{key}' on a new line{reads}: write the value on one "
                f"line, or, for a list, put each item on its own line under '{key}:'",
            )
        if place is not None:
            return (
                line,
                col,
                f"'{label}' continues the item above it{reads}: "
                "in a [...] list, items are separated by commas, without '- '",
            )
        return line, col, f"'{label}' continues the value above it on a new line{reads}: write the value on one line"
    return None
