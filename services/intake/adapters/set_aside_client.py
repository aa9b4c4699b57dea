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
from shared.set_aside_wording import REFUSALS, ReplayOutcome, explanation


class SetAsideUnavailable(Exception):
    """The service did not answer, refused the token, or answered with an error."""


class SetAsideTokenRefused(SetAsideUnavailable):
    """The service answered, but refused intake's token: unknown to it (401) or, for a
    replay, without a decider's right (403). Configuration, not an outage."""

    def __init__(self, status: int) -> None:
        super().__init__(f"status {status}")
        self.unknown = status == 401


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

    async def replay(self, key: str) -> ReplayOutcome: ...


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
            _refused(answer)
            answer.raise_for_status()
            rows = answer.json()["items"]
            return [SetAsideItem.model_validate({**row, "service": self._service}) for row in rows]
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            raise SetAsideUnavailable(type(exc).__name__) from exc

    async def replay(self, key: str) -> ReplayOutcome:
        """Put it back once; otherwise why not (nothing set aside, another replay holds it,
        its aggregate is gone), as the service's refusal `code` says."""
        try:
            answer = await self._http.post(
                f"{PATH}/{quote(key, safe='')}/replay", headers=self._headers
            )
        except httpx.HTTPError as exc:
            raise SetAsideUnavailable(type(exc).__name__) from exc
        _refused(answer)
        if answer.status_code == 404:
            return ReplayOutcome.NOT_SET_ASIDE
        if answer.status_code == 409 and (outcome := _refusal(answer)) is not None:
            return outcome
        if answer.status_code >= 400:
            raise SetAsideUnavailable(f"status {answer.status_code}")
        return ReplayOutcome.DONE


def _refused(answer: httpx.Response) -> None:
    """A 401 or 403 is the service refusing intake's token, not the service being away."""
    if answer.status_code in (401, 403):
        raise SetAsideTokenRefused(answer.status_code)


def _refusal(answer: httpx.Response) -> ReplayOutcome | None:
    """The refusal a 409 names (`detail[0].code`); None when it names none we know."""
    try:
        outcome = ReplayOutcome(answer.json()["detail"][0]["code"])
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return outcome if outcome in REFUSALS else None


@dataclass
class FakeSetAside:
    """One service's set-aside items in memory; a replayed one leaves the list."""

    service: str
    stored: list[SetAsideItem] = field(default_factory=list)
    replayed: list[str] = field(default_factory=list)
    down: bool = False
    refusing: ReplayOutcome | None = None  # what every replay answers instead of replaying

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

    async def replay(self, key: str) -> ReplayOutcome:
        if self.down:
            raise SetAsideUnavailable("down")
        if not any(item.key == key for item in self.stored):
            return ReplayOutcome.NOT_SET_ASIDE
        if self.refusing is not None:
            return self.refusing
        self.stored = [item for item in self.stored if item.key != key]
        self.replayed.append(key)
        return ReplayOutcome.DONE


def fakes(services: Sequence[str]) -> dict[str, FakeSetAside]:
    """An empty in-memory twin per service."""
    return {service: FakeSetAside(service) for service in services}
