"""The reference texts that ship with the builder (``journal help TOPIC``).

Someone who installed the ``journal`` command has no copy of this
repository's README, so the texts they need while writing a journal live
here, as package data, and are printed by the command.  Each topic is one
Markdown file beside this module, and the single source of its text.
"""

from __future__ import annotations

from importlib import resources

# topic -> one-line summary, in the order ``journal help`` lists them
_TOPICS = {
    "format": "the journal's files: plan.yml, contacts, organisations, events, reflections, sources.yml",
}


def topics() -> dict[str, str]:
    """Every topic, with a one-line summary of what it covers."""
    return dict(_TOPICS)


def reference(topic: str) -> str:
    """The text (Markdown) of ``topic``; ``KeyError`` when there is no such topic."""
    if topic not in _TOPICS:
        raise KeyError(topic)
    return resources.files(__name__).joinpath(f"{topic}.md").read_text(encoding="utf-8")
