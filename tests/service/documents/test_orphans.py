"""A crash between storing a rendition and recording it leaves a file nobody refers to: swept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from services.documents.adapters.case_file_repository import (
    CaseFileRepository,
    SessionFileRepository,
)
from services.documents.adapters.document_store import GridFsDocumentStore
from services.documents.adapters.orphans import OrphanSweep, UploadJournal
from services.documents.adapters.rendering import Rendition
from services.documents.domain.session_files import SessionFile
from shared.persistence.repository import Change

pytestmark = pytest.mark.service
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _agenda(text: str) -> Rendition:
    return Rendition.of(text.encode(), "text/html", "Agenda", "html")


async def test_a_stored_file_no_file_records_is_swept_a_recorded_one_stays(
    mongo: Any, namespace: str
) -> None:
    database = mongo[f"{namespace}orphans"]
    cases = CaseFileRepository(database, check_queries=True)
    sessions = SessionFileRepository(database, check_queries=True)
    await cases.ensure_indexes()
    await sessions.ensure_indexes()
    journal = UploadJournal(database)
    await journal.ensure_indexes()
    store = GridFsDocumentStore(database, journal)
    meta: dict[str, Any] = {"case_id": "s1", "kind": "agenda", "version": 1, "title": "Agenda"}
    kept = await store.put(_agenda("kept"), created_at=NOW, **meta)
    lost = await store.put(_agenda("lost in a crash"), created_at=NOW, **meta)
    session = SessionFile(session_id="s1", cohort_id="c1", title="Leergang", documents=[kept])
    await sessions.apply("s1", lambda _: Change(session))
    wall = [dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)]
    sweep = OrphanSweep(
        journal,
        store,
        [cases.file_ids_of, sessions.file_ids_of],
        grace=dt.timedelta(minutes=10),
        wall_clock=lambda: wall[0],
    )

    assert await sweep.sweep() == 0, "a file younger than the grace may still be being recorded"
    assert await store.get(lost.id) is not None
    wall[0] += dt.timedelta(minutes=11)
    assert await sweep.sweep() == 1
    assert await store.get(lost.id) is None
    assert await store.get(kept.id) is not None
    assert await sweep.sweep() == 0, "each file is looked at once"
