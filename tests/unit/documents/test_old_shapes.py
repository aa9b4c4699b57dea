"""Case files and library entries an older write left with naive instants still read, as UTC."""

from __future__ import annotations

import datetime as dt

import pytest

from services.documents.adapters.case_file_repository import CaseFileRepository
from shared.persistence.memory import in_memory

pytestmark = pytest.mark.unit


async def test_a_case_file_with_naive_text_instants_reads_them_as_utc() -> None:
    files = in_memory(CaseFileRepository)
    await files.collection.insert_one(
        {
            "_id": "c1",
            "version": 3,
            "case_id": "c1",
            "title": "Zonneweide",
            "submitted_at": "2026-03-02T09:30:00",  # how the stand-in returned a `$set` date
            "attention": True,
            "attention_since": dt.datetime(2026, 3, 3, 8, 0),  # naive: the old shape
        }
    )
    stored = await files.get("c1")
    assert stored is not None
    assert stored.state.submitted_at == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    assert stored.state.attention_since == dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC)
