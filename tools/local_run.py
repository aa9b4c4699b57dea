"""Run all four services on this machine without Docker: `python -m tools.local_run`.

Nothing to configure: the first start generates SECRET_KEY and the staff tokens and keeps them in
`<state>/secrets.json` (mode 0600); every start prints a one-time link that opens the console
signed in. SIGINT, SIGTERM and SIGHUP each stop every process it started. `--demo` fills a demo
through the services' APIs (tools/demo.py); a page on base port + 25 lists the mails sent.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from aiosmtpd.controller import Controller

from tools.demo import DemoFailed, fill
from tools.generated_secrets import InstallationSecrets
from tools.local_processes import Processes, Stop, stopped_by_signals
from tools.mail_page import MailPage
from tools.mail_sink import start_mail_sink
from tools.mongo_standin import free_port, port_is_free, start_standin

SERVICES = ("intake", "scheduling", "documents", "notifications")  # on base port + 1, 2, 3, 4
MAIL_PAGE_OFFSET = 25  # the mail page on base port + 25 (8025), where compose has Mailpit
ROOT = Path(__file__).resolve().parent.parent
READY_SECONDS = 90.0


def ports(base: int) -> dict[str, int]:
    """intake on base + 1, scheduling on base + 2, and so on (8001-8004 by default)."""
    return {name: base + offset for offset, name in enumerate(SERVICES, start=1)}


def service_environment(
    local: InstallationSecrets, where: dict[str, int], mongodb_url: str, smtp_port: int
) -> dict[str, str]:
    """The environment of every service: generated secrets unless the shell sets its own."""
    extra = json.loads(os.environ.get("STAFF_TOKENS") or "{}")
    return {
        **os.environ,
        "ENVIRONMENT": os.environ.get("ENVIRONMENT") or "local",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or local.secret_key,
        "STAFF_TOKENS": local.staff_tokens(extra),
        "SCHEDULING_TOKEN": os.environ.get("SCHEDULING_TOKEN") or local.scheduling_token,
        "SCHEDULING_URL": f"http://127.0.0.1:{where['scheduling']}",
        "DOCUMENTS_PUBLIC_URL": f"http://127.0.0.1:{where['documents']}",
        "DOCUMENTS_URL": f"http://127.0.0.1:{where['documents']}",
        "NOTIFICATIONS_URL": f"http://127.0.0.1:{where['notifications']}",
        "MONGODB_URL": mongodb_url,
        "RABBITMQ_URL": os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/"),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "INTAKE_PUBLIC_URL": f"http://127.0.0.1:{where['intake']}",  # people's own pages
        "STAFF": os.environ.get(
            "STAFF", '[{"name": "Programmabureau", "email": "programmabureau@samenspel.example"}]'
        ),
    }


def sign_in_link(intake_port: int, staff_token: str) -> str:
    """A fresh one-time console link, asked of the running intake with the operator's token."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{intake_port}/api/sign-in-links",
        method="POST",
        headers={"Authorization": f"Bearer {staff_token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        return str(json.load(answer)["url"])


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2) as answer:
            return bool(answer.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def wait_until_ready(processes: Processes, where: dict[str, int]) -> None:
    """Every service answers /health/ready, or a RuntimeError says which did not."""
    deadline = time.monotonic() + READY_SECONDS
    waiting = dict(where)
    while waiting:
        if problem := processes.exited():
            raise RuntimeError(problem)
        waiting = {name: port for name, port in waiting.items() if not _ready(port)}
        if waiting and time.monotonic() > deadline:
            raise RuntimeError(f"not ready after {READY_SECONDS:.0f} s: {', '.join(waiting)}")
        time.sleep(0.3)


def _fill_demo(where: dict[str, int], staff_token: str) -> None:
    """`--demo`: cohorts and cases in every state; a failure is reported, the run goes on."""
    intake, scheduling, documents = (
        f"http://127.0.0.1:{where[name]}" for name in ("intake", "scheduling", "documents")
    )
    print("filling the demo (cohorts, cases, documents, mails)...", flush=True)
    try:
        made = asyncio.run(fill(intake, scheduling, documents, staff_token))
    except (DemoFailed, OSError) as failed:
        print(f"the demo is incomplete: {failed}", flush=True)
        return
    print(f"demo: {made} cases in 5 cohorts" if made else "demo: already there", flush=True)


def run(state: Path, base_port: int, smtp_port: int, demo: bool = False) -> int:
    """Start everything, print the console link, and stop everything on a signal or a crash."""
    where = ports(base_port)
    mail_port = base_port + MAIL_PAGE_OFFSET
    wanted = (smtp_port, mail_port, *where.values())
    if len(set(wanted)) < len(wanted):
        print(f"ports {sorted(wanted)} overlap: choose another --smtp-port or --base-port")
        return 1
    busy = [port for port in wanted if not port_is_free(port)]
    if busy:
        print(f"port(s) {busy} already in use: is samenspel already running here?")
        return 1
    local = InstallationSecrets.load_or_create(state / "secrets.json")
    processes = Processes(state / "logs")
    processes.logs.mkdir(parents=True, exist_ok=True)
    sinks: list[Controller | MailPage] = []
    try:
        with stopped_by_signals():
            mongodb_url = os.environ.get("MONGODB_URL", "")
            if not mongodb_url:
                port = 27017 if port_is_free(27017) else free_port()
                log = processes.logs / "nx-27017.log"
                processes.add("nx-27017", start_standin(state / "mongo", port, log))
                mongodb_url = f"mongodb://127.0.0.1:{port}"
            sinks.append(start_mail_sink(state / "mail", smtp_port, _print_mail))
            sinks.append(page := MailPage(state / "mail", mail_port))
            env = service_environment(local, where, mongodb_url, smtp_port)
            for name, port in where.items():
                processes.start_service(name, env, port)
            wait_until_ready(processes, where)
            if demo:
                _fill_demo(where, local.staff_token)
            _print_where(state, where, mongodb_url, smtp_port, page.url)
            print("\nOpen the staff console, signed in (the link works once, for a few minutes):")
            print(f"  {sign_in_link(where['intake'], local.staff_token)}\n", flush=True)
            while (problem := processes.exited()) is None:
                time.sleep(0.5)
            raise RuntimeError(problem)
    except Stop as stop:
        print(f"{stop}: stopping...", flush=True)
        return 0
    except (RuntimeError, OSError) as failed:  # a child that died, a port taken meanwhile
        print(f"{failed}; stopping everything", flush=True)
        return 1
    finally:  # signals are ignored from here on: a second Ctrl-C cannot cut this short
        processes.stop()
        for sink in sinks:
            sink.stop()


def _print_mail(path: Path, subject: str) -> None:
    print(f"  mail: {subject} -> {path}", flush=True)


def _print_where(
    state: Path, where: dict[str, int], mongodb_url: str, smtp_port: int, mail_page: str
) -> None:
    again = ["python -m tools.local_run --link"]
    if state != ROOT / ".state":
        again.append(f"--state-dir {state}")
    if where["intake"] != 8001:
        again.append(f"--base-port {where['intake'] - 1}")
    print("samenspel runs locally:")
    for name, port in where.items():
        print(f"  {name:<14} http://127.0.0.1:{port}  (health: /health/ready, API docs: /docs)")
    print(f"  database       {mongodb_url}")
    print(f"  mail (SMTP)    127.0.0.1:{smtp_port}; received mails in {state / 'mail'}")
    print(f"  mail (page)    {mail_page}  (every mail sent: subject, to, time; open one)")
    print(f"  logs           {state / 'logs'}")
    print(f"  secrets        {state / 'secrets.json'} (generated on the first start, kept)")
    print("Ctrl-C (or SIGTERM, SIGHUP) stops everything; a new sign-in link:")
    print(f"  {' '.join(again)}")


def main(argv: list[str] | None = None) -> int:
    """`--link` asks a running local run for a new sign-in link; otherwise start everything."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state-dir", type=Path, default=ROOT / ".state", help="local data")
    parser.add_argument("--base-port", type=int, default=8000, help="services on +1 to +4")
    parser.add_argument("--smtp-port", type=int, default=1025)
    parser.add_argument("--link", action="store_true", help="print a new console sign-in link")
    parser.add_argument("--demo", action="store_true", help="fill a demo through the APIs")
    args = parser.parse_args(argv)
    if args.link:
        kept = args.state_dir / "secrets.json"
        if not kept.is_file():
            print(f"{kept} does not exist: start the local run first")
            return 1
        local = InstallationSecrets.load_or_create(kept)
        intake = ports(args.base_port)["intake"]
        try:
            print(sign_in_link(intake, local.staff_token))
        except OSError as failed:  # URLError and HTTPError are OSErrors
            print(f"no local run answers on 127.0.0.1:{intake} ({failed})")
            return 1
        return 0
    return run(args.state_dir, args.base_port, args.smtp_port, args.demo)


if __name__ == "__main__":
    sys.exit(main())
