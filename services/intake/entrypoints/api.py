"""Intake's JSON API for submissions: owners' tools and other systems."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException, Response, status
from pydantic import BaseModel

from services.intake.domain.submission import CaseSubmission
from services.intake.service_layer.context import Intake
from services.intake.service_layer.submissions import TooManyForAddress, submit_case


class SubmissionAccepted(BaseModel):
    """The answer to a submission; a new case also gets its owner link (shown only this once)."""

    case_id: str
    status: str
    decision_due: dt.date | None = None
    owner_link: str | None = None


def api_router(intake: Intake) -> APIRouter:
    """Routes bound to this process's use cases."""
    router = APIRouter(prefix="/api", tags=["cases"])

    @router.post(
        "/cases",
        status_code=status.HTTP_201_CREATED,
        responses={
            200: {"description": "Already submitted under this external_ref"},
            429: {"description": "Too many new cases for this owner address within the hour"},
        },
    )
    async def post_case(submission: CaseSubmission, response: Response) -> SubmissionAccepted:
        """Submit a case: 201 with its id; 200 with the earlier id for a known external_ref."""
        try:
            result = await submit_case(submission, "api", intake)
        except TooManyForAddress as too_many:
            reason = f"{too_many}; try again later"
            detail = [{"field": "owner.email", "reason": reason}]
            raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, detail) from None
        if not result.created:
            response.status_code = status.HTTP_200_OK
        link = intake.owner_url(result.owner_token) if result.owner_token else None
        return SubmissionAccepted(
            case_id=result.case_id,
            status="submitted",
            decision_due=result.decision_due,
            owner_link=link,
        )

    return router
