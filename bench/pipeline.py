"""End-to-end benchmark: cases/s and submission->receipt latency, read against raw ceilings.

`python bench/pipeline.py [--rate 5 --rate 20 --seconds 15 --saturation 500 --profile]`: starts
the four services as processes (one replica each) against RABBITMQ_URL and MONGODB_URL (else an
nx-27017 stand-in), posts cases to intake's API and times each owner's receipt and the staff
alert at a real SMTP server; measures CPU and database round trips per case at saturation.
Writes docs/bench/pipeline.json and docs/bench/pipeline.png.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from aiosmtpd.controller import Controller
from rich.progress import track

from bench.ceilings import ceilings
from bench.cpu import CpuMeter, Profiles, rabbitmq_pid
from bench.pipeline_report import print_hot_spots, report
from tests.e2e.processes import SERVICES, ServiceProcesses
from tests.support.cases import submission
from tools.mongo_standin import free_port, start_standin
from tools.purge_namespaces import purge

ROOT = Path(__file__).resolve().parent.parent


STAFF_EMAIL = "bureau@bench.example"
TITLE = re.compile(r"Bench ([rs][0-9a-f]{10})")


class Receipts:
    """aiosmtpd handler: when each owner's receipt and each case's staff alert arrived."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.alerted: dict[str, float] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Stamp; a staff alert is told apart by its recipient and named by the case title."""
        now = time.monotonic()
        for recipient in envelope.rcpt_tos:
            if recipient != STAFF_EMAIL:
                self.arrived.setdefault(recipient.split("@")[0], now)
            elif found := TITLE.search(
                str(message_from_bytes(envelope.content, policy=default)["subject"])
            ):
                self.alerted.setdefault(found.group(1), now)
        return "250 OK"

    def done(self, token: str) -> float | None:
        """When the case had both its receipt and its staff alert."""
        if token in self.arrived and token in self.alerted:
            return max(self.arrived[token], self.alerted[token])
        return None


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p95/p99 in milliseconds."""
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50_ms": cuts[49] * 1000, "p95_ms": cuts[94] * 1000, "p99_ms": cuts[98] * 1000}


async def post_case(http: httpx.AsyncClient, token: str, sent: dict[str, float]) -> None:
    """Submit one case the way an owner's browser does (the JSON API)."""
    sent[token] = time.monotonic()
    body = submission(title=f"Bench {token}", email=f"{token}@bench.example")
    answer = await http.post("/api/cases", json=body)
    answer.raise_for_status()


