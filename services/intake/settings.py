"""Intake's configuration, from environment variables."""

from __future__ import annotations

from pydantic import EmailStr, Field, SecretStr

from services.intake.domain.alternatives import DEFAULT_ALTERNATIVES, AlternativeCatalogue
from shared.calendar import LiberationDayPolicy
from shared.contracts.intake import Alternative
from shared.public_url import PublicUrl
from shared.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    """Intake listens on 8001 unless HTTP_PORT says otherwise."""

    http_port: int = 8001
    # JSON list of {"code", "title", "description", "url"}; defaults to the seed's routes.
    rejection_alternatives: tuple[Alternative, ...] = DEFAULT_ALTERNATIVES
    good_friday_off: bool = False
    liberation_day: LiberationDayPolicy = LiberationDayPolicy.LUSTRUM
    decision_working_days: int = 5
    # A case's timeline waits this long before writing an event, so the events close behind it
    # (a case's mails are told of together) go in the same write; 0 writes each at once.
    timeline_batch_seconds: float = Field(default=0.05, ge=0, le=1)
    form_rate_limit: int = 5
    form_rate_window_seconds: int = 600
    # New cases per owner address per hour from the form and the API (each mails a receipt to
    # that address); 0 lifts the limit. Cases other systems publish as events are not counted.
    owner_submissions_per_hour: int = 5
    # The console moves sessions through scheduling's staff API, with this token.
    scheduling_url: str = "http://127.0.0.1:8002"
    scheduling_token: SecretStr = SecretStr("")
    # Where owners download documents (documents' public base URL).
    documents_public_url: PublicUrl = "http://127.0.0.1:8003"
    # Documents' API for network meetings' topics (empty: the public URL), with SCHEDULING_TOKEN.
    documents_url: str = ""
    # The console lists and resends failed mails through notifications' staff API (same token).
    notifications_url: str = "http://127.0.0.1:8004"
    staff_session_hours: int = 8
    # A console session ends after this long without use (sign-out ends it at once).
    staff_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    # Failed console sign-ins per address and per token tried before the window makes them wait.
    sign_in_attempts: int = Field(default=10, ge=1)
    sign_in_window_seconds: int = Field(default=600, ge=1)
    # The console's dead-letter page acts as the broker's operator user (replay exchange only);
    # empty: intake's own RABBITMQ_URL (enough where every service runs as guest).
    rabbitmq_operator_url: SecretStr = SecretStr("")
    # The programme office: ORGANIZER of the calendar files on people's pages.
    organizer_name: str = "Programmabureau Samenspel"
    organizer_email: EmailStr = "planning@samenspel.nl"
    # How long a one-time console sign-in link (POST /api/sign-in-links) works.
    sign_in_link_minutes: int = Field(default=5, ge=1, le=60)

    def _secrets(self) -> dict[str, str]:
        """The operator URL may be empty (then the console replays as intake's own user)."""
        secrets = super()._secrets()
        secrets.pop("rabbitmq_operator_url", None)
        return secrets

    def operator_url(self) -> str:
        """Where the console reads and replays dead letters."""
        return self.rabbitmq_operator_url.get_secret_value() or self.rabbitmq_url.get_secret_value()

    def alternatives(self) -> AlternativeCatalogue:
        """The routes staff may offer a rejected case."""
        return AlternativeCatalogue(alternatives=self.rejection_alternatives)
