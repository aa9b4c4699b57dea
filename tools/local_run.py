"""Run all four services on this machine without Docker: `python -m tools.local_run`."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tools.mail_sink import start_mail_sink
from tools.mongo_standin import free_port, port_is_free, start_standin

SERVICES = {"intake": 8001, "scheduling": 8002, "documents": 8003, "notifications": 8004}
ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Start the stand-in database if needed, a mail sink, and the services; Ctrl-C stops all."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--state-dir", type=Path, default=ROOT / ".state", help="local data")
    parser.add_argument("--smtp-port", type=int, default=1025)
    args = parser.parse_args()
    state: Path = args.state_dir
    busy = [port for port in (args.smtp_port, *SERVICES.values()) if not port_is_free(port)]
    if busy:
        sys.exit(f"port(s) {busy} already in use: is samenspel already running here?")
    (state / "logs").mkdir(parents=True, exist_ok=True)
    children: list[subprocess.Popen[bytes]] = []
    mongodb_url = os.environ.get("MONGODB_URL")
    if not mongodb_url:
        port = 27017 if port_is_free(27017) else free_port()
        children.append(start_standin(state / "mongo", port, state / "logs" / "nx-27017.log"))
        mongodb_url = f"mongodb://127.0.0.1:{port}"
    mail_dir = state / "mail"
    sink = start_mail_sink(
        mail_dir, args.smtp_port, lambda path, subject: print(f"  mail: {subject} -> {path}")
    )
    env = {
        **os.environ,
        "MONGODB_URL": mongodb_url,
        "RABBITMQ_URL": os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/"),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(args.smtp_port),
        "INTAKE_PUBLIC_URL": f"http://127.0.0.1:{SERVICES['intake']}",  # people's own pages
        "STAFF": os.environ.get(
            "STAFF", '[{"name": "Programmabureau", "email": "programmabureau@samenspel.example"}]'
        ),
    }
    for name, port in SERVICES.items():
        log = (state / "logs" / f"{name}.log").open("ab")
        children.append(
            subprocess.Popen(  # noqa: S603 - our own modules
                [sys.executable, "-m", f"services.{name}"],
                cwd=ROOT,
                env={**env, "HTTP_PORT": str(port), "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    print("samenspel runs locally:")
    for name, port in SERVICES.items():
        print(f"  {name:<14} http://127.0.0.1:{port}  (health: /health/ready, API docs: /docs)")
    print(f"  database       {mongodb_url}")
    print(f"  mail (SMTP)    127.0.0.1:{args.smtp_port}; received mails in {mail_dir}")
    print(f"  logs           {state / 'logs'}")
    print("Ctrl-C stops everything.")
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        print("a process exited; stopping everything (see the logs)")
    except KeyboardInterrupt:
        print("stopping...")
    finally:
        for child in reversed(children):
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        sink.stop()


if __name__ == "__main__":
    main()
