"""``python -m cspgraph``: the command-line interface."""

from cspgraph.cli import main

raise SystemExit(main())
