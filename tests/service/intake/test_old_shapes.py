"""Cases stored in an older shape keep working: `submitted_at` as ISO text becomes a real date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from services.intake.adapters.case_repository import CaseRepository
from services.intake.domain.case import Case
from shared.persistence.repository import Change
from tests.unit.intake.factories import submitted

pytestmark = pytest.mark.service
AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


async def test_a_case_with_iso_text_submitted_at_is_read_and_rewritten_as_a_date(
    mongo: Any, namespace: str
) -> None:
    cases = CaseRepository(mongo[f"{namespace}old_shapes"], check_queries=True)
    await cases.ensure_indexes()
    case = Case.from_submission(submitted(submitted_at=AT), "form")
    await cases.insert(case.case_id, Change(case))
    await cases.collection.update_one(  # the shape intake wrote before
        {"_id": case.case_id}, {"$set": {"submitted_at": AT.isoformat()}}
    )
    old = await cases.get(case.case_id)
    assert old is not None and old.state.submitted_at == AT, "the old shape still reads"

    assert await cases.upgrade() == 1
    stored = await cases.collection.find_one({"_id": case.case_id})
    assert stored is not None and isinstance(stored["submitted_at"], dt.datetime)
    found = await cases.submitted_since(case.duplicate_key, AT - dt.timedelta(hours=1))
    assert found is not None and found.case_id == case.case_id
    assert await cases.upgrade() == 0, "rewritten once"
