"""Compiled templates kept between processes: only in a folder private to the user, and a changed template is
compiled again (the cache is keyed by its source)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from plugin.emails import environment
from plugin.emails.render import render_email
from plugin.exceptions import TemplateError

CONTEXT = {"shop": {"name": "Sklep"}}


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    environment._compiled_templates.cache_clear()
    environment.clear_cache()
    yield tmp_path / "cache"
    environment._compiled_templates.cache_clear()
    environment.clear_cache()


def write(folder: Path, text: str) -> None:
    for part, body in (("subject.txt", "Temat"), ("txt", text), ("html", "<p>x</p>")):
        (folder / "pl").mkdir(parents=True, exist_ok=True)
        (folder / "pl" / f"probe.{part}").write_text(body, encoding="utf-8")


def test_a_second_environment_loads_what_the_first_compiled(cache_home, tmp_path):
    folder = tmp_path / "templates"
    write(folder, "Dzień dobry {{ shop.name }}")
    assert render_email("probe", CONTEXT, "pl", folder).text == "Dzień dobry Sklep"
    [cache] = (cache_home / "allegro-sync").iterdir()
    files = list(cache.iterdir())
    assert len(files) == 3
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(f.stat().st_mode) & 0o077 == 0 for f in files)
    environment.clear_cache()  # a new process: same cache folder, fresh environments
    assert render_email("probe", CONTEXT, "pl", folder).text == "Dzień dobry Sklep"


def test_a_changed_template_is_compiled_again(cache_home, tmp_path):
    folder = tmp_path / "templates"
    write(folder, "Dzień dobry {{ shop.name }}")
    render_email("probe", CONTEXT, "pl", folder)
    write(folder, "Dzień dobry {{ shop.nazwa }}")
    environment.clear_cache()
    with pytest.raises(TemplateError, match="nazwa"):
        render_email("probe", CONTEXT, "pl", folder)


def test_a_cache_folder_others_can_read_is_not_used(cache_home, tmp_path):
    shared = cache_home / "allegro-sync"
    shared.mkdir(parents=True)
    os.chmod(shared, 0o755)
    assert environment._compiled_templates() is None
    folder = tmp_path / "templates"
    write(folder, "ok")
    assert render_email("probe", CONTEXT, "pl", folder).text == "ok"  # renders, without a cache
    assert list(shared.iterdir()) == []
