"""Builders for the email tests: hand-built manifests (until the loader lands), queued emails, an SMTP handler."""

from __future__ import annotations

import copy
import socket
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from plugin.emails.outbox import QueuedEmail, message_id
from plugin.emails.template_context import sample_context
from plugin.manifest.model import (
    ArchivedOrdersEmailPolicy,
    Manifest,
    SyncOptions,
)
from plugin.resources import TEMPLATES_DIR
from plugin.testing.fixtures import local_email, local_manifest


def make_manifest(
    tmp: Path,
    *,
    templates: Path = TEMPLATES_DIR,
    archived: ArchivedOrdersEmailPolicy | None = None,
    max_per_run: int | None = None,
    transport: Any = None,
    confirmation: bool = True,
    registration: bool = True,
    language: str = "pl",
) -> Manifest:
    email = local_email(
        tmp,
        templates=templates,
        language=language,
        archived_orders=archived or ArchivedOrdersEmailPolicy(),
        max_per_run=max_per_run,
        **({"transport": transport} if transport is not None else {}),
    )
    sync = SyncOptions(send_confirmation_email=confirmation, register_customers=registration)
    return local_manifest(tmp, sync=sync, email=email, connected_since=date(2026, 11, 1))


def make_email(
    n: int,
    *,
    archival: bool = False,
    template: str = "order_confirmation",
    language: str = "pl",
    buyer: dict[str, Any] | None = None,
    recipient: str | None = None,
) -> QueuedEmail:
    """Queued email number ``n`` with the sample context (buyer fields replaced by ``buyer``)."""
    context = copy.deepcopy(sample_context())
    form_id = f"form-{n:05d}"
    context["order"].update(number=str(1000 + n), allegro_checkout_form_id=form_id, archival=archival)
    context["buyer"].update(buyer or {})
    address = recipient or f"buyer{n}@allegromail.pl"
    context["buyer"]["email"] = address
    context["customer"]["email"] = address
    name = " ".join(p for p in (context["buyer"]["first_name"], context["buyer"]["last_name"]) if p)
    return QueuedEmail(
        message_id(template, form_id, "sklep.example.pl"), template, address, name, language, archival, form_id, context
    )


class RecordingHandler:
    """aiosmtpd handler keeping every envelope; ``answers`` scripts replies (e.g. a 451 then success)."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.answers: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.answers:
            answer = self.answers.pop(0)
            if not answer.startswith("250"):
                return answer
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_transport(manifest: Manifest, transport: Any) -> Manifest:
    assert manifest.email is not None
    return replace(manifest, email=replace(manifest.email, transport=transport))
