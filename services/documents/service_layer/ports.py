"""What documents' use cases reach outside the domain, as Protocols: files, renderers, library.

The implementations live in `adapters/` (MongoDB, GridFS, WeasyPrint, docxtpl) and are built by
`bootstrap.py`; the fast tier runs the same repositories on the in-memory twin with the
in-memory store and fake renderers (`tests/unit/documents/twin.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from services.documents.domain.case_files import CaseFile
from services.documents.domain.documents import DocumentRecord
from services.documents.domain.library import LibraryEntry
from services.documents.domain.renditions import DocumentRequest, Rendition
from services.documents.domain.session_files import SessionFile
from shared.persistence.ports import AggregateStore, WritableStore


class CaseFileStore(WritableStore[CaseFile], Protocol):
    """Case files by case id; by cohort when a cohort-wide session moves; staff's notices."""

    async def file_ids_of(self, case_id: str) -> set[str]: ...

    async def case_ids_in_cohort(self, cohort_id: str) -> list[str]: ...

    async def needing_attention(self, limit: int = 200) -> list[CaseFile]: ...


class SessionFileStore(WritableStore[SessionFile], Protocol):
    """Cohort sessions' files (agendas, handed-in homework) by session id, or per cohort."""

    async def file_ids_of(self, session_id: str) -> set[str]: ...

    async def of_cohort(self, cohort_id: str) -> list[SessionFile]: ...


class DocumentStore(Protocol):
    """Where renditions live: GridFS in the service, a dict in unit tests."""

    async def put(
        self,
        rendition: Rendition,
        *,
        case_id: str,
        kind: str,
        version: int,
        title: str,
        created_at: dt.datetime,
    ) -> DocumentRecord: ...

    async def get(self, file_id: str) -> tuple[DocumentRecord, bytes] | None: ...

    async def discard(self, file_ids: Iterable[str]) -> None: ...


class Renderer(Protocol):
    """Turns a document request into one file format."""

    format: str

    def render(self, request: DocumentRequest) -> Rendition: ...


class Library(Protocol):
    """The library of shared final approaches: listed for consenting cases, searched by learners."""

    @property
    def entries(self) -> AggregateStore[LibraryEntry]: ...

    async def put(self, entry: LibraryEntry, words: Iterable[str]) -> None: ...

    async def search(
        self,
        words: set[str],
        municipality_key: str | None,
        programme_format: str | None,
        skip: int,
        limit: int,
        year: int | None = None,
    ) -> list[LibraryEntry]: ...
