"""Intake's configuration, from environment variables."""

from __future__ import annotations

from pydantic import EmailStr, Field, SecretStr

from services.intake.domain.alternatives import DEFAULT_ALTERNATIVES, AlternativeCatalogue
from shared.calendar import LiberationDayPolicy
from shared.contracts.intake import Alternative
from shared.settings import ServiceSettings
from shared.staff_auth import StaffTokens, parse_staff_tokens


class IntakeSettings(ServiceSettings):
    """Intake listens on 8001 unless HTTP_PORT says otherwise."""

    http_port: int = 8001
    # JSON: {"<token>": {"name": "Anna (programmabureau)", "role": "decider"}, ...}
    staff_tokens: SecretStr = SecretStr("{}")
    # JSON list of {"code", "title", "description", "url"}; defaults to the seed's routes.
    rejection_alternatives: tuple[Alternative, ...] = DEFAULT_ALTERNATIVES
    good_friday_off: bool = False
    liberation_day: LiberationDayPolicy = LiberationDayPolicy.LUSTRUM
    decision_working_days: int = 5
    form_rate_limit: int = 5
    form_rate_window_seconds: int = 600
    # The console moves sessions through scheduling's staff API, with this token.
    scheduling_url: str = "http://127.0.0.1:8002"
    scheduling_token: SecretStr = SecretStr("")
    # Where owners download documents (documents' public base URL).
    documents_public_url: str = "http://127.0.0.1:8003"
    staff_session_hours: int = 8
    # The programme office: ORGANIZER of the calendar files on people's pages.
    organizer_name: str = "Programmabureau Samenspel"
    organizer_email: EmailStr = "planning@samenspel.nl"
    # How long a one-time console sign-in link (POST /api/sign-in-links) works.
    sign_in_link_minutes: int = Field(default=5, ge=1, le=60)

    def staff(self) -> StaffTokens:
        """The configured staff and system tokens, parsed once at start-up."""
        return parse_staff_tokens(self.staff_tokens.get_secret_value())

    def alternatives(self) -> AlternativeCatalogue:
        """The routes staff may offer a rejected case."""
        return AlternativeCatalogue(alternatives=self.rejection_alternatives)
