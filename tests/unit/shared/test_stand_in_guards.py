"""What the stand-in cannot do is refused in shared/persistence, so no service shapes code by it."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pytest
from pydantic import BaseModel
from pymongo.asynchronous.collection import AsyncCollection

from shared.persistence.bson_values import epoch_ms, file_metadata
from shared.persistence.indexes import IndexSpec
from shared.persistence.memory import MemoryDatabase
from shared.persistence.mongo import Document, ensure_indexes
from shared.persistence.repository import AggregateRepository

pytestmark = pytest.mark.unit
AT = dt.datetime(2026, 3, 9, 16, 0, 0, 123000, tzinfo=dt.UTC)


class Note(BaseModel):
    text: str
    at: dt.datetime


class CaseFiles(AggregateRepository[Note]):
    collection_name = "case_files"
    state_model = Note


def test_a_repository_refuses_a_name_the_stand_in_takes_for_a_gridfs_bucket() -> None:
    with pytest.raises(ValueError, match="GridFS"):
        CaseFiles(MemoryDatabase().as_database())


async def test_no_index_of_ours_goes_on_a_gridfs_collection() -> None:
    files = cast(AsyncCollection[Document], MemoryDatabase()["renditions.files"])
    with pytest.raises(ValueError, match="GridFS"):
        await ensure_indexes(files, [IndexSpec((("metadata.case_id", 1),), "by_case")])


def test_instants_for_raw_updates_are_epoch_milliseconds_and_file_metadata_iso_text() -> None:
    assert epoch_ms(AT) == 1773072000123
    assert file_metadata(Note(text="x", at=AT), exclude={"text"}) == {
        "at": "2026-03-09T16:00:00.123000Z"
    }
