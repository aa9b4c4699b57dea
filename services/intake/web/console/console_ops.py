"""The console's operations pages: cohorts with their places, and dead letters with replay."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.adapters.dead_letters import SERVICES, Replayed
from services.intake.adapters.homework_client import HomeworkClient
from services.intake.service_layer import enrolments, guests, teams
from services.intake.web.console.console_homework import homework_rows
from services.intake.web.console.console_intervision import FORMED
from services.intake.web.console.console_kit import CONSOLE, NO_COHORT, ConsoleKit
from services.intake.web.console.console_pages import cohort_page, cohort_rows
from services.intake.web.console.console_set_aside import replay_answer, set_aside_context
from services.intake.web.intervision_pages import console_groups
from services.intake.web.team_pages import guest_rows, team_from_form
from services.intake.web.templating import service_name_nl

log = logging.getLogger(__name__)
ASSIGNED = "De deelnemer is ingedeeld. De uitnodigingen voor de sessies volgen die case."
GUEST_REMOVED = "De gast is afgemeld en ontvangt een annulering."
TEAM_SAVED = "Het team is opgeslagen. De mentor ontvangt de uitnodigingen voor de lesdagen."
DONE = {"ingedeeld": ASSIGNED, "team": TEAM_SAVED, "gast": GUEST_REMOVED, "intervisie": FORMED}
AGAIN = {
    "opnieuw": "Het bericht is opnieuw verstuurd.",
    "hersteld": "Het apart gezette bericht of de wekker staat weer klaar en gaat zo verder.",
}
NOT_BOUND = (
    "Niet opnieuw verstuurd: er is geen wachtrij gekoppeld voor {service}. Het bericht blijft"
    " bewaard bij de foutberichten. Start de dienst {service}, zodat die zijn wachtrij aanmaakt,"
    " en probeer het daarna opnieuw."
)
UNREACHABLE = "De berichtenbus is nu niet bereikbaar. Probeer het over een minuut opnieuw."


def console_ops_router(kit: ConsoleKit, homework: HomeworkClient | None = None) -> APIRouter:
    """Cohorts (read), dead letters (read; replay needs a decider)."""
    router = APIRouter(prefix=CONSOLE, tags=["console"], default_response_class=HTMLResponse)

    @router.get("/cohorten")
    async def cohorts(request: Request) -> HTMLResponse:
        session = await kit.session(request)
        rows = cohort_rows(await kit.intake.cohorts.listed())
        return kit.page("console/cohorten.html", {"rows": rows}, session)

    @router.get("/cohorten/{cohort_id}")
    async def cohort(request: Request, cohort_id: str) -> HTMLResponse:
        session = await kit.session(request)
        stored = await kit.intake.cohorts.get(cohort_id)
        if stored is None:
            return kit.error(session, NO_COHORT, 404)
        context = cohort_page(stored.state)
        context["guests"] = guest_rows(await kit.intake.guests.for_cohort(cohort_id))
        context |= console_groups(stored.state)
        context["homework"] = await homework_rows(kit.intake, cohort_id, homework)
        context["melding"] = DONE.get(request.query_params.get("gedaan", ""))
        return kit.page("console/cohort.html", context, session)

    @router.post("/cohorten/{cohort_id}/toewijzen")
    async def assign(request: Request, cohort_id: str) -> Response:
        session, form = await kit.decided(request)
        participant, case_id = form.get("participant_id"), form.get("case_id")
        if not isinstance(participant, str) or not isinstance(case_id, str):
            return kit.error(session, "Kies een deelnemer en een case.", 422)
        return await kit.cohort_change(
            session,
            lambda: enrolments.assign(cohort_id, participant, case_id or None, kit.intake),
            f"{CONSOLE}/cohorten/{cohort_id}?gedaan=ingedeeld",
        )

    @router.post("/cohorten/{cohort_id}/teams")
    async def save_team(request: Request, cohort_id: str) -> Response:
        session, form = await kit.decided(request)
        return await kit.cohort_change(
            session,
            lambda: teams.save_team(cohort_id, team_from_form(form), kit.intake),
            f"{CONSOLE}/cohorten/{cohort_id}?gedaan=team#teams",
        )

    @router.post("/cohorten/{cohort_id}/gasten/afmelden")
    async def remove_guest(request: Request, cohort_id: str) -> Response:
        session, form = await kit.decided(request)
        session_id, email = form.get("session_id"), form.get("email")
        if not isinstance(session_id, str) or not isinstance(email, str):
            return kit.error(session, "Kies een gast.", 422)
        await guests.staff_remove_guest(session_id, email, kit.intake)
        return RedirectResponse(f"{CONSOLE}/cohorten/{cohort_id}?gedaan=gast#gasten", 303)

    @router.get("/wachtrijen")
    async def dead_letters(request: Request) -> HTMLResponse:
        session = await kit.session(request)
        try:
            queues = {service: await kit.dead_letters.letters(service) for service in SERVICES}
            unroutable = await kit.dead_letters.unroutable()
        except Exception:
            log.exception("reading dead-letter queues failed")
            return kit.error(session, UNREACHABLE, 503)
        context = {
            "queues": queues,
            **await set_aside_context(kit),
            "onbezorgbaar": unroutable,
            "melding": AGAIN.get(request.query_params.get("gedaan", "")),
        }
        return kit.page("console/wachtrijen.html", context, session)

    @router.post("/wachtrijen/{service}/{key}/opnieuw")
    async def replay(request: Request, service: str, key: str) -> Response:
        posted = await kit.decision_form(request)
        if isinstance(posted, Response):
            return posted
        session, _form = posted
        if service not in SERVICES:
            return kit.error(session, "Deze dienst bestaat niet.", 404)
        try:
            replayed = await kit.dead_letters.replay(service, key)
        except Exception:
            log.exception("replaying a dead letter failed")
            return kit.error(session, UNREACHABLE, 503)
        if replayed is Replayed.UNROUTABLE:
            log.error("dead letter returned on replay", extra={"service": service, "alert": True})
            return kit.error(session, NOT_BOUND.format(service=service_name_nl(service)), 409)
        if replayed is not Replayed.DONE:
            return kit.error(session, "Dit bericht staat niet (meer) in de wachtrij.", 404)
        log.info("dead letter replayed", extra={"service": service, "event_id": key})
        return RedirectResponse(f"{CONSOLE}/wachtrijen?gedaan=opnieuw", status_code=303)

    @router.post("/wachtrijen/apart/{service}/{key}/opnieuw")
    async def replay_set_aside_item(request: Request, service: str, key: str) -> Response:
        posted = await kit.decision_form(request)
        if isinstance(posted, Response):
            return posted
        session, _form = posted
        return await replay_answer(kit, session, service, key)

    return router
