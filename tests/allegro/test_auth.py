"""OAuth: the device flow, single-use refresh tokens, the private token file, the lock, the account binding."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from allegro.conftest import manifest_for
from plugin.allegro.connect import connect, open_client
from plugin.allegro.retry import FAST
from plugin.allegro.tokens import TokenStore
from plugin.exceptions import AuthError
from plugin.simulator import start_simulator


def test_device_flow_prints_the_code_polls_past_pending_and_stores_private_tokens(sim, manifest) -> None:
    lines: list[str] = []
    slept: list[float] = []
    client = connect(manifest, show=lines.append, policy=replace(FAST, sleep=slept.append))
    device_line = lines[0]
    assert "skojarz-aplikacje" in device_line and "confirm the code" in device_line
    assert "approves it by itself" in device_line  # a local manifest: the user need not open anything
    assert any("waiting" in line for line in lines[1:])  # one authorization_pending before approval
    assert len(slept) == 2  # interval honoured before each poll
    token_file = manifest.allegro.token_file
    assert stat.S_IMODE(os.stat(token_file).st_mode) == 0o600
    stored = json.loads(token_file.read_text())
    assert stored["account_id"] == client.me()["id"] == sim.state.seller["id"]


def test_slow_down_lengthens_the_polling_interval(sim, manifest) -> None:
    slept: list[float] = []
    sim.state.oauth.device_interval = 2
    try:
        sim.state.set_faults(slow_down=True)
        connect(manifest, show=lambda _: None, policy=replace(FAST, sleep=slept.append))
    finally:
        sim.state.oauth.device_interval = 0
    assert slept[:2] == [2, 7]  # RFC 8628: +5 s after slow_down


def test_wrong_client_secret_is_a_clear_auth_error(sim, manifest) -> None:
    bad = replace(manifest, allegro=replace(manifest.allegro, client_secret="wrong"))
    with pytest.raises(AuthError, match="client_secret"):
        connect(bad, show=lambda _: None, policy=FAST)


def test_tokens_are_refreshed_before_they_expire(sim, manifest) -> None:
    sim.state.oauth.token_ttl = 100  # shorter than the refresh margin below
    try:
        client = open_client(manifest, policy=replace(FAST, refresh_margin=200))
        old = client.transport.tokens.tokens.access_token
        client.me()
    finally:
        sim.state.oauth.token_ttl = 43200
    assert client.transport.tokens.refreshes >= 1
    assert client.transport.tokens.tokens.access_token != old
    assert TokenStore(manifest.allegro.token_file).load().access_token == client.transport.tokens.tokens.access_token


def test_a_spent_refresh_token_works_only_within_the_grace(sim, manifest) -> None:
    client = open_client(manifest, policy=FAST)
    spent = client.transport.tokens.tokens
    client.transport.tokens.refresh(spent.access_token)
    oauth = client.transport.tokens.oauth
    assert oauth.refresh(spent).access_token  # within 60 s Allegro still accepts it
    clock = sim.state.oauth.clock
    sim.state.oauth.clock = lambda: clock() + 61
    try:
        with pytest.raises(AuthError, match="connect"):
            oauth.refresh(spent)
    finally:
        sim.state.oauth.clock = clock


def test_another_process_refresh_is_adopted_not_repeated(sim, manifest) -> None:
    first = open_client(manifest, policy=FAST)
    second = open_client(manifest, policy=FAST)
    stale = first.transport.tokens.tokens.access_token
    second.transport.tokens.refresh(stale)  # the other process refreshed and saved the pair
    first.transport.tokens.refresh(stale)  # must adopt it, not spend the old refresh token again
    assert first.transport.tokens.refreshes == 0
    assert first.transport.tokens.tokens.access_token == second.transport.tokens.tokens.access_token


def _refresh_in_child(url: str, token_file: str, stale: str, out: multiprocessing.Queue) -> None:
    client = open_client(manifest_for(url, Path(token_file)), policy=FAST)
    client.transport.tokens.refresh(stale)
    out.put((client.transport.tokens.refreshes, client.me()["id"]))


def test_two_processes_never_refresh_at_once(sim, manifest) -> None:
    """Four processes see the same expired token at once; the file lock lets exactly one refresh."""
    stale = open_client(manifest, policy=FAST).transport.tokens.tokens.access_token
    out: multiprocessing.Queue = multiprocessing.get_context("fork").Queue()
    ctx = multiprocessing.get_context("fork")
    children = [
        ctx.Process(target=_refresh_in_child, args=(sim.url, str(manifest.allegro.token_file), stale, out))
        for _ in range(4)
    ]
    for child in children:
        child.start()
    results = [out.get(timeout=20) for _ in children]
    for child in children:
        child.join(timeout=10)
    assert sum(refreshes for refreshes, _ in results) == 1
    assert {account for _, account in results} == {sim.state.seller["id"]}


def test_connecting_another_account_is_detected(sim, manifest) -> None:
    connect(manifest, show=lambda _: None, policy=FAST)
    sim.state.oauth.account_id = "99999999"
    try:
        with pytest.raises(AuthError, match="replace-account"):
            connect(manifest, show=lambda _: None, policy=FAST)
        connect(manifest, show=lambda _: None, policy=FAST, replace_account=True)
        assert TokenStore(manifest.allegro.token_file).load().account_id == "99999999"
    finally:
        sim.state.oauth.account_id = sim.state.seller["id"]


def test_tokens_acting_for_another_account_later_are_refused(tmp_path) -> None:
    with start_simulator(orders=1) as local:
        manifest = manifest_for(local.url, tmp_path / "tokens.json", environment="sandbox")
        connect(manifest, show=lambda _: None, policy=FAST)
        store = TokenStore(manifest.allegro.token_file)
        store.save(replace(store.load(), account_id="12345"))
        with pytest.raises(AuthError, match="12345"):
            open_client(manifest, policy=FAST)


def test_production_without_tokens_asks_to_connect(tmp_path) -> None:
    manifest = manifest_for("https://api.allegro.pl", tmp_path / "none.json", environment="production")
    with pytest.raises(AuthError, match="allegro-sync connect"):
        open_client(manifest, policy=FAST)


def test_local_without_tokens_connects_by_itself_and_reconnects_after_a_restart(tmp_path) -> None:
    token_file = tmp_path / "tokens.json"
    with start_simulator(orders=1) as first:
        assert open_client(manifest_for(first.url, token_file), policy=FAST).me()["id"]
    with start_simulator(orders=1, seed=1) as second:  # a new simulator knows none of the old tokens
        client = open_client(manifest_for(second.url, token_file), policy=FAST)
        assert client.me()["id"] == second.state.seller["id"]


def test_a_damaged_token_file_names_the_file_and_the_fix(tmp_path) -> None:
    path = tmp_path / "tokens.json"
    path.write_text("{not json")
    with pytest.raises(AuthError, match=r"tokens\.json.*allegro-sync connect"):
        TokenStore(path).load()


def test_saving_is_atomic_and_private_even_over_a_readable_file(sim, manifest) -> None:
    client = open_client(manifest, policy=FAST)
    path = manifest.allegro.token_file
    os.chmod(path, 0o644)
    TokenStore(path).save(client.transport.tokens.tokens)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert "access_token" not in repr(client.transport.tokens.tokens)


def test_a_simulator_that_is_not_running_is_named_in_the_error(tmp_path) -> None:
    with start_simulator() as gone:
        url = gone.url
    with pytest.raises(AuthError, match="allegro-sync simulator"):
        open_client(manifest_for(url, tmp_path / "tokens.json"), policy=FAST)
