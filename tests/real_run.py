"""``allegro-sync run`` as a real process on this checkout's code, so that a test can kill it wherever it stands."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_run(manifest: Path, env: Mapping[str, str]) -> subprocess.Popen:
    """``run MANIFEST --format json`` with ``env`` (the manifest's secrets) added; stdout and stderr piped."""
    return subprocess.Popen(
        [sys.executable, "-m", "plugin", "run", str(manifest), "--format", "json"],
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
