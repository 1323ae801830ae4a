"""Helpers for integrators' own tests: hypothesis strategies (manifests, checkout forms, event streams) and an
in-memory outbox. Import the submodules: ``plugin.testing.manifests``, ``plugin.testing.strategies``,
``plugin.testing.outbox``,
``plugin.testing.fixtures`` (``local_manifest``: a parsed manifest without YAML)."""
