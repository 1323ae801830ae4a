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


class TerminalLine:
    """One stderr line redrawn in place, only when stderr is a terminal: progress never reaches a log or a pipe."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.drawn = False

    def draw(self, text: str) -> None:
        if self.enabled:
            self.stream.write(f"\r{text}")
            self.stream.flush()
            self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.drawn = False


class Progress(TerminalLine):
    """``progress(phase, done)`` callback of a pass: orders done and their rate."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream)
        self.started = time.monotonic()

    def __call__(self, phase: str, done: int) -> None:
        if self.enabled:
            rate = done / max(time.monotonic() - self.started, 1e-6)
            self.draw(f"{phase}: {done:,} orders ({rate:,.0f}/s)   ")


class Counted(TerminalLine):
    """``progress(done, total)`` callback: ``label: done/total unit``, redrawn every ``every`` items and at the end."""

    def __init__(self, label: str, unit: str = "", every: int = 1) -> None:
        super().__init__()
        self.label, self.unit, self.every = label, f" {unit}" if unit else "", every

    def __call__(self, done: int, total: int) -> None:
        if done == total or done % self.every == 0:
            self.draw(f"{self.label}: {done:,}/{total:,}{self.unit}")


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
