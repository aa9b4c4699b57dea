"""Mail at cohort scale: a leergang of 24 and a leercase round of 24 learners over 4 cases.

`python bench/cohort.py [--learners 24] [--cases 4] [--raw-mails 500] [--profile]`: starts the
four services as processes (one replica each) on a movable clock against RABBITMQ_URL and
MONGODB_URL (else an nx-27017 stand-in) and a real SMTP server, lives through each whole
programme (every invite and reminder sent) and reports mails/s of the invite burst, CPU ms and
database round trips per mail per process (notifications' also by collection and command), each
process's peak memory, and the raw SMTP sink rate measured in the same run; `--profile` adds
py-spy's view of each service.
Writes docs/bench/cohort.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aio_pika
import aiosmtplib
import httpx

from bench.cpu import CpuMeter, Profiles, rabbitmq_pid
from bench.pipeline_report import print_hot_spots
from shared.contracts.base import Country
from shared.messaging.topology import Topology
from tests.e2e.processes import SERVICES, ServiceProcesses
from tests.e2e.programme import Programme, people
from tests.e2e.runs import AMS, TRAINER, leercase_round
from tests.support.mail import SmtpServer
from tools.mongo_standin import free_port, start_standin
from tools.purge_namespaces import purge

ROOT = Path(__file__).resolve().parent.parent
RABBITMQ_URL = os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")


def peak_memory_mib(pid: int) -> float:
    """The process's high-water resident set (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def raw_smtp(count: int) -> dict[str, float]:
    """What the mail server alone takes: one connection per mail, and one connection reused."""
    sink = SmtpServer().start()
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@bench.example", "b@bench.example", "x"
    message.set_content("x" * 2000)  # about an invite's text part
    try:
        started = time.perf_counter()
        for _ in range(count):
            await aiosmtplib.send(message, hostname="127.0.0.1", port=sink.port)
        fresh = count / (time.perf_counter() - started)
        started = time.perf_counter()
        async with aiosmtplib.SMTP(hostname="127.0.0.1", port=sink.port) as smtp:
            for _ in range(count):
                await smtp.send_message(message)
        reused = count / (time.perf_counter() - started)
    finally:
        sink.stop()
    return {"smtp_connection_per_mail_per_s": fresh, "smtp_connection_reused_per_s": reused}


async def leergang(programme: Programme, learners: int) -> dict[str, Any]:
    """Plan, register everyone at once, time the invite burst, then live through the 4 days."""
    programme.start(dt.datetime(2027, 8, 2, 10, 0, tzinfo=AMS))
    await programme.plan(
        {"cohort_id": "lg-bench", "format": "leergang", "title": "Samenspel met lef, bench",
         "start_date": "2027-09-09", "coaches": [TRAINER.contact()],
         "location": "Stadskantoor Utrecht"}
    )  # fmt: skip
    everyone = people("lg", learners)
    days = await programme.sessions("lg-bench")
    ids = {d["session_id"] for d in days}
    addresses = {TRAINER.email} | {p.email for p in everyone}
    started = time.monotonic()
    await asyncio.gather(*(programme.register("lg-bench", p) for p in everyone))
    await programme.invited({a: ids for a in addresses}, timeout=300)
    burst = time.monotonic() - started
    invites = sum(len(programme.book.invited_to(a)) for a in addresses)
    for day in days:
        await programme.remind(day, addresses, Country.NL)
    return {"invites": invites, "invite_burst_s": burst, "invites_per_s": invites / burst}


def commands_by_kind(metrics_url: str) -> dict[str, float]:
    """One service's database commands so far, by collection and command."""
    counts: dict[str, float] = {}
    for line in httpx.get(metrics_url, timeout=10).text.splitlines():
        if line.startswith("samenspel_database_commands_total{"):
            labels, value = line.rsplit(" ", 1)
            fields = dict(part.split("=", 1) for part in labels[34:-1].split(","))
            values = {k: v.strip('"') for k, v in fields.items()}
            kind = f"{values['collection']} {values['command']}"
            counts[kind] = counts.get(kind, 0.0) + float(value)
    return counts


class MeteredProgramme(Programme):
    """A programme whose CPU and round trips are counted from the moment its services are up."""

    extra_pids: dict[str, int]
    meter: CpuMeter
    commands_before: dict[str, float]
    profiles: Profiles | None = None
    profile_dir: Path | None = None

    def start(self, at: dt.datetime) -> None:
        """Start the services, then take the first reading (their start-up is not counted)."""
        super().start(at)
        pids = {n: proc.pid for n, proc in self.processes.processes.items()} | self.extra_pids
        metrics = {s: f"{self.processes.url(s)}/metrics" for s in SERVICES}
        self.meter = CpuMeter(pids, metrics)
        self.meter.start()
        self.commands_before = commands_by_kind(metrics["notifications"])
        if self.profile_dir is not None:
            self.profiles = Profiles({s: pids[s] for s in SERVICES}, self.profile_dir)
            self.profiles.start()


