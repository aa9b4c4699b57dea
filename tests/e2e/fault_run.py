"""One fault run: two replicas of every service, cases driven while faults happen, then the
checks every fault scenario shares (one receipt and one staff alert per case, nothing parked)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import subprocess
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aio_pika
import pytest
from pymongo import AsyncMongoClient

from shared.messaging.topology import Topology
from shared.persistence.mongo import Document, connect
from tests.e2e.broker import PrivateBroker, start_private_broker
from tests.e2e.fault_report import (
    mail_counts,
    mails_in_flight,
    owed,
    queue_depths,
    service_states,
)
from tests.e2e.faults import STAFF_EMAIL, MailServer, RestartableDatabase, drive
from tests.e2e.processes import SERVICES, ServiceProcesses

REPLICAS = ("", "-2")
# Settling ran at 8-11 cases/s on 2 cores over the stand-in; room for a machine shared with others.
BASE_ENV = {
    "ENVIRONMENT": "test", "LOG_LEVEL": "WARNING",
    "STAFF": json.dumps([{"name": "Bureau", "email": STAFF_EMAIL}]),
    "RETRY_BASE_SECONDS": "1", "RETRY_MAX_SECONDS": "4",
    "SENDING_LEASE_SECONDS": "5", "OUTBOX_LEASE_SECONDS": "3", "OUTBOX_POLL_SECONDS": "0.3",
    "TIMER_POLL_SECONDS": "0.5", "MONGODB_TIMEOUT_MS": "3000",
    "WATCHDOG_SECONDS": "2", "DATABASE_WEDGED_SECONDS": "20", "HANDLING_STUCK_SECONDS": "60",
    # Notifications fetches attachments from documents with the service token.
    "STAFF_TOKENS": json.dumps({"fault-service-token": {"name": "Dienst", "role": "decider"}}),
    "SCHEDULING_TOKEN": "fault-service-token",
}  # fmt: skip


@dataclass
class Broker:
    """The broker under test: a private node to restart, or the shared one to cut connections."""

    url: str
    namespace: str
    node: PrivateBroker | None

    async def away(self, seconds: float) -> str:
        """Stop the private node for `seconds` (every connection drops), then start it again."""
        if self.node is None:  # RabbitMQ not installed here: the shared node is not ours to stop
            cut = ["rabbitmqctl", "close_all_connections", "fault injection"]
            await asyncio.to_thread(subprocess.run, cut, check=True, capture_output=True)
            return "every broker connection cut"
        began = time.monotonic()
        await asyncio.to_thread(self.node.stop)
        await asyncio.sleep(max(0.0, seconds - (time.monotonic() - began)))
        await asyncio.to_thread(self.node.start)
        return f"RabbitMQ away {time.monotonic() - began:.0f} s"


def private_broker(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Broker]:
    """A RabbitMQ node of this test's own; the shared one only where RabbitMQ is not installed."""
    node = start_private_broker(tmp_path / "rabbitmq")
    if node is None:
        yield Broker(
            request.getfixturevalue("rabbitmq_url"), request.getfixturevalue("namespace"), None
        )
        return
    try:
        yield Broker(node.url, f"f{uuid.uuid4().hex[:10]}_", node)
    finally:
        node.stop()


