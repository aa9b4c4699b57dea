"""What the console and the owner's and people's pages reach besides the use cases, as Protocols.

Built by `bootstrap.py` from `adapters/` (the console's sign-in links and live sessions in
MongoDB, in-process rate limits), so no page names a class that talks to the database. The
other services' clients and the dead-letter box are Protocols beside their implementations in
`adapters/` (`.importlinter`, contract `pages-on-ports`, names these exceptions).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from shared.staff_auth import StaffMember


class SignInLinks(Protocol):
    """Issues codes for a staff member and trades each, once and in time, for that member."""

    async def issue(self, member: StaffMember, now: dt.datetime, lifetime: dt.timedelta) -> str: ...

    async def redeem(self, code: str, now: dt.datetime) -> StaffMember | None: ...


class StaffSessions(Protocol):
    """Starts, keeps alive and ends console sessions by their nonce."""

    async def start(self, nonce: str, now: dt.datetime) -> None: ...

    async def alive(self, nonce: str, now: dt.datetime, idle: dt.timedelta) -> bool: ...

    async def end(self, nonce: str) -> None: ...


class RateLimiter(Protocol):
    """Decides whether one more attempt from `key` is allowed at `now`."""

    def allow(self, key: str, now: dt.datetime) -> bool: ...


class FailureThrottle(Protocol):
    """Slows guessing: a key that failed too often within a window must wait."""

    def blocked(self, key: str, now: dt.datetime) -> bool: ...

    def failed(self, key: str, now: dt.datetime) -> None: ...
