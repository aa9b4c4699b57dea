"""Renditions in MongoDB GridFS: every version kept, with its metadata next to its bytes.

File ids are random and unguessable (128 bits): a download link is a capability, so the
owner can open it from a mail without a login, and nobody can enumerate other cases' files.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Protocol

from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo.asynchronous.database import AsyncDatabase

from services.documents.domain.documents import DocumentRecord
from services.documents.domain.renditions import Rendition
from services.documents.service_layer.ports import DocumentStore
from shared.persistence.bson_values import file_metadata
from shared.persistence.mongo import Document

__all__ = ["DocumentStore", "GridFsDocumentStore", "InMemoryDocumentStore", "UploadNotes"]
BUCKET = "renditions"


class UploadNotes(Protocol):
    """Where an upload is noted before it happens (orphans.py sweeps by these notes)."""

    async def noted(self, file_id: str, owner: str, at: dt.datetime) -> None: ...


def _record(
    rendition: Rendition, case_id: str, kind: str, version: int, title: str, at: dt.datetime
) -> DocumentRecord:
    return DocumentRecord(
        id=secrets.token_hex(16),
        case_id=case_id,
        kind=kind,
        version=version,
        format=rendition.format,
        title=title,
        filename=rendition.filename,
        content_type=rendition.content_type,
        sha256=rendition.sha256,
        size=len(rendition.content),
        created_at=at,
    )


class GridFsDocumentStore:
    """Stores and serves renditions; the case file lists which of them belong to a case."""

    def __init__(
        self, database: AsyncDatabase[Document], journal: UploadNotes | None = None
    ) -> None:
        self._bucket = AsyncGridFSBucket(database, bucket_name=BUCKET)
        self._journal = journal

    async def put(
        self,
        rendition: Rendition,
        *,
        case_id: str,
        kind: str,
        version: int,
        title: str,
        created_at: dt.datetime,
    ) -> DocumentRecord:
        """Store one file; its metadata says case, kind, version, format, hash and time."""
        record = _record(rendition, case_id, kind, version, title, created_at)
        if self._journal is not None:  # first: a crash after the upload leaves the note
            await self._journal.noted(record.id, case_id, dt.datetime.now(dt.UTC))
        await self._bucket.upload_from_stream_with_id(
            record.id,
            rendition.filename,
            rendition.content,
            metadata=file_metadata(record, exclude={"id"}),
        )
        return record

    async def get(self, file_id: str) -> tuple[DocumentRecord, bytes] | None:
        """The file and its metadata, or None for an unknown id."""
        try:
            stream = await self._bucket.open_download_stream(file_id)
        except NoFile:
            return None
        content = await stream.read()
        meta = dict(stream.metadata or {})
        meta["created_at"] = meta.get("created_at") or stream.upload_date
        return DocumentRecord.model_validate({**meta, "id": file_id}), content

    async def discard(self, file_ids: Iterable[str]) -> None:
        """Remove files a lost write no longer refers to (best effort; orphans are harmless)."""
        for file_id in file_ids:
            try:
                await self._bucket.delete(file_id)
            except NoFile:
                continue


class InMemoryDocumentStore:
    """The store's twin for unit tests: the same records, the bytes kept in a dict."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[DocumentRecord, bytes]] = {}

    async def put(
        self,
        rendition: Rendition,
        *,
        case_id: str,
        kind: str,
        version: int,
        title: str,
        created_at: dt.datetime,
    ) -> DocumentRecord:
        record = _record(rendition, case_id, kind, version, title, created_at)
        self.files[record.id] = (record, rendition.content)
        return record

    async def get(self, file_id: str) -> tuple[DocumentRecord, bytes] | None:
        return self.files.get(file_id)

    async def discard(self, file_ids: Iterable[str]) -> None:
        for file_id in list(file_ids):
            self.files.pop(file_id, None)
