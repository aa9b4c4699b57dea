"""One SMTP connection carries mail after mail, and a lost one is replaced (aiosmtpd, over TCP)."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from services.notifications.adapters.smtp import SmtpMailSender, SmtpSettings
from tests.unit.notifications.test_smtp import _mail_for

pytestmark = pytest.mark.service


class Counting:
    """Accepts every mail and notes which connection (client port) carried it."""

    def __init__(self) -> None:
        self.peers: list[Any] = []
        self.quits = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook name
        self.peers.append(session.peer)
        return "250 OK"

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook name
        self.quits += 1
        return "221 Bye"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server(handler: Counting, port: int) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


async def test_mails_in_a_row_share_one_connection_and_shutdown_quits_it() -> None:
    handler, port = Counting(), _port()
    controller = _server(handler, port)
    sender = SmtpMailSender(SmtpSettings(host="127.0.0.1", port=port, timeout_seconds=5))
    try:
        for _ in range(3):
            await sender.send(_mail_for("case.submitted", "owner")[0])
        await sender.close()
    finally:
        controller.stop()
    assert len(handler.peers) == 3
    assert len(set(handler.peers)) == 1
    assert handler.quits == 1


async def test_a_connection_the_server_dropped_is_replaced_for_the_next_mail() -> None:
    handler, port = Counting(), _port()
    controller = _server(handler, port)
    sender = SmtpMailSender(SmtpSettings(host="127.0.0.1", port=port, timeout_seconds=5))
    try:
        await sender.send(_mail_for("case.submitted", "owner")[0])
        controller.stop()  # the server restarts: the kept connection is gone
        controller = _server(handler, port)
        await sender.send(_mail_for("case.submitted", "owner")[0])
        await sender.close()
    finally:
        controller.stop()
    assert len(handler.peers) == 2
    assert len(set(handler.peers)) == 2


async def test_idle_zero_means_a_fresh_connection_per_mail() -> None:
    handler, port = Counting(), _port()
    controller = _server(handler, port)
    settings = SmtpSettings(host="127.0.0.1", port=port, timeout_seconds=5, idle_seconds=0)
    sender = SmtpMailSender(settings)
    try:
        for _ in range(2):
            await sender.send(_mail_for("case.submitted", "owner")[0])
    finally:
        controller.stop()
    assert len(set(handler.peers)) == 2
    assert handler.quits == 2
