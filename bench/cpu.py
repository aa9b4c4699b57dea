"""Where the CPU goes: seconds per process between two readings, and py-spy profiles of them.

Wall-clock rates on a shared 2-core machine swing by a third between runs; CPU seconds per
case barely move, and their sum says how many cases/s these cores can carry at best.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system time of one process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rabbitmq_pid() -> int | None:
    """The OS pid of the local RabbitMQ node, when rabbitmqctl can tell."""
    try:
        out = subprocess.run(
            ["rabbitmqctl", "eval", "os:getpid()."],
            capture_output=True, text=True, timeout=30, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    digits = out.strip().strip('"')
    return int(digits) if digits.isdigit() else None


@dataclass
class CpuMeter:
    """CPU seconds of named processes between `start` and `stop`."""

    pids: dict[str, int]
    before: dict[str, float] = field(default_factory=dict)
    used: dict[str, float] = field(default_factory=dict)

    def start(self) -> None:
        """First reading."""
        self.before = {name: cpu_seconds(pid) for name, pid in self.pids.items()}

    def stop(self) -> None:
        """Second reading; what each used in between."""
        self.used = {name: cpu_seconds(pid) - self.before[name] for name, pid in self.pids.items()}

    def per_case_ms(self, cases: int) -> dict[str, float]:
        """Milliseconds of CPU each process spent per case, and their total."""
        per_case = {name: seconds * 1000 / cases for name, seconds in self.used.items()}
        return {**per_case, "total": sum(per_case.values())}


class Profiles:
    """py-spy flame graphs of running processes, written when stopped (SIGINT)."""

    def __init__(self, pids: dict[str, int], out: Path) -> None:
        self._pids = pids
        self._out = out
        self._running: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        """Attach py-spy to every process (needs ptrace rights; root here)."""
        py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        self._out.mkdir(parents=True, exist_ok=True)
        for name, pid in self._pids.items():
            stacks = self._out / f"{name.split()[0]}.txt"
            command = [py_spy, "record", "--pid", str(pid), "--rate", "100", "--nonblocking",
                       "--format", "raw", "--output", str(stacks)]  # fmt: skip
            self._running.append(
                subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            )

    def stop(self) -> None:
        """Detach; py-spy writes its file on SIGINT."""
        for process in self._running:
            process.send_signal(signal.SIGINT)
        for process in self._running:
            process.wait(timeout=60)
        self._running.clear()


def hot_spots(stacks_file: Path, top: int = 12) -> list[tuple[float, str]]:
    """Inclusive share of the busy samples per function, from py-spy's raw (collapsed) output."""
    inclusive: dict[str, int] = {}
    busy = 0
    for line in stacks_file.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if not count.isdigit() or "select (selectors.py" in frames[-1]:
            continue  # idle: waiting in the event loop's select
        busy += int(count)
        for frame in {f.split(" (")[0] + " (" + f.rsplit("/", 1)[-1].split(":")[0] for f in frames}:
            inclusive[frame] = inclusive.get(frame, 0) + int(count)
    generic = ("_run", "run", "<module>", "Handle", "BaseEventLoop", "Runner", "_run_code")
    ranked = sorted(inclusive.items(), key=lambda item: -item[1])
    return [(n / busy, frame) for frame, n in ranked if not frame.startswith(generic)][:top]
