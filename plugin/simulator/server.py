"""The simulator as a real threaded HTTP server on loopback, started in-process or from the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from plugin.exceptions import SimulatorError
from plugin.simulator.account import SimulatorState
from plugin.simulator.gateway import respond
from plugin.simulator.loopback import Incoming, LoopbackServer, Outgoing, RunningServer, listen
from plugin.simulator.replies import Request
from plugin.simulator.seller_catalog import catalog_from


class RunningSimulator(RunningServer):
    """A simulator serving in a background thread; ``url`` is its base URL (API and OAuth alike)."""

    def __init__(self, server: LoopbackServer, state: SimulatorState) -> None:
        super().__init__(server)
        self.state = state

    def __enter__(self) -> RunningSimulator:
        return self


def _answer(state: SimulatorState) -> Callable[[Incoming], Outgoing]:
    def answer(incoming: Incoming) -> Outgoing:
        request = Request(incoming.method, incoming.path, incoming.query, incoming.headers, incoming.raw_body)
        status, headers, body, delay = respond(state, request)
        return Outgoing(status, headers, body, delay)

    return answer


def start_simulator(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    products: Path | list | None = None,
    orders: int = 0,
    archived: int = 0,
    seed: int = 0,
    token_ttl: int = 43200,
    client_id: str = "local-client",
    client_secret: str = "local-secret",  # noqa: S107 - the simulator's public default
    device_interval: int = 0,
    verbose: bool = False,
    progress: Callable[[int], None] | None = None,
) -> RunningSimulator:
    """Builds the seeded state and starts serving; returns once the socket listens (port 0: any free port)."""
    if orders < 0 or archived < 0:
        raise SimulatorError("--orders and --archived must be ≥ 0")
    state = SimulatorState(
        catalog_from(products),
        seed=seed,
        token_ttl=token_ttl,
        client_id=client_id,
        client_secret=client_secret,
        device_interval=device_interval,
    )
    state.seed(orders, archived, progress)
    server = listen(host, port, _answer(state), name="allegro-simulator", verbose=verbose)
    return RunningSimulator(server, state)
