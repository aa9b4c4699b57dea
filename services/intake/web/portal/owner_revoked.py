"""A revoked owner link: design.md's 410 page, which mails a fresh link to the owner's page."""

from __future__ import annotations

import logging
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.intake.domain.case import Case
from services.intake.domain.owner_link import hash_capability_token
from services.intake.service_layer.context import Intake
from services.intake.service_layer.people import request_fresh_link
from services.intake.web.csrf import CsrfSigner
from services.intake.web.templating import PageRenderer

log = logging.getLogger(__name__)
OWNER = "/eigenaar"
NONCE_COOKIE = "samenspel_eigenaar"
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


class OwnerLinkRefusals:
    """The answer to a link that opens no case: 410 once it was revoked, 404 otherwise."""

    def __init__(
        self, intake: Intake, renderer: PageRenderer, signer: CsrfSigner, office_email: str
    ) -> None:
        self._intake = intake
        self._renderer = renderer
        self._signer = signer
        self._office_email = office_email
        self._secure = intake.base_url.startswith("https://")

    async def revoked_case(self, token: str) -> Case | None:
        return await self._intake.cases.by_revoked_owner_token_hash(hash_capability_token(token))

    async def refuse(self, request: Request, token: str) -> HTMLResponse:
        if await self.revoked_case(token) is None:
            html = self._renderer.render("niet_gevonden.html", {})
            return HTMLResponse(html, status_code=404, headers=PRIVATE)
        return self.gone(request, token, sent=False)

    def gone(self, request: Request, token: str, *, sent: bool) -> HTMLResponse:
        nonce = request.cookies.get(NONCE_COOKIE) or secrets.token_urlsafe(24)
        context = {
            "office_email": self._office_email,
            "verstuurd": sent,
            "link_action": f"{OWNER}/{token}/nieuwe-link",
            "csrf_token": self._signer.token_for(nonce),
        }
        html = self._renderer.render("verlopen.html", context)
        response = HTMLResponse(html, status_code=410, headers=PRIVATE)
        response.set_cookie(
            NONCE_COOKIE, nonce, httponly=True, samesite="lax", secure=self._secure, path=OWNER
        )
        return response


def owner_revoked_router(
    refusals: OwnerLinkRefusals, intake: Intake, signer: CsrfSigner
) -> APIRouter:
    """`POST /eigenaar/<revoked token>/nieuwe-link`: a fresh link to the owner's own page."""
    router = APIRouter(tags=["owner"], default_response_class=HTMLResponse)

    @router.post(f"{OWNER}/{{token}}/nieuwe-link")
    async def fresh_link(request: Request, token: str) -> HTMLResponse:
        case = await refusals.revoked_case(token)
        if case is None:
            return await refusals.refuse(request, token)
        posted = await request.form()
        csrf = posted.get("csrf_token")
        if not signer.is_valid(
            request.cookies.get(NONCE_COOKIE), csrf if isinstance(csrf, str) else None
        ):
            return refusals.gone(request, token, sent=False)
        await request_fresh_link(case.owner_person_id, 0, intake)
        log.info("fresh owner link requested")
        return refusals.gone(request, token, sent=True)

    return router
