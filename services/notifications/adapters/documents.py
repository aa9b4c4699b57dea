"""Fetching the documents a mail carries (the draft as DOCX and PDF), behind a small interface."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from services.notifications.service_layer.channel_ports import DocumentFetcher, SendFailed

__all__ = ["DocumentFetcher", "FakeDocumentFetcher", "HttpDocumentFetcher"]


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


class HttpDocumentFetcher:
    """httpx against the documents service only; a link to any other host is never fetched.

    Links in events name the documents service's public address; the fetch goes to its internal
    address (compose: `http://documents:8003`), so a forged event cannot make this service read
    another host (server-side request forgery). Size and time are bounded. Documents serves
    files to staff and services only, so the fetch carries the service token.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        documents_public_url: str,
        documents_internal_url: str = "",
        max_bytes: int = 20_000_000,
        token: str = "",
    ) -> None:
        self._client = client
        self._public = documents_public_url.rstrip("/")
        self._internal = (documents_internal_url or documents_public_url).rstrip("/")
        self._max_bytes = max_bytes
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _target(self, url: str) -> str:
        """The internal address of a documents link; SendFailed (permanent) for any other host."""
        if not self._public or _origin(url) != _origin(self._public):
            raise SendFailed(
                "attachment link does not point at the documents service", permanent=True
            )
        path = url[len(self._public) :] if url.startswith(self._public) else urlsplit(url).path
        if not path.startswith("/"):
            raise SendFailed(
                "attachment link does not point at the documents service", permanent=True
            )
        return f"{self._internal}{path}"

    async def fetch(self, url: str) -> bytes:
        """The file's bytes; SendFailed(permanent=False) while documents cannot answer."""
        target = self._target(url)
        try:
            async with self._client.stream("GET", target, headers=self._headers) as response:
                if response.status_code != 200:
                    raise SendFailed(
                        f"document answered {response.status_code}",
                        permanent=False,
                        code=response.status_code,
                    )
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body.extend(chunk)
                    if len(body) > self._max_bytes:
                        raise SendFailed("attachment larger than allowed", permanent=True)
                return bytes(body)
        except httpx.HTTPError as exc:
            raise SendFailed(
                f"document unreachable: {type(exc).__name__}", permanent=False
            ) from exc


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
