"""Configuration from environment variables only; placeholder secrets are refused in production."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.staff_access import StaffAccess
from shared.staff_auth import StaffTokens, parse_staff_tokens

PLACEHOLDER_SECRET = "change-me"  # noqa: S105 - the known placeholder production must replace


class ServiceSettings(BaseSettings):
    """What every service reads from its environment; services subclass it for their own keys."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

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
    # JSON: {"<token>": {"name": "Anna (programmabureau)", "role": "decider"}}; see staff_auth.
    staff_tokens: SecretStr = SecretStr("{}")

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> ServiceSettings:
        """An operator who forgot to set a secret must learn it at start-up, not after a breach."""
        if self.environment == "production":
            for name, value in self._secrets().items():
                if value in ("", PLACEHOLDER_SECRET) or value.startswith(PLACEHOLDER_SECRET):
                    raise ValueError(f"{name.upper()} must be set to a real secret in production")
        if not re.fullmatch(r"[a-z0-9_]*", self.samenspel_namespace):
            raise ValueError("SAMENSPEL_NAMESPACE may hold only a-z, 0-9 and _")
        return self

    def _secrets(self) -> dict[str, str]:
        """Every secret of this settings class, by field name, for the placeholder check."""
        return {
            name: value.get_secret_value()
            for name in type(self).model_fields
            if isinstance(value := getattr(self, name), SecretStr)
            and name not in ("rabbitmq_url", "mongodb_url")
        }

    def staff_token_set(self) -> StaffTokens:
        """The configured staff and system tokens; an empty object admits nobody."""
        return parse_staff_tokens(self.staff_tokens.get_secret_value())

    def staff_access(self) -> StaffAccess:
        """The staff check every service's API uses."""
        return StaffAccess(self.staff_token_set())

    def database_name(self, service: str) -> str:
        """Each service owns its database; the namespace isolates test runs from each other."""
        return f"{self.samenspel_namespace}samenspel_{service}"

    def base_url(self) -> str:
        """Where people reach this service, for links in mails and documents."""
        return self.public_base_url or f"http://{self.http_host}:{self.http_port}"
