"""One way to call another service's staff API: intake's token, a timeout, refusals in Dutch.

Intake's HTTP clients (scheduling, documents) share it, so a refusal without a usable body (not
JSON, a bare text, a list) or a service that does not answer is handled the same in each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

DOCUMENTS = "De documentenservice"  # how a refusal names the service
SCHEDULING = "De planning"
PAGE_READ_SECONDS = 3.0  # a page waits for this read: a short timeout, nothing shown on failure

Refusal = Callable[[httpx.Response | None], Exception]  # None: the service did not answer


class ServiceApi:
    """Base of intake's clients: the service's address, intake's service token, the timeout."""

    default_timeout = 10.0

    def __init__(self, base_url: str, token: str, timeout: float | None = None) -> None:
        self._base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"}
        self._timeout = self.default_timeout if timeout is None else timeout

    async def _request(
        self, method: str, url: str, *, quick: bool = False, **kw: Any
    ) -> httpx.Response:
        """The answer, whatever its status; httpx.HTTPError when the service does not answer."""
        headers = {**self._headers, **(kw.pop("headers", None) or {})}
        timeout = min(self._timeout, PAGE_READ_SECONDS) if quick else self._timeout
        async with httpx.AsyncClient(timeout=timeout) as http:
            return await http.request(method, url, headers=headers, **kw)

    async def _read(self, url: str, *, quick: bool = False, **kw: Any) -> Any:
        """The JSON of a successful answer; httpx.HTTPError or ValueError otherwise."""
        response = await self._request("GET", url, quick=quick, **kw)
        response.raise_for_status()
        return response.json()

    async def _send(self, method: str, url: str, refused: Refusal, **kw: Any) -> httpx.Response:
        """A write: the answer when it succeeded, else `refused(answer or None)` raised."""
        try:
            response = await self._request(method, url, **kw)
        except httpx.HTTPError as exc:
            raise refused(None) from exc
        if response.status_code >= 400:
            raise refused(response)
        return response


def field_of(response: httpx.Response, name: str) -> Any:
    """One field of an answer's JSON object; None when the body is not one (or lacks it)."""
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get(name) if isinstance(body, dict) else None


def detail_of(response: httpx.Response) -> Any:
    """The `detail` of an error answer; None when the body is not a JSON object."""
    return field_of(response, "detail")


def detail_items(response: httpx.Response) -> list[dict[str, Any]]:
    """The `{field, reason}` items of a refusal (422 style); none when it has no such list."""
    detail = detail_of(response)
    if isinstance(detail, list) and detail and all(isinstance(d, dict) for d in detail):
        return detail
    return []


def reasons_of(response: httpx.Response, service: str) -> list[str]:
    """The Dutch reasons a refusal gives, or one line naming `service` and the status."""
    items = detail_items(response)
    if items:
        return [str(d.get("reason", "")) for d in items]
    return [f"{service} antwoordde met status {response.status_code}."]
