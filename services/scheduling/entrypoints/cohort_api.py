"""Staff API for a cohort's run: its sessions with who attends, and its members."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import AwareDatetime, BaseModel, ConfigDict

from services.scheduling.domain.runs import CohortRun
from services.scheduling.entrypoints.api import Cancellation, Reschedule
from services.scheduling.entrypoints.errors import answered
from services.scheduling.service_layer import cohorts, run_changes
from services.scheduling.service_layer.context import Scheduling
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import SessionInfo
from shared.people import participant_id
from shared.staff_access import StaffAccess
from shared.staff_auth import Permission


class CohortSession(BaseModel):
    """A session of the cohort (its own, or of a case in a leercase round) and who attends."""

    model_config = ConfigDict(frozen=True)

    case_id: str | None = None
    case_title: str = ""
    cancelled: bool = False
    session: SessionInfo


class CohortSessions(BaseModel):
    """Every session of a cohort in date order."""

    model_config = ConfigDict(frozen=True)

    cohort_id: str
    title: str
    format: ProgrammeFormat
    sessions: list[CohortSession]


class CohortMember(BaseModel):
    """A participant as scheduling knows them from intake's events."""

    model_config = ConfigDict(frozen=True)

    participant_id: str
    person_id: str
    name: str
    email: str
    enrolled: bool
    left: bool
    case_id: str | None = None
    team_id: str | None = None
    enrolled_at: AwareDatetime | None = None
    left_at: AwareDatetime | None = None


def cohort_router(ctx: Scheduling, access: StaffAccess) -> APIRouter:
    """Routes bound to this process's repositories; every route needs a staff token."""
    router = APIRouter(prefix="/api", tags=["cohorts"])
    read = [Depends(access.require(Permission.READ))]
    decide = [Depends(access.require(Permission.DECIDE))]

    async def _run(cohort_id: str) -> CohortRun:
        return await answered(
            cohorts.cohort_run(cohort_id, ctx), f"Cohort {cohort_id} bestaat niet."
        )

    @router.get("/cohorts/{cohort_id}/sessions", dependencies=read)
    async def get_sessions(cohort_id: str) -> CohortSessions:
        """The run's sessions, or for a leercase round every case's sessions, with attendees."""
        run = await _run(cohort_id)
        assert run.cohort is not None
        listed = [
            CohortSession(cancelled=not run.live(s), session=s.model_copy(update={"ics": ""}))
            for s in run.sessions
        ]
        found = await ctx.trajectories.in_cohort(cohort_id)
        for stored in found:
            plan, case = stored.state.plan, stored.state
            for session in plan.sessions if plan else []:
                listed.append(
                    CohortSession(
                        case_id=case.case_id,
                        case_title=case.case_title,
                        cancelled=session.session_id
                        in (plan.cancelled_session_ids if plan else []),
                        session=session.model_copy(update={"ics": ""}),
                    )
                )
        listed.sort(key=lambda s: s.session.starts_at)
        return CohortSessions(
            cohort_id=cohort_id, title=run.cohort.title, format=run.cohort.format, sessions=listed
        )

    @router.get("/cohorts/{cohort_id}/members", dependencies=read)
    async def get_members(cohort_id: str) -> list[CohortMember]:
        """Everyone intake told us about, with their place and case."""
        run = await _run(cohort_id)
        return [
            CohortMember(
                participant_id=m.participant.participant_id,
                person_id=participant_id(m.participant.participant_id),
                name=m.participant.name,
                email=m.participant.email,
                enrolled=m.enrolled,
                left=m.gone,
                case_id=m.case_id,
                team_id=m.team_id,
                enrolled_at=m.enrolled_at,
                left_at=m.left_at,
            )
            for m in run.members
        ]

    @router.post("/cohorts/{cohort_id}/sessions/{session_id}/reschedule", dependencies=decide)
    async def post_reschedule(cohort_id: str, session_id: str, body: Reschedule) -> SessionInfo:
        """Move one session of the cohort: 422 on a non-working day, 409 once it has begun."""
        return await answered(
            run_changes.reschedule(cohort_id, session_id, body.starts_at, body.reason, ctx)
        )

    @router.post("/cohorts/{cohort_id}/sessions/{session_id}/cancel", dependencies=decide)
    async def post_cancel(cohort_id: str, session_id: str, body: Cancellation) -> SessionInfo:
        """Cancel one session of the cohort: 409 when it already is or has begun."""
        return await answered(run_changes.cancel(cohort_id, session_id, body.reason, ctx))

    return router
