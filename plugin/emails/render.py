"""Render one email (subject, plain text, HTML) from a template name, a context and a language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateNotFound, TemplateSyntaxError

from plugin.emails.environment import PARTS, get_environment, template_name
from plugin.exceptions import TemplateError


@dataclass(frozen=True)
class RenderedEmail:
    subject: str  # one line, surrounding whitespace stripped (may still hold buyer CR/LF: checked later)
    text: str
    html: str


@dataclass(frozen=True)
class TemplateLocation:
    """Where a template problem is: the file actually used (override or bundled) and its line."""

    file: str
    line: int


def render_email(template: str, context: dict[str, Any], language: str, folder: Path | None = None) -> RenderedEmail:
    """Render all three parts; any template problem becomes a ``TemplateError`` naming file and line."""
    env = get_environment(folder, language)
    parts: dict[str, str] = {}
    for part in PARTS:
        name = template_name(language, template, part)
        try:
            parts[part] = env.get_template(name).render(context)
        except (JinjaTemplateError, ValueError, TypeError) as exc:  # ValueError/TypeError: a filter got bad data
            where = locate_error(exc, name, env.loader)
            raise TemplateError(
                f"{where.file}:{where.line}: {describe(exc)}", file=where.file, line=where.line
            ) from exc
    return RenderedEmail(subject=parts["subject.txt"].strip(), text=parts["txt"], html=parts["html"])


def describe(exc: Exception) -> str:
    """A one-line reason with the fix, for the integrator."""
    if isinstance(exc, TemplateNotFound):
        return f"template file {exc.name} not found; add it to your email.templates folder or remove the override"
    if isinstance(exc, TemplateSyntaxError):
        return f"syntax error: {exc.message}"
    message = getattr(exc, "message", None) or str(exc)
    if "undefined" in message:
        return f"{message}; use only the documented context keys (see email_templates/README.md)"
    return message


def locate_error(exc: BaseException, name: str, loader: Any) -> TemplateLocation:
    """The template file and line of ``exc``: the syntax error's own, else the innermost template frame."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return TemplateLocation(exc.filename, exc.lineno or 1)
    found: TemplateLocation | None = None
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".txt")):
            found = TemplateLocation(filename, tb.tb_lineno)
        tb = tb.tb_next
    if found is not None:
        return found
    return TemplateLocation(_source_file(name, loader), 1)


def _source_file(name: str, loader: Any) -> str:
    for sub in getattr(loader, "loaders", [loader]):
        for base in getattr(sub, "searchpath", []):
            candidate = Path(base) / name
            if candidate.exists():
                return str(candidate)
    return name
