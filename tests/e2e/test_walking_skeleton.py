"""A case travels through all four services as real processes and the owner gets a receipt."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging.topology import Topology
from shared.people import owner_id
from shared.persistence.mongo import Document
from tests.e2e.processes import SERVICES, ServiceProcesses
from tests.support.cases import submission
from tests.support.mail import SmtpServer, page_person
from tests.support.waiting import wait_until, wait_until_async

pytestmark = pytest.mark.e2e


async def test_a_posted_case_gets_its_receipt_within_two_seconds_and_every_service_records_it(
    processes: ServiceProcesses,
    smtp: SmtpServer,
    amqp: AbstractRobustConnection,
    mongo: AsyncMongoClient[Document],
    namespace: str,
) -> None:
    processes.start_together({service: {} for service in SERVICES})
    started = time.monotonic()
    async with httpx.AsyncClient(base_url=processes.url("intake")) as http:
        answer = await http.post("/api/cases", json=submission(email="owner@gemeente.example"))
    assert answer.status_code == 201
    case_id = answer.json()["case_id"]
    await wait_until(lambda: bool(smtp.inbox.to("owner@gemeente.example")), timeout=2.0)
    elapsed = time.monotonic() - started
    mail = smtp.inbox.to("owner@gemeente.example")[0]
    assert page_person(mail) == owner_id(case_id)  # the receipt leads to this case's owner page
    assert elapsed < 2.0
    for service, collection in (("scheduling", "case_deadlines"), ("documents", "dossiers")):
        records = mongo[f"{namespace}samenspel_{service}"][collection]

        async def recorded(records: AsyncCollection[Document] = records) -> bool:
            return await records.find_one({"_id": case_id}) is not None

        await wait_until_async(recorded, timeout=5)


async def test_a_case_published_by_another_system_with_plain_aio_pika_gets_a_receipt(
    processes: ServiceProcesses,
    smtp: SmtpServer,
    amqp: AbstractRobustConnection,
    topology: Topology,
    rabbitmq_url: str,
    project_root: Path,
) -> None:
    processes.start_together({service: {} for service in SERVICES})
    published = await asyncio.to_thread(
        subprocess.run,
        [
            sys.executable,
            str(project_root / "examples" / "publish_case_submitted.py"),
            rabbitmq_url,
            topology.events.name,
            "fatima@buurt.example",
        ],
        check=True,
        capture_output=True,
        cwd="/",
    )
    case_id = published.stdout.decode().strip()
    await wait_until(lambda: bool(smtp.inbox.to("fatima@buurt.example")), timeout=2.0)
    mail = smtp.inbox.to("fatima@buurt.example")[0]
    assert page_person(mail) == owner_id(case_id)  # the receipt leads to this case's owner page


async def test_intake_killed_after_storing_and_before_publishing_loses_no_event(
    processes: ServiceProcesses,
    smtp: SmtpServer,
    mongo: AsyncMongoClient[Document],
    namespace: str,
) -> None:
    processes.start("notifications")
    processes.start("intake", OUTBOX_RELAY_ENABLED="false")
    async with httpx.AsyncClient(base_url=processes.url("intake")) as http:
        answer = await http.post("/api/cases", json=submission(email="kill@gemeente.example"))
    assert answer.status_code == 201
    case_id = answer.json()["case_id"]
    stored = await mongo[f"{namespace}samenspel_intake"]["cases"].find_one({"_id": case_id})
    assert stored is not None and stored["pending_events"] == 2, "stored and screened, unpublished"
    await asyncio.sleep(1.0)
    assert smtp.inbox.to("kill@gemeente.example") == []
    processes.kill("intake")
    processes.start("intake")
    await wait_until(lambda: bool(smtp.inbox.to("kill@gemeente.example")), timeout=5.0)
    await asyncio.sleep(1.0)
    assert len(smtp.inbox.to("kill@gemeente.example")) == 1
