"""``python -m plugin`` is the same as the ``allegro-sync`` command."""

from plugin.cli import main

raise SystemExit(main())
