"""The bundled templates shipped compiled: fresh for every template, rendering exactly what the source renders,
never used once the template changed, and never shared between the Polish and the English environment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jinja2 import TemplateNotFound

from plugin.emails import environment as environment_module
from plugin.emails import precompiled_templates
from plugin.emails.environment import PARTS, new_environment, template_name
from plugin.emails.precompiled_templates import PrecompiledLoader, bundled_names, module_path, template_key
from plugin.emails.template_context import sample_context
from plugin.resources import TEMPLATES_DIR

TEMPLATES = ("order_confirmation", "customer_registration")
LANGUAGES = ("pl", "en")


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_template_has_its_compiled_code_made_from_it(name: str) -> None:
    env = new_environment(None, "pl", precompiled=False)
    source = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
    lines = module_path(name).read_text(encoding="utf-8").splitlines() if module_path(name).is_file() else ["", ""]
    assert lines[1] == f"KEY = {template_key(env, name, source)!r}", (
        f"email_templates/{name} changed since it was compiled: run `python -m plugin.emails.precompile`"
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_compiled_code_renders_what_the_source_renders(template: str, language: str) -> None:
    compiled, from_source = new_environment(None, language), new_environment(None, language, precompiled=False)
    context = sample_context()
    for part in PARTS:
        name = template_name(language, template, part)
        PrecompiledLoader().load(compiled, name)  # served from its compiled code, not compiled again
        assert compiled.get_template(name).render(context) == from_source.get_template(name).render(context)


def test_polish_and_english_environments_never_share_compiled_code() -> None:
    polish, english = new_environment(None, "pl"), new_environment(None, "en")
    context = sample_context()
    first = polish.get_template("pl/order_confirmation.txt").render(context)
    english.get_template("en/order_confirmation.txt").render(context)  # loads the same base.txt for English
    for env in (polish, english):  # each template's code sees its own environment (filters, sandbox, undefined)
        assert env.get_template("base.txt").root_render_func.__globals__["environment"] is env
    assert polish.get_template("pl/order_confirmation.txt").render(context) == first


def test_a_template_changed_since_it_was_compiled_is_compiled_from_its_source(tmp_path: Path, monkeypatch) -> None:
    copy = tmp_path / "email_templates"
    shutil.copytree(TEMPLATES_DIR, copy)
    subject = copy / "pl" / "order_confirmation.subject.txt"
    subject.write_text("Zmieniony temat {{ order.number }}", encoding="utf-8")
    monkeypatch.setattr(precompiled_templates, "TEMPLATES_DIR", copy)
    monkeypatch.setattr(environment_module, "TEMPLATES_DIR", copy)
    env = new_environment(None, "pl")
    with pytest.raises(TemplateNotFound):
        PrecompiledLoader().load(env, "pl/order_confirmation.subject.txt")
    rendered = env.get_template("pl/order_confirmation.subject.txt").render(sample_context())
    assert rendered.startswith("Zmieniony temat ")
    PrecompiledLoader().load(env, "pl/order_confirmation.txt")  # the others still come compiled


@pytest.mark.parametrize("name", ["../setup.cfg", "pl/../../setup.cfg", "nie-ma.html"])
def test_names_outside_the_bundled_templates_are_not_served(name: str) -> None:
    with pytest.raises(TemplateNotFound):
        PrecompiledLoader().load(new_environment(None, "pl"), name)
