"""Progress and log lines on stderr: progress only on a terminal, log lines timestamped, as text or JSON lines."""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from typing import Any, TextIO

# how much each event matters to whoever reads the log; an event not named here is "info"
LEVELS: dict[str, str] = {
    "quarantined": "warning",
    "catch-up": "warning",
    "allegro-error": "error",
    "email-errors": "error",
}


def timestamp() -> str:
    """UTC to the second, ISO-8601: sorts as text and reads the same in every log viewer."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Progress:
    """``progress(phase, done)`` callback that redraws one stderr line (only when stderr is a terminal)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.started = time.monotonic()
        self.drawn = False

    def __call__(self, phase: str, done: int) -> None:
        if not self.enabled:
            return
        rate = done / max(time.monotonic() - self.started, 1e-6)
        self.stream.write(f"\r{phase}: {done:,} orders ({rate:,.0f}/s)   ")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.drawn = False


class Logger:
    """``log(event, **fields)``: one timestamped line per event on stderr, ``text`` or ``json``.

    JSON lines carry ``ts``, ``level``, ``event`` and the event's fields (``done`` carries the pass's counts).
    Never given secrets."""

    def __init__(self, fmt: str = "text", stream: TextIO | None = None) -> None:
        self.fmt = fmt
        self.stream = stream or sys.stderr

    def __call__(self, event: str, **fields: Any) -> None:
        level = LEVELS.get(event, "info")
        if self.fmt == "json":
            record = {"ts": timestamp(), "level": level, "event": event, **fields}
            line = json.dumps(record, ensure_ascii=False, default=str)
        elif event == "done":
            return  # the text report on stdout says it all
        else:
            message = fields.pop("message", None)
            parts = ([_one_line(message)] if message is not None else []) + [
                f"{k}={_one_line(v)}" for k, v in fields.items()
            ]
            line = f"{timestamp()} allegro-sync: {level}: {event}: " + " ".join(parts)
        print(line, file=self.stream, flush=True)


def _one_line(value: Any) -> str:
    """Values may quote buyer data: no line breaks or control characters reach the log."""
    return "".join(ch if ch.isprintable() else " " for ch in str(value))
