"""Sending mail over SMTP, behind a small interface with a fake for unit tests."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Protocol

import aiosmtplib


class TransientMailError(Exception):
    """The mail server is unreachable or answered 4xx: try again later."""


class PermanentMailError(Exception):
    """The mail server refused for good (5xx): retrying will not help."""


class MailSender(Protocol):
    """Hands a message to a mail server; returns once the server accepted it."""

    async def send(self, message: EmailMessage) -> None: ...


class SmtpMailSender:
    """aiosmtplib against the configured server, STARTTLS and auth when configured."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        username: str = "",
        password: str = "",
        starttls: bool = False,
        timeout: float = 10.0,
    ) -> None:
        self._host = host
        self._port = port
        self._username = username or None
        self._password = password or None
        self._starttls = starttls
        self._timeout = timeout

    async def send(self, message: EmailMessage) -> None:
        """Send, classifying every failure as transient or permanent."""
        try:
            await aiosmtplib.send(
                message,
                hostname=self._host,
                port=self._port,
                username=self._username,
                password=self._password,
                start_tls=self._starttls,
                timeout=self._timeout,
            )
        except aiosmtplib.SMTPResponseException as exc:
            if 500 <= exc.code < 600:
                raise PermanentMailError(f"{exc.code} {exc.message}") from exc
            raise TransientMailError(f"{exc.code} {exc.message}") from exc
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise TransientMailError(f"{type(exc).__name__}: {exc}") from exc


class RecordingMailSender:
    """A fake that keeps what it was asked to send."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        """Remember the message."""
        self.sent.append(message)
