"""Per-file time limits: a timer signal for the main thread, a watchdog thread for any other.

A batch must not wait forever on one file. The local engine's workers are killed from outside
(``scanner.batch.local``), and a single file scanned in the caller's process gets a timer signal
(``_time_limit``). Neither works inside a Dask task, which runs in a worker's thread pool: a
signal reaches only the main thread, and the task cannot be killed alone. There a watchdog
thread (``_thread_time_limit``) raises ``_TimeUp`` in the scanning thread when the time is up,
which stops a file stuck in Python code at once. A thread stuck inside native code (a PDF
library that never returns) cannot be interrupted by anything in its process: after a grace
period the watchdog calls the caller's ``on_stuck``, which for a Dask worker records the file
and ends the process, so that the cluster restarts it and retries the partition without it.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any


class _TimeUp(BaseException):
    """Raised by the timer signal or the watchdog; a BaseException so that no reader's
    ``except Exception`` mistakes running out of time for a broken file."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise ``_TimeUp`` in this thread after ``seconds`` (Unix main thread; elsewhere no limit)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, on_alarm)
    started = time.monotonic()
    theirs, interval = signal.setitimer(signal.ITIMER_REAL, seconds)  # a caller's own timer, if any
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous)
            if theirs > 0:  # give the caller's timer back, less the time spent here
                signal.setitimer(signal.ITIMER_REAL, max(theirs - (time.monotonic() - started), 1e-3), interval)


@dataclass(slots=True, eq=False)
class _Arm:
    thread_id: int
    deadline: float
    grace: float
    on_stuck: Callable[[], None] | None
    fired: bool = False  # _TimeUp was sent to the thread
    stuck: bool = False  # on_stuck was called


class _Watchdog:
    """One daemon thread per process watching every thread that scans under a time limit."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.armed: set[_Arm] = set()
        self.wake_at = float("inf")  # when the watchdog looks next: arming a later deadline needs no wake-up
        threading.Thread(target=self._run, name="credscan-time-limit", daemon=True).start()

    def arm(self, seconds: float, grace: float, on_stuck: Callable[[], None] | None) -> _Arm:
        arm = _Arm(threading.get_ident(), time.monotonic() + seconds, grace, on_stuck)
        with self.cond:
            self.armed.add(arm)
            if arm.deadline < self.wake_at:  # a thread switch per file otherwise
                self.cond.notify()
        return arm

    def disarm(self, arm: _Arm) -> bool:
        """Stop watching; True when the time ran out. Idempotent. A ``_TimeUp`` sent but not yet
        raised is withdrawn, so it cannot surface after the file it was meant for."""
        with self.cond:
            self.armed.discard(arm)
            if arm.fired:
                _async_raise(arm.thread_id, None)
            return arm.fired

    def _run(self) -> None:
        while True:
            stuck: list[_Arm] = []
            with self.cond:
                now = time.monotonic()
                wake = 3600.0
                for arm in self.armed:
                    if not arm.fired and now >= arm.deadline:
                        arm.fired = True
                        _async_raise(arm.thread_id, _TimeUp)
                    if arm.fired and not arm.stuck and now >= arm.deadline + arm.grace:
                        arm.stuck = True
                        stuck.append(arm)
                    next_at = arm.deadline if not arm.fired else arm.deadline + arm.grace
                    if not arm.stuck:
                        wake = min(wake, max(0.0, next_at - now))
                if not stuck:
                    self.wake_at = now + wake
                    self.cond.wait(wake)
                    self.wake_at = float("inf")
            for arm in stuck:  # outside the lock: it may talk to a scheduler, then end the process
                if arm.on_stuck is not None:
                    arm.on_stuck()


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in another thread at its next Python instruction (None: withdraw one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc) if exc else ctypes.c_void_p(0))


_watchdog: _Watchdog | None = None
_watchdog_lock = threading.Lock()


@contextlib.contextmanager
def _thread_time_limit(seconds: float, grace: float,
                       on_stuck: Callable[[], None] | None = None) -> Iterator[None]:
    """Raise ``_TimeUp`` in this thread (any thread) after ``seconds``; when it is still not
    back after ``grace`` more (stuck in native code), call ``on_stuck`` from the watchdog.

    ``_TimeUp`` can surface anywhere in the block, or as it ends: catch it around the ``with``.
    """
    global _watchdog
    with _watchdog_lock:
        if _watchdog is None:
            _watchdog = _Watchdog()
    watchdog = _watchdog
    arm = watchdog.arm(seconds, grace, on_stuck)
    try:
        yield
    finally:
        while True:  # twice at most: the watchdog fires once per arm
            try:
                fired = watchdog.disarm(arm)
                break
            except _TimeUp:  # arrived while disarming: the time ran out all the same
                fired = True
        if fired:
            raise _TimeUp
