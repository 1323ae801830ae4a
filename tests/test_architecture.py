"""The architecture as tests: import-linter's contracts (pyproject.toml) hold, they name every top-level part of
``plugin``, and ``validate`` loads no engine, shop or simulator module."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {
    **os.environ,
    "PYTHONPATH": str(ROOT),
    "ALLEGRO_CLIENT_ID": "ci-client-id",
    "ALLEGRO_CLIENT_SECRET": "ci-client-secret",
    "SMTP_PASSWORD": "ci-smtp-password",
}


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter on this checkout: what a user's shell or CI would start."""
    return subprocess.run(
        [sys.executable, *args], check=False, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120
    )


def test_import_linter_contracts_hold():
    run = _python("-c", "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_the_layers_name_every_top_level_package_and_module():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [layers] = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    named = {name.strip(" ()") for layer in layers["layers"] for name in re.split(r"[|:]", layer)}
    parts = {
        f"plugin.{path.stem}"
        for path in (ROOT / "plugin").iterdir()
        if (path.is_dir() and (path / "__init__.py").exists()) or (path.suffix == ".py" and path.stem[0] != "_")
    }
    missing = sorted(parts - named)
    assert not missing, f"add {', '.join(missing)} to a layer of the import-linter contract in pyproject.toml"


def test_validate_imports_no_engine_shop_or_simulator():
    run = _python("-X", "importtime", "-m", "plugin", "validate", "examples/full.yaml")
    assert run.returncode == 0, run.stdout + run.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}
    assert "plugin.manifest.semantic" in imported and "plugin.emails.render" in imported  # it did check
    forbidden = ("plugin.sync", "plugin.shop", "plugin.store", "plugin.simulator", "plugin.shoper", "plugin.rules")
    loaded = sorted(m for m in imported if m.startswith(forbidden))
    assert not loaded, f"validate loaded {loaded}"
    assert "jsonschema" not in imported  # a valid manifest is answered by schema_quick; jsonschema words errors


def test_the_command_table_names_what_each_module_registers():
    """``main`` builds only the parser of the command it was given, found through this table."""
    import argparse
    import importlib

    from plugin.cli import COMMAND_MODULES, build_parser

    for module_name, words in COMMAND_MODULES.items():
        subparsers = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module_name).register(subparsers)
        assert tuple(subparsers.choices) == words, module_name
    everything = build_parser()._subparsers._group_actions[0].choices
    assert set(everything) == {word for words in COMMAND_MODULES.values() for word in words}
    assert set(build_parser("validate")._subparsers._group_actions[0].choices) == {"validate", "schema"}
