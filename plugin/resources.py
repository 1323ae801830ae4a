"""Where the files shipped beside the package live (the schema and the bundled email templates)."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = PROJECT_ROOT / "schema" / "manifest.schema.json"
TEMPLATES_DIR = PROJECT_ROOT / "email_templates"
