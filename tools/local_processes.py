"""The local run's children and the signals that stop them all, whatever started the run.

A shell starts a background job with SIGINT ignored, and Python then never raises
KeyboardInterrupt; SIGTERM and SIGHUP end a process without any clean-up. So every one of the
three is turned into `Stop`, and `Processes.stop()` is what always runs afterwards.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stop(Exception):
    """A signal asked the local run to stop."""


def _raise_stop(signum: int, _: FrameType | None) -> None:
    raise Stop(signal.Signals(signum).name)


class Processes:
    """The children of this run; stopping them is the one thing that always happens."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.children: dict[str, subprocess.Popen[bytes]] = {}

    def add(self, name: str, process: subprocess.Popen[bytes]) -> None:
        self.children[name] = process

    def start_service(self, name: str, env: dict[str, str], port: int) -> None:
        """`python -m services.<name>`, its output in `<logs>/<name>.log`."""
        with (self.logs / f"{name}.log").open("ab") as log:
            self.add(
                name,
                subprocess.Popen(  # noqa: S603 - our own modules
                    [sys.executable, "-m", f"services.{name}"],
                    cwd=ROOT,
                    env={
                        **env,
                        "HTTP_PORT": str(port),
                        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
                    },
                    stdout=log,
                    stderr=subprocess.STDOUT,
                ),
            )

    def exited(self) -> str | None:
        """The first child that is no longer running, with how it ended."""
        for name, child in self.children.items():
            if child.poll() is not None:
                return f"{name} exited with {child.returncode}; see {self.logs / (name + '.log')}"
        return None

    def stop(self) -> None:
        """SIGTERM to all (services last started first), then SIGKILL what outlives 10 s."""
        for child in reversed(self.children.values()):
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for child in self.children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Raise Stop on any stop signal, even one a background shell told us to ignore."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _raise_stop)
    try:
        yield
    finally:  # a second Ctrl-C must not cut the clean-up short
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
