"""Each service's staff API for what it set aside after failing: list, and replay one.

The set-aside events and timers are the service's own data (design.md, "Who owns which data"),
so the console asks each service here instead of reading its database. Mounted by every
service's runtime; READ lists, DECIDE replays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from pymongo.asynchronous.database import AsyncDatabase

from shared.persistence.mongo import Document
from shared.persistence.set_aside import replay_set_aside, set_aside_in
from shared.set_aside_wording import NOT_SET_ASIDE, REFUSALS, ReplayOutcome
from shared.staff_access import StaffAccess
from shared.staff_auth import Permission

PATH = "/api/staff/set-aside"
__all__ = ["NOT_SET_ASIDE", "PATH", "set_aside_router"]


def set_aside_router(
    service: str,
    access: StaffAccess,
    database: AsyncDatabase[Document],
    now: Callable[[], dt.datetime],
) -> APIRouter:
    """`GET /api/staff/set-aside`, `POST /api/staff/set-aside/{key}/replay`."""
    router = APIRouter(prefix=PATH, tags=["staff"])

    @router.get("", dependencies=[Depends(access.require(Permission.READ))])
    async def listed() -> dict[str, Any]:
        """Events and timers set aside, each with its technical reason and a Dutch one."""
        items = [
            {
                "kind": item.kind,
                "key": item.key,
                "what": item.what,
                "failures": item.failures,
                "reason": item.reason,
                "explanation": item.explanation,
            }
            for item in await set_aside_in(service, database)
        ]
        return {"service": service, "items": items}

    @router.post("/{key:path}/replay", dependencies=[Depends(access.require(Permission.DECIDE))])
    async def replay(key: str) -> dict[str, Any]:
        """Owe the event again, or arm the timer again, due now; 404 when nothing is set aside,
        409 (with the refusal's `code`) when another replay holds it or its aggregate is gone."""
        outcome = await replay_set_aside(database, key, now())
        if outcome is not ReplayOutcome.DONE:
            status = 404 if outcome is ReplayOutcome.NOT_SET_ASIDE else 409
            refusal = {"field": "key", "reason": REFUSALS[outcome], "code": outcome.value}
            raise HTTPException(status, detail=[refusal])
        return {"service": service, "key": key, "replayed": True}

    return router
