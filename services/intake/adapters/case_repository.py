"""Cases in MongoDB: one document per case, with its outbox and inbox."""

from __future__ import annotations

from typing import ClassVar

from services.intake.domain.records import CaseRecord
from shared.persistence.indexes import IndexSpec
from shared.persistence.repository import AggregateRepository


class CaseRepository(AggregateRepository[CaseRecord]):
    """Cases by id, and by the external reference a retrying sender reuses."""

    collection_name = "cases"
    state_model = CaseRecord
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec(
            (("external_ref", 1),),
            "external_ref_unique",
            unique=True,
            partial_filter={"external_ref": {"$type": "string"}},
        ),
        IndexSpec((("status", 1), ("submitted_at", -1)), "status_submitted_at"),
    )

    async def by_external_ref(self, external_ref: str) -> CaseRecord | None:
        """The case another system already submitted under this reference."""
        found = await self.find({"external_ref": external_ref}, limit=1)
        return found[0].state if found else None
