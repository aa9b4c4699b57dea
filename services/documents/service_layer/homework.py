"""Homework hand-ins of a leeratelier round: store the file, then record it in the round's file.

The file goes to GridFS first (noted in the upload journal, so a crash before the record leaves
an orphan the sweep removes), then one guarded write of the session file records the hand-in;
a refused or lost write discards the new file, a replaced hand-in's old file goes after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from services.documents.domain.documents import DocumentRecord
from services.documents.domain.homework import HandIn, check_open, file_type, hand_in, own
from services.documents.domain.renditions import Rendition, safe_filename
from services.documents.domain.session_files import SessionFile
from services.documents.service_layer.context import Documents
from shared.clock import Clock
from shared.persistence.aggregate import Change

log = logging.getLogger(__name__)
KIND = "homework"


@dataclass(frozen=True)
class Round:
    """The round a hand-in is for, as intake's page knows it from scheduling's events."""

    session_id: str
    cohort_id: str
    name: str
    starts_at: dt.datetime


@dataclass(frozen=True)
class Upload:
    """A file as posted: its name as the participant's computer called it, and its bytes."""

    filename: str
    content: bytes


async def _stored(
    meeting: Round, person_name: str, upload: Upload, at: dt.datetime, docs: Documents
) -> DocumentRecord:
    content_type = file_type(upload.filename, upload.content)
    stem, _, extension = upload.filename.rpartition(".")
    rendition = Rendition(
        content=upload.content,
        content_type=content_type,
        filename=safe_filename(f"Huiswerk {person_name} {stem}", extension.lower()),
        format=extension.lower(),
        sha256=hashlib.sha256(upload.content).hexdigest(),
    )
    return await docs.producer.store.put(
        rendition,
        case_id=meeting.session_id,
        kind=KIND,
        version=1,
        title=f"Huiswerk van {person_name}",
        created_at=at,
    )


async def hand_in_homework(
    clock: Clock,
    meeting: Round,
    person: tuple[str, str],
    text: str,
    upload: Upload | None,
    docs: Documents,
) -> HandIn:
    """One participant's hand-in; HomeworkRefused names the field (or says the round began)."""
    now = clock.now()
    check_open(meeting.starts_at, now)  # before storing anything
    person_id, name = person
    record = await _stored(meeting, name, upload, now, docs) if upload else None
    new = HandIn(person_id=person_id, name=name, text=text, file=record, handed_in_at=now)
    replaced: list[str] = []

    def decide(current: SessionFile | None) -> Change[SessionFile]:
        base = current or SessionFile(
            session_id=meeting.session_id, cohort_id=meeting.cohort_id, title=meeting.name
        )
        earlier = own(base.homework, person_id)
        homework = hand_in(base.homework, new, meeting.starts_at, now)
        replaced.clear()
        if record is not None and earlier is not None and earlier.file is not None:
            replaced.append(earlier.file.id)
        return Change(base.model_copy(update={"homework": homework}))

    try:
        applied = await docs.producer.sessions.apply(meeting.session_id, decide)
    except Exception:
        if record is not None:
            await docs.producer.store.discard([record.id])
        raise
    await docs.producer.store.discard(replaced)
    assert applied.state is not None
    kept = own(applied.state.homework, person_id)
    assert kept is not None
    log.info("homework handed in", extra={"session_id": meeting.session_id})
    return kept


async def homework_of(session_id: str, docs: Documents) -> list[HandIn]:
    """Every hand-in of the round, in the order they came (for the trainers)."""
    stored = await docs.producer.sessions.get(session_id)
    if stored is None:
        return []
    return sorted(stored.state.homework, key=lambda h: h.handed_in_at)


async def counts_in_cohort(cohort_id: str, docs: Documents) -> dict[str, int]:
    """Per session of the cohort: how many participants handed in (the console's count)."""
    return {
        f.session_id: len(f.homework) for f in await docs.producer.sessions.of_cohort(cohort_id)
    }
