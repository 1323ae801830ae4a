"""The integration manifest: YAML loaded with positions, checked (schema + semantics), parsed to dataclasses.

``check_manifest(path)`` runs the manifest's own checks; ``plugin.validation`` adds the email templates' and
is what the rest of allegro-sync calls (``load_manifest``, ``validate_file``).
"""

from plugin.manifest.findings import Finding
from plugin.manifest.model import Manifest
from plugin.manifest.result import FileResult
from plugin.manifest.validate import check_manifest

__all__ = ["FileResult", "Finding", "Manifest", "check_manifest"]
