"""Notifications' configuration, from environment variables."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import EmailStr, Field, SecretStr

from services.notifications.domain.planning import StaffMember
from shared.public_url import PublicUrl
from shared.settings import ServiceSettings

# The worst-case send, for the sending lease: attachments fetched one after another (an agenda,
# a letter, a report and a spare), then connect, EHLO, STARTTLS, EHLO, AUTH, MAIL, RCPT, DATA,
# body and QUIT, each within the SMTP timeout.
MAX_ATTACHMENTS = 4
SMTP_STEPS = 10
LEASE_MARGIN_SECONDS = 30.0


class NotificationsSettings(ServiceSettings):
    """Mail server, staff, retries, quiet hours and digest; HTTP on 8004 unless HTTP_PORT says."""

    http_port: int = 8004
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    smtp_implicit_tls: bool = False
    smtp_timeout_seconds: float = 10.0
    # One connection carries mail after mail; closed after this long without mail (0: a fresh
    # connection per mail) or after this many mails.
    smtp_idle_seconds: float = Field(default=5.0, ge=0)
    smtp_max_mails_per_connection: int = Field(default=100, ge=1)
    mail_from_name: str = "Programmabureau Samenspel"
    mail_from_address: str = "noreply@samenspel.example"
    # The programme office: ORGANIZER of every invite and Reply-To of every mail. The same
    # variables as scheduling's, so one ORGANIZER_NAME / ORGANIZER_EMAIL sets both.
    organizer_name: str = "Programmabureau Samenspel"
    organizer_email: EmailStr = "planning@samenspel.nl"
    # Intake's public address: every person's own page (/mijn/<token>) lives there.
    intake_public_url: PublicUrl = "http://localhost:8001"
    # STAFF='[{"name": "...", "email": "...", "digest": true}]' (JSON)
    staff: list[StaffMember] = Field(default_factory=list)
    staff_chat_webhook_url: str = ""
    staff_chat_style: Literal["slack", "teams"] = "slack"
    sending_lease_seconds: float = 60.0
    retry_max_attempts: int = 0  # 0: no bound; RETRY_FOR_HOURS decides when mail fails
    retry_base_seconds: float = 30.0
    retry_max_seconds: float = 3600.0
    retry_for_hours: float = 48.0
    quiet_start: dt.time = dt.time(21, 0)
    quiet_end: dt.time = dt.time(7, 30)
    digest_time: dt.time = dt.time(8, 0)
    digest_timezone: str = "Europe/Amsterdam"
    # The timer poller looks at the clock every `timer_poll_seconds` and queries when a timer
    # is due, or after `timer_max_sleep_seconds` (one armed by another process: CLI, replica).
    timer_poll_seconds: float = 1.0
    timer_max_sleep_seconds: float = 30.0
    fetch_timeout_seconds: float = 30.0
    # Attachments are fetched only from the documents service: links in events must start with
    # its public address; the fetch goes to the internal one (empty: the same address).
    documents_public_url: PublicUrl = "http://127.0.0.1:8003"
    documents_internal_url: str = ""
    # The service token (a documents STAFF_TOKENS token, intake's too) attachments are fetched with.
    scheduling_token: SecretStr = SecretStr("")
    max_attachment_bytes: int = 20_000_000
    # A mail that carries documents (a decision's letter, a reminder's agenda) waits this long
    # for the documents service's answer, then goes without them; 0: never wait.
    document_wait_seconds: float = 600.0

    def sending_lease(self) -> dt.timedelta:
        """Longer than the worst-case send, so no second sender starts while one still sends:
        every attachment's fetch plus every SMTP step at its timeout, with a margin."""
        worst = (
            MAX_ATTACHMENTS * self.fetch_timeout_seconds
            + SMTP_STEPS * self.smtp_timeout_seconds
            + LEASE_MARGIN_SECONDS
        )
        return dt.timedelta(seconds=max(self.sending_lease_seconds, worst))

    def _secrets(self) -> dict[str, str]:
        """The SMTP password may legitimately be empty (a relay without auth)."""
        secrets = super()._secrets()
        secrets.pop("smtp_password", None)
        return secrets
