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


def _folded(key: str) -> str:
    """A key as near misses compare it: case folded, '-', '_', spaces and dots dropped."""
    return "".join(ch for ch in key.casefold() if ch not in "-_ .")


def _distance(a: str, b: str) -> int:
    """How many one-character edits (insert, delete, replace, or swap two
    neighbours) turn ``a`` into ``b`` (optimal string alignment)."""
    before: list[int] | None = None
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev2, before, row = before, row, [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(before[j] + 1, row[j - 1] + 1, before[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
    return row[-1]


def near_miss(word: str, known: Iterable[str]) -> str | None:
    """The known key that ``word`` is a slip of, or ``None`` when ``word`` is
    far from every known key (a custom key, which is allowed).

    A misspelt key silently turns a feature off, so a near miss is an error;
    a custom key must not be one, so "near" is narrow.  Keys are compared
    case folded with '-', '_', spaces and dots dropped (``Name``,
    ``keep-in-touch`` and ``KeepInTouch`` are ``name`` and ``keep_in_touch``);
    beyond that ``word`` may be as many one-character edits (insert, delete,
    replace, swap two neighbours) away as the known key's length affords:
    one for 4 to 7 characters (``topcis``, ``tittle``, ``notes``), two from 8
    (``keep_in_tuch``, ``organisation``).  A key of 3 characters or fewer
    only matches in the plural (``logs``, ``urls``), so ``pet`` is not
    ``met`` and ``blog`` not ``log``.  The closest known key wins; ties go
    to the first in sorted order.
    """
    folded = _folded(word)
    best: tuple[int, str] | None = None
    for key in sorted(known):
        target = _folded(key)
        if len(target) <= 3:
            allowed, distance = 0, 0 if folded in (target, target + "s") else 1
        else:
            allowed = 1 if len(target) <= 7 else 2
            if abs(len(folded) - len(target)) > allowed:
                continue
            distance = _distance(folded, target)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, key)
    return best[1] if best is not None else None
