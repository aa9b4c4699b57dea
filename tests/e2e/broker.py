"""A RabbitMQ node of the fault test's own: restarting it disturbs nobody else's work."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tools.mongo_standin import free_port

# Debian's /usr/sbin wrappers switch to the rabbitmq user (and its cookie); the scripts they
# call run as whoever starts them, with our own HOME and so our own Erlang cookie.
SCRIPT_DIRS = (Path("/usr/lib/rabbitmq/bin"), Path("/usr/local/lib/rabbitmq/bin"))


def rabbitmq_scripts() -> Path | None:
    """Where rabbitmq-server and rabbitmqctl live on this machine, if RabbitMQ is installed."""
    for directory in SCRIPT_DIRS:
        if (directory / "rabbitmq-server").exists():
            return directory
    found = shutil.which("rabbitmq-server")
    return Path(found).parent if found else None


@dataclass
class PrivateBroker:
    """One RabbitMQ node: its own name, ports, data, logs, plugins (none) and cookie."""

    workdir: Path
    scripts: Path
    name: str = field(default_factory=lambda: f"fault{secrets.token_hex(4)}@localhost")
    port: int = field(default_factory=free_port)
    dist_port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        """The AMQP URL the services and the test use."""
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def _env(self) -> dict[str, str]:
        w = self.workdir
        return {
            **os.environ,
            "HOME": str(w),
            "RABBITMQ_NODENAME": self.name,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(w / "mnesia"),
            "RABBITMQ_LOG_BASE": str(w / "log"),
            "RABBITMQ_PID_FILE": str(w / "node.pid"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(w / "enabled_plugins"),
            "RABBITMQ_CONFIG_FILE": str(w / "rabbitmq.conf"),
            "RABBITMQ_CONF_ENV_FILE": str(w / "rabbitmq-env.conf"),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
            "ERL_FLAGS": "-kernel inet_dist_use_interface {127,0,0,1}",
        }

    def _prepare(self) -> None:
        w = self.workdir
        if (w / "rabbitmq.conf").exists():
            return
        w.mkdir(parents=True, exist_ok=True)
        (w / "enabled_plugins").write_text("[].\n")
        (w / "rabbitmq.conf").write_text(f"listeners.tcp.local = 127.0.0.1:{self.port}\n")
        (w / "rabbitmq-env.conf").write_text("")
        cookie = w / ".erlang.cookie"
        cookie.write_text(secrets.token_hex(20))
        cookie.chmod(0o400)

    def ctl(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """rabbitmqctl against this node only."""
        return subprocess.run(
            [str(self.scripts / "rabbitmqctl"), "-n", self.name, *args],
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self, ready_seconds: float = 90) -> None:
        """Start (again, on the same data) and wait until the node has booted."""
        self._prepare()
        subprocess.run(
            [str(self.scripts / "rabbitmq-server"), "-detached"],
            env=self._env(),
            check=True,
            capture_output=True,
            timeout=60,
        )
        deadline = time.monotonic() + ready_seconds
        while self.ctl("await_startup", "--timeout", "30").returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError(f"RabbitMQ {self.name} did not start; see {self.workdir}/log")
            time.sleep(0.5)

    def stop(self) -> None:
        """Stop the node (and its Erlang VM), as an operator's restart does."""
        self.ctl("stop", str(self.workdir / "node.pid"), timeout=120)

    def restart(self) -> None:
        """Stop, then start on the same data: durable queues and persistent messages survive."""
        self.stop()
        self.start()


def start_private_broker(workdir: Path) -> PrivateBroker | None:
    """A fresh node, or None when RabbitMQ is not installed here (e.g. only in Docker)."""
    scripts = rabbitmq_scripts()
    if scripts is None:
        return None
    broker = PrivateBroker(workdir, scripts)
    broker.start()
    return broker
