"""The one source of "now" per service, so tests can move time and run 8 weeks in seconds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    """Tells the current instant (timezone-aware, UTC)."""

    def now(self) -> dt.datetime: ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> dt.datetime:
        """The current UTC instant."""
        return dt.datetime.now(dt.UTC)


class ManualClock:
    """A clock a test sets and moves by hand, in process."""

    def __init__(self, start: dt.datetime) -> None:
        self._now = start.astimezone(dt.UTC)

    def now(self) -> dt.datetime:
        """The instant the test last set."""
        return self._now

    def advance(self, delta: dt.timedelta) -> None:
        """Move time forward (or back, with a negative delta)."""
        self._now += delta

    def set(self, instant: dt.datetime) -> None:
        """Jump to an instant."""
        self._now = instant.astimezone(dt.UTC)


class OffsetFileClock:
    """Wall clock plus an offset (seconds) read from a file, so tests can move subprocesses."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._mtime_ns = -1
        self._offset = dt.timedelta()

    def now(self) -> dt.datetime:
        """The current UTC instant shifted by the offset the test wrote last."""
        try:
            mtime_ns = self._path.stat().st_mtime_ns
        except FileNotFoundError:
            return dt.datetime.now(dt.UTC) + self._offset
        if mtime_ns != self._mtime_ns:
            text = self._path.read_text().strip()
            self._offset = dt.timedelta(seconds=float(text or 0))
            self._mtime_ns = mtime_ns
        return dt.datetime.now(dt.UTC) + self._offset


def clock_from(offset_file: Path | None) -> Clock:
    """The clock a service runs on: the wall clock, or a movable one under test."""
    return SystemClock() if offset_file is None else OffsetFileClock(offset_file)
