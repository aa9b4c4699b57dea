"""Outages longer than every retry budget, one after another while cases flow through two
replicas of every service: the database away, the broker away, the mail server away for two
hours (the clock moved); `OUTAGES=database` (or `broker`, `mail`) runs one alone. Afterwards
every case has one receipt and one staff alert, nothing is owed, no timer is overdue and no
message sits in any queue or DLQ.

The CI size shrinks the budgets by setting (a 2 s server selection and operation timeout, 1 s
between pings, a 2 s confirm timeout), so a 12 s outage outlasts the old budget (four attempts,
about 22 s at full size, 10 s at this size) comfortably; `docs/operations.md` has the full-size
command and figures.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.fault_run import Broker, FaultRun, assert_nothing_lost_or_parked, private_broker
from tests.e2e.faults import ChatHook, RestartableDatabase
from tests.e2e.processes import ServiceProcesses

pytestmark = [pytest.mark.fault, pytest.mark.timeout(3600)]
CASES = int(os.environ.get("OUTAGE_CASES", "30"))
OUTAGES = os.environ.get("OUTAGES", "database,broker,mail").split(",")
# Cases keep coming through every outage: CASES over FLOW_SECONDS (the CI run's outages take ~80 s).
FLOW_SECONDS = float(os.environ.get("OUTAGE_FLOW_SECONDS", "75"))
DATABASE_AWAY = float(os.environ.get("OUTAGE_DATABASE_SECONDS", "12"))
BROKER_AWAY = float(os.environ.get("OUTAGE_BROKER_SECONDS", "12"))
MAIL_AWAY = dt.timedelta(hours=2)
SETTLE_SECONDS = 120 + CASES * 0.5
SHRUNK = {
    "MONGODB_TIMEOUT_MS": os.environ.get("OUTAGE_MONGODB_TIMEOUT_MS", "2000"),
    "MONGODB_OPERATION_TIMEOUT_MS": os.environ.get("OUTAGE_MONGODB_TIMEOUT_MS", "2000"),
    "OUTAGE_RETRY_SECONDS": "1",
    "PUBLISH_CONFIRM_TIMEOUT_SECONDS": "2",
}


@pytest.fixture
def broker(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Broker]:
    """A RabbitMQ node of this test's own, to stop for a while."""
    yield from private_broker(tmp_path, request)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[RestartableDatabase]:
    """A stand-in of this test's own, to stop for a while."""
    db = RestartableDatabase(tmp_path)
    db.start()
    try:
        yield db
    finally:
        db.stop()


async def _database_away(processes: ServiceProcesses, run: FaultRun) -> list[str]:
    await asyncio.sleep(2)  # cases are flowing
    began = time.monotonic()
    await asyncio.to_thread(run.database.stop)
    await asyncio.sleep(DATABASE_AWAY / 2)
    seen = await _honest_answers(processes)
    await asyncio.sleep(max(0.0, DATABASE_AWAY - (time.monotonic() - began)))
    await asyncio.to_thread(run.database.start)
    return [f"database away {time.monotonic() - began:.0f} s", *seen]


async def _honest_answers(processes: ServiceProcesses) -> list[str]:
    """While the database is away: readiness 503 within a second naming it, liveness 200, and a
    submission answered 503 with Retry-After, never 500."""
    async with httpx.AsyncClient(timeout=5) as http:
        began = time.monotonic()
        ready = await http.get(f"{processes.url('intake')}/health/ready")
        took = time.monotonic() - began
        live = await http.get(f"{processes.url('intake')}/health/live")
        submitted = await http.post(f"{processes.url('intake')}/api/cases", json={})
        page = await http.get(
            f"{processes.url('intake')}/eigenaar/onbekend", headers={"accept": "text/html"}
        )
    assert ready.status_code == 503 and ready.json()["down"] == ["database"], ready.text
    assert took < 1.0, f"readiness took {took:.1f} s"
    assert live.status_code == 200
    assert submitted.status_code in (422, 503), "a bad body is still a 422; never a 500"
    assert page.status_code == 503 and "Retry-After" in page.headers, page.text[:200]
    return [f"readiness 503 in {took * 1000:.0f} ms naming the database; owner page 503"]


async def _broker_away(_: ServiceProcesses, run: FaultRun) -> list[str]:
    await asyncio.sleep(2)
    return [await run.broker.away(BROKER_AWAY)]


def _mail_away(offset_file: Path, chat: ChatHook):  # type: ignore[no-untyped-def]
    async def faults(__: ServiceProcesses, run: FaultRun) -> list[str]:
        await asyncio.sleep(2)
        run.mail.go_away()
        step = dt.timedelta(minutes=10)
        while run.clock_offset < MAIL_AWAY:  # two hours in 12 steps of 10 minutes
            await asyncio.sleep(1.5)
            run.clock_offset += step
            offset_file.write_text(str(run.clock_offset.total_seconds()))
        run.mail.come_back()
        for _ in range(6):  # the next probe is at most an hour off
            await asyncio.sleep(1.5)
            run.clock_offset += step
            offset_file.write_text(str(run.clock_offset.total_seconds()))
        alerts = [post for post in chat.posts if "Mailserver" in post]
        assert len(alerts) == 1, f"one staff alert about the mail server, by chat: {alerts}"
        return [f"mail server away {MAIL_AWAY} (clock moved); {len(alerts)} chat alert"]

    return faults


async def test_the_database_the_broker_and_the_mail_server_away_while_cases_flow_lose_nothing(
    project_root: Path, tmp_path: Path, broker: Broker, database: RestartableDatabase
) -> None:
    offset_file, chat = tmp_path / "clock-offset", ChatHook().start()
    offset_file.write_text("0")
    env = {
        **SHRUNK,
        "CLOCK_OFFSET_FILE": str(offset_file),
        "STAFF_CHAT_WEBHOOK_URL": chat.url,
        "RETRY_BASE_SECONDS": "60",
        "RETRY_MAX_SECONDS": "3600",
    }
    scenarios = {
        "database": _database_away,
        "broker": _broker_away,
        "mail": _mail_away(offset_file, chat),
    }
    chosen = [scenarios[name] for name in OUTAGES]

    async def one_after_another(processes: ServiceProcesses, run: FaultRun) -> list[str]:
        done = []
        for outage in chosen:
            done.extend(await outage(processes, run))
        return done

    run = FaultRun(project_root, tmp_path, broker, database, CASES, env=env)
    try:
        report = await run.go(one_after_another, SETTLE_SECONDS, rate=CASES / FLOW_SECONDS)
    finally:
        chat.stop()
    assert_nothing_lost_or_parked(report, CASES, SETTLE_SECONDS)
    if OUTAGES == ["mail"]:  # with the database away, a send whose "sent" write was lost repeats
        assert report["mails"]["resent with the same Message-ID"] == 0
