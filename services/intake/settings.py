"""Intake's configuration, from environment variables."""

from __future__ import annotations

from shared.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    """Intake listens on 8001 unless HTTP_PORT says otherwise."""

    http_port: int = 8001
