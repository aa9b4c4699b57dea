"""A leeratelier round's homework over HTTP: intake's pages hand in and read for participants
and trainers (documents owns homework, design.md); the console counts it per round."""

# No `from __future__ import annotations`: FastAPI must see the local `...Dep` aliases.
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, UploadFile, status
from fastapi.responses import JSONResponse

from services.documents.domain.homework import MAX_FILE_BYTES, HandIn, HomeworkRefused, own
from services.documents.entrypoints.api_person_preparation import PersonId
from services.documents.entrypoints.auth import Caller, Role
from services.documents.entrypoints.context import ApiContext
from services.documents.service_layer.homework import (
    Round,
    Upload,
    counts_in_cohort,
    hand_in_homework,
    homework_of,
)
from services.documents.service_layer.links import download_url
from shared.clock import Clock

SessionId = Annotated[str, Path(min_length=1, max_length=200)]
PAGES_ONLY = "alleen de pagina's van deelnemers en trainers mogen dit"


def _service_only(caller: Caller) -> None:
    """Keyed by person: intake's service token (staff), never a contributor's."""
    if caller.role is not Role.STAFF:
        raise HTTPException(403, [{"field": "token", "reason": PAGES_ONLY}])


def homework_router(ctx: ApiContext, clock: Clock) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["homework"])
    ReaderDep = Annotated[Caller, Depends(ctx.reader)]  # noqa: N806 - a type alias
    WriterDep = Annotated[Caller, Depends(ctx.writer)]  # noqa: N806 - a type alias

    def shown(hand_in: HandIn) -> dict[str, Any]:
        body = hand_in.model_dump(mode="json", exclude={"file"})
        if hand_in.file is not None:
            body["file"] = {
                "filename": hand_in.file.filename,
                "size": hand_in.file.size,
                "content_type": hand_in.file.content_type,
                "url": download_url(ctx.links.base_url, hand_in.file.id),
            }
        return body

    @router.get("/sessions/{session_id}/homework")
    async def listed(session_id: SessionId, caller: ReaderDep) -> dict[str, Any]:
        """Every participant's hand-in, first come first (a trainer's page)."""
        _service_only(caller)
        return {"hand_ins": [shown(h) for h in await homework_of(session_id, ctx)]}

    @router.get("/sessions/{session_id}/homework/{person_id}")
    async def mine(session_id: SessionId, person_id: PersonId, caller: ReaderDep) -> dict[str, Any]:
        """One participant's own hand-in (`hand_in` null before the first)."""
        _service_only(caller)
        found = own(await homework_of(session_id, ctx), person_id)
        return {"hand_in": shown(found) if found else None}

    @router.put("/sessions/{session_id}/homework/{person_id}", response_model=None)
    async def handed_in(
        session_id: SessionId,
        person_id: PersonId,
        caller: WriterDep,
        cohort_id: Annotated[str, Form(min_length=1, max_length=100)],
        round_name: Annotated[str, Form(min_length=1, max_length=200)],
        starts_at: Annotated[dt.datetime, Form()],
        name: Annotated[str, Form(min_length=1, max_length=200)],
        text: Annotated[str, Form(max_length=20_000)] = "",
        file: Annotated[UploadFile | None, File()] = None,
    ) -> dict[str, Any] | JSONResponse:
        """Hand in or replace until the round starts (then 409); 422 names `tekst`/`bestand`."""
        _service_only(caller)
        if starts_at.tzinfo is None:
            reason = "geef de begintijd met tijdzone"
            return JSONResponse({"detail": [{"field": "starts_at", "reason": reason}]}, 422)
        upload = None
        if file is not None and file.filename:
            upload = Upload(file.filename, await file.read(MAX_FILE_BYTES + 1))
        meeting = Round(session_id, cohort_id, round_name, starts_at)
        try:
            kept = await hand_in_homework(clock, meeting, (person_id, name), text, upload, ctx)
        except HomeworkRefused as exc:
            code = status.HTTP_409_CONFLICT if exc.closed else 422
            return JSONResponse({"detail": [{"field": exc.field, "reason": exc.reason}]}, code)
        return {"hand_in": shown(kept)}

    @router.get("/cohorts/{cohort_id}/homework")
    async def counted(
        cohort_id: Annotated[str, Path(min_length=1, max_length=100)], _: ReaderDep
    ) -> dict[str, Any]:
        """Staff: per round (session id) how many participants handed in."""
        return {"rounds": await counts_in_cohort(cohort_id, ctx)}

    return router
