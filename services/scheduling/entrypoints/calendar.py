"""Calendar files over HTTP: one invite per session and a feed per cohort (`text/calendar`).

The routes serve staff (bearer). People's calendar links are their own page's (intake): signed
for the person and ended by `capability.revoked`. A per-path token of the earlier formats (once
in events and on the owner's portal) gets design.md's Dutch 410 page with the "new link" form.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse

from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.invites import with_ics
from shared.gone_page import GonePages
from shared.ics import cohort_feed
from shared.people import owner_id
from shared.staff_access import StaffAccess
from shared.staff_auth import Permission


class CalendarFile(Response):
    """An `.ics` answer; as the routes' response class it puts `text/calendar` in the OpenAPI."""

    media_type = "text/calendar"


def calendar_router(ctx: Scheduling, access: StaffAccess) -> APIRouter:
    """Routes bound to this process's repositories."""
    router = APIRouter(prefix="/calendar", tags=["calendar"], default_response_class=CalendarFile)

    pages = GonePages(ctx.links.signer, ctx.events, ctx.links.intake_public_url)
    text = (
        "Deze agendalink is vervangen door de agendalinks op uw persoonlijke pagina. Wij sturen"
        " u graag een nieuwe link naar die pagina, op het e-mailadres dat bij ons bekend is."
    )

    def allow(request: Request, path: str, case_id: str = "") -> HTMLResponse | None:
        """None for staff; the 410 page for an old per-path link (the case's owner had it)."""
        token = request.query_params.get("token", "")
        issued = token and not request.headers.get("authorization")
        if issued and ctx.links.was_issued(path, token):
            person = owner_id(case_id) if case_id else ""
            return pages.gone("Deze agendalink werkt niet meer", text, person)
        access.check(request, Permission.READ)
        return None

    @router.get("/cases/{case_id}/sessions/{session_id}.ics", response_model=None)
    async def session_invite(case_id: str, session_id: str, request: Request) -> Response:
        """The session's current invite, or its CANCEL once cancelled."""
        if gone := allow(request, ctx.links.session_path(case_id, session_id), case_id):
            return gone
        stored = await ctx.trajectories.get(case_id)
        plan = stored.state.plan if stored else None
        session = (
            next((s for s in plan.sessions if s.session_id == session_id), None) if plan else None
        )
        if plan is None or session is None:
            raise HTTPException(404, "Deze sessie bestaat niet.")
        cancelled = session_id in plan.cancelled_session_ids
        body = with_ics(session, ctx, cancelled=cancelled).ics
        return CalendarFile(body)

    @router.get("/cohorts/{cohort_id}/sessions/{session_id}.ics", response_model=None)
    async def cohort_session_invite(cohort_id: str, session_id: str, request: Request) -> Response:
        """One session of a cohort's own run: its current invite, or its CANCEL."""
        if gone := allow(request, ctx.links.cohort_session_path(cohort_id, session_id)):
            return gone
        stored = await ctx.cohorts.get(cohort_id)
        session = stored.state.session(session_id) if stored else None
        if stored is None or session is None:
            raise HTTPException(404, "Deze sessie bestaat niet.")
        cancelled = not stored.state.live(session)
        return CalendarFile(with_ics(session, ctx, cancelled=cancelled).ics)

    @router.get("/cohorts/{cohort_id}.ics", response_model=None)
    async def cohort_calendar(cohort_id: str, request: Request) -> Response:
        """Every session of the cohort: its own and those of every trajectory in it."""
        if gone := allow(request, ctx.links.cohort_path(cohort_id)):
            return gone
        stored = await ctx.cohorts.get(cohort_id)
        cohort = stored.state.cohort if stored else None
        if stored is None or cohort is None:
            raise HTTPException(404, "Dit cohort bestaat niet.")
        run = stored.state
        found = await ctx.trajectories.in_cohort(cohort_id)
        plans = [t.state.plan for t in found if t.state.plan is not None]
        sessions = [*run.sessions, *(s for p in plans for s in p.sessions)]
        cancelled = [
            *run.cancelled_session_ids,
            *(i for p in plans for i in p.cancelled_session_ids),
        ]
        body = cohort_feed(sessions, cancelled, ctx.organizer, ctx.events.now(), cohort.title)
        return CalendarFile(body)

    return router
