"""Rendering: the computed journal as Markdown pages, one Jinja2 template per
page kind.  Nothing here runs MkDocs; ``builder.sitegen`` does that.
"""
