"""The links a mail carries for its recipient: their page and downloads, minted here.

Minted at the person's current link generation (raised by `capability.revoked`), so a mail
sent after a revocation carries links that work and the old ones stay dead.
"""

from __future__ import annotations

import datetime as dt

from shared.capabilities import PERSON_PAGE, CapabilitySigner, person_page_path
from shared.download_links import DownloadMinter, LinkFor
from shared.link_generations import LinkGenerations
from shared.people import PERSON_ID


class PersonLinks:
    """Mints a person's page link (design.md, "Links for people"); nothing is stored."""

    def __init__(
        self,
        signer: CapabilitySigner,
        intake_base_url: str,
        generations: LinkGenerations | None = None,
        downloads: DownloadMinter | None = None,
    ) -> None:
        self._signer = signer
        self._base_url = intake_base_url.rstrip("/")
        self._generations = generations
        self._downloads = downloads

    async def generation(self, person_id: str, at_least: int = 0) -> int:
        """The generation to mint at: the person's current one (or what a request names)."""
        current = await self._generations.current(person_id) if self._generations else 0
        return max(current, at_least)

    def downloads(self, person_id: str, generation: int, now: dt.datetime) -> LinkFor | None:
        """Signed, expiring download links for this person; None keeps the documents URL."""
        if self._downloads is None or not PERSON_ID.fullmatch(person_id or ""):
            return None
        return self._downloads.for_person(person_id, generation, now)

    def page(self, person_id: str, generation: int = 0) -> str | None:
        """The person's page on intake's public address; None for someone without a page."""
        if not person_id or not PERSON_ID.fullmatch(person_id):
            return None
        token = self._signer.sign(PERSON_PAGE, person_id, generation=generation)
        return self._base_url + person_page_path(token)
