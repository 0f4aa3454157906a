"""Computations over the journal: pure functions of ``(journal, today)``.

Nothing here reads files, the clock or MkDocs; the command line resolves
"today" once and passes it in, so the same journal and the same today always
give the same figures.
"""
