"""Configuration from environment variables only; placeholder secrets are refused outside tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.public_url import PublicUrl
from shared.staff_access import StaffAccess
from shared.staff_auth import StaffTokens, parse_staff_tokens

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
    public_base_url: PublicUrl = ""  # where people reach it: in links and mail headers
    log_level: str = "INFO"
    secret_key: SecretStr = SecretStr(PLACEHOLDER_SECRET)
    delivery_limit: int = 3
    prefetch_count: int = 32
    outbox_relay_enabled: bool = True
    outbox_poll_seconds: float = 0.5
    outbox_lease_seconds: float = 15.0
    mongodb_timeout_ms: int = 5_000
    mongodb_operation_timeout_ms: int = 10_000
    mongodb_write_concern: str = "majority"
    mongodb_journal: bool = True
    outage_retry_seconds: float = 1.0
    outage_hold_seconds: float = 4 * 3600.0
    # The watchdog (shared/liveness.py): a process whose database ping has not answered for
    # `database_wedged_seconds` (its own timeouts end every call in seconds), or that has held a
    # message for `handling_stuck_seconds` while the database answered, exits to be restarted.
    watchdog_seconds: float = 5.0
    database_wedged_seconds: float = 60.0
    handling_stuck_seconds: float = 1800.0
    publish_confirm_timeout_seconds: float = 10.0
    check_queries: bool = False
    # Retention (README, "Retention"): fired timers, settled mails and their source events go
    # this long after they served; the sweeper looks every `retention_sweep_seconds`.
    retention_days: float = 180.0
    retention_sweep_seconds: float = 600.0
    retention_ttl_index: bool = True  # MongoDB's TTL monitor too (off: the sweeper alone)
    metrics_enabled: bool = True
    clock_offset_file: Path | None = None
    max_body_bytes: int = 1_000_000
    # How long a download link in a page or mail works (its person's revocation ends it sooner)
    download_link_days: int = 30
    # JSON: {"<token>": {"name": "Anna (programmabureau)", "role": "decider"}}; see staff_auth.
    staff_tokens: SecretStr = SecretStr("{}")
    # A broker user all services share: consumers trust its events of every type. Empty (compose
    # and production): only each publisher's own user (README, "Security model").
    broker_shared_user: str = ""
    # OpenTelemetry: spans go to this OTLP/HTTP collector (e.g. http://otel:4318); off when empty
    otel_exporter_otlp_endpoint: str = ""

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
