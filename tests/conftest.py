"""Suite-wide settings. ``CI=true`` selects hypothesis' deterministic profile (derandomised, no deadline)."""

import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=60,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "dev")

# Compiled email templates are cached under $XDG_CACHE_HOME (like .pyc files): the suite keeps its own, not the
# user's, and every process it starts inherits it.
_CACHE = tempfile.mkdtemp(prefix="allegro-sync-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_CACHE, ignore_errors=True)
