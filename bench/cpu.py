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

import httpx

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
    """CPU seconds of named processes, and database round trips of services, between readings."""

    pids: dict[str, int]
    metrics_urls: dict[str, str] = field(default_factory=dict)
    before: dict[str, float] = field(default_factory=dict)
    used: dict[str, float] = field(default_factory=dict)
    trips_before: dict[str, dict[str, float]] = field(default_factory=dict)
    trips: dict[str, dict[str, float]] = field(default_factory=dict)

    def start(self) -> None:
        """First reading."""
        self.before = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
        self.trips_before = database_commands(self.metrics_urls)

    def stop(self) -> None:
        """Second reading; what each used in between."""
        self.used = {name: cpu_seconds(pid) - self.before[name] for name, pid in self.pids.items()}
        after = database_commands(self.metrics_urls)
        self.trips = {
            name: {k: n - self.trips_before[name].get(k, 0.0) for k, n in kinds.items()}
            for name, kinds in after.items()
        }

    def round_trips_per_case(self, cases: int) -> dict[str, float]:
        """Database commands each service sent per case, and their total."""
        per_case = {name: sum(kinds.values()) / cases for name, kinds in self.trips.items()}
        return {**per_case, "total": sum(per_case.values())}

    def round_trips_by_kind_per_case(self, cases: int) -> dict[str, dict[str, float]]:
        """Per service, the commands per case by "collection command" (the costliest first)."""
        return {
            name: dict(
                sorted(((k, n / cases) for k, n in kinds.items() if n), key=lambda kv: -kv[1])
            )
            for name, kinds in self.trips.items()
        }

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


def _package(frame: str) -> str:
    """Which library (or which part of ours) a frame's file belongs to."""
    parts = frame.rsplit("(", 1)[-1].split(":")[0].split("/")
    if parts[0] in ("services", "shared") and len(parts) > 2:
        return "/".join(parts[:2])
    return parts[0].removesuffix(".py")


def hot_spots(stacks_file: Path, top: int = 10) -> dict[str, list[tuple[float, str]]]:
    """py-spy's raw output summed up: busy time by library (self), by our functions (inclusive)."""
    by_package: dict[str, int] = {}
    ours: dict[str, int] = {}
    busy = 0
    for line in stacks_file.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if not count.isdigit() or "select (selectors.py" in frames[-1]:
            continue  # idle: waiting in the event loop's select
        n = int(count)
        busy += n
        by_package[_package(frames[-1])] = by_package.get(_package(frames[-1]), 0) + n
        for name in {f.split(" (")[0] for f in frames if "(services/" in f or "(shared/" in f}:
            ours[name] = ours.get(name, 0) + n

    def ranked(counts: dict[str, int]) -> list[tuple[float, str]]:
        return [(n / busy, k) for k, n in sorted(counts.items(), key=lambda kv: -kv[1])][:top]

    return {"self time by library": ranked(by_package), "our functions": ranked(ours)}


COMMANDS = "samenspel_database_commands_total{"


def commands_by_kind(text: str) -> dict[str, float]:
    """One service's database commands so far by "collection command", from its /metrics text."""
    counts: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith(COMMANDS):
            labels, value = line.rsplit(" ", 1)
            fields = dict(part.split("=", 1) for part in labels[len(COMMANDS) : -1].split(","))
            values = {k: v.strip('"') for k, v in fields.items()}
            kind = f"{values['collection'] or '-'} {values['command']}"
            counts[kind] = counts.get(kind, 0.0) + float(value)
    return counts


def database_commands(metrics_urls: dict[str, str]) -> dict[str, dict[str, float]]:
    """Database commands each service has sent so far, by kind, from its Prometheus counter."""
    return {s: commands_by_kind(httpx.get(u, timeout=10).text) for s, u in metrics_urls.items()}
