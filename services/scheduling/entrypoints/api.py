"""Staff API: cohorts, trajectories (planning status), moving and cancelling sessions."""

from __future__ import annotations

from fastapi import APIRouter, Depends, status
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.scheduling.domain.cohorts import CohortChange, NewCohort
from services.scheduling.domain.trajectories import Trajectory
from services.scheduling.entrypoints.errors import answered, conflict, not_found
from services.scheduling.service_layer import changes, cohorts
from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.planning import plan_case
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import CohortInfo, SessionInfo
from shared.staff_access import StaffAccess
from shared.staff_auth import Permission


class Reschedule(BaseModel):
    """A session's new start (with its offset); the duration stays."""

    model_config = ConfigDict(extra="forbid")

    starts_at: AwareDatetime
    reason: str = Field(default="", max_length=1000)
    confirm: bool = False  # a tentative date: fix the new time at once (planning in consultation)


class Cancellation(BaseModel):
    """Why a session is cancelled, for the invitees."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=1000)


def api_router(ctx: Scheduling, access: StaffAccess) -> APIRouter:
    """Routes bound to this process's use cases; every route needs a staff token."""
    router = APIRouter(prefix="/api", tags=["planning"])
    read = [Depends(access.require(Permission.READ))]
    decide = [Depends(access.require(Permission.DECIDE))]

    @router.post("/cohorts", dependencies=decide, status_code=status.HTTP_201_CREATED)
    async def post_cohort(draft: NewCohort) -> CohortInfo:
        """Plan a cohort: 201, 409 when the id is taken, 422 naming the fields."""
        try:
            return await answered(cohorts.plan_cohort(draft, ctx))
        except cohorts.AlreadyExists as exc:
            raise conflict(f"Cohort {draft.cohort_id} bestaat al.") from exc

    @router.patch("/cohorts/{cohort_id}", dependencies=decide)
    async def patch_cohort(cohort_id: str, change: CohortChange) -> CohortInfo:
        """Change a cohort; dates are fixed once trajectories are planned in it (422)."""
        missing = f"Cohort {cohort_id} bestaat niet."
        return await answered(cohorts.change_cohort(cohort_id, change, ctx), missing)

    @router.get("/cohorts", dependencies=read)
    async def get_cohorts(format: ProgrammeFormat | None = None) -> list[CohortInfo]:
        """Cohorts by start date."""
        return await cohorts.list_cohorts(format, ctx)

    @router.get("/cohorts/{cohort_id}", dependencies=read)
    async def get_cohort(cohort_id: str) -> CohortInfo:
        """One cohort."""
        missing = f"Cohort {cohort_id} bestaat niet."
        return await answered(cohorts.shown_cohort(cohort_id, ctx), missing)

    @router.get("/trajectories/{case_id}", dependencies=read)
    async def get_trajectory(case_id: str) -> Trajectory:
        """A case's planning: status `planned`, `completed`, or `failed` with the reason."""
        stored = await ctx.trajectories.get(case_id)
        if stored is None:
            raise not_found(f"Geen planning voor case {case_id}.")
        return stored.state

    @router.post("/trajectories/{case_id}/plan", dependencies=decide)
    async def replan(case_id: str) -> Trajectory:
        """Try a failed planning again (e.g. after coaches were added to the cohort)."""
        stored = await ctx.trajectories.get(case_id)
        if stored is None:
            raise not_found(f"Geen planning voor case {case_id}.")
        return await answered(plan_case(stored.state.accepted, ctx))

    @router.post("/trajectories/{case_id}/sessions/{session_id}/reschedule", dependencies=decide)
    async def post_reschedule(case_id: str, session_id: str, body: Reschedule) -> SessionInfo:
        """Move a session: 409 when a coach is busy or the trajectory is closed."""
        return await answered(
            changes.reschedule(case_id, session_id, body.starts_at, body.reason, ctx, body.confirm)
        )

    @router.post("/trajectories/{case_id}/sessions/{session_id}/cancel", dependencies=decide)
    async def post_cancel(case_id: str, session_id: str, body: Cancellation) -> SessionInfo:
        """Cancel a session: 409 when it already is."""
        return await answered(changes.cancel(case_id, session_id, body.reason, ctx))

    return router
