"""Scheduling's configuration, from environment variables."""

from __future__ import annotations

from shared.settings import ServiceSettings


class SchedulingSettings(ServiceSettings):
    """Scheduling listens on 8002 unless HTTP_PORT says otherwise."""

    http_port: int = 8002
