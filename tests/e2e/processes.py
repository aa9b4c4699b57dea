"""The four services as real subprocesses, the way an operator runs them without Docker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tools.mongo_standin import free_port

SERVICES = ("intake", "scheduling", "documents", "notifications")


@dataclass
class ServiceProcesses:
    """Starts, kills and restarts services; each gets its own port and log file."""

    root: Path
    logs: Path
    env: dict[str, str]
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    ready_seconds: float = 30.0
    restarted: dict[str, int] = field(default_factory=dict)  # by the supervisor, after an exit
    _specs: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopped: threading.Event = field(default_factory=threading.Event)

    def url(self, service: str) -> str:
        """Where a service answers HTTP."""
        return f"http://127.0.0.1:{self.ports[service]}"

    def start(self, service: str, replica: str = "", **overrides: str) -> None:
        """Start a service (or another replica of it, named `service` + `replica`) until ready."""
        self._wait_ready(self._launch(service, replica, **overrides))

    def start_together(self, overrides: dict[str, dict[str, str]]) -> None:
        """Start several services at once, then wait until each is ready: their imports and
        connections overlap instead of queueing (ports set first if they must know each other)."""
        names = [self._launch(service, **extra) for service, extra in overrides.items()]
        for name in names:
            self._wait_ready(name)

    def _launch(self, service: str, replica: str = "", **overrides: str) -> str:
        name = f"{service}{replica}"
        self._specs[name] = (service, overrides)
        with self._lock:
            self._spawn(name)
        return name

    def _spawn(self, name: str) -> None:
        service, overrides = self._specs[name]
        port = self.ports.setdefault(name, free_port())
        linked = {}
        if service == "notifications":  # attachments are fetched from documents' address only
            self.ports.setdefault("documents", free_port())
            linked["DOCUMENTS_PUBLIC_URL"] = self.url("documents")
        env = {**os.environ, **self.env, **linked, "HTTP_PORT": str(port), **overrides}
        log = (self.logs / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", f"services.{service}"],
            cwd=self.root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def supervise(self, every_seconds: float = 0.5) -> None:
        """Start again what exited on its own (a watchdog's exit, a crash), as compose's
        `restart: unless-stopped` does; what `kill` ends stays down until started."""
        self._stopped.clear()

        def loop() -> None:
            while not self._stopped.wait(every_seconds):
                with self._lock:
                    if self._stopped.is_set():
                        return
                    for name, process in list(self.processes.items()):
                        if process.poll() is not None:
                            self.restarted[name] = self.restarted.get(name, 0) + 1
                            self._spawn(name)

        threading.Thread(target=loop, name="supervisor", daemon=True).start()

    def _wait_ready(self, service: str) -> None:
        deadline = time.monotonic() + self.ready_seconds
        while time.monotonic() < deadline:
            if self.processes[service].poll() is not None:
                raise RuntimeError(f"{service} exited; see {self.logs / service}.log")
            try:
                if httpx.get(f"{self.url(service)}/health/ready", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{service} not ready within {self.ready_seconds:.0f} s")

    def kill(self, service: str) -> None:
        """SIGKILL: no shutdown code runs, as in a crash or an OOM kill."""
        with self._lock:
            process = self.processes.pop(service)
        process.send_signal(signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        """SIGTERM everything still running, then wait."""
        self._stopped.set()
        with self._lock:  # the supervisor starts nothing from here on
            pass
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()
