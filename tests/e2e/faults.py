"""Fault injection: a restartable database, an SMTP server that goes away, a case driver."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import aio_pika
from aio_pika.abc import AbstractRobustConnection

from shared.messaging.topology import Topology
from tests.support.cases import external_case_submitted
from tests.support.mail import SmtpServer
from tools.mongo_standin import free_port, start_standin

STAFF_EMAIL = "bureau@samenspel.example"


@dataclass
class RestartableDatabase:
    """Our own stand-in, so the test can stop and restart it on the same port and data."""

    workdir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The MongoDB URL the services are given."""
        return f"mongodb://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start (again) with the same data directory."""
        self.process = start_standin(self.workdir / "data", self.port, self.workdir / "nx.log")

    def stop(self) -> None:
        """Terminate, as a database restart does."""
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)  # it flushes first; slow on a busy machine
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


@dataclass
class MailServer:
    """An SMTP server that can go away and come back on the same port; keeps all it received."""

    server: SmtpServer = field(default_factory=lambda: SmtpServer().start())
    earlier: list[EmailMessage] = field(default_factory=list)

    @property
    def port(self) -> int:
        """Where notifications sends."""
        return self.server.port

    @property
    def messages(self) -> list[EmailMessage]:
        """Everything received, across outages."""
        return self.earlier + self.server.inbox.messages

    async def outage(self, seconds: float) -> None:
        """Stop listening for `seconds`: senders get connection refused, then it is back."""
        self.go_away()
        await asyncio.sleep(seconds)
        self.come_back()

    def go_away(self) -> None:
        """Stop listening: senders get connection refused."""
        self.server.stop()  # first: a mail accepted while stopping must not be left out
        self.earlier.extend(self.server.inbox.messages)

    def come_back(self) -> None:
        """Listen again on the same port."""
        self.server = SmtpServer(self.port).start()


def owner_email(i: int) -> str:
    """Each case has its own owner, so its receipt is found by address."""
    return f"owner{i}@fault.example"


def title(i: int) -> str:
    """Each case has its own title, so its staff alert is found by subject."""
    return f"Foutcase {i}"


async def drive(
    connection: AbstractRobustConnection, topology: Topology, count: int, rate: float
) -> dict[int, str]:
    """Publish `count` external case.submitted events at `rate`/s; retried until confirmed."""
    cases: dict[int, str] = {}
    started = time.monotonic()
    channel = await connection.channel(publisher_confirms=True)
    for i in range(count):
        event = external_case_submitted(
            external_ref=f"fault-{i}", email=owner_email(i), title=title(i)
        )
        cases[i] = event.data.case_id
        message = aio_pika.Message(
            event.to_json(), content_type="application/cloudevents+json", delivery_mode=2
        )
        while True:
            try:
                exchange = await channel.get_exchange(topology.events.name)
                await asyncio.wait_for(exchange.publish(message, "case.submitted"), 5)
                break
            except Exception:  # connection cut: the robust connection comes back
                await asyncio.sleep(0.3)
                if channel.is_closed:
                    with contextlib.suppress(Exception):  # not reconnected yet: next round
                        channel = await connection.channel(publisher_confirms=True)
        await asyncio.sleep(max(0.0, started + (i + 1) / rate - time.monotonic()))
    await channel.close()
    return cases


@dataclass
class ChatHook:
    """An incoming chat webhook on a local port that keeps every post's text."""

    posts: list[str] = field(default_factory=list)
    port: int = field(default_factory=free_port)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """Where notifications posts staff alerts."""
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> ChatHook:
        """Serve in a daemon thread."""
        posts = self.posts

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                posts.append(self.rfile.read(length).decode("utf-8", errors="replace"))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
