"""Fetching the documents a mail carries (the draft as DOCX and PDF), behind a small interface."""

from __future__ import annotations

from typing import Protocol

import httpx

from services.notifications.adapters.smtp import SendFailed


class DocumentFetcher(Protocol):
    """Downloads one file; raises SendFailed (transient) when it cannot right now."""

    async def fetch(self, url: str) -> bytes: ...


class HttpDocumentFetcher:
    """httpx against the documents service; any failure is transient (retried by timer)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def fetch(self, url: str) -> bytes:
        """The file's bytes, or SendFailed(permanent=False)."""
        try:
            response = await self._client.get(url)
        except httpx.HTTPError as exc:
            raise SendFailed(
                f"document unreachable: {type(exc).__name__}", permanent=False
            ) from exc
        if response.status_code != 200:
            raise SendFailed(
                f"document answered {response.status_code}",
                permanent=False,
                code=response.status_code,
            )
        return response.content


class FakeDocumentFetcher:
    """DocumentFetcher for tests: serves files from a dict, fails on demand."""

    def __init__(self, files: dict[str, bytes] | None = None) -> None:
        self.files = dict(files or {})
        self.failures = 0

    async def fetch(self, url: str) -> bytes:
        """The stored bytes, or a transient failure while `failures` lasts or the URL is unknown."""
        if self.failures > 0:
            self.failures -= 1
            raise SendFailed("fake fetch failure", permanent=False)
        if url not in self.files:
            raise SendFailed("unknown document", permanent=False, code=404)
        return self.files[url]
