"""Downloads, the versions of a case, staff notices and the library for learners."""

# No `from __future__ import annotations`: FastAPI must see the local `...Dep` aliases.
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Response

from services.documents.domain.documents import DocumentRecord
from services.documents.entrypoints.auth import Caller, Role
from services.documents.entrypoints.context import ApiContext
from services.documents.service_layer.deliveries import CaseNotFound
from services.documents.service_layer.library import search_library
from services.documents.service_layer.links import download_url
from services.documents.service_layer.ports import DocumentStore
from shared.contracts.base import ProgrammeFormat

# Far past the library's size, and inside the 8-byte integers MongoDB accepts as a skip.
MAX_SKIP = 100_000


def file_response(record: DocumentRecord, content: bytes) -> Response:
    """A stored file as an attachment that no browser renders in our origin."""
    return Response(
        content,
        media_type=record.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{record.filename}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
            "Cache-Control": "private, no-store",
            "ETag": f'"{record.sha256}"',
        },
    )


def documents_router(ctx: ApiContext, store: DocumentStore) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["documents"])
    ReaderDep = Annotated[Caller, Depends(ctx.reader)]  # noqa: N806 - a type alias

    def staff_only(caller: Caller) -> None:
        if caller.role is not Role.STAFF:
            raise HTTPException(403, detail=[{"field": "Authorization", "reason": "staff only"}])

    @router.get("/documents/{file_id}")
    async def download(file_id: str, caller: ReaderDep) -> Response:
        """Staff and services only (notifications' attachments, the tests); people open the
        signed `/documenten/<token>` link, so a file id read from a token opens nothing."""
        staff_only(caller)
        found = await store.get(file_id)
        if found is None:
            raise HTTPException(404, detail=[{"field": "file_id", "reason": "onbekend document"}])
        record, content = found
        return file_response(record, content)

    @router.get("/cases/{case_id}/documents")
    async def versions(case_id: str, _: ReaderDep) -> list[dict[str, Any]]:
        """Every rendition ever made for the case, oldest first, each with its link."""
        stored = await ctx.producer.files.get(case_id)
        if stored is None:
            raise CaseNotFound("onbekende case")
        return [
            {**r.model_dump(mode="json"), "url": download_url(ctx.links.base_url, r.id)}
            for r in stored.state.documents
        ]

    @router.get("/notices")
    async def notices(caller: ReaderDep) -> list[dict[str, Any]]:
        """Staff: cases whose automatic delivery was refused, oldest first."""
        staff_only(caller)
        return [
            {
                "case_id": f.case_id,
                "title": f.title,
                "reason": f.attention_reason,
                "since": f.attention_since,
            }
            for f in await ctx.producer.files.needing_attention()
        ]

    @router.get("/library")
    async def library(
        _: ReaderDep,
        topic: Annotated[str, Query(max_length=200)] = "",
        municipality: Annotated[str, Query(max_length=200)] = "",
        format: Annotated[ProgrammeFormat | None, Query()] = None,
        year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
        skip: Annotated[int, Query(ge=0, le=MAX_SKIP)] = 0,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> list[dict[str, Any]]:
        """Final approaches of cases whose owner consented to sharing; newest first."""
        entries = await search_library(
            topic, municipality, format.value if format else "", ctx, skip, limit, year
        )
        return [e.model_dump(mode="json", exclude={"municipality_key"}) for e in entries]

    return router
