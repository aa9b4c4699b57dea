"""Staff link a case's recordings (where they live); the library shows them for consented cases."""

# No `from __future__ import annotations`: FastAPI must see the local `...Dep` aliases.
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, Field

from services.documents.domain.recordings import Recording
from services.documents.entrypoints.auth import Caller, Role
from services.documents.entrypoints.context import ApiContext
from services.documents.service_layer.library import attach_recording
from shared.contracts.types import WebUrl


class RecordingIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    url: WebUrl


def recordings_router(ctx: ApiContext) -> APIRouter:
    """`POST /api/cases/<case>/recordings`, `GET` the same: staff (deciders) only."""
    router = APIRouter(prefix="/api/cases/{case_id}/recordings", tags=["library"])
    WriterDep = Annotated[Caller, Depends(ctx.writer)]  # noqa: N806 - a type alias
    ReaderDep = Annotated[Caller, Depends(ctx.reader)]  # noqa: N806 - a type alias

    def staff(caller: Caller) -> None:
        if caller.role is not Role.STAFF:
            reason = "alleen medewerkers koppelen opnames aan een case"
            raise HTTPException(status.HTTP_403_FORBIDDEN, [{"field": "token", "reason": reason}])

    @router.post("", status_code=status.HTTP_201_CREATED)
    async def attach(case_id: str, body: RecordingIn, caller: WriterDep) -> dict[str, Any]:
        """Link a recording; the same link again renames it. Shown only with consent."""
        staff(caller)
        recording = Recording(title=body.title, url=body.url, added_at=ctx.events.now())
        state = await attach_recording(case_id, recording, ctx)
        return {"recordings": len(state.recordings), "shared": state.consent_to_share}

    @router.get("")
    async def listed(case_id: str, caller: ReaderDep) -> list[dict[str, Any]]:
        staff(caller)
        stored = await ctx.producer.files.get(case_id)
        recordings = stored.state.recordings if stored else []
        return [r.model_dump(mode="json") for r in recordings]

    return router
