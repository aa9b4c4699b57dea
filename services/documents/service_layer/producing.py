"""Render, store, then record: the one way a document enters a case file.

Rendering is slow and has effects (GridFS), so it cannot run inside a pure `decide`. Instead:
read the file, decide (pure), render and store the files, then write state + renditions +
owed events in one write guarded by the version that was read. On a conflict the stored
files are discarded and the whole step is decided again on the new state.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from services.documents.domain.case_files import CaseFile
from services.documents.domain.documents import DocumentRecord
from services.documents.domain.renditions import DocumentRequest
from services.documents.domain.session_files import SessionFile
from services.documents.service_layer.ports import (
    CaseFileStore,
    DocumentStore,
    Renderer,
    SessionFileStore,
)
from shared.clock import Clock
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.persistence.aggregate import Change, ConcurrencyConflict
from shared.persistence.keyed_locks import KeyedLocks
from shared.persistence.ports import ParkedEvents, WritableStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """One document to render in some formats, as version `version` of its kind."""

    kind: str
    version: int
    request: DocumentRequest
    formats: tuple[str, ...]


EventsFor = Callable[[Any, list[DocumentRecord]], Sequence[CloudEvent[EventData]]]


File = TypeVar("File", CaseFile, SessionFile)


@dataclass(frozen=True)
class Outcome(Generic[File]):
    """What a decision changes: the new state, documents to make, events owed once they exist."""

    state: File
    jobs: Sequence[Job] = ()
    events: EventsFor | None = None
    records: list[DocumentRecord] = field(default_factory=list)


Decide = Callable[[CaseFile | None], Outcome[CaseFile] | None]


class Producer:
    """Carries out decisions about a case file; one per process."""

    def __init__(
        self,
        files: CaseFileStore,
        store: DocumentStore,
        renderers: Mapping[str, Renderer],
        clock: Clock,
        sessions: SessionFileStore,
        parked: ParkedEvents,
    ) -> None:
        self.files = files
        self.parked = parked  # events that came before the case's trajectory
        self.sessions = sessions
        self.store = store
        self._renderers = renderers
        self._clock = clock
        # WeasyPrint and docxtpl are not documented as thread-safe: one render at a time.
        self._render_lock = asyncio.Lock()
        # One decision per file at a time in this process, as `AggregateRepository.apply` does:
        # two events of one case queue here instead of rendering twice and discarding once.
        self._serial = {"files": KeyedLocks(), "sessions": KeyedLocks()}

    async def _produce(self, case_id: str, job: Job) -> list[DocumentRecord]:
        records = []
        request = dataclasses.replace(job.request, made_at=self._clock.now())
        for fmt in job.formats:
            renderer = self._renderers[fmt]
            async with self._render_lock:
                rendition = await asyncio.to_thread(renderer.render, request)
            records.append(
                await self.store.put(
                    rendition,
                    case_id=case_id,
                    kind=job.kind,
                    version=job.version,
                    title=job.request.title,
                    created_at=self._clock.now(),
                )
            )
        return records

    async def run(
        self,
        case_id: str,
        decide: Decide,
        *,
        event_id: str | None = None,
        attempts: int = 10,
        new: bool = False,
    ) -> Outcome[CaseFile] | None:
        """Decide and carry out; None when there was nothing to do (or a duplicate event).
        `new`: the file most likely does not exist, so the first attempt writes without a read
        (an existing file makes the insert conflict, and the step is decided on a fresh read)."""
        async with self._serial["files"].hold(case_id):
            return await self._run(self.files, case_id, decide, event_id, attempts + new, new)

    async def run_session(
        self,
        session_id: str,
        decide: Callable[[SessionFile | None], Outcome[SessionFile] | None],
        *,
        event_id: str,
    ) -> Outcome[SessionFile] | None:
        """The same for a cohort session's file (its agendas)."""
        async with self._serial["sessions"].hold(session_id):
            return await self._run(self.sessions, session_id, decide, event_id, 10, False)

    async def _run(
        self,
        repository: WritableStore[File],
        case_id: str,
        decide: Callable[[File | None], Outcome[File] | None],
        event_id: str | None,
        attempts: int,
        new: bool,
    ) -> Outcome[File] | None:
        for attempt in range(attempts):
            guessed = new and attempt == 0
            stored = None if guessed else await repository.get(case_id)
            if stored is not None and event_id is not None and event_id in stored.handled:
                return None
            outcome = decide(None if stored is None else stored.state)
            if outcome is None:
                if guessed:
                    continue  # "nothing to do" is believed from a fresh read only
                return None
            records: list[DocumentRecord] = []
            try:
                for job in outcome.jobs:
                    records += await self._produce(case_id, job)
                state = outcome.state.with_documents(records)
                events = outcome.events(state, records) if outcome.events else ()
                change = Change(state, events)
                if stored is None:
                    await repository.insert(case_id, change, event_id)
                else:
                    await repository.update(stored, change, event_id)
            except ConcurrencyConflict:
                await self.store.discard(r.id for r in records)
                continue
            except Exception:
                await self.store.discard(r.id for r in records)
                raise
            return Outcome(state, outcome.jobs, outcome.events, records)
        raise ConcurrencyConflict(f"case file {case_id}: too much contention")
