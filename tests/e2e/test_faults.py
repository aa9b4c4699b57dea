"""Cases through all four services (two replicas each) while processes, the broker, the database
and the mail server fail: every case one receipt, one staff alert, nothing stuck or owed."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.fault_run import Broker, FaultRun, assert_nothing_lost_or_parked, private_broker
from tests.e2e.faults import RestartableDatabase
from tests.e2e.processes import SERVICES, ServiceProcesses

pytestmark = [pytest.mark.fault, pytest.mark.timeout(3600)]
CASES = int(os.environ.get("FAULT_CASES", "60"))
SMTP_OUTAGE = float(os.environ.get("FAULT_SMTP_OUTAGE_SECONDS", "5"))
SETTLE_SECONDS = 120 + CASES * 0.5


@pytest.fixture
def broker(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Broker]:
    """A RabbitMQ node of this test's own; the shared one only where RabbitMQ is not installed."""
    yield from private_broker(tmp_path, request)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[RestartableDatabase]:
    """A stand-in of this test's own, to restart mid-run."""
    db = RestartableDatabase(tmp_path)
    db.start()
    try:
        yield db
    finally:
        db.stop()


async def _faults(processes: ServiceProcesses, run: FaultRun) -> list[str]:
    began, done = time.monotonic(), []

    def log(what: str) -> None:
        done.append(f"{time.monotonic() - began:.0f} s: {what}")

    for service in SERVICES:
        await asyncio.sleep(0.5)
        processes.kill(service)
        await asyncio.to_thread(processes.start, service)
        log(f"SIGKILL {service}, restarted")
    log(await run.broker.away(seconds=0))
    await asyncio.sleep(1)
    await asyncio.to_thread(run.database.stop)
    await asyncio.sleep(1)
    await asyncio.to_thread(run.database.start)
    log("database restarted")
    await run.mail.outage(SMTP_OUTAGE)
    log(f"SMTP away {SMTP_OUTAGE:.0f} s")
    return done


async def test_every_case_gets_one_receipt_and_one_staff_alert_through_every_fault(
    project_root: Path, tmp_path: Path, broker: Broker, database: RestartableDatabase
) -> None:
    # A mail whose sender was killed mid-send waits out the sending lease (fetch and SMTP
    # timeouts plus a margin: 190 s by default) before another sender takes it; shorter timeouts
    # keep that lease (80 s) inside the settling time, as an operator would size them.
    env = {"RETRY_MAX_ATTEMPTS": "30", "FETCH_TIMEOUT_SECONDS": "5", "SMTP_TIMEOUT_SECONDS": "3"}
    run = FaultRun(project_root, tmp_path, broker, database, CASES, env=env)
    report = await run.go(_faults, SETTLE_SECONDS)
    assert_nothing_lost_or_parked(report, CASES, SETTLE_SECONDS)
