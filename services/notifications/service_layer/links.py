"""The links a mail carries for its recipient: their own page, minted here, served by intake."""

from __future__ import annotations

from shared.capabilities import PERSON_PAGE, CapabilitySigner, person_page_path
from shared.people import PERSON_ID


class PersonLinks:
    """Mints a person's page link (design.md, "Links for people"); nothing is stored."""

    def __init__(self, signer: CapabilitySigner, intake_base_url: str) -> None:
        self._signer = signer
        self._base_url = intake_base_url.rstrip("/")

    def page(self, person_id: str, generation: int = 0) -> str | None:
        """The person's page on intake's public address; None for someone without a page."""
        if not person_id or not PERSON_ID.fullmatch(person_id):
            return None
        token = self._signer.sign(PERSON_PAGE, person_id, generation=generation)
        return self._base_url + person_page_path(token)
