"""Translations of the words the shared base layout uses (``{{ _("…") }}``); each language's own templates
carry their own text. Unknown strings pass through unchanged, so an override may use any English text."""

from __future__ import annotations

from collections.abc import Callable

CATALOGS: dict[str, dict[str, str]] = {
    "pl": {
        "Visit the shop": "Odwiedź sklep",
        "Questions? Write to us:": "Pytania? Napisz do nas:",
        "This email was sent by": "Tę wiadomość wysłał sklep",
        "because of your order or account.": "w związku z Twoim zamówieniem lub kontem.",
    },
    "en": {},
}
LANGUAGES: tuple[str, ...] = tuple(CATALOGS)


def gettext_for(language: str) -> tuple[Callable[[str], str], Callable[[str, str, int], str]]:
    """``gettext`` and ``ngettext`` callables for ``language`` (for ``jinja2.ext.i18n``)."""
    catalog = CATALOGS.get(language, {})

    def gettext(message: str) -> str:
        return catalog.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    return gettext, ngettext
