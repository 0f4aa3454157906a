"""What changed in the plan between two commits: goals added, removed or
changed, and the other keys, as values (``PlanChange``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from builder.history.facts import scalar_node, top_level
from builder.history.model import PLAN_PATH, PlanChange
from builder.load import decode
from builder.yamlnodes import STR_TAG, MappingNode, Node, ScalarNode, SequenceNode


def _render(node: Node) -> str | None:
    """A value of the plan as the owner wrote it, on one line."""
    if isinstance(node, ScalarNode):
        return scalar_node(node) if node.tag == STR_TAG else str(node.value)
    if isinstance(node, SequenceNode):
        return "[" + ", ".join(_render(item) or "" for item in node.value) + "]"
    if isinstance(node, MappingNode):
        return "{" + ", ".join(f"{_render(k)}: {_render(v) or ''}" for k, v in node.value) + "}"
    return None


@dataclass(frozen=True, slots=True)
class PlanView:
    """A plan's settings and goals (by title) as text, to compare two versions."""

    settings: dict[str, str]
    goals: dict[str, dict[str, str]]


def plan_view(data: bytes | None) -> PlanView | None:
    """The plan in ``data`` (``None``: no plan, an empty view); ``None`` when
    it cannot be read.
    """
    if data is None:
        return PlanView({}, {})
    text, _problems = decode(data, PLAN_PATH)
    keys = None if text is None else top_level(text)
    if keys is None:
        return None
    settings: dict[str, str] = {}
    goals: dict[str, dict[str, str]] = {}
    for key, node in keys.items():
        if key != "goals":
            value = _render(node)
            if value is not None:
                settings[key] = value
            continue
        if not isinstance(node, SequenceNode):
            continue
        for item in node.value:
            fields = _top_level_of(item)
            title = fields.pop("title", None)
            if title is not None and title not in goals:
                goals[title] = fields
    return PlanView(settings, goals)


def _top_level_of(node: Node) -> dict[str, str]:
    """The keys of one goal as text (first of duplicates; nulls left out)."""
    out: dict[str, str] = {}
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.tag == STR_TAG and key.value not in out:
                text = _render(value)
                if text is not None:
                    out[key.value] = text
    return out


def _compare(goal: str | None, old: Mapping[str, str], new: Mapping[str, str]) -> list[PlanChange]:
    """One change per key whose value differs between ``old`` and ``new``."""
    return [
        PlanChange(goal, key, old.get(key), new.get(key))
        for key in [*new, *(k for k in old if k not in new)]
        if old.get(key) != new.get(key)
    ]


def diff_plans(old: PlanView, new: PlanView) -> list[PlanChange]:
    """What changed in the plan: settings first, then goals (matched by
    title) in the new plan's order, then removed goals."""
    out = _compare(None, old.settings, new.settings)
    for title, fields in new.goals.items():
        if title not in old.goals:
            out.append(PlanChange(title, None, None, title))
        else:
            out.extend(_compare(title, old.goals[title], fields))
    out.extend(PlanChange(title, None, title, None) for title in old.goals if title not in new.goals)
    return out
