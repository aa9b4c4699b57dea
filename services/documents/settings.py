"""Documents's configuration, from environment variables."""

from __future__ import annotations

from pydantic import EmailStr, Field, SecretStr

from shared.public_url import PublicUrl
from shared.settings import ServiceSettings


class DocumentsSettings(ServiceSettings):
    """Documents listens on 8003 unless HTTP_PORT says otherwise.

    STAFF_TOKENS has the format every service reads (`shared.staff_auth`). CONTRIBUTOR_TOKENS
    is a JSON object from a person's name (shown as the editor of a section, the asker of a
    question) to their bearer token, e.g. `{"Coach Anna": "..."}`; coaches and participants are
    both contributors.
    """

    http_port: int = 8003
    # Where a refused link asks for a fresh one
    intake_public_url: PublicUrl = "http://127.0.0.1:8001"
    contributor_tokens: dict[str, SecretStr] = Field(default_factory=dict)
    # A stored file nobody refers to after this long is a crash's leftover (adapters/orphans.py)
    orphan_grace_seconds: float = 3600.0
    # The programme office, named in letters where an alternative has no link of its own (the
    # same variables scheduling and notifications read).
    organizer_name: str = "Programmabureau Samenspel"
    organizer_email: EmailStr = "planning@samenspel.nl"

    def _secrets(self) -> dict[str, str]:
        """A contributor token copied from an example would let anyone edit as that person."""
        secrets = super()._secrets()
        for name, token in self.contributor_tokens.items():
            secrets[f"contributor_tokens ({name})"] = token.get_secret_value()
        return secrets
