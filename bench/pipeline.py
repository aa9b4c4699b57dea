"""End-to-end benchmark: cases/s and submission->receipt latency, read against raw ceilings.

`python bench/pipeline.py [--rate 20 --seconds 15 --saturation 500]`: starts the four services as
processes (one replica each) against RABBITMQ_URL and MONGODB_URL (else an nx-27017 stand-in),
posts cases to intake's API and times each owner's receipt at a real SMTP server. Writes
docs/bench/pipeline.json and docs/bench/pipeline.png.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from aiosmtpd.controller import Controller
from rich.progress import track

from bench.ceilings import ceilings
from tests.e2e.processes import SERVICES, ServiceProcesses
from tests.support.cases import submission
from tools.mongo_standin import free_port, start_standin

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "bench"


class Receipts:
    """aiosmtpd handler: when each recipient's first mail arrived (monotonic seconds)."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Stamp, keep nothing else."""
        for recipient in envelope.rcpt_tos:
            self.arrived.setdefault(recipient, time.monotonic())
        return "250 OK"


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p95/p99 in milliseconds."""
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50_ms": cuts[49] * 1000, "p95_ms": cuts[94] * 1000, "p99_ms": cuts[98] * 1000}


async def post_case(http: httpx.AsyncClient, email: str, sent: dict[str, float]) -> None:
    """Submit one case the way an owner's browser does (the JSON API)."""
    sent[email] = time.monotonic()
    answer = await http.post("/api/cases", json=submission(email=email))
    answer.raise_for_status()


async def wait_for(receipts: Receipts, emails: list[str], within: float) -> None:
    """Until every owner has a receipt (or the time is up); polled, the SMTP thread stamps."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and not all(e in receipts.arrived for e in emails):  # noqa: ASYNC110
        await asyncio.sleep(0.01)


async def at_rate(
    http: httpx.AsyncClient, receipts: Receipts, rate: float, seconds: float
) -> dict[str, Any]:
    """A steady stream of submissions; latency per case."""
    sent: dict[str, float] = {}
    emails = [f"r{uuid.uuid4().hex[:10]}@bench.example" for _ in range(int(rate * seconds))]
    started, tasks = time.monotonic(), []
    for i, email in enumerate(track(emails, description=f"{rate:g} cases/s")):
        await asyncio.sleep(max(0.0, started + i / rate - time.monotonic()))
        tasks.append(asyncio.create_task(post_case(http, email, sent)))
    await asyncio.gather(*tasks)
    await wait_for(receipts, emails, 60)
    latencies = [receipts.arrived[e] - sent[e] for e in emails if e in receipts.arrived]
    return {"rate": rate, "cases": len(emails), "received": len(latencies),
            **percentiles(latencies), "latencies_ms": [x * 1000 for x in latencies]}  # fmt: skip


async def saturation(http: httpx.AsyncClient, receipts: Receipts, count: int) -> dict[str, Any]:
    """As many as intake takes (32 in flight); cases/s until the last receipt."""
    sent: dict[str, float] = {}
    emails = [f"s{uuid.uuid4().hex[:10]}@bench.example" for _ in range(count)]
    gate = asyncio.Semaphore(32)

    async def one(email: str) -> None:
        async with gate:
            await post_case(http, email, sent)

    started = time.monotonic()
    await asyncio.gather(*(one(email) for email in emails))
    posted = time.monotonic() - started
    await wait_for(receipts, emails, 300)
    done = [receipts.arrived[e] for e in emails if e in receipts.arrived]
    latencies = [receipts.arrived[e] - sent[e] for e in emails if e in receipts.arrived]
    return {"cases": count, "received": len(done), "posted_per_s": count / posted,
            "cases_per_s": len(done) / (max(done) - started), **percentiles(latencies)}  # fmt: skip


async def main() -> None:
    """Ceilings, then the pipeline, then the ratios, JSON and plot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--saturation", type=int, default=500)
    parser.add_argument("--raw-messages", type=int, default=5000)
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
    env = {"ENVIRONMENT": "test", "SAMENSPEL_NAMESPACE": f"b{uuid.uuid4().hex[:8]}_",
           "RABBITMQ_URL": rabbitmq_url, "MONGODB_URL": mongodb_url, "SMTP_PORT": str(smtp_port),
           "LOG_LEVEL": "WARNING", "OUTBOX_POLL_SECONDS": "0.5"}  # fmt: skip
    processes = ServiceProcesses(ROOT, work, env)
    try:
        for service in SERVICES:
            processes.start(service)
        async with httpx.AsyncClient(base_url=processes.url("intake"), timeout=30) as http:
            steady = await at_rate(http, receipts, args.rate, args.seconds)
            saturated = await saturation(http, receipts, args.saturation)
    finally:
        processes.stop_all()
        smtp.stop()
        if standin is not None:
            standin.terminate()
    report(raw, steady, saturated)


def report(raw: dict[str, float], steady: dict[str, Any], saturated: dict[str, Any]) -> None:
    """Print each figure against its ceiling; write JSON and the plot."""
    consume = raw["raw_consume_ack_per_s"]
    ratios = {
        "faststream_noop_vs_raw_consume": raw["faststream_noop_consume_per_s"] / consume,
        "cases_per_s_vs_raw_consume": saturated["cases_per_s"] / consume,
        "cases_per_s_vs_publish_confirms": saturated["cases_per_s"] / raw["publish_confirms_per_s"],
        "cases_per_s_vs_database_inserts": saturated["cases_per_s"] / raw["database_inserts_per_s"],
    }
    for name, value in {**raw, **{k: v for k, v in saturated.items()}}.items():
        print(f"{name:40} {value:10.1f}")
    p50, p95, p99 = (steady[f"p{n}_ms"] for n in (50, 95, 99))
    got = f"{steady['received']}/{steady['cases']} receipts"
    print(f"at {steady['rate']:g}/s: p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms ({got})")
    for name, value in ratios.items():
        print(f"{name:40} {value:10.1%}")
    OUT.mkdir(parents=True, exist_ok=True)
    results = {"ceilings": raw, "steady": {k: v for k, v in steady.items() if k != "latencies_ms"},
               "saturation": saturated, "ratios": ratios, "cores": os.cpu_count()}  # fmt: skip
    (OUT / "pipeline.json").write_text(json.dumps(results, indent=2) + "\n")
    plot(steady["latencies_ms"], raw, saturated)


def plot(latencies: list[float], raw: dict[str, float], saturated: dict[str, Any]) -> None:
    """Latency distribution at the fixed rate, and throughputs beside their ceilings."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    left.hist(latencies, bins=40)
    left.set(title="submission -> receipt at fixed rate", xlabel="ms", ylabel="cases")
    names = ["publish+confirm", "raw consume+ack", "FastStream no-op", "DB inserts", "cases/s"]
    values = [raw["publish_confirms_per_s"], raw["raw_consume_ack_per_s"],
              raw["faststream_noop_consume_per_s"], raw["database_inserts_per_s"],
              saturated["cases_per_s"]]  # fmt: skip
    right.barh(names, values)
    right.set(title="per second (this machine)", xscale="log")
    figure.tight_layout()
    figure.savefig(OUT / "pipeline.png", dpi=100)


if __name__ == "__main__":
    asyncio.run(main())
