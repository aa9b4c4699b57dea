"""Start the MongoDB wire-protocol stand-in (nx-27017) where no MongoDB server can run."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from pymongo import MongoClient


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int) -> bool:
    """True when nothing listens on this local port."""
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def start_standin(data_dir: Path, port: int, log_file: Path) -> subprocess.Popen[bytes]:
    """Run nx-27017 in the foreground of a child process and wait until it answers a ping."""
    data_dir.mkdir(parents=True, exist_ok=True)
    executable = shutil.which("nx-27017") or str(Path(sys.executable).parent / "nx-27017")
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            executable,
            "--data-dir",
            str(data_dir),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-file",
            str(log_file),
            "--pid-file",
            str(data_dir / "nx-27017.pid"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_ping(process, f"mongodb://127.0.0.1:{port}", log_file)
    except BaseException:  # a signal or a failure while waiting: leave no stand-in behind
        process.kill()
        process.wait()
        raise
    return process


def _wait_for_ping(process: subprocess.Popen[bytes], url: str, log_file: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nx-27017 exited with {process.returncode}; see {log_file}")
        try:
            client: MongoClient[dict[str, object]] = MongoClient(url, serverSelectionTimeoutMS=300)
            with client:
                client.admin.command("ping")
            return
        except Exception:  # not up yet
            time.sleep(0.1)
    raise RuntimeError(f"nx-27017 did not answer at {url}; see {log_file}")
