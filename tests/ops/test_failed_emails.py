"""Failed emails can be seen with their reason and sent again; `emails send` counts failed rows truthfully."""

from __future__ import annotations

import json
import sqlite3

from plugin.sync.demo import DemoFiles
from tests.acceptance.helpers import run_cli
from tests.ops.conftest import variant


def _fail_for_good(files: DemoFiles, count: int) -> list[int]:
    """What five failed attempts leave behind (the delivery code's own rule, tested in tests/emails)."""
    conn = sqlite3.connect(files.shop)
    with conn:
        ids = [row[0] for row in conn.execute("SELECT rowid FROM outbox WHERE status = 'queued' ORDER BY rowid")]
        chosen = ids[:count]
        conn.executemany("UPDATE outbox SET status = 'failed', attempts = 5 WHERE rowid = ?", [(i,) for i in chosen])
    conn.close()
    return chosen


def _run_with_a_broken_outbox(shop: DemoFiles, capsys) -> tuple[int, str, str]:
    """A ``run`` whose outbox path names a file: every email it queues fails its first attempt."""
    broken = variant(
        shop,
        "broken.yaml",
        ("transport: {type: outbox, path: ./outbox}", "transport: {type: outbox, path: ./catalog.csv}"),
    )
    return run_cli(capsys, "run", str(broken), "--format", "json")


def test_list_send_and_retry_failed_emails(shop: DemoFiles, capsys) -> None:
    code, out, _ = _run_with_a_broken_outbox(shop, capsys)
    assert code == 1 and json.loads(out)["emails_queued"] >= 3

    code, out, _ = run_cli(capsys, "emails", "list", str(shop.manifest), "--queued", "--format", "json")
    queued = json.loads(out)["emails"]
    assert code == 0 and queued and all(e["status"] == "queued" for e in queued)
    assert "names a file" in queued[0]["reason"]  # the reason of the failed attempt is kept

    failed_ids = _fail_for_good(shop, 2)
    code, out, _ = run_cli(capsys, "emails", "send", str(shop.manifest), "--format", "json")
    report = json.loads(out)
    assert code == 1  # two emails wait for a person, even though this run failed nothing
    assert report["failed"] == 0 and report["failed_in_outbox"] == 2 and report["queued"] == 0
    code, out, _ = run_cli(capsys, "emails", "send", str(shop.manifest))
    assert code == 1 and "0 queued and 2 failed" in out and "emails list MANIFEST --failed" in out

    code, out, _ = run_cli(capsys, "emails", "list", str(shop.manifest), "--failed")
    assert code == 0 and "reason: " in out and out.count(" failed ") >= 2
    code, out, _ = run_cli(capsys, "emails", "list", str(shop.manifest), "--failed", "--format", "json")
    assert [e["id"] for e in json.loads(out)["emails"]] == failed_ids

    sent_id = json.loads(run_cli(capsys, "emails", "list", str(shop.manifest), "--format", "json")[1])["emails"]
    sent_id = next(e["id"] for e in sent_id if e["status"] == "sent")
    code, out, err = run_cli(capsys, "emails", "retry", str(shop.manifest), "--id", str(failed_ids[0]), str(sent_id))
    assert code == 2 and f"{sent_id} (sent)" in err and out == ""
    code, out, _ = run_cli(capsys, "emails", "list", str(shop.manifest), "--failed", "--format", "json")
    assert len(json.loads(out)["emails"]) == 2  # a refused retry changes nothing

    code, out, _ = run_cli(
        capsys, "emails", "retry", str(shop.manifest), "--id", str(failed_ids[0]), "--format", "json"
    )
    assert code == 0 and json.loads(out) == {"requeued": [failed_ids[0]]}
    code, out, _ = run_cli(capsys, "emails", "retry", str(shop.manifest), "--all-failed")
    assert code == 0 and out.startswith("queued 1 email again")

    code, out, _ = run_cli(capsys, "emails", "send", str(shop.manifest), "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["sent"] == 2 and report["failed_in_outbox"] == 0


def test_retry_needs_ids_or_all_failed(shop: DemoFiles, capsys) -> None:
    code, _, err = run_cli(capsys, "emails", "retry", str(shop.manifest))
    assert code == 2 and "--id" in err and "--all-failed" in err


def test_plan_counts_the_email_backlog_apart_from_what_the_run_would_queue(shop: DemoFiles, capsys) -> None:
    code, out, _ = _run_with_a_broken_outbox(shop, capsys)
    queued = json.loads(out)["emails_queued"]
    assert code == 1 and queued > 0
    code, out, _ = run_cli(capsys, "plan", str(shop.manifest), "--format", "json")
    plan = json.loads(out)
    assert code == 0 and plan["emails_backlog"] == queued and plan["emails_queued"] == 0
    code, out, _ = run_cli(capsys, "plan", str(shop.manifest))
    assert f"emails waiting:       {queued} queued by earlier runs" in out
    code, out, _ = run_cli(capsys, "run", str(shop.manifest), "--format", "json")
    run = json.loads(out)
    assert code == 0 and run["emails_sent"] == queued and run["emails_backlog"] == queued
