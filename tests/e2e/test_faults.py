"""Cases through all four services (two replicas each) while processes, broker connections,
the database and the mail server fail: every case one receipt, one staff alert, nothing stuck."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from aio_pika.abc import AbstractRobustConnection

from shared.messaging.outbox_lag import outbox_lag
from shared.messaging.topology import Topology
from shared.persistence.mongo import connect
from tests.e2e.faults import STAFF_EMAIL, MailServer, RestartableDatabase, drive, owner_email
from tests.e2e.processes import SERVICES, ServiceProcesses
from tests.support.waiting import wait_until_async

pytestmark = [pytest.mark.fault, pytest.mark.timeout(1800)]
CASES = int(os.environ.get("FAULT_CASES", "60"))
SMTP_OUTAGE = float(os.environ.get("FAULT_SMTP_OUTAGE_SECONDS", "5"))
REPLICAS = ("", "-2")
ALERT = re.compile(r'Nieuwe aanmelding: "Foutcase (\d+)"')


@pytest.fixture
def database(tmp_path: Path) -> Iterator[RestartableDatabase]:
    """A stand-in of this test's own, to restart mid-run."""
    db = RestartableDatabase(tmp_path)
    db.start()
    try:
        yield db
    finally:
        db.stop()


async def _faults(
    processes: ServiceProcesses, database: RestartableDatabase, mail: MailServer
) -> list[str]:
    done = []
    for service in SERVICES:
        await asyncio.sleep(0.5)
        processes.kill(service)
        await asyncio.to_thread(processes.start, service)
        done.append(f"SIGKILL {service}")
    cut = ["rabbitmqctl", "close_all_connections", "fault injection"]
    await asyncio.to_thread(subprocess.run, cut, check=True, capture_output=True, timeout=120)
    done.append("every broker connection cut")
    await asyncio.sleep(1)
    await asyncio.to_thread(database.stop)
    await asyncio.sleep(1)
    await asyncio.to_thread(database.start)
    done.append("database restarted")
    await mail.outage(SMTP_OUTAGE)
    done.append(f"SMTP away {SMTP_OUTAGE:.0f} s")
    return done


async def test_every_case_gets_one_receipt_and_one_staff_alert_through_every_fault(
    project_root: Path,
    tmp_path: Path,
    namespace: str,
    rabbitmq_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    database: RestartableDatabase,
) -> None:
    mail = MailServer()
    env = {
        "ENVIRONMENT": "test", "SAMENSPEL_NAMESPACE": namespace, "RABBITMQ_URL": rabbitmq_url,
        "MONGODB_URL": database.url, "SMTP_PORT": str(mail.port), "LOG_LEVEL": "WARNING",
        "STAFF": json.dumps([{"name": "Bureau", "email": STAFF_EMAIL}]),
        "RETRY_BASE_SECONDS": "1", "RETRY_MAX_SECONDS": "4", "RETRY_MAX_ATTEMPTS": "30",
        "SENDING_LEASE_SECONDS": "5", "OUTBOX_LEASE_SECONDS": "3", "OUTBOX_POLL_SECONDS": "0.3",
        "TIMER_POLL_SECONDS": "0.5", "MONGODB_TIMEOUT_MS": "3000",
    }  # fmt: skip
    processes = ServiceProcesses(project_root, tmp_path, env, ready_seconds=120)
    started = time.monotonic()
    try:
        for replica in REPLICAS:
            for service in SERVICES:
                await asyncio.to_thread(processes.start, service, replica)
        rate = max(2.0, CASES / 25)
        cases, faults = await asyncio.gather(
            drive(amqp, topology, CASES, rate), _faults(processes, database, mail)
        )
        await _wait_until_settled(mail, database, namespace, timeout=120 + CASES / 4)
        await asyncio.sleep(3)  # anything sent twice would arrive now
        counts = _mail_counts(mail)
        consistency = await _states(database, namespace, list(cases.values()))
    finally:
        processes.stop_all()
        mail.server.stop()
    print(f"\n{CASES} cases, 2 replicas each, {time.monotonic() - started:.0f} s; faults: {faults}")
    print(f"mails: {counts}; states: {consistency}")
    assert counts["receipts"] == counts["staff alerts"] == CASES
    assert counts["cases with a second receipt"] == counts["cases with a second alert"] == 0
    assert consistency == {"screened": CASES, "deadlines": CASES, "dossiers": CASES, "owed": 0}


def _mail_counts(mail: MailServer) -> dict[str, int]:
    """Distinct mails (by Message-ID) per case; resends of one Message-ID counted apart."""
    receipts: Counter[int] = Counter()
    alerts: Counter[int] = Counter()
    ids = Counter(str(message["Message-ID"]) for message in mail.messages)
    seen: set[str] = set()
    owners = {owner_email(i): i for i in range(CASES)}
    for message in mail.messages:
        message_id, to = str(message["Message-ID"]), str(message["To"])
        if message_id in seen:
            continue
        seen.add(message_id)
        address = to.rsplit("<", 1)[-1].rstrip(">").strip()
        if address in owners:
            receipts[owners[address]] += 1
        found = ALERT.match(str(message["Subject"]))
        if STAFF_EMAIL in to and found and int(found.group(1)) < CASES:
            alerts[int(found.group(1))] += 1
    return {
        "received": len(mail.messages),
        "resent with the same Message-ID": sum(n - 1 for n in ids.values()),
        "receipts": len(receipts),
        "staff alerts": len(alerts),
        "cases with a second receipt": sum(1 for n in receipts.values() if n > 1),
        "cases with a second alert": sum(1 for n in alerts.values() if n > 1),
    }


async def _wait_until_settled(
    mail: MailServer, database: RestartableDatabase, namespace: str, timeout: float
) -> None:
    async def settled() -> bool:
        counts = _mail_counts(mail)
        if counts["receipts"] < CASES or counts["staff alerts"] < CASES:
            return False
        return await _owed(database, namespace) == 0

    try:
        await wait_until_async(settled, timeout=timeout)
    except AssertionError:
        print(f"\nnot settled: {_mail_counts(mail)}, owed {await _owed(database, namespace)}")
        raise


async def _owed(database: RestartableDatabase, namespace: str) -> int:
    client = connect(database.url)
    try:
        owed = 0
        for service in SERVICES:
            lags = await outbox_lag(
                client[f"{namespace}samenspel_{service}"], dt.datetime.now(dt.UTC)
            )
            owed += sum(lag.events for lag in lags)
        return owed
    finally:
        await client.close()


async def _states(
    database: RestartableDatabase, namespace: str, case_ids: list[str]
) -> dict[str, int]:
    client = connect(database.url)
    try:
        cases = client[f"{namespace}samenspel_intake"]["cases"]
        screened = await cases.count_documents({"_id": {"$in": case_ids}, "status": "screened"})
        deadlines = client[f"{namespace}samenspel_scheduling"]["case_deadlines"]
        dossiers = client[f"{namespace}samenspel_documents"]["dossiers"]
        return {
            "screened": screened,
            "deadlines": await deadlines.count_documents({"_id": {"$in": case_ids}}),
            "dossiers": await dossiers.count_documents({"_id": {"$in": case_ids}}),
            "owed": await _owed(database, namespace),
        }
    finally:
        await client.close()
