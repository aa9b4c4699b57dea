"""Send mail over SMTP and say whether a failure is worth retrying."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from email.message import EmailMessage

import aiosmtplib
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from services.notifications.adapters.smtp_connections import SmtpConnections
from services.notifications.service_layer.channel_ports import MailSender, SendFailed

Take = Callable[[], Awaitable[tuple[aiosmtplib.SMTP, int]]]

__all__ = ["FakeMailSender", "MailSender", "SendFailed", "SmtpMailSender", "SmtpSettings"]


class SmtpSettings(BaseModel):
    """Where and how to reach the mail server; STARTTLS and auth as the operator sets them."""

    model_config = ConfigDict(frozen=True)

    host: str = "localhost"
    port: int = Field(default=25, ge=1, le=65535)
    starttls: bool = False
    implicit_tls: bool = False
    username: str | None = None
    password: SecretStr | None = None
    timeout_seconds: float = Field(default=30.0, gt=0)
    validate_certs: bool = True
    idle_seconds: float = Field(default=5.0, ge=0)  # 0: a fresh connection for every mail
    max_mails_per_connection: int = Field(default=100, ge=1)


class SmtpMailSender:
    """MailSender on aiosmtplib: one connection reused across mails while they keep coming
    (closed after `idle_seconds` without mail); a connection the server closed meanwhile is
    replaced once, at once. Any other failure closes the connection the mail was on."""

    def __init__(self, settings: SmtpSettings) -> None:
        self._settings = settings
        self._connections = SmtpConnections(
            self._client,
            idle_seconds=settings.idle_seconds,
            max_mails=settings.max_mails_per_connection,
        )

    def _client(self) -> aiosmtplib.SMTP:
        s = self._settings
        return aiosmtplib.SMTP(
            hostname=s.host,
            port=s.port,
            start_tls=s.starttls,
            use_tls=s.implicit_tls,
            username=s.username,
            password=s.password.get_secret_value() if s.password else None,
            timeout=s.timeout_seconds,
            validate_certs=s.validate_certs,
        )

    async def send(self, message: EmailMessage) -> None:
        """Hand the message to the server; raise SendFailed(transient or permanent) if refused."""
        if not await self._send_on(self._connections.take, message):
            # the kept connection was dropped or timed out while idle: once more, on a fresh one
            await self._send_on(self._connections.take_fresh, message)

    async def _send_on(self, take: Take, message: EmailMessage) -> bool:
        """Send on the connection `take` gives; False when a kept one had gone stale meanwhile."""
        try:
            smtp, mails = await take()
        except Exception as exc:
            raise classify_smtp_error(exc) from exc
        try:
            await smtp.send_message(message)
        except Exception as exc:
            await self._connections.discard(smtp)
            if mails == 0 or not _went_stale(exc):  # a fresh connection: the server's own answer
                raise classify_smtp_error(exc) from exc
            return False
        await self._connections.give_back(smtp, mails + 1)
        return True

    async def close(self) -> None:
        """At shutdown: QUIT the connections kept open."""
        await self._connections.close()


SERVER_WIDE_CODES = frozenset({421, 454, 530, 534, 535})  # unavailable, or our login refused


def classify_smtp_error(exc: Exception) -> SendFailed:
    """4xx, timeouts and lost connections are transient; 5xx and misconfiguration are not.

    Refused credentials and an unreachable server are neither: they are about every mail, so
    they pause sending (`server_wide`) instead of failing mails one by one.
    """
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [refused.code for refused in exc.recipients]
        if SERVER_WIDE_CODES.intersection(codes):  # "authentication required" at RCPT
            reason = f"recipients refused: {codes}"
            return SendFailed(reason, permanent=False, code=max(codes), server_wide=True)
        permanent = bool(codes) and all(code >= 500 for code in codes)
        return SendFailed(
            f"recipients refused: {codes}", permanent=permanent, code=max(codes, default=None)
        )
    if isinstance(exc, aiosmtplib.SMTPResponseException) and exc.code in SERVER_WIDE_CODES:
        return SendFailed(
            f"{exc.code} {exc.message}", permanent=False, code=exc.code, server_wide=True
        )
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        permanent = exc.code >= 500
        return SendFailed(f"{exc.code} {exc.message}", permanent=permanent, code=exc.code)
    if isinstance(exc, aiosmtplib.SMTPNotSupported):
        return SendFailed(f"server lacks a required feature: {exc}", permanent=True)
    if isinstance(exc, aiosmtplib.SMTPTimeoutError | aiosmtplib.SMTPServerDisconnected):
        return SendFailed(f"{type(exc).__name__}: {exc}", permanent=False, server_wide=True)
    if isinstance(exc, aiosmtplib.SMTPConnectError | OSError | TimeoutError):
        reason = f"cannot reach the mail server: {type(exc).__name__}"
        return SendFailed(reason, permanent=False, server_wide=True)
    return SendFailed(f"{type(exc).__name__}: {exc}", permanent=False)


class FakeMailSender:
    """MailSender for unit tests: keeps what was sent, fails on demand."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []
        self.failures: list[SendFailed] = []

    async def send(self, message: EmailMessage) -> None:
        """Record the message, or raise the next queued failure."""
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message)


def _went_stale(exc: Exception) -> bool:
    """A kept connection the server (or a NAT) dropped, let time out, or closes with 421."""
    if isinstance(exc, aiosmtplib.SMTPServerDisconnected | aiosmtplib.SMTPTimeoutError):
        return True
    return isinstance(exc, aiosmtplib.SMTPResponseException) and exc.code == 421
