"""The progress line a batch draws on stderr: files done, files/s, errors, time left."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from scanner.results import ScanResult


def _count(bar: _Progress | None, result: ScanResult) -> None:
    if bar is not None:
        bar.done += 1
        bar.errors += not result.ok
        bar.clear()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Progress:
    """One self-rewriting line on stderr: files done/total, files/s, errors, ETA.

    When stdout is the same kind of terminal (results printed as they come), the line is erased
    before each result is handed out so the two never mix; it is redrawn on the next tick. The
    last state stays on screen, on its own line, when the batch ends. ``more``: the total is
    still growing (a distributed job cuts partitions as it walks): shown as "N+", no ETA yet.
    """

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.more = False
        self.done = 0
        self.errors = 0
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.last = 0.0
        self.width = 0
        self.shown = False
        self.share_terminal = _isatty(sys.stdout)

    def draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.1:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        rate = self.done / elapsed
        eta = "--:--"
        if rate > 0 and self.total >= self.done and not self.more:
            secs = int((self.total - self.done) / rate)
            eta = f"{secs // 60}:{secs % 60:02d}" if secs < 3600 else f"{secs // 3600}h{secs % 3600 // 60:02d}m"
        text = (f"scanned {self.done}/{self.total}{'+' * self.more} files  {rate:.0f} files/s  "
                f"{self.errors} error{'s' * (self.errors != 1)}  ETA {eta}")
        self.width = max(self.width, len(text))
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown and self.share_terminal:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.shown = False
            self.last = 0.0

    def close(self) -> None:
        self.draw(force=True)
        self.stream.write("\n")
        self.stream.flush()

