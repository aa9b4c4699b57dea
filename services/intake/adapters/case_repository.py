"""Cases in MongoDB: one document per case, with its outbox and inbox."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from services.intake.adapters.case_queries import list_indexes, mongo_filter, mongo_sort
from services.intake.domain.case import Case
from services.intake.domain.case_list import CaseListQuery
from shared.persistence.indexes import IndexSpec
from shared.persistence.repository import AggregateRepository
from shared.persistence.upgrade import rewrite_old_shape

_STRING = {"$type": "string"}


class CaseRepository(AggregateRepository[Case]):
    """Cases by id, by the external reference a retrying sender reuses, by owner link, listed."""

    collection_name = "cases"
    state_model = Case
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec(
            (("external_ref", 1),),
            "external_ref_unique",
            unique=True,
            partial_filter={"external_ref": _STRING},
        ),
        IndexSpec(
            (("owner_token_hash", 1),),
            "owner_token_hash_unique",
            unique=True,
            partial_filter={"owner_token_hash": _STRING},
        ),
        IndexSpec(
            (("revoked_owner_token_hash", 1),),
            "revoked_owner_token_hash",
            partial_filter={"revoked_owner_token_hash": _STRING},
        ),
        IndexSpec((("owner_person_id", 1),), "owner_person_id"),
        IndexSpec((("expert_person_id", 1),), "expert_person_id"),
        IndexSpec((("duplicate_key", 1), ("submitted_at", -1)), "duplicate_key_recent"),
        IndexSpec((("owner_address_key", 1), ("submitted_at", -1)), "owner_address_recent"),
        *list_indexes(),
    )

    async def upgrade(self) -> int:
        """Cases stored while `submitted_at` was ISO text get it as a real date (once, at start)."""
        return await rewrite_old_shape(self, {"submitted_at": _STRING})

    async def by_external_ref(self, external_ref: str) -> Case | None:
        """The case another system already submitted under this reference."""
        found = await self.find({"external_ref": external_ref}, limit=1)
        return found[0].state if found else None

    async def by_owner_token_hash(self, token_hash: str) -> Case | None:
        """The one case whose live owner link has this hash."""
        found = await self.find({"owner_token_hash": token_hash}, limit=1)
        return found[0].state if found else None

    async def by_revoked_owner_token_hash(self, token_hash: str) -> Case | None:
        """The case whose owner link with this hash was revoked."""
        found = await self.find({"revoked_owner_token_hash": token_hash}, limit=1)
        return found[0].state if found else None

    async def by_person_id(self, person_id: str) -> Case | None:
        """The case whose owner or content expert has this person id."""
        for field in ("owner_person_id", "expert_person_id"):
            found = await self.find({field: person_id}, limit=1)
            if found:
                return found[0].state
        return None

    async def submitted_since(self, key: str, since: dt.datetime) -> Case | None:
        """The latest case with this duplicate key submitted at or after `since`."""
        found = await self.find(
            {"duplicate_key": key, "submitted_at": {"$gte": since}},
            sort=[("submitted_at", -1)],
            limit=1,
        )
        return found[0].state if found else None

    async def latest_to_address_since(
        self, key: str, since: dt.datetime, at_most: int
    ) -> list[Case]:
        """The latest `at_most` cases naming this owner address (`address_key`) since `since`,
        newest first (a bounded find on its index: `count_documents` would be an aggregate)."""
        query = {"owner_address_key": key, "submitted_at": {"$gte": since}}
        found = await self.find(query, sort=[("submitted_at", -1)], limit=at_most)
        return [stored.state for stored in found]

    async def listed(self, query: CaseListQuery, today: dt.date) -> tuple[list[Case], int]:
        """One page of the staff list and the total it pages through."""
        wanted = mongo_filter(query, today)
        found = await self.find(
            wanted, sort=mongo_sort(query), skip=query.skip(), limit=query.page_size
        )
        total = (
            await self.count(wanted) if wanted else await self.collection.estimated_document_count()
        )
        return [stored.state for stored in found], total