@dataclass
class FaultRun:
    """Everything one run needs; `go` drives the cases while `faults` runs, then reports."""

    root: Path
    logs: Path
    broker: Broker
    database: RestartableDatabase
    cases: int
    env: dict[str, str] = field(default_factory=dict)
    mail: MailServer = field(default_factory=MailServer)
    clock_offset: dt.timedelta = dt.timedelta(0)  # how far a scenario moved the services' clock

    def service_env(self) -> dict[str, str]:
        """What every service process is started with."""
        return {
            **BASE_ENV,
            "SAMENSPEL_NAMESPACE": self.broker.namespace,
            "RABBITMQ_URL": self.broker.url,
            "MONGODB_URL": self.database.url,
            "SMTP_PORT": str(self.mail.port),
            **self.env,
        }

    async def go(
        self,
        faults: Callable[[ServiceProcesses, FaultRun], Awaitable[list[str]]],
        settle_seconds: float,
        rate: float | None = None,
    ) -> dict[str, Any]:
        """Run the scenario; returns every count, printed as it goes."""
        topology, namespace = Topology(self.broker.namespace), self.broker.namespace
        processes = ServiceProcesses(self.root, self.logs, self.service_env(), ready_seconds=120)
        amqp = await aio_pika.connect_robust(self.broker.url)
        client = connect(self.database.url)
        started = time.monotonic()
        try:
            starts = await asyncio.gather(
                *(
                    asyncio.to_thread(processes.start, service, replica)
                    for replica in REPLICAS
                    for service in SERVICES
                ),
                return_exceptions=True,  # every start has ended before any cleanup begins
            )
            if failed := [error for error in starts if isinstance(error, BaseException)]:
                raise failed[0]
            processes.supervise()
            up = time.monotonic() - started
            rate = rate or max(2.0, self.cases / 25)
            cases, done = await asyncio.gather(
                drive(amqp, topology, self.cases, rate), faults(processes, self)
            )
            done.insert(0, f"8 processes ready after {up:.0f} s; cases at {rate:.1f}/s")
            faults_over = time.monotonic()
            settled, progress = await settle(
                self.mail, client, namespace, self.cases, settle_seconds
            )
            await asyncio.sleep(3)  # anything sent twice would arrive now
            report: dict[str, Any] = {
                "settled": settled,
                "mails": mail_counts(self.mail, self.cases),
                "states": await service_states(
                    client, namespace, set(cases.values()), self.clock_offset
                ),
                "owed": await owed(client, namespace),
                "queues": await queue_depths(amqp, topology),
                "restarted on their own": dict(processes.restarted),
                "held by consumers": await asyncio.to_thread(self._held_by_consumers),
            }
        finally:
            processes.stop_all()
            self.mail.server.stop()
            await amqp.close()
            await client.close()
        print(f"\n{self.cases} cases, 2 replicas per service, {time.monotonic() - started:.0f} s")
        print(
            f"settling after the faults: {time.monotonic() - faults_over:.0f} s; logs {self.logs}"
        )
        states = report["states"]
        for line in (*done, *progress, f"mails: {report['mails']}"):
            print(f"  {line}")
        for name, values in states.items():
            print(f"  {name}: {values}")
        print(f"  owed: {report['owed']}\n  queues (messages): {report['queues']}")
        print(f"  restarted on their own (watchdog, crash): {report['restarted on their own']}")
        print(f"  unacked by consumers: {report['held by consumers']}")
        if not settled:
            print_log_tails(self.logs)
        return report

    def _held_by_consumers(self) -> dict[str, str]:
        """Messages delivered but not acked, and consumers, per queue (a stuck consumer shows)."""
        if self.broker.node is None:
            return {}
        fields = ("name", "messages_unacknowledged", "consumers")
        listed = self.broker.node.ctl("list_queues", "-q", "--no-table-headers", *fields)
        held = {}
        for line in listed.stdout.splitlines():
            name, unacked, consumers = [*line.split(), "?", "?"][:3]
            if name.startswith(self.broker.namespace) and unacked not in ("0", "?"):
                held[name.removeprefix(self.broker.namespace)] = f"{unacked} ({consumers} cons.)"
        return held


def print_log_tails(logs: Path, lines: int = 12) -> None:
    """A run that did not settle: each process's last warnings, for the CI log."""
    for log in sorted(logs.glob("*.log")):
        noted = [ln for ln in log.read_text(errors="replace").splitlines() if '"level"' in ln]
        ours = [
            ln for ln in noted if '"logger": "aiormq' not in ln and '"logger": "aio_pika' not in ln
        ]
        worth = [ln for ln in ours if '"DEBUG"' not in ln and '"INFO"' not in ln][-lines:]
        print(f"  --- {log.name}: last {len(worth)} warnings and errors")
        for line in worth:
            print(f"    {line[:400]}")


def assert_nothing_lost_or_parked(
    report: dict[str, Any], cases: int, settle_seconds: float
) -> None:
    """Every case one receipt and one staff alert; nothing pending, owed, queued or parked."""
    counts, states = report["mails"], report["states"]
    assert report["settled"], f"not settled within {settle_seconds:.0f} s"
    assert counts["receipts"] == counts["staff alerts"] == cases
    assert counts["cases with a second receipt"] == counts["cases with a second alert"] == 0
    assert states["intake cases"] == {"screened": cases}
    assert states["scheduling"] == {"deadlines": cases, "decision timers armed": cases}
    assert states["documents"] == {"dossiers": cases}
    assert set(states["notifications"]) == {"sent"}, "none left pending, sending or failed"
    assert sum(report["owed"].values()) == 0, "nothing owed"
    assert sum(report["queues"].values()) == 0, "every queue and DLQ empty"
    assert all(timers["overdue"] == 0 for timers in states["timers"].values()), "none stuck"


async def settle(
    mail: MailServer,
    client: AsyncMongoClient[Document],
    namespace: str,
    cases: int,
    timeout: float,
) -> tuple[bool, list[str]]:
    """Wait for every receipt, alert and owed event, and for every mail's record to settle (a
    sender killed after its send leaves it `sending` until the lease ends); progress every 30 s."""
    began = last = time.monotonic()
    last_receipts, progress = mail_counts(mail, cases)["receipts"], list[str]()
    while True:
        counts = mail_counts(mail, cases)
        mailed = counts["receipts"] >= cases and counts["staff alerts"] >= cases
        quiet = mailed and sum((await owed(client, namespace)).values()) == 0
        if quiet and not await mails_in_flight(client, namespace):
            return True, progress
        now = time.monotonic()
        if now - last >= 30:
            per_minute = (counts["receipts"] - last_receipts) * 60 / (now - last)
            progress.append(
                f"settling {now - began:.0f} s: {counts['receipts']} receipts "
                f"({per_minute:.0f}/min), {counts['staff alerts']} staff alerts"
            )
            print(f"  {progress[-1]}", flush=True)
            last, last_receipts = now, counts["receipts"]
        if now - began > timeout:
            return False, progress
        await asyncio.sleep(2)
