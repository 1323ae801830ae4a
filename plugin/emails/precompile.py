"""``python -m plugin.emails.precompile``: writes the compiled code of every bundled template again (after one
changed), for the settings of the environments that will load it (see ``plugin.emails.precompiled_templates``)."""

from __future__ import annotations

import sys
from pathlib import Path

from jinja2 import Environment

from plugin.emails.environment import new_environment
from plugin.emails.precompiled_templates import HEADER, PRECOMPILED_DIR, bundled_names, module_path, template_key
from plugin.resources import TEMPLATES_DIR


def write_all(environment: Environment) -> list[Path]:
    """Compile every bundled template for ``environment``'s settings into its module; returns the files written."""
    PRECOMPILED_DIR.mkdir(exist_ok=True)
    written = []
    for name in bundled_names():
        source = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
        code = environment.compile(source, name, str(TEMPLATES_DIR / name), raw=True, defer_init=True)
        path = module_path(name)
        path.write_text(
            HEADER.format(name=name) + f"KEY = {template_key(environment, name, source)!r}\n" + str(code) + "\n",
            encoding="utf-8",
        )
        written.append(path)
    return written


def main() -> int:
    for path in write_all(new_environment(None, "pl", precompiled=False)):
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
