"""A real SMTP server (aiosmtpd) that keeps what it receives, for tests to read."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from itsdangerous import URLSafeSerializer

from tests.support.waiting import wait_until
from tools.mongo_standin import free_port

PAGE_LINK = re.compile(r"/mijn/([^\s\"<>]+)")


def page_person(message: EmailMessage) -> str | None:
    """Whose page the mail's personal link opens (the signed token's subject), if it has one."""
    body = message.get_body(("plain",))
    found = PAGE_LINK.search(str(body.get_content())) if body is not None else None
    if not found:
        return None
    # The signature is the services' business; the test reads whom the token names.
    _, payload = URLSafeSerializer(b"unverified").loads_unsafe(found.group(1).split("/")[0])
    try:
        return str(payload[0][0])
    except (TypeError, IndexError, KeyError):
        return None


class Inbox:
    """aiosmtpd handler collecting parsed messages, with their SMTP envelope recipients."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelope_recipients: list[list[str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook name
        """Accept and keep the message."""
        content = envelope.original_content or envelope.content
        parsed = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.envelope_recipients.append(list(envelope.rcpt_tos))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        """Messages addressed to someone."""
        return [message for message in self.messages if address in str(message["To"])]

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """Wait until at least `count` messages arrived."""
        await wait_until(lambda: len(self.messages) >= count, timeout)
        return self.messages


class SmtpServer:
    """A running SMTP server on a free local port."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.inbox = Inbox()
        self._controller = Controller(
            self.inbox, hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=True
        )

    def start(self) -> SmtpServer:
        """Start listening (in a thread)."""
        self._controller.start()
        return self

    def stop(self) -> None:
        """Stop listening: senders now get connection refused."""
        self._controller.stop()

    def restart(self) -> None:
        """Listen again on the same port, keeping what was received."""
        self._controller = Controller(
            self.inbox, hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=True
        )
        self._controller.start()
