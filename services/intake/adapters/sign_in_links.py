"""One-time console sign-in links: a code that works once, for a few minutes, then never again.

Only the code's SHA-256 digest is stored, so a database reader cannot sign in with it. Redeeming
deletes the record: of two replicas redeeming one code at once, only the one whose delete
removed it signs anybody in.
"""

from __future__ import annotations

import datetime as dt
import secrets

from pymongo.asynchronous.collection import AsyncCollection

from services.intake.domain.owner_link import hash_capability_token
from shared.persistence.bson_values import epoch_ms
from shared.persistence.indexes import IndexSpec
from shared.persistence.mongo import Document, ensure_indexes
from shared.staff_auth import StaffMember

BY_EXPIRY = IndexSpec((("expires_ms", 1),), "by_expiry")


class MongoSignInLinks:
    """Codes in intake's database, so any replica redeems what another issued."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._collection = collection

    async def prepare(self) -> None:
        """The expiry index the clean-up on each issue uses."""
        await ensure_indexes(self._collection, [BY_EXPIRY])

    async def issue(self, member: StaffMember, now: dt.datetime, lifetime: dt.timedelta) -> str:
        """A fresh code; links nobody used and that have expired are dropped meanwhile."""
        await self._collection.delete_many({"expires_ms": {"$lte": epoch_ms(now)}})
        code = secrets.token_urlsafe(32)
        await self._collection.insert_one(
            {
                "_id": hash_capability_token(code),
                "member": member.model_dump(mode="json"),
                "expires_ms": epoch_ms(now + lifetime),
            }
        )
        return code

    async def redeem(self, code: str, now: dt.datetime) -> StaffMember | None:
        """The member, if this call is the one that used the code up before it expired."""
        found = await self._collection.find_one({"_id": hash_capability_token(code)})
        if found is None:
            return None
        removed = await self._collection.delete_one({"_id": found["_id"]})
        if removed.deleted_count != 1 or int(found["expires_ms"]) <= epoch_ms(now):
            return None
        return StaffMember.model_validate(found["member"])
