"""Importing address books: LinkedIn connections, vCard files, Google Contacts.

Each reader turns a file into ``Person`` records (``records.py``), reporting
what it cannot read with its row or line; ``merge.py`` matches them to the
journal's contacts and plans the edits, which are checked and written like
any other edit.
"""
