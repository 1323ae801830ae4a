"""A folder the outbox cannot write into: one line per reason with a count and examples, and counts that say
what happened to the rows (they stay queued for the next run; none failed for good). It used to print 256
identical lines and "failed 256"."""

from __future__ import annotations

import pytest

from plugin.emails import outbox
from plugin.emails.delivery import deliver_pending
from plugin.emails.reason_groups import grouped, shape
from plugin.emails.transports import eml_dir

from .helpers import make_email


def _denied(target, data):  # the signature of eml_dir._write_durably
    raise PermissionError(13, "Permission denied", str(target))


def test_an_unwritable_folder_is_one_grouped_line_and_the_rows_stay_queued(conn, manifest, monkeypatch) -> None:
    for n in range(300):
        outbox.queue_email(conn, make_email(n))
    monkeypatch.setattr(eml_dir, "_write_durably", _denied)
    report = deliver_pending(conn, manifest)
    assert (report.sent, report.failed, report.retrying) == (0, 0, 256)
    assert outbox.count_by_status(conn) == {"queued": 300}
    assert len(report.errors) == 1
    line = report.errors[0]
    assert line.startswith("256 messages: cannot write ") and "Permission denied" in line
    assert "still queued" in line and "e.g. <order_confirmation.form-00000@sklep.example.pl>" in line


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("product 'KUB-001' has 0 in stock but the order needs 2", "product 'HER-9' has 1 in stock, needs 14", False),
        ("product 'KUB-001' has 0 in stock but the order needs 2", "product 'H' has 1 in stock but the order needs 4",
         True),
        ("cannot write /srv/outbox/a1.eml: Permission denied", "cannot write /srv/outbox/b2.eml: Permission denied",
         True),
        ("cannot write /srv/outbox/a1.eml: Permission denied", "cannot write /srv/outbox/a1.eml: No space left", False),
    ],
)  # fmt: skip
def test_reasons_are_grouped_by_their_shape(one: str, other: str, same: bool) -> None:
    assert (shape(one) == shape(other)) is same
    groups = grouped([("a", one), ("b", other)])
    assert len(groups.groups) == (1 if same else 2)
