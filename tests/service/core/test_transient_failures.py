"""A transient failure (database down) is retried a bounded number of times, then dead-lettered."""

from __future__ import annotations

from pathlib import Path

import pytest
from aio_pika.abc import AbstractRobustConnection

from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.messaging.dead_letters import ATTEMPTS_HEADER, REASON_HEADER
from shared.messaging.topology import Topology
from tests.support.bus import dead_letters, publish_raw
from tests.support.cases import external_case_submitted
from tests.support.services import running, settings_for
from tests.support.waiting import wait_until_async
from tools.mongo_standin import free_port, start_standin

pytestmark = pytest.mark.service


async def test_with_the_database_down_a_message_is_retried_then_dead_lettered_not_lost(
    namespace: str,
    rabbitmq_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    tmp_path: Path,
) -> None:
    port = free_port()
    database = start_standin(tmp_path / "db", port, tmp_path / "nx.log")
    settings = settings_for(
        IntakeSettings,
        namespace,
        rabbitmq_url,
        f"mongodb://127.0.0.1:{port}",
        mongodb_timeout_ms=300,
        delivery_limit=3,
    )
    event = external_case_submitted()
    try:
        async with running(build_app(settings)) as http:
            database.kill()
            database.wait()
            await publish_raw(amqp, topology, "case.submitted", event.to_json())
            found: list[object] = []

            async def dead_lettered() -> bool:
                found.extend(await dead_letters(amqp, topology, "intake"))
                return bool(found)

            await wait_until_async(dead_lettered, timeout=30)
            ready = await http.get("/health/ready")
            assert ready.status_code == 503
            assert ready.json()["checks"] == {"broker": True, "database": False}
            assert (await http.get("/health/live")).status_code == 200, "the service keeps running"
    finally:
        if database.poll() is None:
            database.kill()
    message = found[0]
    assert message.body == event.to_json()  # type: ignore[attr-defined]
    assert message.headers[ATTEMPTS_HEADER] == 4  # type: ignore[attr-defined]
    assert "failed 4 times" in str(message.headers[REASON_HEADER])  # type: ignore[attr-defined]
