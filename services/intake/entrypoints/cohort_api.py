"""The staff API for cohorts of every format: enrolments, waitlists, cases and assignments."""

# No `from __future__ import annotations`: FastAPI must see the local dependency aliases.

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from services.intake.domain.enrolment import Enrolment
from services.intake.domain.teams import TeamDraft
from services.intake.service_layer import enrolments, teams
from services.intake.service_layer.context import Intake
from shared.contracts.base import Contact
from shared.contracts.intake import Participant, PracticeCase
from shared.staff_access import StaffAccess
from shared.staff_auth import Permission, StaffMember


class AssignBody(BaseModel):
    """Put an enrolled learner on one of the round's cases (`case_id` null: on none)."""

    participant_id: str = Field(min_length=1, max_length=200)
    case_id: str | None = Field(default=None, min_length=1, max_length=100)


class TeamBody(BaseModel):
    """A leergang team: new (no `team_id`) or changed; `members` are participant ids."""

    team_id: str | None = Field(default=None, min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=200)
    mentor: Contact | None = None
    practice_case: PracticeCase | None = None
    members: list[str] = Field(min_length=1, max_length=200)


def _learner(enrolment: Enrolment, participant: Participant) -> dict[str, Any]:
    assignment = enrolment.assignment_of(participant.participant_id)
    invoice = enrolment.invoice_of(participant.participant_id)
    return {
        **participant.model_dump(mode="json"),
        "case_id": assignment.case_id if assignment else None,
        "team_id": assignment.team_id if assignment else None,
        "learning_question": enrolment.learning_question(participant.participant_id),
        "assigned_by_staff": bool(assignment and assignment.by_staff),
        "invoice": invoice.model_dump(mode="json") if invoice else None,
    }


def cohort_body(enrolment: Enrolment, with_people: bool = True) -> dict[str, Any]:
    """A cohort with its places; with people: who is enrolled, waiting, on which case."""
    body: dict[str, Any] = {
        "cohort": enrolment.cohort.model_dump(mode="json"),
        "enrolled_count": len(enrolment.enrolled),
        "free": max(enrolment.cohort.capacity - len(enrolment.enrolled), 0),
        "waitlist_count": len(enrolment.waitlist),
        "cases": [c.model_dump(mode="json") for c in enrolment.cases],
        "teams": [
            {
                "team_id": t.team_id,
                "name": t.name,
                "mentor": t.mentor.model_dump(mode="json") if t.mentor else None,
                "practice_case": t.practice_case.model_dump(mode="json")
                if t.practice_case
                else None,
                "members": [p.participant_id for p in enrolment.team_members(t.team_id)],
            }
            for t in enrolment.live_teams()
        ],
    }
    if with_people:
        body["enrolled"] = [_learner(enrolment, p) for p in enrolment.enrolled]
        body["waitlist"] = [p.model_dump(mode="json") for p in enrolment.waitlist]
    return body


def cohort_router(intake: Intake, access: StaffAccess) -> APIRouter:
    """Routes bound to this process's use cases and configured tokens."""
    router = APIRouter(prefix="/api", tags=["cohorts"])
    Reader = Annotated[StaffMember, Depends(access.require(Permission.READ))]  # noqa: N806
    Decider = Annotated[StaffMember, Depends(access.require(Permission.DECIDE))]  # noqa: N806

    @router.get("/cohorts")
    async def list_cohorts(_: Reader) -> list[dict[str, Any]]:
        """Every cohort of every format (going ahead first, by start date) with its places."""
        return [cohort_body(e, with_people=False) for e in await intake.cohorts.listed()]

    @router.get("/cohorts/{cohort_id}")
    async def get_cohort(cohort_id: str, _: Reader) -> dict[str, Any]:
        stored = await intake.cohorts.get(cohort_id)
        if stored is None:
            raise enrolments.UnknownCohort(cohort_id)
        return cohort_body(stored.state)

    @router.post("/cohorts/{cohort_id}/assignments")
    async def assign(cohort_id: str, body: AssignBody, _: Decider) -> dict[str, Any]:
        """Staff place a learner on a case: `participant.assigned` with a higher revision."""
        enrolment = await enrolments.assign(cohort_id, body.participant_id, body.case_id, intake)
        return cohort_body(enrolment)

    @router.post("/cohorts/{cohort_id}/teams", status_code=201)
    async def save_team(cohort_id: str, body: TeamBody, _: Decider) -> dict[str, Any]:
        """Form or change a leergang team: `team.updated` and `participant.assigned` per mover."""
        draft = TeamDraft.model_validate(body.model_dump())
        team_id, enrolment = await teams.save_team(cohort_id, draft, intake)
        return {"team_id": team_id, **cohort_body(enrolment)}

    return router
