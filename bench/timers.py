"""Timer benchmark: 100,000 pending timers, 1,000 of them due; time per poll and the query plan.

Run `python bench/timers.py` against MONGODB_URL, or without it against an nx-27017 stand-in
started on a free port. The database's raw bulk-insert rate, measured in the same run, is the
ceiling to read the other figures against.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shared.clock import ManualClock
from shared.contracts.envelope import new_event
from shared.contracts.scheduling import DecisionOverdue
from shared.persistence.mongo import Document, connect, ensure_indexes
from shared.persistence.repository import Stored
from shared.persistence.timers import PENDING, Timer, TimerPoller, TimerRepository
from tools.mongo_standin import free_port, start_standin

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def timer_document(number: int, due: dt.datetime) -> Document:
    """A pending timer exactly as TimerRepository stores one."""
    payload = DecisionOverdue(case_id=f"c{number}", decision_due=due.date(), overdue_since=due)
    return {
        "_id": f"decision:c{number}",
        "version": 1,
        "kind": "case.decision_overdue",
        "due_at": due,
        "status": PENDING,
        "payload": payload.model_dump(mode="json"),
        "case_id": f"c{number}",
        "fired_at": None,
        "outbox": [],
        "pending_events": 0,
        "inbox": [],
        "relay_lease_until_ms": 0,
        "relay_owner": None,
    }


async def insert_all(collection: Any, documents: list[Document], batch: int = 1000) -> float:
    """Bulk-insert in batches; returns documents per second."""
    started = time.perf_counter()
    for offset in range(0, len(documents), batch):
        await collection.insert_many(documents[offset : offset + batch], ordered=False)
    return len(documents) / (time.perf_counter() - started)


def describe_plan(explained: Document) -> str:
    """The winning plan, e.g. LIMIT <- FETCH <- IXSCAN(status_due_at); says when it scans."""
    plan = (explained.get("queryPlanner") or {}).get("winningPlan")
    if isinstance(plan, list):  # nx-27017 reports its SQL engine's plan steps
        steps = " | ".join(str(step.get("detail", step)) for step in plan)
        if "USING INDEX" in steps or "USING COVERING INDEX" in steps:
            return (
                f"{steps}  (stand-in reports the index; check the empty-poll time as the set grows)"
            )
        return f"{steps}  (stand-in: a full SCAN of the collection; declared indexes unused)"
    if not plan:
        return "no query planner output"
    stages = []
    while isinstance(plan, dict):
        stage = str(plan.get("stage", "?"))
        if plan.get("indexName"):
            stage += f"({plan['indexName']})"
        stages.append(stage)
        plan = plan.get("inputStage") or plan.get("queryPlan")
    text = " <- ".join(stages)
    if "COLLSCAN" in text:
        text += "  (collection scan: the declared index is not used)"
    return text


async def run(url: str, pending: int, due: int, batch: int) -> dict[str, Any]:
    """Fill, explain, then poll until every due timer fired; figures as a dict."""
    client = connect(url, timeout_ms=30_000, operation_timeout_ms=None)
    database = client[f"bench_timers_{int(time.time())}"]
    try:
        scratch = [{"_id": n, "value": n, "at": NOW} for n in range(pending)]
        raw_rate = await insert_all(database["raw_inserts"], scratch)
        timers = TimerRepository(database, check_queries=True)
        await ensure_indexes(timers.collection, timers.declared_indexes())
        later = NOW + dt.timedelta(days=30)
        documents = [
            timer_document(
                n, NOW - dt.timedelta(seconds=n) if n < due else later + dt.timedelta(seconds=n)
            )
            for n in range(pending)
        ]
        timer_rate = await insert_all(timers.collection, documents)
        query = {"status": PENDING, "due_at": {"$lte": NOW}}
        cursor = timers.collection.find(query).sort([("due_at", 1)]).limit(batch)
        explained = await cursor.explain()
        plan = describe_plan(explained)
        clock = ManualClock(NOW)

        async def on_due(stored: Stored[Timer]) -> None:
            data = DecisionOverdue.model_validate(stored.state.payload)
            event = new_event(data, source="/bench", subject=stored.state.case_id, now=clock.now())
            await timers.fire(stored, clock.now(), [event])

        poller = TimerPoller(timers, clock, on_due)  # what the service runs, for the figure
        queries: list[float] = []
        polls: list[float] = []
        fired = 0
        started = time.perf_counter()
        while True:
            poll_started = time.perf_counter()
            found = await timers.due(clock.now(), batch)  # the poll query alone
            queries.append(time.perf_counter() - poll_started)
            for stored in found:
                await on_due(stored)
            polls.append(time.perf_counter() - poll_started)
            fired += len(found)
            if not found:
                break
        total = time.perf_counter() - started
        assert await poller.poll_once(batch) == 0
        still_pending = await timers.collection.count_documents({"status": PENDING})
        return {
            "database": url.split("@")[-1],
            "server": (explained.get("serverInfo") or {}).get("version", "?"),
            "pending_timers": pending,
            "due_timers": due,
            "raw_insert_docs_per_s": round(raw_rate),
            "timer_insert_docs_per_s": round(timer_rate),
            "query_plan": plan,
            "polls": len(polls),
            "batch": batch,
            "seconds_per_poll_query_median": round(statistics.median(queries), 4),
            "seconds_per_poll_query_max": round(max(queries), 4),
            "seconds_per_poll_with_firing_median": round(statistics.median(polls), 4),
            "seconds_empty_poll": round(polls[-1], 4),
            "fired": fired,
            "fired_per_s": round(fired / total, 1),
            "seconds_to_fire_all": round(total, 2),
            "pending_after": still_pending,
        }
    finally:
        await client.drop_database(database.name)
        await client.close()


def main() -> None:
    """Parse arguments, find or start a database, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pending", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    url = os.environ.get("MONGODB_URL")
    process = None
    if not url:
        workdir = Path(tempfile.mkdtemp(prefix="bench-timers-"))
        port = free_port()
        process = start_standin(workdir / "data", port, workdir / "nx-27017.log")
        url = f"mongodb://127.0.0.1:{port}"
        print(f"MONGODB_URL not set: started the nx-27017 stand-in on port {port}", flush=True)
    try:
        figures = asyncio.run(run(url, args.pending, args.due, args.batch))
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
