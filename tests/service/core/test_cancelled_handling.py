"""A broker connection that drops while the database is away must not wedge the database client."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from shared.messaging.handling import HandlingTasks
from shared.persistence.mongo import connect
from tools.mongo_standin import free_port, start_standin

pytestmark = pytest.mark.service


def test_consumer_tasks_cancelled_twice_during_a_database_outage_leave_the_client_working(
    tmp_path: Path,
) -> None:
    outcomes: list[str] = []
    # Its own event loop in a daemon thread: a wedged client ignores cancellation, so a failure
    # here would otherwise hang the test run's loop at teardown.
    runner = threading.Thread(
        target=lambda: asyncio.run(_outage_with_cancelled_consumers(tmp_path, outcomes)),
        daemon=True,
    )
    runner.start()
    runner.join(timeout=60)
    assert not runner.is_alive(), f"the database client is wedged; handlers: {outcomes}"
    assert outcomes[-1] == "client works", outcomes
    assert len(outcomes) == 6 and "cancelled" not in outcomes, "every handler ran to its end"


async def _outage_with_cancelled_consumers(tmp_path: Path, outcomes: list[str]) -> None:
    port = free_port()
    database = start_standin(tmp_path / "db", port, tmp_path / "nx.log")
    client = connect(f"mongodb://127.0.0.1:{port}", timeout_ms=3000)
    cases = client["probe"]["cases"]
    handling = HandlingTasks()

    async def handler(case_id: str) -> None:
        try:
            await cases.find_one({"_id": case_id})
            outcomes.append("done")
        except asyncio.CancelledError:
            outcomes.append("cancelled")
            raise
        except Exception as exc:  # the database is away: a transient failure, as in production
            outcomes.append(type(exc).__name__)

    try:
        await cases.insert_one({"_id": "c1"})
        database.kill()
        database.wait()
        consumers = [asyncio.create_task(handling.run(handler, "c1")) for _ in range(5)]
        await asyncio.sleep(0.7)  # every handler is now waiting in server selection
        for consumer in consumers:  # what aiormq does when the connection closes
            consumer.cancel()
        await asyncio.sleep(0)
        for consumer in consumers:
            consumer.cancel()
        database = start_standin(tmp_path / "db", port, tmp_path / "nx.log")
        await handling.drain(seconds=20)
        if await cases.find_one({"_id": "c1"}) == {"_id": "c1"}:
            outcomes.append("client works")
        await client.close()
    finally:
        database.kill()
