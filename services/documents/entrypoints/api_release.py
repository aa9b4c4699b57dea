"""Releasing the draft or final to the owner: staff, or a coach's page on the coach's behalf.

A coach's page (intake) forwards the coach's own page capability in `X-Person-Capability`;
documents verifies it with the one signer in `shared/` and checks the person is a coach of
the case. Without it, only staff may release.
"""

# No `from __future__ import annotations`: FastAPI must see the local `...Dep` aliases.
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, status
from pydantic import BaseModel

from services.documents.domain.approach import DeliveryKind
from services.documents.entrypoints.api_approach import Delivered
from services.documents.entrypoints.auth import Caller, Role
from services.documents.entrypoints.context import ApiContext
from services.documents.service_layer.links import links
from services.documents.service_layer.releases import Releaser, release_approach
from shared.capabilities import PERSON_PAGE, CapabilityExpired
from shared.link_generations import LinkGenerations, is_current


class ReleaseRequest(BaseModel):
    """What to release: the draft or the final."""

    kind: DeliveryKind


def _forbidden(reason: str) -> HTTPException:
    return HTTPException(
        status.HTTP_403_FORBIDDEN, [{"field": "X-Person-Capability", "reason": reason}]
    )


def release_router(ctx: ApiContext, generations: LinkGenerations) -> APIRouter:
    router = APIRouter(prefix="/api/cases/{case_id}", tags=["approach"])
    WriterDep = Annotated[Caller, Depends(ctx.writer)]  # noqa: N806 - a type alias
    signer = ctx.links.signer

    async def releaser_of(caller: Caller, capability: str | None) -> Releaser:
        if not capability:
            if caller.role is not Role.STAFF:
                raise _forbidden("alleen een coach van de case of het programmabureau geeft vrij")
            return Releaser(staff=True)
        try:
            granted = signer.verify(capability, PERSON_PAGE, ctx.events.now())
        except CapabilityExpired:
            granted = None
        if granted is None or not await is_current(granted, generations):
            raise _forbidden("deze persoonlijke link is niet (meer) geldig")
        return Releaser(staff=False, person_id=granted.subject)

    @router.post("/release", status_code=status.HTTP_201_CREATED)
    async def post_release(
        case_id: str,
        body: ReleaseRequest,
        caller: WriterDep,
        x_person_capability: Annotated[str | None, Header()] = None,
    ) -> Delivered:
        """Release to the owner; 422 names every empty or too-short section, 403 a non-coach."""
        releaser = await releaser_of(caller, x_person_capability)
        outcome = await release_approach(case_id, body.kind, releaser, ctx)
        version = outcome.records[0].version if outcome.records else 0
        return Delivered(
            version=version,
            kind=body.kind.value,
            downloads=links(ctx.links.base_url, outcome.records),
        )

    return router
