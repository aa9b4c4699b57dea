"""What the fault run left behind: mails per case, each service's state, outboxes and queues."""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections import Counter
from email.message import EmailMessage
from typing import Any

from aio_pika.abc import AbstractRobustConnection
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging.outbox_lag import outbox_lag
from shared.messaging.topology import Topology
from shared.persistence.mongo import Document
from tests.e2e.faults import STAFF_EMAIL, MailServer, owner_email
from tests.e2e.processes import SERVICES

ALERT = re.compile(r'Nieuwe aanmelding: "Foutcase (\d+)"')


# Parsing headers is costly (3,000 mails, counted while settling): each mail's are read once.
_HEADERS: weakref.WeakKeyDictionary[EmailMessage, tuple[str, str, str]] = (
    weakref.WeakKeyDictionary()
)


def _headers(message: EmailMessage) -> tuple[str, str, str]:
    if (found := _HEADERS.get(message)) is None:
        found = (str(message["Message-ID"]), str(message["To"]), str(message["Subject"]))
        _HEADERS[message] = found
    return found


def mail_counts(mail: MailServer, cases: int) -> dict[str, int]:
    """Distinct mails (by Message-ID) per case; resends of one Message-ID counted apart."""
    receipts: Counter[int] = Counter()
    alerts: Counter[int] = Counter()
    headers = [_headers(message) for message in mail.messages]
    ids = Counter(message_id for message_id, _, _ in headers)
    seen: set[str] = set()
    owners = {owner_email(i): i for i in range(cases)}
    for message_id, to, subject in headers:
        if message_id in seen:
            continue
        seen.add(message_id)
        address = to.rsplit("<", 1)[-1].rstrip(">").strip()
        if address in owners:
            receipts[owners[address]] += 1
        found = ALERT.match(subject)
        if STAFF_EMAIL in to and found and int(found.group(1)) < cases:
            alerts[int(found.group(1))] += 1
    return {
        "received": len(headers),
        "resent with the same Message-ID": sum(n - 1 for n in ids.values()),
        "receipts": len(receipts),
        "staff alerts": len(alerts),
        "cases with a second receipt": sum(1 for n in receipts.values() if n > 1),
        "cases with a second alert": sum(1 for n in alerts.values() if n > 1),
    }


async def owed(client: AsyncMongoClient[Document], namespace: str) -> dict[str, int]:
    """Events still in an outbox, per service."""
    now = dt.datetime.now(dt.UTC)
    return {
        service: sum(
            lag.events for lag in await outbox_lag(client[f"{namespace}samenspel_{service}"], now)
        )
        for service in SERVICES
    }


async def _by(client: AsyncMongoClient[Document], db: str, name: str, field: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    async for document in client[db][name].find({}, {field: 1}):
        value: Any = document
        for part in field.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        counts[str(value)] += 1
    return counts


async def service_states(
    client: AsyncMongoClient[Document],
    namespace: str,
    case_ids: set[str],
    clock_offset: dt.timedelta = dt.timedelta(0),
) -> dict[str, dict[str, Any]]:
    """Per service what it holds of the driven cases, by state (timers by the services' clock)."""
    db = f"{namespace}samenspel_"
    intake = client[f"{db}intake"]["cases"]
    deadlines = client[f"{db}scheduling"]["case_deadlines"]
    timers = client[f"{db}scheduling"]["timers"]
    dossiers = client[f"{db}documents"]["dossiers"]
    screened = Counter([str(d.get("status")) async for d in intake.find({}, {"status": 1})])
    deadline_ids = {
        str(d["_id"])
        async for d in deadlines.find({}, {"decision_due": 1})
        if d.get("decision_due")
    }
    armed = {str(d["_id"]) async for d in timers.find({"status": "pending"}, {"_id": 1})}
    dossier_ids = {str(document["_id"]) async for document in dossiers.find({}, {"_id": 1})}
    return {
        "intake cases": dict(screened),
        "scheduling": {
            "deadlines": len(deadline_ids & case_ids),
            "decision timers armed": len({f"decision:{c}" for c in case_ids} & armed),
        },
        "documents": {"dossiers": len(dossier_ids & case_ids)},
        "notifications": dict(await _by(client, f"{db}notifications", "notifications", "status")),
        "timers": {
            service: await _pending_timers(client[f"{db}{service}"]["timers"], clock_offset)
            for service in ("scheduling", "notifications")
        },
    }


async def _pending_timers(
    timers: AsyncCollection[Document], clock_offset: dt.timedelta
) -> dict[str, int]:
    """Timers armed, those that should have fired more than 10 s ago (stuck), and all ever made."""
    late = dt.datetime.now(dt.UTC) + clock_offset - dt.timedelta(seconds=10)
    counts = {"pending": 0, "overdue": 0, "made": 0}
    async for timer in timers.find({}, {"due_at": 1, "status": 1}):
        counts["made"] += 1
        if timer.get("status") != "pending":
            continue
        due = timer["due_at"]
        due = dt.datetime.fromisoformat(due) if isinstance(due, str) else due
        counts["pending"] += 1
        counts["overdue"] += (due if due.tzinfo else due.replace(tzinfo=dt.UTC)) < late
    return counts


async def queue_depths(connection: AbstractRobustConnection, topology: Topology) -> dict[str, int]:
    """Messages waiting in each service's queue and dead-letter queue."""
    depths: dict[str, int] = {}
    channel = await connection.channel()
    try:
        for service in SERVICES:
            for name in (f"{topology.namespace}{service}", topology.dead_letter_key(service)):
                queue = await channel.declare_queue(name, passive=True)
                label = name.removeprefix(topology.namespace)
                depths[label] = int(queue.declaration_result.message_count or 0)
    finally:
        await channel.close()
    return depths


async def mails_in_flight(client: AsyncMongoClient[Document], namespace: str) -> int:
    """Mails still pending, sending or waiting: one a killed sender left waits out its lease."""
    by_status = await _by(client, f"{namespace}samenspel_notifications", "notifications", "status")
    return sum(n for status, n in by_status.items() if status in ("pending", "sending", "waiting"))
