"""Virtual time for tests of timing rules: the event loop jumps to its next timer instead of
sleeping, so a watchdog's half second of rounds runs in milliseconds with the same order of
events.

Inside `with virtual_time(module, ...) as clock:` the running loop's `time()` is `clock.time`,
and when the loop would wait for its next timer with nothing else to do, the clock moves to
that timer at once. `time.monotonic()` in each module named reads the same clock, so the code
under test measures what the loop schedules. Time does not pass while code runs: a test sees
exactly the sleeps and timeouts it asked for.
"""

from __future__ import annotations

import asyncio
import selectors
import time
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class VirtualClock:
    """Seconds that pass only when the loop would otherwise sleep."""

    def __init__(self, start: float) -> None:
        self.now = start
        self.skipped = 0.0

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.skipped += seconds


class _JumpingSelector:
    """A selector that answers real IO at once and turns a wait for a timer into a jump."""

    def __init__(self, real: selectors.BaseSelector, clock: VirtualClock) -> None:
        self._real = real
        self._clock = clock

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        ready = self._real.select(0)
        if ready or timeout is None:  # IO to handle, or no timer at all: the real wait
            return ready or self._real.select(timeout)
        if timeout > 0:
            self._clock.advance(timeout)
        return []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def _time_module(clock: VirtualClock) -> types.ModuleType:
    """`time` with `monotonic` on the virtual clock; everything else as it is."""
    virtual = types.ModuleType("time")
    virtual.__dict__.update(time.__dict__)
    virtual.monotonic = clock.time  # type: ignore[attr-defined]
    return virtual


@contextmanager
def virtual_time(*modules: types.ModuleType) -> Iterator[VirtualClock]:
    """Run the current event loop on a virtual clock; `modules` read it as `time.monotonic`."""
    loop = asyncio.get_running_loop()
    selector = getattr(loop, "_selector", None)
    if selector is None:
        raise RuntimeError("virtual_time needs a selector event loop")
    clock = VirtualClock(loop.time())
    saved = {module: module.__dict__["time"] for module in modules}
    loop.time = clock.time  # type: ignore[method-assign]
    loop._selector = _JumpingSelector(selector, clock)  # type: ignore[attr-defined]
    for module in modules:
        module.time = _time_module(clock)  # type: ignore[attr-defined]
    try:
        yield clock
    finally:
        del loop.time
        loop._selector = selector  # type: ignore[attr-defined]
        for module, original in saved.items():
            module.time = original  # type: ignore[attr-defined]
        # timers set on the virtual clock keep their distance from now on the real one
        for handle in loop._scheduled:  # type: ignore[attr-defined]
            handle._when -= clock.skipped
