"""Intake's JSON API: case submissions from owners' tools and other systems."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from pydantic import BaseModel

from services.intake.adapters.case_repository import CaseRepository
from services.intake.domain.records import CaseSubmission, SubmittedVia
from services.intake.service_layer.submissions import submit_case
from shared.contracts.envelope import EventFactory


class SubmissionAccepted(BaseModel):
    """The answer to a submission: where the case can be followed."""

    case_id: str
    status: str


def api_router(cases: CaseRepository, events: EventFactory) -> APIRouter:
    """Routes bound to this process's repository and event factory."""
    router = APIRouter(prefix="/api", tags=["cases"])

    @router.post(
        "/cases",
        status_code=status.HTTP_201_CREATED,
        responses={200: {"description": "Already submitted under this external_ref"}},
    )
    async def post_case(submission: CaseSubmission, response: Response) -> SubmissionAccepted:
        """Submit a case: 201 with its id; 200 with the earlier id for a known external_ref."""
        result = await submit_case(submission, SubmittedVia.API, cases, events)
        if not result.created:
            response.status_code = status.HTTP_200_OK
        return SubmissionAccepted(case_id=result.case_id, status="submitted")

    return router
