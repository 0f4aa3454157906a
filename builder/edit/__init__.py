"""Commands that change the journal.

Edits are surgical: they change the bytes of the one value or item they are
about and leave every other byte of the file (comments, key order, quoting,
blank lines, the body) exactly as it was.  A change is checked as a whole
journal before anything is written, and written atomically.
"""
