"""Documents's configuration, from environment variables."""

from __future__ import annotations

from shared.settings import ServiceSettings


class DocumentsSettings(ServiceSettings):
    """Documents listens on 8003 unless HTTP_PORT says otherwise."""

    http_port: int = 8003
