"""The owner's first pages: the submission form (CSRF, honeypot, rate limit) and confirmation."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.domain.cohort_rules import CASE_FORMATS
from services.intake.domain.dutch_dates import format_date_nl
from services.intake.domain.localtime import local_date_in
from services.intake.domain.owner_link import hash_capability_token
from services.intake.service_layer.context import Intake
from services.intake.service_layer.submissions import TooManyForAddress, submit_case
from services.intake.web.csrf import CsrfSigner
from services.intake.web.forms import posted_text
from services.intake.web.portal.pages import CohortOption, confirmation_page, submission_form_page
from services.intake.web.portal.submission_form import (
    CSRF_FIELD,
    HONEYPOT_FIELD,
    looks_like_spam,
    parse_submission_form,
)
from services.intake.web.ports import RateLimiter
from services.intake.web.templating import PageRenderer
from shared.contracts.base import Country

log = logging.getLogger(__name__)
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
SESSION_COOKIE = "samenspel_sessie"
FORM_PATH = "/aanmelden"
RECEIVED_PATH = "/aanmelden/ontvangen"  # + the owner's token: the confirmation, safe to reload
SESSION_EXPIRED = "Uw sessie is verlopen. Controleer uw gegevens en verstuur het formulier opnieuw."


def web_router(
    intake: Intake,
    renderer: PageRenderer,
    signer: CsrfSigner,
    limiter: RateLimiter,
    retry_minutes: int = 10,
) -> APIRouter:
    """Routes bound to this process's use cases, templates, CSRF secret and rate limiter."""
    router = APIRouter(tags=["web"], default_response_class=HTMLResponse)
    secure = intake.base_url.startswith("https://")

    async def cohort_options() -> list[CohortOption]:
        today = local_date_in(intake.now(), Country.NL)
        cohorts = await intake.cohorts.upcoming(today)
        return [
            CohortOption(
                cohort_id=c.cohort_id, label=f"{c.title} (start {format_date_nl(c.start_date)})"
            )
            for c in cohorts
            if c.format in CASE_FORMATS
        ]

    async def form_response(
        request: Request, values: dict[str, str], errors: dict[str, str], status_code: int
    ) -> HTMLResponse:
        nonce = request.cookies.get(SESSION_COOKIE) or secrets.token_urlsafe(24)
        html = submission_form_page(
            renderer,
            csrf_token=signer.token_for(nonce),
            cohorts=await cohort_options(),
            values=values,
            errors=errors,
            action=FORM_PATH,
        )
        response = HTMLResponse(html, status_code=status_code)
        response.set_cookie(
            SESSION_COOKIE, nonce, httponly=True, samesite="lax", secure=secure, path=FORM_PATH
        )
        return response

    @router.get(FORM_PATH)
    async def form(request: Request) -> HTMLResponse:
        return await form_response(request, {}, {}, 200)

    @router.post(FORM_PATH)
    async def submit(request: Request) -> Response:
        address = request.client.host if request.client else "unknown"
        if not limiter.allow(address, intake.now()):
            log.warning("form rate limit reached")
            html = renderer.render("te_vaak.html", {"minutes": retry_minutes})
            return HTMLResponse(html, status_code=429)
        posted = await posted_text(request)
        values = {k: v for k, v in posted.items() if k not in (CSRF_FIELD, HONEYPOT_FIELD)}
        if not signer.is_valid(request.cookies.get(SESSION_COOKIE), posted.get(CSRF_FIELD)):
            return await form_response(request, values, {CSRF_FIELD: SESSION_EXPIRED}, 400)
        if looks_like_spam(posted):
            log.warning("form honeypot filled; submission dropped")
            return _confirmation(renderer, intake, values, None)
        parsed = parse_submission_form(posted)
        if isinstance(parsed, dict):
            return await form_response(request, values, parsed, 422)
        try:
            result = await submit_case(parsed, "formulier", intake)
        except TooManyForAddress:
            html = renderer.render("te_vaak_adres.html", {})
            return HTMLResponse(html, status_code=429)
        if result.owner_token is None:  # not a new case: nothing to show a link for
            return _confirmation(renderer, intake, values, None)
        # POST-redirect-GET: reloading the confirmation never submits the case again.
        return RedirectResponse(f"{RECEIVED_PATH}/{result.owner_token}", status_code=303)

    @router.get(f"{RECEIVED_PATH}/{{token}}")
    async def received(token: str) -> HTMLResponse:
        case = await intake.cases.by_owner_token_hash(hash_capability_token(token))
        if case is None or not case.owner_link_grants(token):
            html = renderer.render("niet_gevonden.html", {})
            return HTMLResponse(html, status_code=404, headers=PRIVATE)
        values = {
            "case_title": case.description.title,
            "owner_email": str(case.owner.email),
            "case_country": case.description.country.value,
        }
        return _confirmation(renderer, intake, values, intake.owner_url(token), case.decision_due)

    return router


def _confirmation(
    renderer: PageRenderer,
    intake: Intake,
    values: dict[str, str],
    link: str | None,
    due: dt.date | None = None,
) -> HTMLResponse:
    country = Country.BE if values.get("case_country") == "BE" else Country.NL
    html = confirmation_page(
        renderer,
        case_title=values.get("case_title", ""),
        owner_email=values.get("owner_email", ""),
        decision_due=due or intake.decision_due(intake.now(), country),
        owner_link_url=link,
    )
    return HTMLResponse(html, headers=PRIVATE)
