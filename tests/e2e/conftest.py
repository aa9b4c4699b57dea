"""End-to-end fixtures: the services as subprocesses, mail caught by a real SMTP server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.processes import ServiceProcesses
from tests.support.mail import SmtpServer

SERVICE_TOKEN = "e2e-service-token-0123456789"


@pytest.fixture
def processes(
    project_root: Path,
    tmp_path: Path,
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    smtp: SmtpServer,
) -> Iterator[ServiceProcesses]:
    """Nothing started yet; the test starts what it needs. All stopped afterwards."""
    env = {
        "ENVIRONMENT": "test",
        "SAMENSPEL_NAMESPACE": namespace,
        "RABBITMQ_URL": rabbitmq_url,
        "MONGODB_URL": mongodb_url,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "OUTBOX_POLL_SECONDS": "0.2",
        "CHECK_QUERIES": "true",
        "LOG_LEVEL": "INFO",
        # Notifications fetches attachments from documents with the service token.
        "STAFF_TOKENS": json.dumps({SERVICE_TOKEN: {"name": "Dienst", "role": "decider"}}),
        "SCHEDULING_TOKEN": SERVICE_TOKEN,
    }
    running = ServiceProcesses(project_root, tmp_path, env)
    try:
        yield running
    finally:
        running.stop_all()
