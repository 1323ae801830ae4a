"""The simulator as a real threaded HTTP server on loopback, started in-process or from the command line."""

from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from plugin.exceptions import SimulatorError
from plugin.simulator.account import SimulatorState
from plugin.simulator.gateway import respond
from plugin.simulator.replies import Request
from plugin.simulator.seller_catalog import catalog_from

MAX_BODY = 10 * 1024 * 1024
SECRET_PARAMS = re.compile(r"(refresh_token|device_code|code|access_token)=[^&\s]+")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a client's session reuses its connection
    disable_nagle_algorithm = True  # headers and body go out as separate writes: no 40 ms delayed-ACK stall
    server: _Server

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.send_error(413)
            return
        raw = self.rfile.read(length) if length else b""
        request = Request(
            method=self.command,
            path=parts.path.rstrip("/") or "/",
            query=parse_qs(parts.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            raw_body=raw,
        )
        status, headers, body, delay = respond(self.server.state, request)
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout fault)
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:  # OAuth sends tokens and codes in the query: never log them
            line = SECRET_PARAMS.sub(r"\1=***", format % args)
            sys.stderr.write(f"simulator: {self.address_string()} {line}\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], state: SimulatorState, verbose: bool) -> None:
        super().__init__(address, _Handler)
        self.state = state
        self.verbose = verbose


class RunningSimulator:
    """A simulator serving in a background thread; ``url`` is its base URL (API and OAuth alike)."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        self.state: SimulatorState = server.state
        host, port = server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="allegro-simulator", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> RunningSimulator:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


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
    try:
        server = _Server((host, port), state, verbose)
    except OSError as exc:
        raise SimulatorError(
            f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port (or --host)"
        ) from exc
    return RunningSimulator(server)
