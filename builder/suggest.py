"""Suggestions ("did you mean")  for misspelt keys, values and slugs."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate most similar to ``word``, if any is similar enough.

    Ties are broken by the candidates' sorted order, so the answer does not
    depend on how the candidates were gathered.
    """
    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'x'?"``, or an empty string when nothing is close."""
    best = closest(word, candidates)
    return f"; did you mean '{best}'?" if best else ""
