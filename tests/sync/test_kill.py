"""SIGKILL a real ``allegro-sync run`` process at random moments, start it again, and compare the shop with
the one a single clean run builds from the same Allegro account."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time

from plugin.sync.demo import SECRET_ENV, SIMULATOR_SECRET
from tests.real_run import start_run
from tests.sync.helpers import open_embedded, shop_snapshot
from tests.sync.simulated import shop_folder, simulator_fixture

SECRETS = {SECRET_ENV: SIMULATOR_SECRET}


simulator = simulator_fixture(orders=250, seed=3, scope="module")


def snapshot_of(path) -> dict:
    shop = open_embedded(path)
    try:
        return shop_snapshot(shop)
    finally:
        shop.close()


def folder(path, simulator):
    """A shop with confirmation emails (kills also land in delivery) but no registrations, to stay quick."""
    files, _ = shop_folder(path, simulator.url)
    text = files.manifest.read_text().replace("register_customers: true", "register_customers: false")
    files.manifest.write_text(text)
    return files


def wait_for_orders(path, process, count: int) -> None:
    """Until the shop holds ``count`` orders (read-only, as another program would) or the run has ended."""
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.1) as conn:
                if conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0] >= count:
                    return
        except sqlite3.Error:
            pass  # not created yet, or busy for a moment
        time.sleep(0.005)


def test_killed_runs_end_like_one_clean_run(tmp_path, simulator):
    clean_files = folder(tmp_path / "clean", simulator)
    started = time.monotonic()
    clean = start_run(clean_files.manifest, SECRETS)
    assert clean.wait(timeout=120) == 0, clean.stderr.read().decode()
    clean_seconds = time.monotonic() - started

    files = folder(tmp_path / "killed", simulator)
    rng = random.Random(int(os.environ.get("KILL_SEED", "11")))
    kills = 0
    for attempt in range(5):
        process = start_run(files.manifest, SECRETS)
        if attempt == 0:  # the first run always dies in the middle of its import, however loaded the machine
            wait_for_orders(files.shop, process, rng.randint(1, 60))
        else:
            time.sleep(rng.uniform(0.05, clean_seconds))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=60)
    final = start_run(files.manifest, SECRETS)
    assert final.wait(timeout=120) == 0, final.stderr.read().decode()
    assert kills >= 1
    assert snapshot_of(files.shop) == snapshot_of(clean_files.shop)
