"""Sync options compiled to rules (event kind → ordered handler names); the handlers themselves are declared
in ``plugin.manifest.catalogue`` and implemented in ``plugin.sync.handlers``."""
