"""Configuration from environment variables only; placeholder secrets are refused outside tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRET = "change-me"  # noqa: S105 - the known placeholder only tests may run on
# Fragments of values copied from an example, not generated (`change-me-too`, `replace-with-...`).
PLACEHOLDER_MARKERS = ("change-me", "changeme", "replace-with")


def is_placeholder(secret: str) -> bool:
    """Empty, or a value anyone who reads the code knows: it signs nothing anyone can trust."""
    lowered = secret.strip().lower()
    return not lowered or any(marker in lowered for marker in PLACEHOLDER_MARKERS)


class ServiceSettings(BaseSettings):
    """What every service reads from its environment; services subclass it for their own keys."""

    # An empty variable means "the default" (compose passes every setting as `${NAME:-}`).
    model_config = SettingsConfigDict(extra="ignore", frozen=True, env_ignore_empty=True)

    environment: Literal["local", "test", "production"] = "local"
    rabbitmq_url: SecretStr = SecretStr("amqp://guest:guest@127.0.0.1:5672/")
    mongodb_url: SecretStr = SecretStr("mongodb://127.0.0.1:27017")
    samenspel_namespace: str = ""
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    public_base_url: str = ""
    log_level: str = "INFO"
    secret_key: SecretStr = SecretStr(PLACEHOLDER_SECRET)
    delivery_limit: int = 3
    prefetch_count: int = 32
    outbox_relay_enabled: bool = True
    outbox_poll_seconds: float = 0.5
    outbox_lease_seconds: float = 15.0
    mongodb_timeout_ms: int = 5_000
    check_queries: bool = False
    metrics_enabled: bool = True
    clock_offset_file: Path | None = None
    max_body_bytes: int = 1_000_000

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> ServiceSettings:
        """An operator who forgot to set a secret must learn it at start-up, not after a breach."""
        if self.environment != "test":  # only the test harness may sign with a known key
            for name, value in self._secrets().items():
                if is_placeholder(value):
                    raise ValueError(
                        f"{name.upper()} is empty or a placeholder: set a generated secret"
                        " (`samenspel init` writes them; the local run makes its own)"
                    )
        if not re.fullmatch(r"[a-z0-9_]*", self.samenspel_namespace):
            raise ValueError("SAMENSPEL_NAMESPACE may hold only a-z, 0-9 and _")
        return self

    def _secrets(self) -> dict[str, str]:
        """Every secret of this settings class (URLs too: they carry passwords), by field name."""
        return {
            name: value.get_secret_value()
            for name in type(self).model_fields
            if isinstance(value := getattr(self, name), SecretStr)
        }

    def database_name(self, service: str) -> str:
        """Each service owns its database; the namespace isolates test runs from each other."""
        return f"{self.samenspel_namespace}samenspel_{service}"

    def base_url(self) -> str:
        """Where people reach this service, for links in mails and documents."""
        return self.public_base_url or f"http://{self.http_host}:{self.http_port}"
