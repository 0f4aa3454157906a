"""``python -m builder`` runs the ``journal`` command."""

from builder.cli import main

raise SystemExit(main())
