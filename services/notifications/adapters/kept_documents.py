"""Files fetched for one mail, kept a minute for the next: a cohort's agenda goes to everyone."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable

from services.notifications.service_layer.channel_ports import DocumentFetcher

KEPT_BYTES = 32_000_000
KEPT_SECONDS = 60.0


class KeptDocuments:
    """A DocumentFetcher that fetches each link once while the mails carrying it go out.

    A documents link names one rendition, whose bytes never change (a new version gets a new
    link), so a copy fetched seconds ago is the file itself. Mails asking for a link being
    fetched wait for that fetch instead of starting their own; a failed fetch is not kept, and
    each of those mails fails as it would have alone (and is retried as before). Kept at most
    `seconds` and `max_bytes` in all, the oldest going first.
    """

    def __init__(
        self,
        fetcher: DocumentFetcher,
        *,
        max_bytes: int = KEPT_BYTES,
        seconds: float = KEPT_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetcher = fetcher
        self._max_bytes, self._seconds, self._monotonic = max_bytes, seconds, monotonic
        self._kept: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._size = 0
        self._fetching: dict[str, asyncio.Task[bytes]] = {}

    async def fetch(self, url: str) -> bytes:
        """The file's bytes, from the copy kept or from one fetch shared by all who ask now."""
        now = self._monotonic()
        kept = self._kept.get(url)
        if kept is not None and now - kept[0] < self._seconds:
            return kept[1]
        running = self._fetching.get(url)
        if running is None:
            running = self._fetching[url] = asyncio.ensure_future(self._fetch(url))
            running.add_done_callback(_seen)  # a failure nobody waits for any more is not news
        return await asyncio.shield(running)  # one mail's cancellation is not everyone's

    async def _fetch(self, url: str) -> bytes:
        try:
            content = await self._fetcher.fetch(url)
        finally:
            self._fetching.pop(url, None)
        self._keep(url, content)
        return content

    def _keep(self, url: str, content: bytes) -> None:
        if (old := self._kept.pop(url, None)) is not None:
            self._size -= len(old[1])
        if len(content) > self._max_bytes:
            return
        now = self._monotonic()
        self._kept[url] = (now, content)
        self._size += len(content)
        while self._kept and (
            self._size > self._max_bytes
            or now - next(iter(self._kept.values()))[0] >= self._seconds
        ):
            _, (_, dropped) = self._kept.popitem(last=False)
            self._size -= len(dropped)


def _seen(task: asyncio.Task[bytes]) -> None:
    if not task.cancelled():
        task.exception()
