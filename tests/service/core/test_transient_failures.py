"""The database away for longer than every retry budget: work waits, nothing is dead-lettered,
people get an honest 503, and the work is done once the database is back."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from aio_pika.abc import AbstractRobustConnection

from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.messaging.topology import Topology
from shared.persistence.mongo import connect
from tests.service.intake.conftest import submission_json
from tests.support.bus import dead_letters, publish_raw
from tests.support.cases import external_case_submitted
from tests.support.services import running, settings_for
from tests.support.waiting import wait_until_async
from tools.mongo_standin import free_port, start_standin

pytestmark = pytest.mark.service


async def test_with_the_database_away_past_every_budget_a_message_waits_and_is_not_dead_lettered(
    namespace: str,
    rabbitmq_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    tmp_path: Path,
) -> None:
    port = free_port()
    database = start_standin(tmp_path / "db", port, tmp_path / "nx.log")
    url = f"mongodb://127.0.0.1:{port}"
    settings = settings_for(
        IntakeSettings,
        namespace,
        rabbitmq_url,
        url,
        mongodb_timeout_ms=1500,
        mongodb_operation_timeout_ms=1500,
        outage_retry_seconds=0.2,
        delivery_limit=3,
    )
    event = external_case_submitted()
    try:
        async with running(build_app(settings)) as http:
            database.kill()
            database.wait()
            await publish_raw(amqp, topology, "case.submitted", event.to_json())
            # The old budget: 4 attempts of 1.5 s selection plus 0.25 + 0.5 + 1 s, about 7.75 s.
            await asyncio.sleep(9)
            began = time.monotonic()
            api = await http.post("/api/cases", json=submission_json())
            assert api.status_code == 503, api.text
            assert int(api.headers["retry-after"]) > 0
            assert "database" in api.json()["detail"].lower()
            page = await http.get("/eigenaar/onbekend", headers={"accept": "text/html"})
            assert page.status_code == 503 and "retry-after" in page.headers
            assert "tijdelijk niet beschikbaar" in page.text and "database" not in page.text
            assert time.monotonic() - began < 2.0, "answered at once, not after 1.5 s each"
            began = time.monotonic()
            ready = await http.get("/health/ready")
            assert time.monotonic() - began < 1.0, "readiness answers within a second"
            assert ready.status_code == 503
            assert ready.json()["checks"] == {"broker": True, "database": False}
            assert ready.json()["down"] == ["database"]
            assert (await http.get("/health/live")).status_code == 200, "the service keeps running"
            assert await dead_letters(amqp, topology, "intake") == [], "nothing parked"
            database = start_standin(tmp_path / "db", port, tmp_path / "nx.log")
            client = connect(url)
            cases = client[settings.database_name("intake")]["cases"]

            async def stored() -> bool:
                return await cases.count_documents({"_id": event.data.case_id}) == 1

            await wait_until_async(stored, timeout=30)
            await client.close()

            async def ready_again() -> bool:
                return (await http.get("/health/ready")).status_code == 200

            await wait_until_async(ready_again, timeout=10)
            assert await dead_letters(amqp, topology, "intake") == []
    finally:
        if database.poll() is None:
            database.kill()


async def test_a_message_held_past_the_allowed_time_goes_back_apart_and_is_handled_when_back(
    namespace: str,
    rabbitmq_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    tmp_path: Path,
) -> None:
    port = free_port()
    database = start_standin(tmp_path / "db", port, tmp_path / "nx.log")
    url = f"mongodb://127.0.0.1:{port}"
    settings = settings_for(
        IntakeSettings,
        namespace,
        rabbitmq_url,
        url,
        mongodb_timeout_ms=300,
        mongodb_operation_timeout_ms=300,
        outage_retry_seconds=0.2,
        outage_hold_seconds=1.0,  # RabbitMQ's consumer_timeout stands in for hours here
        delivery_limit=1,
    )
    event = external_case_submitted()
    try:
        async with running(build_app(settings)):
            database.kill()
            database.wait()
            await publish_raw(amqp, topology, "case.submitted", event.to_json())
            await asyncio.sleep(6)  # held, returned apart, held again: several times over
            assert await dead_letters(amqp, topology, "intake") == [], "never counted"
            database = start_standin(tmp_path / "db", port, tmp_path / "nx.log")
            client = connect(url)
            cases = client[settings.database_name("intake")]["cases"]

            async def stored() -> bool:
                return await cases.count_documents({"_id": event.data.case_id}) == 1

            await wait_until_async(stored, timeout=30)
            await client.close()
            assert await dead_letters(amqp, topology, "intake") == []
    finally:
        if database.poll() is None:
            database.kill()
