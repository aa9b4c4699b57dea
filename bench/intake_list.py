"""Staff-list latency over N cases (default 100,000): p50/p99 per common filter, query plans.

Run: `python bench/intake_list.py [--cases N] [--runs R]`. Uses MONGODB_URL, else starts the
nx-27017 stand-in (which scans: its figures say nothing about a real MongoDB's index use).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.intake.adapters.case_queries import CaseListQuery, CaseSort, mongo_filter, mongo_sort
from services.intake.adapters.case_repository import CaseRepository
from services.intake.domain.case import Case
from services.intake.domain.case_parts import Screening
from services.intake.domain.lifecycle import CaseStatus
from shared.contracts.base import ProgrammeFormat
from shared.contracts.intake import Verdict
from shared.persistence.bson_values import to_bson
from shared.persistence.mongo import connect
from tests.unit.intake.factories import submitted
from tools.mongo_standin import free_port, start_standin

TODAY = dt.date(2026, 6, 1)
START = dt.datetime(2025, 1, 1, 8, 0, tzinfo=dt.UTC)
QUERIES: dict[str, CaseListQuery] = {
    "all, newest first": CaseListQuery(),
    "status=screened, newest first": CaseListQuery(status=CaseStatus.SCREENED),
    "overdue, nearest due first": CaseListQuery(overdue=True, sort=CaseSort.DUE_ASC),
    "verdict=flag, newest first": CaseListQuery(verdict=Verdict.FLAG),
    "format=leergang+status=screened": CaseListQuery(
        programme_format=ProgrammeFormat.LEERGANG, status=CaseStatus.SCREENED
    ),
}
STATUSES = [CaseStatus.SCREENED] * 3 + [CaseStatus.ACCEPTED, CaseStatus.REJECTED]
VERDICTS = [Verdict.PASS, Verdict.PASS, Verdict.FLAG, Verdict.FAIL]
FORMATS = [ProgrammeFormat.LEERCASE] * 3 + [ProgrammeFormat.LEERGANG]


def document(n: int) -> dict[str, Any]:
    """A realistic case document, varied over the listed fields."""
    at = START + dt.timedelta(minutes=7 * n)
    event = submitted(case_id=f"bench-{n}", submitted_at=at)
    case = Case.from_submission(event, actor="bench")
    fmt = FORMATS[n % len(FORMATS)]
    case.description = case.description.model_copy(update={"preferred_format": fmt})
    case.screening = Screening(
        results=(),
        overall=VERDICTS[n % len(VERDICTS)],
        decision_due=at.date() + dt.timedelta(days=7),
        screened_at=at,
    )
    case.status = STATUSES[n % len(STATUSES)]
    fields = to_bson(case.model_dump(mode="python"))
    extra = {
        "outbox": [],
        "pending_events": 0,
        "inbox": [],
        "relay_lease_until_ms": 0,
        "relay_owner": None,
    }
    return {"_id": case.case_id, "version": 1, **fields, **extra}


def plan_summary(explained: dict[str, Any]) -> str:
    """The winning plan's stages, e.g. LIMIT <- FETCH <- IXSCAN(list_status_submitted)."""
    planner = explained.get("queryPlanner", {})
    plan = planner.get("winningPlan") if isinstance(planner, dict) else None
    if isinstance(plan, list):
        plan = plan[0] if plan else None
    if not isinstance(plan, dict):
        return f"plan as reported: {str(explained)[:120]}"
    stages = []
    if "stage" not in plan:
        return f"plan as reported: {str(plan)[:120]}"
    while plan:
        stage = plan.get("stage", "?")
        stages.append(f"{stage}({plan['indexName']})" if "indexName" in plan else stage)
        child = plan.get("inputStage") or (plan.get("inputStages") or [None])[0]
        plan = child if isinstance(child, dict) else None
    return " <- ".join(stages)


async def bench(url: str, cases: int, runs: int, standin: bool) -> None:
    client = connect(url, timeout_ms=60_000, operation_timeout_ms=None)
    database = client["bench_samenspel_intake"]
    await client.drop_database(database.name)
    repository = CaseRepository(database)
    await repository.ensure_indexes()
    template = [document(n) for n in range(min(cases, 1000))]
    started = time.perf_counter()
    for offset in range(0, cases, 1000):
        batch = []
        for n in range(offset, min(cases, offset + 1000)):
            doc = dict(template[n % len(template)])
            doc["_id"] = f"bench-{n}"
            doc["case_id"] = doc["_id"]
            doc["submitted_at"] = (START + dt.timedelta(minutes=7 * n)).isoformat()
            batch.append(doc)
        await database["cases"].insert_many(batch, ordered=False)
    seconds = time.perf_counter() - started
    print(f"server: {url.split('@')[-1]} ({'nx-27017 stand-in' if standin else 'MongoDB'})")
    print(
        f"inserted {cases} cases with {len(repository.declared_indexes())} indexes "
        f"in {seconds:.1f} s: {cases / seconds:,.0f} docs/s"
    )
    print(f"{'query':36} {'p50 ms':>9} {'p99 ms':>9}  plan")
    for name, query in QUERIES.items():
        timings = []
        for _ in range(runs):
            t0 = time.perf_counter()
            await repository.listed(query, TODAY)
            timings.append((time.perf_counter() - t0) * 1000)
        p50 = statistics.median(timings)
        p99 = statistics.quantiles(timings, n=100)[98] if len(timings) > 1 else timings[0]
        try:
            explained = await database.command(
                "explain",
                {
                    "find": "cases",
                    "filter": mongo_filter(query, TODAY),
                    "sort": dict(mongo_sort(query)),
                    "limit": query.page_size,
                },
                verbosity="queryPlanner",
            )
            plan = plan_summary(explained)
        except Exception as exc:  # the stand-in may not implement explain
            plan = f"explain unavailable ({type(exc).__name__}: {str(exc)[:60]})"
        if standin:
            plan += " [stand-in: its own plan, ignores declared indexes; figures are scans]"
        print(f"{name:36} {p50:9.1f} {p99:9.1f}  {plan}")
    await client.drop_database(database.name)
    await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument(
        "--runs", type=int, default=0, help="timed runs per query (default 30; 3 on the stand-in)"
    )
    args = parser.parse_args()
    if url := os.environ.get("MONGODB_URL"):
        asyncio.run(bench(url, args.cases, args.runs or 30, standin=False))
        return
    with tempfile.TemporaryDirectory() as workdir:
        port = free_port()
        process = start_standin(Path(workdir) / "mongo", port, Path(workdir) / "nx.log")
        try:
            asyncio.run(
                bench(f"mongodb://127.0.0.1:{port}", args.cases, args.runs or 3, standin=True)
            )
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
