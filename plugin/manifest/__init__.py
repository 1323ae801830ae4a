"""The integration manifest: YAML loaded with positions, validated (schema + semantics), parsed to dataclasses.

``load_manifest(path)`` is what the rest of allegro-sync calls; ``validate_file(path)`` is what the
``validate`` command reports from.
"""

from plugin.manifest.findings import Finding
from plugin.manifest.model import Manifest
from plugin.manifest.result import FileResult
from plugin.manifest.validate import load_manifest, validate_file

__all__ = ["FileResult", "Finding", "Manifest", "load_manifest", "validate_file"]
