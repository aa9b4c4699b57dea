"""Releasing the draft or final to the owner: staff, or a coach's page on the coach's behalf."""

# No `from __future__ import annotations`: FastAPI must see the local `...Dep` aliases.
from typing import Annotated

from fastapi import APIRouter, Depends, status
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from services.documents.domain.approach import DeliveryKind
from services.documents.entrypoints.api_approach import Delivered
from services.documents.entrypoints.auth import Caller, Role
from services.documents.entrypoints.context import ApiContext
from services.documents.service_layer.links import links
from services.documents.service_layer.releases import Releaser, release_approach
from shared.people import PERSON_ID


class ReleaseRequest(BaseModel):
    """What to release; a page passes the person id of the coach whose page it is."""

    kind: DeliveryKind
    person_id: str = Field(default="", max_length=100)


def release_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/cases/{case_id}", tags=["approach"])
    WriterDep = Annotated[Caller, Depends(ctx.writer)]  # noqa: N806 - a type alias

    @router.post("/release", status_code=status.HTTP_201_CREATED)
    async def post_release(case_id: str, body: ReleaseRequest, caller: WriterDep) -> Delivered:
        """Release to the owner; 422 names every empty or too-short section, 403 a non-coach."""
        staff = caller.role is Role.STAFF
        if not staff and not PERSON_ID.fullmatch(body.person_id):
            raise RequestValidationError(
                [
                    {
                        "loc": ("body", "person_id"),
                        "msg": "required: the person id of the coach who releases",
                        "type": "missing",
                    }
                ]
            )
        releaser = Releaser(staff=staff, person_id="" if staff else body.person_id)
        outcome = await release_approach(
            ctx.producer, case_id, body.kind, releaser, ctx.events, ctx.links
        )
        version = outcome.records[0].version if outcome.records else 0
        return Delivered(
            version=version,
            kind=body.kind.value,
            downloads=links(ctx.links.base_url, outcome.records),
        )

    return router
