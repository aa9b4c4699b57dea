"""Each image, without a Docker engine: only what its COPY lines carry, only runtime.txt installed.

A file the service needs but no COPY line copies, or a package it imports that runtime.txt
lacks, stops the service here as it would stop the container.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.processes import SERVICES
from tests.support.images import ROOT, RUNTIME, Dockerfile, fresh_venv, lay_out
from tests.support.mail import SmtpServer
from tools.mongo_standin import free_port

pytestmark = pytest.mark.e2e
READY_SECONDS = 60.0


@pytest.fixture(scope="session")
def image_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fresh virtual environment for every image: they all install the same runtime.txt."""
    return fresh_venv(tmp_path_factory.mktemp("image-venv") / "venv", ROOT / RUNTIME)


def _environment(
    image: Dockerfile, python: Path, port: int, base: dict[str, str]
) -> dict[str, str]:
    """The image's ENV, the test's settings, no PYTHONPATH: nothing from the repository leaks in."""
    keep = {k: v for k, v in os.environ.items() if k in ("LANG", "LC_ALL", "TZ", "HOME")}
    path = f"{python.parent}:/usr/bin:/bin"
    return {
        **keep,
        **image.env,
        **base,
        "PATH": path,
        "HTTP_HOST": "127.0.0.1",
        "HTTP_PORT": str(port),
    }


@pytest.fixture
def started(
    tmp_path: Path,
    image_python: Path,
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    smtp: SmtpServer,
) -> Iterator[dict[str, tuple[Dockerfile, int, subprocess.Popen[bytes]]]]:
    """All four images' layouts started at once, each from its own directory."""
    base = {
        "ENVIRONMENT": "test",
        "SAMENSPEL_NAMESPACE": namespace,
        "RABBITMQ_URL": rabbitmq_url,
        "MONGODB_URL": mongodb_url,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
    }
    running: dict[str, tuple[Dockerfile, int, subprocess.Popen[bytes]]] = {}
    try:
        for service in SERVICES:
            image = Dockerfile.read(ROOT / "services" / service / "Dockerfile")
            app = lay_out(image, tmp_path / service)
            port = free_port()
            command = [str(image_python), *image.cmd[1:]] if image.cmd[0] == "python" else image.cmd
            log = (tmp_path / f"{service}.log").open("wb")
            process = subprocess.Popen(
                command,
                cwd=app,
                env=_environment(image, image_python, port, base),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            running[service] = (image, port, process)
        yield running
    finally:
        for _, _, process in running.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for _, _, process in running.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_ready(service: str, port: int, process: subprocess.Popen[bytes], logs: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = (logs / f"{service}.log").read_text()[-3000:]
            raise AssertionError(f"{service}'s image layout exited {process.returncode}:\n{tail}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{service}'s image layout not ready within {READY_SECONDS:.0f} s")


def test_every_image_layout_starts_and_is_ready_and_healthy(
    started: dict[str, tuple[Dockerfile, int, subprocess.Popen[bytes]]],
    image_python: Path,
    tmp_path: Path,
) -> None:
    for service, (image, port, process) in started.items():
        _wait_ready(service, port, process, tmp_path)
        exposed = image.env["HTTP_PORT"]
        check = [part.replace(f":{exposed}/", f":{port}/") for part in image.healthcheck]
        assert check[0] == "python", image.healthcheck
        probe = subprocess.run([str(image_python), *check[1:]], capture_output=True, timeout=10)
        assert probe.returncode == 0, f"{service}'s HEALTHCHECK failed: {probe.stderr!r}"
    for service, (_, _, process) in started.items():
        process.send_signal(signal.SIGTERM)
        # uvicorn shuts down, then re-raises the signal it caught (exit 0 as a container's PID 1)
        assert process.wait(timeout=15) in (0, -signal.SIGTERM), f"{service} on SIGTERM"
        assert "Traceback" not in (tmp_path / f"{service}.log").read_text(), service


def test_the_layout_holds_exactly_what_copy_lines_copy(tmp_path: Path) -> None:
    image = Dockerfile.read(ROOT / "services" / "intake" / "Dockerfile")
    app = lay_out(image, tmp_path)
    top = sorted(p.name for p in app.iterdir())
    assert top == ["requirements", "services", "shared"]
    assert sorted(p.name for p in (app / "services").iterdir()) == ["__init__.py", "intake"]
    assert not list(app.rglob("__pycache__")), ".dockerignore's patterns are left out"
    assert not (app / "shared" / "settings.py").stat().st_mode & 0o222, "read-only, as in the image"