async def measured(
    name: str,
    work: Path,
    mongodb_url: str,
    extra_pids: dict[str, int],
    scenario: Callable[[Programme], Awaitable[dict[str, Any]]],
    profile: bool = False,
) -> dict[str, Any]:
    """One programme on fresh services and a fresh namespace: its mails, CPU and round trips."""
    namespace = f"b{uuid.uuid4().hex[:8]}_"
    smtp = SmtpServer().start()
    run_dir = work / name
    run_dir.mkdir()
    env = {"ENVIRONMENT": "test", "SAMENSPEL_NAMESPACE": namespace,
           "RABBITMQ_URL": RABBITMQ_URL, "MONGODB_URL": mongodb_url,
           "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port),
           "OUTBOX_POLL_SECONDS": "0.2", "LOG_LEVEL": "WARNING"}  # fmt: skip
    processes = ServiceProcesses(ROOT, run_dir, env)
    amqp = await aio_pika.connect_robust(RABBITMQ_URL)
    programme = MeteredProgramme(processes, smtp, amqp, Topology(namespace), run_dir)
    programme.extra_pids = extra_pids
    if profile:
        programme.profile_dir = ROOT / ".state" / "profiles" / f"cohort-{name}"
    try:
        started = time.monotonic()
        figures = await scenario(programme)
        await asyncio.sleep(1)  # the audit events behind the last mails (notification.sent)
        programme.meter.stop()
        commands = commands_by_kind(f"{processes.url('notifications')}/metrics")
        if programme.profiles is not None and programme.profile_dir is not None:
            programme.profiles.stop()
            print(f"\n{name}:")
            print_hot_spots(programme.profile_dir)
        elapsed = time.monotonic() - started
        mails = len(programme.book.mails)
        with_pdf = sum(
            any(p.get_content_type() == "application/pdf" for p in m.message.walk())
            for m in programme.book.mails
        )
        pids = {n: proc.pid for n, proc in processes.processes.items()}
        return {
            "scenario": name,
            "mails": mails,
            "mails_with_a_pdf": with_pdf,
            "programme_wall_s": elapsed,
            **figures,
            "cpu_ms_per_mail": programme.meter.per_case_ms(mails),
            "database_round_trips_per_mail": programme.meter.round_trips_per_case(mails),
            "peak_memory_mib": {n: peak_memory_mib(pid) for n, pid in pids.items()},
            "notifications_round_trips_per_mail": {
                kind: round((count - programme.commands_before.get(kind, 0.0)) / mails, 3)
                for kind, count in sorted(commands.items(), key=lambda kv: -kv[1])
                if count > programme.commands_before.get(kind, 0.0)
            },
        }
    finally:
        processes.stop_all()
        await amqp.close()
        await purge(RABBITMQ_URL, f"^{namespace}")
        smtp.stop()


async def leercase(programme: Programme, cases: int, learners: int) -> dict[str, Any]:
    """The e2e suite's whole leercase round (every invite and reminder of every case)."""
    started = time.monotonic()
    roles = await leercase_round(programme, cases=cases, learners=learners)
    return {"people": len(roles), "run_s": time.monotonic() - started}


def print_report(raw: dict[str, float], runs: list[dict[str, Any]]) -> None:
    """Figures beside the same-run ceiling of the mail server."""
    print(
        f"\nraw SMTP sink (same run): {raw['smtp_connection_per_mail_per_s']:.0f} mails/s "
        f"with a connection per mail, {raw['smtp_connection_reused_per_s']:.0f} reused"
    )
    for run in runs:
        cpu, trips = run["cpu_ms_per_mail"], run["database_round_trips_per_mail"]
        print(
            f"\n{run['scenario']}: {run['mails']} mails ({run['mails_with_a_pdf']} with a PDF) in "
            f"{run['programme_wall_s']:.1f} s (the clock moved through the whole programme)"
        )
        if "invites_per_s" in run:
            ratio = run["invites_per_s"] / raw["smtp_connection_per_mail_per_s"]
            print(
                f"  invite burst: {run['invites']} invites in {run['invite_burst_s']:.1f} s "
                f"= {run['invites_per_s']:.1f} mails/s ({ratio:.1%} of the raw sink)"
            )
        print("  CPU ms per mail: " + ", ".join(f"{k} {v:.2f}" for k, v in cpu.items()))
        print(
            "  database round trips per mail: "
            + ", ".join(f"{k} {v:.2f}" for k, v in trips.items())
        )
        print(
            "  notifications' round trips per mail: "
            + ", ".join(
                f"{k} {v:.2f}" for k, v in run["notifications_round_trips_per_mail"].items()
            )
        )
        print(
            "  peak memory MiB: "
            + ", ".join(f"{k} {v:.0f}" for k, v in run["peak_memory_mib"].items())
        )


async def main() -> None:
    """The sink's ceiling, then both programmes; JSON for the docs."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--learners", type=int, default=24)
    parser.add_argument("--cases", type=int, default=4)
    parser.add_argument("--raw-mails", type=int, default=500)
    parser.add_argument("--profile", action="store_true", help="py-spy of each service")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-cohort-"))
    standin = None
    extra = {"load generator + SMTP": os.getpid()}
    if not (mongodb_url := os.environ.get("MONGODB_URL", "")):
        port = free_port()
        standin = start_standin(work / "mongo", port, work / "nx.log")
        mongodb_url = f"mongodb://127.0.0.1:{port}"
        extra["nx-27017 (database stand-in)"] = standin.pid
    if (broker := rabbitmq_pid()) is not None:
        extra["rabbitmq"] = broker
    try:
        raw = await raw_smtp(args.raw_mails)
        runs = [
            await measured("leergang", work, mongodb_url, extra,
                           lambda p: leergang(p, args.learners), args.profile),
            await measured("leercase", work, mongodb_url, extra,
                           lambda p: leercase(p, args.cases, args.learners), args.profile),
        ]  # fmt: skip
    finally:
        if standin is not None:
            standin.terminate()
    print_report(raw, runs)
    out = ROOT / "docs" / "bench" / "cohort.json"
    out.write_text(json.dumps({"raw": raw, "runs": runs}, indent=2) + "\n")


if __name__ == "__main__":
    asyncio.run(main())
