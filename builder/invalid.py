"""Values that could not be read, marked where they stood.

A value the schema (``builder.schema``) cannot read is reported once and
left out; its position stays in the record's ``locs`` as an ``Invalid``
location, and a misspelt key leaves one for the key it stands for.  Rules
that depend on such a value (``builder.validate``) ask ``is_invalid`` and
say nothing more, so one mistake makes one error; a list item with such a
value (``any_invalid``) is left out of the model by the loader
(``builder.records``).
"""

from __future__ import annotations

from collections.abc import Mapping

from builder.diagnostics import Loc

_new_loc = tuple.__new__  # skips NamedTuple's Python-level __new__ on the hot path


class Invalid(Loc):
    """Where a value was given that could not be read (and was reported).

    It prints and compares like any ``Loc``; its type is the mark.
    """

    __slots__ = ()


def mark_invalid(loc: Loc) -> Invalid:
    """``loc``, marked as the place of a value that could not be read."""
    return _new_loc(Invalid, loc)


def is_invalid(locs: Mapping[str, Loc], path: str) -> bool:
    """Whether the value at ``path`` (``start``, ``met.date``) was given but
    could not be read: it was reported, and rules that need it say nothing."""
    return type(locs.get(path)) is Invalid


def has_invalid(locs: Mapping[str, Loc], path: str) -> bool:
    """Whether the value at ``path``, or any item or key inside it, could not be read."""
    inside = path + "."
    return any(type(loc) is Invalid and (p == path or p.startswith(inside)) for p, loc in locs.items())


def any_invalid(locs: Mapping[str, Loc]) -> bool:
    """Whether any value of a record could not be read: the loader leaves such
    a list item (a goal, a log item, a source) out of the model, as it leaves
    out a file that cannot be read, rather than guess what it meant."""
    return any(type(loc) is Invalid for loc in locs.values())
