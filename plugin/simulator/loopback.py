"""The threaded loopback HTTP server both simulators (Allegro, Shoper) serve from.

A simulator supplies one ``answer(Incoming) -> Outgoing`` function; this module owns sockets, keep-alive,
delays, the "connection dropped after the write" fault and a clean start/stop in a background thread.
"""

from __future__ import annotations

import contextlib
import re
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from plugin.exceptions import SimulatorError

MAX_BODY = 10 * 1024 * 1024
SECRET_PARAMS = re.compile(r"(refresh_token|device_code|code|access_token|client_secret)=[^&\s]+")


@dataclass(frozen=True)
class Incoming:
    """One HTTP request as read off the socket."""

    method: str
    path: str  # without the query and without a trailing slash
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    raw_body: bytes


@dataclass
class Outgoing:
    """What to send back; ``drop`` closes the connection without a reply (after the work was done)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0
    drop: bool = False


Answer = Callable[[Incoming], Outgoing]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a client's session reuses its connection
    disable_nagle_algorithm = True  # headers and body go out as separate writes: no 40 ms delayed-ACK stall
    server: LoopbackServer

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.send_error(413)
            return
        raw = self.rfile.read(length) if length else b""
        incoming = Incoming(
            method=self.command,
            path=parts.path.rstrip("/") or "/",
            query=parse_qs(parts.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            raw_body=raw,
        )
        out = self.server.answer(incoming)
        if out.delay > 0:
            time.sleep(out.delay)
        if out.drop:  # the write happened; the client sees a reset connection and cannot know it
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        try:
            self.send_response(out.status)
            for name, value in out.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(out.body)))
            self.end_headers()
            self.wfile.write(out.body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout fault)
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:  # OAuth sends tokens and codes in the query: never log them
            line = SECRET_PARAMS.sub(r"\1=***", format % args)
            sys.stderr.write(f"{self.server.name}: {self.address_string()} {line}\n")


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], answer: Answer, *, name: str, verbose: bool) -> None:
        super().__init__(address, _Handler)
        self.answer = answer
        self.name = name
        self.verbose = verbose


def listen(host: str, port: int, answer: Answer, *, name: str, verbose: bool = False) -> LoopbackServer:
    """Binds the socket (port 0: any free port); a refusal is an error that says what to change."""
    try:
        return LoopbackServer((host, port), answer, name=name, verbose=verbose)
    except OSError as exc:
        raise SimulatorError(
            f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port (or --host)"
        ) from exc


class RunningServer:
    """A server serving in a background thread until ``stop()`` (or the end of a ``with`` block)."""

    def __init__(self, server: LoopbackServer) -> None:
        self._server = server
        host, port = server.server_address[:2]
        self.host, self.port = str(host), int(port)
        self.url = f"http://{host}:{port}"
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=server.name, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
