"""``emails preview``: write the ``.html``, ``.txt`` and ``.eml`` of one message to look at in a browser or
a mail client, from a queued outbox row or from the sample context."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from plugin.emails import outbox
from plugin.emails.delivery import compose
from plugin.emails.outbox import QueuedEmail, message_id
from plugin.emails.render import render_email
from plugin.emails.template_context import sample_context, shop_domain
from plugin.exceptions import EmailError
from plugin.manifest.model import Manifest


@dataclass(frozen=True)
class PreviewFiles:
    html: Path
    text: Path
    eml: Path
    message_id: str


def sample_email(manifest: Manifest, template: str, language: str) -> QueuedEmail:
    """A queued email built from the sample context, as the engine would queue it."""
    context = sample_context(manifest)
    form_id = context["order"]["allegro_checkout_form_id"]
    recipient = context["customer"]["email"] if template == "customer_registration" else context["buyer"]["email"]
    name = " ".join(p for p in (context["buyer"]["first_name"], context["buyer"]["last_name"]) if p)
    return QueuedEmail(
        message_id(template, form_id, shop_domain(manifest)),
        template,
        recipient,
        name,
        language,
        False,
        form_id,
        context,
    )


def find_email(conn: sqlite3.Connection, key: str, template: str | None) -> QueuedEmail:
    """The outbox row for a checkout-form id or shop order number, or an error saying what was searched."""
    found = outbox.find(conn, key, template)
    if found is None:
        which = f"{template} email" if template else "email"
        raise EmailError(
            f"no {which} for order {key!r} in the outbox; give a checkout-form id or shop order number "
            "that a run has imported, or use --sample"
        )
    return found


def write_preview(manifest: Manifest, email: QueuedEmail, out: Path) -> PreviewFiles:
    """Render ``email`` and write its three files into ``out``.

    They hold the buyer's name, address and phone: files 0600, and ``out`` created 0700, like the outbox."""
    if manifest.email is None:
        raise EmailError("the manifest has no email: section; add email.sender to preview emails")
    rendered = render_email(email.template, email.context, email.language, manifest.email.templates)
    msg = compose(email, manifest)
    stem = f"{email.template}.{email.language}"
    files = PreviewFiles(out / f"{stem}.html", out / f"{stem}.txt", out / f"{stem}.eml", email.message_id)
    try:
        out.mkdir(mode=0o700, parents=True, exist_ok=True)
        _write_private(files.html, rendered.html.encode("utf-8"))
        _write_private(files.text, f"Subject: {rendered.subject}\n\n{rendered.text}".encode())
        _write_private(files.eml, msg.as_bytes())
    except OSError as exc:  # --out names a file, or a place that cannot be written
        raise EmailError(f"cannot write the preview into {out} ({exc.strerror}); pass --out a folder") from None
    return files


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` readable by its owner only, also over an older preview written with laxer rights."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
