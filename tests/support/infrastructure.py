"""Where the real broker and database for tests come from: Docker, the environment, or local."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tools.mongo_standin import free_port, start_standin

DEFAULT_RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"


def docker_available() -> bool:
    """True when a Docker engine answers (testcontainers has no helper for this)."""
    try:
        import docker

        docker.from_env(timeout=2).ping()
    except Exception:
        return False
    return True


@contextmanager
def mongodb(workdir: Path) -> Iterator[str]:
    """MONGODB_URL, else a mongo:7 container, else the nx-27017 stand-in on a free port."""
    if url := os.environ.get("MONGODB_URL"):
        yield url
    elif docker_available():
        from testcontainers.mongodb import MongoDbContainer

        with MongoDbContainer("mongo:7") as container:
            yield container.get_connection_url()
    else:
        port = free_port()
        process = start_standin(workdir / "mongo", port, workdir / "nx-27017.log")
        try:
            yield f"mongodb://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def rabbitmq() -> Iterator[str]:
    """RABBITMQ_URL, else a rabbitmq:3-management container, else the local broker."""
    if url := os.environ.get("RABBITMQ_URL"):
        yield url
    elif docker_available():
        from testcontainers.rabbitmq import RabbitMqContainer

        with RabbitMqContainer("rabbitmq:3-management") as container:
            host = container.get_container_host_ip()
            port = container.get_exposed_port(5672)
            yield f"amqp://guest:guest@{host}:{port}/"
    else:
        yield DEFAULT_RABBITMQ_URL
