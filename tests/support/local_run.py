"""`python -m tools.local_run` in a subprocess, started as a shell starts a background job."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from tools.mongo_standin import port_is_free

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"http://127\.0\.0\.1:\d+/medewerker/aanmelden/link\?code=\S+")
NOT_CONFIGURED = ("ENVIRONMENT", "SECRET_KEY", "STAFF_TOKENS", "SCHEDULING_TOKEN", "MONGODB_URL")


def free_base_port() -> int:
    """A base whose +1..+4 (services), +25 (mail page) and +26 (SMTP) nobody listens on, below
    the range outgoing connections take their local ports from: a port picked there can be
    taken by some process's connection before the service binds it ("address already in use")."""
    while True:
        base = random.randrange(10_000, _ephemeral_start() - 100) // 100 * 100
        if all(port_is_free(base + n) for n in (1, 2, 3, 4, 25, 26)):
            return base


def _ephemeral_start() -> int:
    """The first port of the kernel's range for outgoing connections (32768 on Linux)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class LocalRun:
    """The local run in a subprocess, its output collected line by line."""

    def __init__(self, state: Path, rabbitmq_url: str, namespace: str, *options: str) -> None:
        env = {key: value for key, value in os.environ.items() if key not in NOT_CONFIGURED}
        env |= {"RABBITMQ_URL": rabbitmq_url, "SAMENSPEL_NAMESPACE": namespace}
        self.base = free_base_port()
        self.lines: list[str] = []
        self.link_seen = threading.Event()
        ports = ["--base-port", str(self.base), "--smtp-port", str(self.base + 26)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tools.local_run", "--state-dir", str(state), *ports, *options],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # a background job
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            if LINK.search(line):
                self.link_seen.set()

    def link(self, seconds: float = 120) -> str:
        """The printed sign-in URL, once every service answers."""
        assert self.link_seen.wait(seconds), "".join(self.lines)
        found = LINK.search("".join(self.lines))
        assert found
        return found.group(0)

    def stop(self, signum: signal.Signals = signal.SIGTERM) -> int:
        """Signal the run and wait for it to end; its exit code."""
        self.process.send_signal(signum)
        return self.process.wait(timeout=30)

    def kill_all(self, children: set[int]) -> None:
        """Whatever a test left running, including the children it saw."""
        for pid in [self.process.pid, *children]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        self.process.wait()
