"""Dates in consultation: intake's person page posts answers, staff read them and confirm."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from services.scheduling.domain.consultation import AnswerRefused, DateAnswerKind
from services.scheduling.domain.errors import InvalidInput
from services.scheduling.domain.trajectories import Trajectory
from services.scheduling.entrypoints.errors import answered
from services.scheduling.service_layer import consultation
from services.scheduling.service_layer.context import Scheduling
from shared.contracts.scheduling import SessionInfo
from shared.staff_access import StaffAccess
from shared.staff_auth import Permission

T = TypeVar("T")


class AnswerBody(BaseModel):
    """One person's answer (person id as in the session's attendees) about a tentative date."""

    model_config = ConfigDict(extra="forbid")

    person_id: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9-]+$")
    answer: DateAnswerKind
    reason: str = Field(default="", max_length=1000)


def answers_body(trajectory: Trajectory) -> dict[str, Any]:
    """Per live session of the case: tentative or fixed, and the answers given for it."""
    sessions = trajectory.live_sessions()
    return {
        "case_id": trajectory.case_id,
        "sessions": [
            {
                "session_id": s.session_id,
                "name": s.name,
                "starts_at": s.starts_at.isoformat(),
                "tentative": s.tentative,
                "answers": [
                    a.model_dump(mode="json")
                    for a in trajectory.date_answers
                    if a.session_id == s.session_id
                ],
            }
            for s in sessions
        ],
    }


async def fields_named(call: Awaitable[T]) -> T:
    """An answer refused names its field: a 422, not the 409 other planning refusals get."""
    try:
        return await call
    except AnswerRefused as exc:
        raise InvalidInput([(exc.field, exc.reason)]) from exc


def consultation_router(ctx: Scheduling, access: StaffAccess) -> APIRouter:
    """Read (read); answer and confirm (decide: staff, or intake's service token)."""
    router = APIRouter(prefix="/api/trajectories/{case_id}", tags=["consultation"])
    read = [Depends(access.require(Permission.READ))]
    decide = [Depends(access.require(Permission.DECIDE))]

    @router.get("/date-answers", dependencies=read)
    async def get_answers(case_id: str) -> dict[str, Any]:
        """Every live session's date status and the owner's and expert's answers."""
        return answers_body(await answered(consultation.answers_of(case_id, ctx)))

    @router.post("/sessions/{session_id}/date-answers", dependencies=decide)
    async def post_answer(case_id: str, session_id: str, body: AnswerBody) -> dict[str, Any]:
        """Record an answer: 422 naming the field (not an answering attendee, date fixed)."""
        await answered(
            fields_named(
                consultation.answer_date(
                    case_id, session_id, body.person_id, body.answer, body.reason, ctx
                )
            )
        )
        return answers_body(await answered(consultation.answers_of(case_id, ctx)))

    @router.post("/sessions/{session_id}/confirm", dependencies=decide)
    async def post_confirm(case_id: str, session_id: str) -> SessionInfo:
        """Fix a tentative date: every invitee gets the update; 409 when already fixed."""
        return await answered(consultation.confirm_date(case_id, session_id, ctx))

    return router
