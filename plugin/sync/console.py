"""Progress and log lines on stderr: a progress counter only on a terminal, logs as text or JSON lines."""

from __future__ import annotations

import json
import sys
import time
from typing import Any, TextIO


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
    """``log(event, **fields)``: one line per event on stderr, ``text`` or ``json``. Never given secrets."""

    def __init__(self, fmt: str = "text", stream: TextIO | None = None) -> None:
        self.fmt = fmt
        self.stream = stream or sys.stderr

    def __call__(self, event: str, **fields: Any) -> None:
        if self.fmt == "json":
            line = json.dumps({"event": event, **fields}, ensure_ascii=False, default=str)
        elif event == "done":
            return  # the text report says it all
        else:
            line = f"allegro-sync: {event}: " + " ".join(f"{k}={v}" for k, v in fields.items())
        print(line, file=self.stream, flush=True)
