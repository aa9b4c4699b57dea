"""Bookings of an e-learning's live trainings: intake's person page calls these for a learner."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from services.scheduling.domain.bookings import BookingRefused
from services.scheduling.domain.errors import InvalidInput
from services.scheduling.domain.runs import CohortRun
from services.scheduling.entrypoints.errors import answered, unprocessable
from services.scheduling.service_layer import bookings, cohorts
from services.scheduling.service_layer.context import Scheduling
from shared.staff_access import StaffAccess
from shared.staff_auth import Permission

_MISSING = "Deze groep bestaat niet."


class BookingBody(BaseModel):
    """One learner (participant id as intake registered them) and the training they choose."""

    participant_id: str = Field(min_length=1, max_length=200)
    session_id: str = Field(min_length=1, max_length=300)


def bookings_body(run: CohortRun) -> dict[str, Any]:
    """Every booking of the cohort, per training (staff see who booked what)."""
    enrolled = run.enrolled_ids()
    return {
        "cohort_id": run.cohort_id,
        "trainings": [
            {
                "session_id": s.session_id,
                "starts_at": s.starts_at.isoformat(),
                "capacity": s.capacity,
                "cancelled": not run.live(s),
                "participants": [
                    b.participant_id
                    for b in run.bookings
                    if b.session_id == s.session_id and b.participant_id in enrolled
                ],
            }
            for s in sorted(run.sessions, key=lambda s: s.starts_at)
        ],
    }


def booking_router(ctx: Scheduling, access: StaffAccess) -> APIRouter:
    """List (read); book, move, cancel (decide: staff, or intake's service token)."""
    router = APIRouter(prefix="/api", tags=["bookings"])
    read = [Depends(access.require(Permission.READ))]
    decide = [Depends(access.require(Permission.DECIDE))]

    async def _run(call: Any) -> dict[str, Any] | JSONResponse:
        try:
            return bookings_body(await answered(call, _MISSING))
        except BookingRefused as exc:
            if exc.full:
                body = {"detail": exc.message, "next_session_id": exc.next_free}
                return JSONResponse(body, status_code=409)
            raise unprocessable(InvalidInput([(exc.field, exc.message)])) from exc

    @router.get("/cohorts/{cohort_id}/bookings", dependencies=read)
    async def list_bookings(cohort_id: str) -> dict[str, Any]:
        return bookings_body(await answered(cohorts.cohort_run(cohort_id, ctx), _MISSING))

    @router.post("/cohorts/{cohort_id}/bookings", response_model=None, dependencies=decide)
    async def book(cohort_id: str, body: BookingBody) -> dict[str, Any] | JSONResponse:
        """Take or move to a place: 409 `{detail, next_session_id}` when the training is full."""
        return await _run(bookings.book(cohort_id, body.participant_id, body.session_id, ctx))

    @router.delete(
        "/cohorts/{cohort_id}/bookings/{participant_id}", response_model=None, dependencies=decide
    )
    async def cancel(cohort_id: str, participant_id: str) -> dict[str, Any] | JSONResponse:
        return await _run(bookings.cancel(cohort_id, participant_id, ctx))

    return router
