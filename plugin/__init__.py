"""allegro-sync: connects an online shop to Allegro, driven by a validated YAML manifest.

Read the package top-down to follow one Allegro order:
``manifest`` (load + validate) → ``rules`` (options compiled to handlers) → ``sync`` (the engine) →
``shop`` (the embedded SQLite shop) and ``emails`` (render + deliver); ``allegro`` (REST client) and
``simulator`` (a local Allegro) sit beside them; ``cli`` is the only place that parses arguments.
"""

__version__ = "0.1.0"
