"""Rendering: every template in both languages, hostile buyer data stays escaped, overrides, strictness."""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from markupsafe import escape

from plugin.emails.environment import clear_cache, get_environment
from plugin.emails.i18n import LANGUAGES
from plugin.emails.outbox import TEMPLATES
from plugin.emails.render import render_email
from plugin.emails.template_context import TOP_LEVEL_KEYS, sample_context
from plugin.exceptions import TemplateError

from .hostile import hostile

CASES = [(t, lang) for t in TEMPLATES for lang in LANGUAGES]


class TagCollector(HTMLParser):
    """The document's element structure: (tag, attribute names), in order. Text is ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(name for name, _ in attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("/" + tag, ()))


def structure(html: str) -> list[tuple[str, tuple[str, ...]]]:
    parser = TagCollector()
    parser.feed(html)
    return parser.tags


def fill_buyer_data(context: dict[str, Any], value: str) -> dict[str, Any]:
    """Put ``value`` into every field that comes from Allegro's buyer."""
    context = copy.deepcopy(context)
    buyer_keys = ("first_name", "last_name", "company", "login", "phone", "tax_id")
    context["buyer"].update(dict.fromkeys(buyer_keys, value))
    context["delivery"]["address"] = dict.fromkeys(context["delivery"]["address"], value)
    context["delivery"]["pickup_point"].update(name=value, address=value)
    context["order"]["message_to_seller"] = value
    context["customer"]["first_name"] = value
    context["customer"]["email"] = value  # the address Allegro gave for the purchase: buyer data too
    for item in context["items"]:
        item["name"] = value
        item["code"] = value
    return context


@pytest.mark.parametrize(("template", "language"), CASES)
def test_every_template_renders_all_three_parts(template: str, language: str) -> None:
    context = sample_context()
    rendered = render_email(template, context, language)
    assert rendered.subject and "\n" not in rendered.subject
    assert context["shop"]["name"] in rendered.text
    assert rendered.html.lstrip().startswith("<!DOCTYPE html>")
    assert f'lang="{language}"' in rendered.html
    assert context["shop"]["url"] in rendered.html


@pytest.mark.parametrize("language", LANGUAGES)
def test_allegro_order_number_shows_only_when_present(language: str) -> None:
    context = sample_context()
    form_id = context["order"]["allegro_checkout_form_id"]
    with_id = render_email("order_confirmation", context, language)
    context["order"]["allegro_checkout_form_id"] = None
    context["order"]["source"] = "shop"
    without = render_email("order_confirmation", context, language)
    assert form_id in with_id.text and form_id in with_id.html
    assert form_id not in without.text and form_id not in without.html


@pytest.mark.parametrize("language", LANGUAGES)
def test_registration_mail_carries_a_set_password_link_and_never_a_password(language: str) -> None:
    context = sample_context()
    rendered = render_email("customer_registration", context, language)
    assert context["customer"]["set_password_url"] in rendered.text
    assert f'href="{context["customer"]["set_password_url"]}"' in rendered.html
    context["customer"]["set_password_url"] = None
    fallback = render_email("customer_registration", context, language)
    assert "token=" not in fallback.text and context["shop"]["url"] in fallback.text


@pytest.mark.parametrize(("template", "language"), CASES)
@given(value=hostile)
def test_hostile_buyer_data_is_escaped_in_html_and_verbatim_in_text(template: str, language: str, value: str) -> None:
    benign = render_email(template, fill_buyer_data(sample_context(), "x"), language)
    rendered = render_email(template, fill_buyer_data(sample_context(), value), language)
    assert structure(rendered.html) == structure(benign.html)  # no tag or attribute was injected
    assert str(escape(value)) in rendered.html
    if template == "order_confirmation":
        assert value in rendered.text  # plain text is not HTML: shown as the buyer wrote it


@pytest.mark.parametrize("language", LANGUAGES)
def test_buyer_data_that_looks_like_jinja_is_not_evaluated(language: str) -> None:
    context = fill_buyer_data(sample_context(), "{{ 1000 * 7331 }}{{ shop.__class__ }}")
    rendered = render_email("order_confirmation", context, language)
    assert "{{ 1000 * 7331 }}" in rendered.text
    assert "7331000" not in rendered.text + rendered.html
    assert "class 'dict'" not in rendered.text


def _override(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    clear_cache()
    return path


def test_an_override_replaces_one_file_and_inherits_the_rest(tmp_path: Path) -> None:
    _override(tmp_path, "pl/order_confirmation.subject.txt", "Dziękujemy, {{ buyer.first_name }}!\n")
    context = sample_context()
    rendered = render_email("order_confirmation", context, "pl", tmp_path)
    bundled = render_email("order_confirmation", context, "pl")
    assert rendered.subject == f"Dziękujemy, {context['buyer']['first_name']}!"
    assert rendered.html == bundled.html and rendered.text == bundled.text


def test_an_overridden_base_layout_brands_every_email(tmp_path: Path) -> None:
    _override(tmp_path, "base.txt", "== {{ shop.name | upper }} ==\n{% block content %}{% endblock %}\n")
    rendered = render_email("customer_registration", sample_context(), "en", tmp_path)
    assert rendered.text.startswith(f"== {sample_context()['shop']['name'].upper()} ==")


def test_an_undefined_name_is_an_error_with_file_and_line(tmp_path: Path) -> None:
    path = _override(tmp_path, "en/order_confirmation.txt", "Hello\n\n{{ buyer.frist_name }}\n")
    with pytest.raises(TemplateError) as info:
        render_email("order_confirmation", sample_context(), "en", tmp_path)
    assert info.value.file == str(path)
    assert info.value.line == 3
    assert "frist_name" in str(info.value)


def test_a_syntax_error_is_an_error_with_file_and_line(tmp_path: Path) -> None:
    path = _override(tmp_path, "pl/order_confirmation.html", "<p>\n{% if order.number %}\n<b>x</b>\n")
    with pytest.raises(TemplateError) as info:
        render_email("order_confirmation", sample_context(), "pl", tmp_path)
    assert info.value.file == str(path)
    assert "syntax error" in str(info.value)
    assert info.value.line >= 2


def test_the_sandbox_refuses_reaching_into_python_internals(tmp_path: Path) -> None:
    _override(
        tmp_path, "pl/customer_registration.txt", "{{ shop.__class__.__mro__ }}{{ ''.__class__.__subclasses__() }}"
    )
    with pytest.raises(TemplateError, match=r"unsafe|access"):
        render_email("customer_registration", sample_context(), "pl", tmp_path)


def test_a_missing_context_key_is_refused_not_rendered_empty() -> None:
    for key in TOP_LEVEL_KEYS:
        if key == "customer":
            continue
        context = sample_context()
        del context[key]
        with pytest.raises(TemplateError, match=key):
            render_email("order_confirmation", context, "pl")


def test_environment_is_compiled_once_per_folder_and_language(tmp_path: Path) -> None:
    assert get_environment(tmp_path, "pl") is get_environment(tmp_path, "pl")
    assert get_environment(tmp_path, "pl") is not get_environment(tmp_path, "en")
    assert get_environment(None, "pl") is not get_environment(tmp_path, "pl")
