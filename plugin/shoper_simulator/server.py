"""Starting and stopping the local Shoper in-process (tests, the demo) or from ``allegro-sync shoper-simulator``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plugin.exceptions import SimulatorError
from plugin.shoper_simulator.fault_plan import rule_from
from plugin.shoper_simulator.http_front import answer_for
from plugin.shoper_simulator.leaky_bucket import LeakyBucket
from plugin.shoper_simulator.shop_state import ShoperState
from plugin.simulator.loopback import LoopbackServer, RunningServer, listen
from plugin.simulator.seller_catalog import catalog_from

DEFAULT_CLIENT_ID = "local-webapi"
DEFAULT_CLIENT_SECRET = "local-webapi-secret"  # noqa: S105 - the simulator's public default
DEFAULT_TOKEN = "local-token-api"  # noqa: S105 - the simulator's public "Token API"


class RunningShoper(RunningServer):
    """A local Shoper serving in a background thread. ``url`` is the shop's address (the client appends
    ``/webapi/rest``); the methods below are the Python side of the ``/_simulator/`` endpoints."""

    def __init__(self, server: LoopbackServer, state: ShoperState) -> None:
        super().__init__(server)
        self.state = state
        self.api_url = f"{self.url}/webapi/rest"

    def __enter__(self) -> RunningShoper:
        return self

    def snapshot(self) -> dict[str, Any]:
        return self.state.snapshot()

    def requests(self) -> list[dict[str, Any]]:
        """The request log: ``{time, method, path, query, status, ms, fault, body?, operations?}`` each."""
        return self.state.requests()

    def clear_requests(self) -> None:
        with self.state.lock:
            self.state.log.clear()

    def fault(self, kind: str, *, count: int = 1, method: str = "*", path: str = "*", **more: Any) -> None:
        """The next ``count`` requests matching ``method`` and ``path`` (a glob) get the fault ``kind``."""
        self.state.faults.add(rule_from({"kind": kind, "count": count, "method": method, "path": path, **more}))

    def bucket(self, **settings: Any) -> None:
        """``size``, ``drain``, ``bulk_cost``; ``empty=True`` drains it at once."""
        empty = settings.pop("empty", False)
        self.state.bucket.configure(**settings)
        if empty:
            self.state.bucket.empty()

    def reset(self) -> None:
        self.state.reset()


def start_shoper_simulator(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    products: Path | list | None = None,
    seed: int = 0,
    customers: int = 0,
    bucket_size: int = 10,
    drain: float = 2.0,
    bulk_cost: str = "request",
    client_id: str = DEFAULT_CLIENT_ID,
    client_secret: str = DEFAULT_CLIENT_SECRET,
    token: str = DEFAULT_TOKEN,
    token_ttl: int = 2_592_000,
    verbose: bool = False,
) -> RunningShoper:
    """Builds the seeded shop and starts serving; returns once the socket listens (port 0: any free port).

    ``customers`` the shop already has are drawn from ``seed``; the rest of the seeded shop is fixed."""
    if token_ttl < 1:
        raise SimulatorError("--token-ttl must be at least 1 second")
    if customers < 0:
        raise SimulatorError("--customers must be ≥ 0")
    state = ShoperState(
        catalog_from(products),
        client_id=client_id,
        client_secret=client_secret,
        token=token,
        token_ttl=token_ttl,
        bucket=LeakyBucket(bucket_size, drain, bulk_cost),
        customers=customers,
        seed=seed,
    )
    server = listen(host, port, answer_for(state), name="shoper-simulator", verbose=verbose)
    return RunningShoper(server, state)
