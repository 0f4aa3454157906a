"""The journal's history, read from git: when each entry was added and last
changed, how contacts' organisations and roles changed, and what each commit
did in the journal's own terms (people added, interactions logged, events
attended, plan changes).

The whole history is read with a constant number of git calls, whatever
the size of the journal or of its history: one pass (``git rev-list`` into
``git diff-tree --stdin --raw``, the work of ``git log --raw``) lists every
change with the hashes of the old and new versions of each file, one ``git
cat-file --batch`` process reads the contents that are compared (contacts,
events and the plan), and one ``git status`` finds what is not committed.
Outside a repository, with no commits or without git, the dates come from
the file system and ``History.warning`` says so: history is a nicety, never
a reason to fail.
"""

from builder.history.assemble import read_history
from builder.history.model import (
    PLAN_PATH,
    Commit,
    CommitSummary,
    FieldChange,
    FileDates,
    History,
    PlanChange,
    file_mtime,
    within_range,
)

__all__ = [
    "PLAN_PATH",
    "Commit",
    "CommitSummary",
    "FieldChange",
    "FileDates",
    "History",
    "PlanChange",
    "file_mtime",
    "read_history",
    "within_range",
]
