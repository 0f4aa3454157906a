"""The networking journal builder: load, validate, compute and render a journal kept in git.

The stages live in one module each (see README, "Architecture"): ``load`` reads
files into the immutable ``model``; ``validate`` checks the whole model; later
stages compute and render.  Problems are ``diagnostics`` values collected over
the whole run, never exceptions.
"""

__version__ = "0.1.0"