async def wait_for(receipts: Receipts, tokens: list[str], within: float) -> None:
    """Until every case has its receipt and staff alert (or the time is up)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and not all(receipts.done(t) for t in tokens):  # noqa: ASYNC110
        await asyncio.sleep(0.01)


async def at_rate(
    http: httpx.AsyncClient, receipts: Receipts, rate: float, seconds: float
) -> dict[str, Any]:
    """A steady stream of submissions; latency per case."""
    sent: dict[str, float] = {}
    tokens = [f"r{uuid.uuid4().hex[:10]}" for _ in range(int(rate * seconds))]
    started, tasks = time.monotonic(), []
    for i, token in enumerate(track(tokens, description=f"{rate:g} cases/s")):
        await asyncio.sleep(max(0.0, started + i / rate - time.monotonic()))
        tasks.append(asyncio.create_task(post_case(http, token, sent)))
    await asyncio.gather(*tasks)
    await wait_for(receipts, tokens, 60)
    latencies = [receipts.arrived[e] - sent[e] for e in tokens if e in receipts.arrived]
    alerts = sum(1 for t in tokens if t in receipts.alerted)
    return {"rate": rate, "cases": len(tokens), "received": len(latencies), "alerts": alerts,
            **percentiles(latencies), "latencies_ms": [x * 1000 for x in latencies]}  # fmt: skip


async def saturation(
    http: httpx.AsyncClient, receipts: Receipts, count: int, meter: CpuMeter
) -> dict[str, Any]:
    """32 in flight; cases/s until the last case has both its mails; CPU per case."""
    sent: dict[str, float] = {}
    tokens = [f"s{uuid.uuid4().hex[:10]}" for _ in range(count)]
    gate = asyncio.Semaphore(32)

    async def one(token: str) -> None:
        async with gate:
            await post_case(http, token, sent)

    meter.start()
    started = time.monotonic()
    await asyncio.gather(*(one(token) for token in tokens))
    posted = time.monotonic() - started
    await wait_for(receipts, tokens, 300)
    await asyncio.sleep(1)  # let the audit events behind the mails (notification.sent) finish
    meter.stop()
    done = [at for e in tokens if (at := receipts.done(e)) is not None]
    latencies = [receipts.arrived[e] - sent[e] for e in tokens if e in receipts.arrived]
    return {"cases": count, "received": len(done), "posted_per_s": count / posted,
            "cases_per_s": len(done) / (max(done) - started), **percentiles(latencies),
            "cpu_ms_per_case": meter.per_case_ms(count),
            "database_round_trips_per_case": meter.round_trips_per_case(count),
            "database_round_trips_per_case_by_kind": meter.round_trips_by_kind_per_case(count),
            }  # fmt: skip


async def main() -> None:
    """Ceilings, then the pipeline, then the ratios, JSON and plot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, action="append", help="cases/s (repeatable)")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--saturation", type=int, default=500)
    parser.add_argument("--raw-messages", type=int, default=5000)
    parser.add_argument("--profile", action="store_true", help="py-spy flame graphs per process")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    rabbitmq_url = os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
    standin = None
    if not (mongodb_url := os.environ.get("MONGODB_URL", "")):
        port = free_port()
        standin = start_standin(work / "mongo", port, work / "nx.log")
        mongodb_url = f"mongodb://127.0.0.1:{port}"
    raw = await ceilings(rabbitmq_url, mongodb_url, args.raw_messages)
    receipts, smtp_port = Receipts(), free_port()
    smtp = Controller(receipts, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    namespace = f"b{uuid.uuid4().hex[:8]}_"
    env = {"ENVIRONMENT": "test", "SAMENSPEL_NAMESPACE": namespace,
           "RABBITMQ_URL": rabbitmq_url, "MONGODB_URL": mongodb_url, "SMTP_PORT": str(smtp_port),
           "LOG_LEVEL": "WARNING", "OUTBOX_POLL_SECONDS": "0.5",
           "STAFF": json.dumps([{"name": "Bureau", "email": STAFF_EMAIL}])}  # fmt: skip
    processes = ServiceProcesses(ROOT, work, env)
    try:
        for service in SERVICES:
            processes.start(service)
        pids = {name: process.pid for name, process in processes.processes.items()}
        if standin is not None:
            pids["nx-27017 (database stand-in)"] = standin.pid
        if (broker_pid := rabbitmq_pid()) is not None:
            pids["rabbitmq"] = broker_pid
        pids["load generator + SMTP"] = os.getpid()
        profiles = Profiles({k: v for k, v in pids.items() if k in SERVICES or k.startswith("nx-")},
                            ROOT / ".state" / "profiles")  # fmt: skip
        async with httpx.AsyncClient(base_url=processes.url("intake"), timeout=30) as http:
            steady = [await at_rate(http, receipts, r, args.seconds) for r in args.rate or [5, 20]]
            if args.profile:
                profiles.start()
            metrics = {s: f"{processes.url(s)}/metrics" for s in SERVICES}
            meter = CpuMeter(pids, metrics)
            saturated = await saturation(http, receipts, args.saturation, meter)
            if args.profile:
                profiles.stop()
                print_hot_spots(ROOT / ".state" / "profiles")
    finally:
        processes.stop_all()
        await purge(rabbitmq_url, f"^{namespace}")  # its quorum queues would pile up run by run
        smtp.stop()
        if standin is not None:
            standin.terminate()
    report(raw, steady, saturated)


if __name__ == "__main__":
    asyncio.run(main())
