"""The owner's portal behind the capability link: status, schedule, documents, feedback."""

from __future__ import annotations

import logging
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.domain.case import Case
from services.intake.domain.errors import InvalidTransition
from services.intake.domain.owner_link import hash_capability_token
from services.intake.service_layer.context import Intake
from services.intake.service_layer.decisions import name_content_expert
from services.intake.service_layer.people import link_generation
from services.intake.service_layer.timelines import NothingToSend, give_feedback, timeline_of
from services.intake.web.csrf import CsrfSigner
from services.intake.web.forms import posted_text
from services.intake.web.portal.expert_form import SAVED, expert_from_form, expert_values
from services.intake.web.portal.owner_page import SECTIONS, CalendarFor, owner_status_page
from services.intake.web.portal.owner_revoked import OwnerLinkRefusals
from services.intake.web.templating import PageRenderer
from shared.capabilities import PERSON_PAGE, CapabilitySigner, person_page_path
from shared.contracts.scheduling import SessionInfo
from shared.download_links import DownloadMinter, LinkFor

log = logging.getLogger(__name__)
OWNER = "/eigenaar"
NONCE_COOKIE = "samenspel_eigenaar"
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
EXPIRED = "Dit formulier is verlopen. Uw tekst staat er nog; verstuur het opnieuw."
EMPTY = "Schrijf bij minstens één onderdeel een opmerking, of een algemene opmerking."
THANKS = "Dank u wel. Uw feedback is verstuurd naar de coaches."


def owner_calendar(signer: CapabilitySigner, person_id: str, generation: int) -> CalendarFor:
    """The `.ics` links of the owner's person page (intake's), for sessions they attend."""
    token = signer.sign(PERSON_PAGE, person_id, generation=generation)

    def link(session: SessionInfo) -> str | None:
        attends = any(a.person_id == person_id for a in session.attendees)
        return f"{person_page_path(token)}/sessies/{session.session_id}.ics" if attends else None

    return link


def owner_router(
    intake: Intake,
    renderer: PageRenderer,
    signer: CsrfSigner,
    documents_public_url: str,
    refusals: OwnerLinkRefusals | None = None,
    downloads: DownloadMinter | None = None,
    person_links: CapabilitySigner | None = None,
) -> APIRouter:
    """The link's token is looked up by its hash; a page only ever shows that one case."""
    router = APIRouter(tags=["owner"], default_response_class=HTMLResponse)
    secure = intake.base_url.startswith("https://")

    async def case_for(token: str) -> Case | None:
        case = await intake.cases.by_owner_token_hash(hash_capability_token(token))
        return case if case is not None and case.owner_link_grants(token) else None

    async def page(
        request: Request, token: str, case: Case, status_code: int = 200, **form: object
    ) -> HTMLResponse:
        nonce = request.cookies.get(NONCE_COOKIE) or secrets.token_urlsafe(24)
        links: str | LinkFor = documents_public_url
        generation = await link_generation(case.owner_person_id, intake)
        if downloads is not None:  # the owner's own, signed and expiring download links
            links = downloads.for_person(case.owner_person_id, generation, intake.now())
        calendar = None
        if person_links is not None:  # their own calendar links, ended with their generation
            calendar = owner_calendar(person_links, case.owner_person_id, generation)
        html = owner_status_page(
            renderer,
            case,
            await timeline_of(case.case_id, intake),
            intake.now(),
            links,
            calendar,
            csrf_token=signer.token_for(nonce),
            feedback_action=f"{OWNER}/{token}/feedback",
            expert_action=f"{OWNER}/{token}/deskundige" if case.lacks_expert_email() else "",
            expert_values=expert_values(case),
            **form,
        )
        response = HTMLResponse(html, status_code=status_code, headers=PRIVATE)
        response.set_cookie(
            NONCE_COOKIE, nonce, httponly=True, samesite="lax", secure=secure, path=OWNER
        )
        return response

    async def not_found(request: Request, token: str) -> HTMLResponse:
        if refusals is not None:  # a revoked link: the 410 page that offers a fresh one
            return await refusals.refuse(request, token)
        html = renderer.render("niet_gevonden.html", {})
        return HTMLResponse(html, status_code=404, headers=PRIVATE)

    @router.get(f"{OWNER}/{{token}}")
    async def owner(request: Request, token: str) -> HTMLResponse:
        case = await case_for(token)
        if case is None:
            return await not_found(request, token)
        done = request.query_params.get("gedaan")
        thanks = {"feedback": THANKS, "deskundige": SAVED}.get(done or "")
        return await page(request, token, case, melding=thanks)

    @router.post(f"{OWNER}/{{token}}/feedback")
    async def feedback(request: Request, token: str) -> Response:
        case = await case_for(token)
        if case is None:
            return await not_found(request, token)
        posted = await posted_text(request)
        values = {k: v for k, v in posted.items() if k != "csrf_token"}
        if not signer.is_valid(request.cookies.get(NONCE_COOKIE), posted.get("csrf_token")):
            return await page(request, token, case, 400, fout=EXPIRED, values=values)
        comments = {key: posted.get(f"sectie_{key}", "") for key, _ in SECTIONS}
        try:
            await give_feedback(case.case_id, comments, posted.get("algemeen", ""), intake)
        except NothingToSend as exc:
            said = getattr(exc, "message", EMPTY)
            return await page(request, token, case, 422, fout=said, values=values)
        return RedirectResponse(f"{OWNER}/{token}?gedaan=feedback", status_code=303)

    @router.post(f"{OWNER}/{{token}}/deskundige")
    async def content_expert(request: Request, token: str) -> Response:
        case = await case_for(token)
        if case is None:
            return await not_found(request, token)
        posted = await posted_text(request)
        kept = expert_values(case, posted)
        if not signer.is_valid(request.cookies.get(NONCE_COOKIE), posted.get("csrf_token")):
            return await page(
                request, token, case, 400, deskundige_fout=EXPIRED, expert_values=kept
            )
        expert = expert_from_form(posted)
        if isinstance(expert, str):
            return await page(request, token, case, 422, deskundige_fout=expert, expert_values=kept)
        try:
            await name_content_expert(case.case_id, expert, "eigenaar", intake)
        except InvalidTransition as exc:
            return await page(request, token, case, 409, deskundige_fout=str(exc))
        return RedirectResponse(f"{OWNER}/{token}?gedaan=deskundige", status_code=303)

    return router
