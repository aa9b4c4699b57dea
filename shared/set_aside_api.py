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
from shared.staff_access import StaffAccess
from shared.staff_auth import Permission

PATH = "/api/staff/set-aside"
NOT_SET_ASIDE = "Dit staat niet (meer) apart."


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
        """Owe the event again, or arm the timer again, due now; 404 when nothing is set aside."""
        if not await replay_set_aside(database, key, now()):
            raise HTTPException(404, detail=[{"field": "key", "reason": NOT_SET_ASIDE}])
        return {"service": service, "key": key, "replayed": True}

    return router
