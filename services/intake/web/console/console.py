"""The staff console: inbox, case page, decisions and moving sessions; forms post, then redirect."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.adapters.scheduling_client import RescheduleRefused
from services.intake.domain.case_list import CaseListQuery, CaseSort
from services.intake.domain.errors import DecisionRefused, InvalidTransition
from services.intake.domain.lifecycle import CaseStatus
from services.intake.domain.localtime import local_date_in
from services.intake.service_layer import decisions
from services.intake.service_layer.timelines import timeline_of
from services.intake.web.console.console_dates import CONFIRMED, date_answers_context
from services.intake.web.console.console_kit import (
    CONSOLE,
    ConsoleKit,
    form_text,
)
from services.intake.web.console.console_pages import case_page, inbox_row
from shared.contracts.base import Country

DONE = {
    "geaccepteerd": "De case is geaccepteerd. De planning volgt automatisch.",
    "afgewezen": "De case is afgewezen; de eigenaar krijgt de reden en de alternatieven.",
    "verplaatst": "De sessie is verplaatst. De genodigden krijgen een nieuwe uitnodiging.",
    "bevestigd": CONFIRMED,
    "vrijgegeven": "Vrijgegeven: de case-eigenaar ontvangt de versie per e-mail.",
    "opname": "De opname is gekoppeld. Zonder toestemming om te delen blijft hij buiten de "
    "bibliotheek.",
    "opname-gedeeld": "De opname is gekoppeld en staat in de bibliotheek bij deze case.",
}
ACCEPT_NEEDS = "Kies een groep om de case in te plaatsen."
REJECT_NEEDS = "Geef een reden die de eigenaar kan lezen en kies minstens één alternatief."


def console_router(kit: ConsoleKit) -> APIRouter:
    """Every route needs a session; every form its CSRF token; deciding needs a decider."""
    router = APIRouter(prefix=CONSOLE, tags=["console"], default_response_class=HTMLResponse)
    intake = kit.intake

    @router.get("")
    async def inbox(request: Request) -> HTMLResponse:
        session = await kit.session(request)
        rows = []
        for status in (CaseStatus.SUBMITTED, CaseStatus.SCREENED):
            query = CaseListQuery(status=status, sort=CaseSort.DUE_ASC, page_size=100)
            cases, _ = await intake.cases.listed(query, local_date_in(intake.now(), Country.NL))
            now = intake.now()
            rows += [inbox_row(c, now, intake.calendars[c.description.country]) for c in cases]
        return kit.page("console/inbox.html", {"rows": rows}, session)

    async def show(
        request: Request, case_id: str, error: str | None = None, status_code: int = 200
    ) -> HTMLResponse:
        session = await kit.session(request)
        stored = await intake.cases.get(case_id)
        if stored is None:
            return kit.error(session, f"Er is geen case met nummer {case_id}.", 404)
        case = stored.state
        context = case_page(
            case,
            await timeline_of(case_id, intake),
            await intake.cohorts.upcoming(local_date_in(intake.now(), Country.NL)),
            intake.now(),
            intake.calendars[case.description.country],
            kit.download_links(),
        )
        context |= {
            "alternatives": intake.alternatives.alternatives,
            "melding": DONE.get(request.query_params.get("gedaan", "")),
            "fout": error,
        }
        context |= await date_answers_context(kit.scheduling, case_id)
        return kit.page("console/case.html", context, session, status_code)

    @router.get("/cases/{case_id}")
    async def case_view(request: Request, case_id: str) -> HTMLResponse:
        return await show(request, case_id)

    @router.post("/cases/{case_id}/{action}")
    async def decide(request: Request, case_id: str, action: str) -> Response:
        session, posted = await kit.decided(request)
        form = dict(posted)
        who = session.member.name
        try:
            if action == "accepteren":
                cohort = form_text(form, "cohort_id")
                if not cohort:
                    return await show(request, case_id, ACCEPT_NEEDS, 422)
                await decisions.accept_case(case_id, cohort, form_text(form, "note"), who, intake)
                done = "geaccepteerd"
            elif action == "afwijzen":
                chosen = [v for k, v in (await request.form()).multi_items() if k == "alternatives"]
                reason = form_text(form, "reason")
                codes = [c for c in chosen if isinstance(c, str)]
                if not reason or not codes:
                    return await show(request, case_id, REJECT_NEEDS, 422)
                await decisions.reject_case(case_id, reason, codes, who, intake)
                done = "afgewezen"
            else:
                return kit.error(session, "Deze actie bestaat niet.", 404)
        except decisions.CaseNotFound:
            return kit.error(session, f"Er is geen case met nummer {case_id}.", 404)
        except InvalidTransition as exc:
            return await show(request, case_id, str(exc), 409)
        except DecisionRefused as exc:
            return await show(request, case_id, exc.message, 422)
        return RedirectResponse(f"{CONSOLE}/cases/{case_id}?gedaan={done}", status_code=303)

    @router.post("/cases/{case_id}/sessies/{session_id}/verplaatsen")
    async def reschedule(request: Request, case_id: str, session_id: str) -> Response:
        _session, posted = await kit.decided(request)
        form = dict(posted)
        try:
            day = dt.date.fromisoformat(form_text(form, "datum"))
            time = dt.time.fromisoformat(form_text(form, "tijd"))
        except ValueError:
            return await show(request, case_id, "Vul een geldige datum en tijd in.", 422)
        zone = ZoneInfo(form_text(form, "tijdzone") or "Europe/Amsterdam")
        starts_at = dt.datetime.combine(day, time, tzinfo=zone)
        try:
            await kit.scheduling.reschedule(
                case_id,
                session_id,
                starts_at,
                form_text(form, "reden"),
                confirm=form_text(form, "vastzetten") == "ja",
            )
        except RescheduleRefused as exc:
            return await show(request, case_id, f"Verplaatsen lukte niet: {exc.message}", 409)
        return RedirectResponse(f"{CONSOLE}/cases/{case_id}?gedaan=verplaatst", status_code=303)

    return router
