"""What each service set aside after failing, as the console reads and replays it.

Every service owns its set-aside events and timers and serves them on its staff API
(`GET /api/staff/set-aside`, `POST /api/staff/set-aside/{key}/replay`); intake reads its own
database directly (`own_set_aside.py`), the others over HTTP with intake's service token.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import quote

import httpx
from pydantic import BaseModel

from shared.set_aside_api import PATH
from shared.set_aside_wording import explanation


class SetAsideUnavailable(Exception):
    """The service did not answer, refused the token, or answered with an error."""


class SetAsideItem(BaseModel):
    """One event or timer a service set aside, with its Dutch explanation."""

    service: str
    kind: str  # "event" or "timer"
    key: str
    what: str
    failures: int
    reason: str  # technical, for the operator
    explanation: str


class SetAsideClient(Protocol):
    """One service's set-aside items, as the console needs them."""

    async def items(self) -> list[SetAsideItem]: ...

    async def replay(self, key: str) -> bool: ...


class HttpSetAsideClient:
    """A service's staff API (base_url: its address)."""

    def __init__(self, service: str, http: httpx.AsyncClient, token: str) -> None:
        self._service = service
        self._http = http
        self._headers = {"Authorization": f"Bearer {token}"}

    async def items(self) -> list[SetAsideItem]:
        """What the service set aside; SetAsideUnavailable when it does not say."""
        try:
            answer = await self._http.get(PATH, headers=self._headers, timeout=3.0)
            answer.raise_for_status()
            rows = answer.json()["items"]
            return [SetAsideItem.model_validate({**row, "service": self._service}) for row in rows]
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            raise SetAsideUnavailable(type(exc).__name__) from exc

    async def replay(self, key: str) -> bool:
        """Put it back once; False when nothing is set aside under `key` (any more)."""
        try:
            answer = await self._http.post(
                f"{PATH}/{quote(key, safe='')}/replay", headers=self._headers
            )
        except httpx.HTTPError as exc:
            raise SetAsideUnavailable(type(exc).__name__) from exc
        if answer.status_code == 404:
            return False
        if answer.status_code >= 400:
            raise SetAsideUnavailable(f"status {answer.status_code}")
        return True


@dataclass
class FakeSetAside:
    """One service's set-aside items in memory; a replayed one leaves the list."""

    service: str
    stored: list[SetAsideItem] = field(default_factory=list)
    replayed: list[str] = field(default_factory=list)
    down: bool = False

    def add(self, kind: str, key: str, what: str, failures: int, reason: str) -> None:
        wording = explanation(kind, reason, failures)
        self.stored.append(
            SetAsideItem(service=self.service, kind=kind, key=key, what=what,
                         failures=failures, reason=reason, explanation=wording)
        )  # fmt: skip

    async def items(self) -> list[SetAsideItem]:
        if self.down:
            raise SetAsideUnavailable("down")
        return list(self.stored)

    async def replay(self, key: str) -> bool:
        if self.down:
            raise SetAsideUnavailable("down")
        if not any(item.key == key for item in self.stored):
            return False
        self.stored = [item for item in self.stored if item.key != key]
        self.replayed.append(key)
        return True


def fakes(services: Sequence[str]) -> dict[str, FakeSetAside]:
    """An empty in-memory twin per service."""
    return {service: FakeSetAside(service) for service in services}
