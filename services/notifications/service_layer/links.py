"""The links a mail carries for its recipient: their page and downloads, minted here.

Minted at the person's current link generation (raised by `capability.revoked`), so a mail
sent after a revocation carries links that work and the old ones stay dead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from shared.capabilities import PERSON_PAGE, CapabilitySigner, person_page_path
from shared.download_links import DownloadMinter, LinkFor
from shared.link_generations import LinkGenerations
from shared.people import PERSON_ID

_read: ContextVar[dict[str, int] | None] = ContextVar("link_generations_read", default=None)


@contextlib.contextmanager
def one_event() -> Iterator[None]:
    """The handling of one consumed event: generations read ahead serve only its own mails,
    which are sent right after (a revocation handled meanwhile counts from the next event)."""
    token = _read.set({})
    try:
        yield
    finally:
        _read.reset(token)


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
        read = _read.get()
        if read is not None and person_id in read:
            return max(read[person_id], at_least)
        current = await self._generations.current(person_id) if self._generations else 0
        return max(current, at_least)

    async def read_ahead(self, person_ids: Iterable[str]) -> None:
        """Within `one_event()`: the generations of everyone its mails go to, in one read."""
        many = getattr(self._generations, "current_of", None)
        wanted = sorted({p for p in person_ids if p and PERSON_ID.fullmatch(p)})
        if (read := _read.get()) is None or many is None or len(wanted) < 2:
            return
        read.update(await many(wanted))

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
