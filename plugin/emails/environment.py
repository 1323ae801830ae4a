"""One sandboxed Jinja2 Environment per (template folder, language), built once and reused.

Templates are looked up first in the integrator's folder, then in the bundled ``email_templates/``: an
override replaces single files and inherits the rest (a ``ChoiceLoader``). Buyer data is untrusted, so the
environment is sandboxed and immutable, HTML autoescapes, and ``StrictUndefined`` turns a typo into an error.

Layout (see ``email_templates/README.md``)::

    base.html, base.txt                      shared layout with the shop's branding
    <lang>/<template>.subject.txt            one line
    <lang>/<template>.txt, <lang>/<template>.html
"""

from __future__ import annotations

import contextlib
import os
import stat
from functools import lru_cache
from pathlib import Path

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2 import __version__ as jinja_version
from jinja2.bccache import Bucket
from jinja2.sandbox import ImmutableSandboxedEnvironment

from plugin.emails.filters import FILTERS
from plugin.emails.i18n import gettext_for
from plugin.emails.precompiled_templates import PrecompiledLoader
from plugin.resources import TEMPLATES_DIR

PARTS: tuple[str, ...] = ("subject.txt", "txt", "html")


def template_name(language: str, template: str, part: str) -> str:
    """``("pl", "order_confirmation", "html")`` → ``pl/order_confirmation.html``."""
    return f"{language}/{template}.{part}"


def get_environment(folder: Path | None, language: str) -> ImmutableSandboxedEnvironment:
    """The cached environment for ``folder`` (None: the bundled templates only) and ``language``."""
    resolved = str(Path(folder).resolve()) if folder is not None else ""
    return _build(resolved, language)


@lru_cache(maxsize=32)
def _build(folder: str, language: str) -> ImmutableSandboxedEnvironment:
    return new_environment(Path(folder) if folder else None, language, bytecode_cache=_compiled_templates())


class _QuietCache(FileSystemBytecodeCache):
    """A cache that cannot be written (disk full, folder removed) is no cache, not an error."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@lru_cache(maxsize=1)
def _compiled_templates() -> BytecodeCache | None:
    """Templates compiled by an earlier process, like Python's .pyc: ``$XDG_CACHE_HOME/allegro-sync`` (else
    ``~/.cache``), in a folder private to the user, keyed by each template's source and by Jinja's version (the
    Python version is in Jinja's own key). None when no private folder can be had."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "allegro-sync"
    folder = base / f"templates-jinja{jinja_version}"
    try:
        for path in (base, folder):
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = path.lstat()
            mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
            if not (stat.S_ISDIR(info.st_mode) and mine and stat.S_IMODE(info.st_mode) & 0o077 == 0):
                return None  # someone else's or readable by others: compiled code must not come from there
    except (OSError, RuntimeError):  # RuntimeError: no home folder
        return None
    return _QuietCache(str(folder))


def new_environment(
    folder: Path | None,
    language: str,
    *,
    bytecode_cache: BytecodeCache | None = None,
    precompiled: bool = True,
) -> ImmutableSandboxedEnvironment:
    """A fresh environment (uncached: the benchmark's baseline; everyone else uses ``get_environment``).
    ``precompiled``: bundled templates come from their compiled modules when those match (see
    ``plugin.emails.precompiled_templates``); an override folder always comes first."""
    loaders: list[BaseLoader] = []
    if folder is not None and Path(folder).resolve() != TEMPLATES_DIR.resolve():
        loaders.append(FileSystemLoader(str(folder)))
    if precompiled:
        loaders.append(PrecompiledLoader())
    loaders.append(FileSystemLoader(str(TEMPLATES_DIR)))
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,
        bytecode_cache=bytecode_cache,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    gettext, ngettext = gettext_for(language)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["language"] = language
    return env


def clear_cache() -> None:
    """Forget compiled templates (tests that rewrite an override folder call this)."""
    _build.cache_clear()
