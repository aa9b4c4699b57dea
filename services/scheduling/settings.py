"""Scheduling's configuration, from environment variables."""

from __future__ import annotations

from pydantic import EmailStr, Field, SecretStr

from shared.settings import ServiceSettings
from shared.staff_auth import StaffTokens, parse_staff_tokens


class SchedulingSettings(ServiceSettings):
    """Scheduling listens on 8002 unless HTTP_PORT says otherwise."""

    http_port: int = 8002
    # JSON: {"<token>": {"name": "Anna (programmabureau)", "role": "decider"}}, as every service.
    staff_tokens: SecretStr = SecretStr("{}")
    organizer_name: str = "Programmabureau Samenspel"
    organizer_email: EmailStr = "planning@samenspel.nl"
    timer_poller_enabled: bool = True
    timer_poll_seconds: float = Field(default=1.0, gt=0)
    reminder_working_days: int = Field(default=2, ge=0, le=20)

    def staff(self) -> StaffTokens:
        """The configured staff tokens; an empty object admits nobody."""
        return parse_staff_tokens(self.staff_tokens.get_secret_value())
