"""``validate``'s email checks: every enabled template renders against the sample context, and the
warnings an integrator must read before turning confirmation emails on.

Which templates are enabled is read from ``plugin.manifest.catalogue``: those of the sync options switched on
and of the handlers named in ``rules:``. Each is rendered in every bundled language, so an override that
breaks the English variant is caught even if the shop writes Polish.
"""

from __future__ import annotations

from pathlib import Path

from plugin.emails.headers import safe_address
from plugin.emails.i18n import LANGUAGES
from plugin.emails.render import render_email
from plugin.emails.template_context import reply_to_address, sample_context
from plugin.exceptions import TemplateError, UnsafeHeaderError
from plugin.manifest import catalogue
from plugin.manifest.findings import Finding
from plugin.manifest.model import Manifest

ALLEGRO_NOTICE_WARNING = (
    "since 2 March 2026 Allegro blocks seller emails that repeat its own notices (order and payment "
    "confirmations Allegro already sends); make sure your order_confirmation adds something of the shop's own, "
    "or switch sync.send_confirmation_email off"
)


def enabled_templates(manifest: Manifest) -> tuple[str, ...]:
    """The templates this manifest can send, through its sync options or its explicit rules."""
    rule_handlers = [name for rule in manifest.rules for name in rule.handlers]
    return catalogue.enabled_templates(lambda option: getattr(manifest.sync, option), rule_handlers)


def check_templates(manifest: Manifest) -> list[Finding]:
    """Findings for the email part of ``manifest`` (empty when no email is enabled)."""
    enabled = enabled_templates(manifest)
    if not enabled:
        return []
    where = str(manifest.source or "manifest")
    email = manifest.email
    if email is None:
        message = (
            f"{' and '.join(enabled)} emails are enabled but the manifest has no email: section; "
            "add email.sender (and email.transport) or switch the sync options off"
        )
        return [Finding(where, 1, 1, "error", message, "$.email", "email-missing")]
    findings = _config_findings(manifest, where)
    if not Path(email.templates).is_dir():
        message = f"email.templates folder {email.templates} does not exist; create it or remove the key"
        findings.append(Finding(where, 1, 1, "error", message, "$.email.templates", "email-templates"))
        return findings
    context = sample_context(manifest)
    for template in enabled:
        for language in LANGUAGES:
            findings.extend(_render_findings(template, language, context, email.templates))
    if "order_confirmation" in enabled and manifest.allegro.environment != "local":
        # the simulator relays nothing to Allegro: the notice concerns real Allegro buyers only
        # (the sender's registration in Allegro is ``manifest.semantic.check_sender``'s warning)
        findings.append(
            Finding(
                where,
                1,
                1,
                "warning",
                ALLEGRO_NOTICE_WARNING,
                "$.sync.send_confirmation_email",
                "allegro-duplicate-notice",
            )
        )
    return sorted(set(findings))


def _config_findings(manifest: Manifest, where: str) -> list[Finding]:
    assert manifest.email is not None
    findings: list[Finding] = []
    policy = manifest.email.archived_orders
    if policy.send and policy.max is None:
        findings.append(
            Finding(
                where,
                1,
                1,
                "error",
                "email.archived_orders.send is true but max is missing; name a limit, e.g. "
                "archived_orders: {send: true, max: 50}, so old buyers cannot be mass-mailed",
                "$.email.archived_orders.max",
                "email-archived-max",
            )
        )
    for key, value in (("sender", manifest.email.sender), ("reply_to", reply_to_address(manifest))):
        try:
            safe_address(key, value, source=f"email.{key}")
        except UnsafeHeaderError as exc:
            findings.append(
                Finding(
                    where,
                    1,
                    1,
                    "error",
                    f"{exc}; write a plain address like sklep@example.pl",
                    f"$.email.{key}",
                    "email-address",
                )
            )
    return findings


def _render_findings(template: str, language: str, context: dict, folder: Path) -> list[Finding]:
    try:
        rendered = render_email(template, context, language, folder)
    except TemplateError as exc:
        return [
            Finding(
                exc.file or str(folder),
                exc.line or 1,
                1,
                "error",
                f"{template} ({language}): {str(exc).split(': ', 1)[-1]}",
                "$.email.templates",
                "email-template",
            )
        ]
    if "\n" in rendered.subject or "\r" in rendered.subject:
        name = f"{language}/{template}.subject.txt"
        return [
            Finding(
                name,
                1,
                1,
                "error",
                f"{template} ({language}): the subject renders to several lines; keep the subject template on one line",
                "$.email.templates",
                "email-template",
            )
        ]
    return []
