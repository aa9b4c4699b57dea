"""Scheduling's configuration, from environment variables."""

from __future__ import annotations

from pydantic import EmailStr, Field

from shared.public_url import PublicUrl
from shared.settings import ServiceSettings


class SchedulingSettings(ServiceSettings):
    """Scheduling listens on 8002 unless HTTP_PORT says otherwise."""

    http_port: int = 8002
    organizer_name: str = "Programmabureau Samenspel"
    organizer_email: EmailStr = "planning@samenspel.nl"
    # Intake's public address: an old calendar link's 410 page offers a fresh link there.
    intake_public_url: PublicUrl = "http://localhost:8001"
    timer_poller_enabled: bool = True
    # The timer poller looks at the clock every `timer_poll_seconds` and queries when a timer
    # is due, or after `timer_max_sleep_seconds` (one armed by another process: console, replica).
    timer_poll_seconds: float = Field(default=1.0, gt=0)
    timer_max_sleep_seconds: float = Field(default=30.0, gt=0)
    reminder_working_days: int = Field(default=2, ge=0, le=20)
