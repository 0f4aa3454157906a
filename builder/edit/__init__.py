"""Commands that change the journal.

Edits are surgical: they change the bytes of the one value or item they are
about and leave every other byte of the file (comments, key order, quoting,
blank lines, the body, its line ends and byte-order mark) exactly as it was.
An edit runs under the journal's lock (``session``), reads only files inside
``journal/`` (``builder.files.inside_journal``), is checked as a whole
journal before anything is written, and is written atomically, never over a
change someone else made since it was read (``writer``).
"""
