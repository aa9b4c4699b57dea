"""Notifications' configuration, from environment variables."""

from __future__ import annotations

from pydantic import SecretStr

from shared.settings import ServiceSettings


class NotificationsSettings(ServiceSettings):
    """Mail server and addresses; notifications listens on 8004 unless HTTP_PORT says otherwise."""

    http_port: int = 8004
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = 10.0
    mail_from: str = "Samenspel <noreply@samenspel.example>"
    staff_email: str = "programmabureau@samenspel.example"
    sending_lease_seconds: float = 60.0

    def _secrets(self) -> dict[str, str]:
        """The SMTP password may legitimately be empty (a relay without auth)."""
        return {k: v for k, v in super()._secrets().items() if k != "smtp_password"}
