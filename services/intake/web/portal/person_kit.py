"""What every person page shares: the signed link, CSRF, the refusal pages, rendering."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from services.intake.service_layer.context import Intake
from services.intake.service_layer.people import (
    NotOnThisPage,
    PersonView,
    link_generation,
    person_view,
)
from services.intake.web.csrf import CsrfSigner
from services.intake.web.templating import PageRenderer
from shared.capabilities import PERSON_PAGE, CapabilityExpired, CapabilitySigner, person_page_path
from shared.contracts.base import Contact
from shared.download_links import DownloadMinter, LinkFor
from shared.legacy_links import old_capability_subject

MINE = "/mijn"
NONCE_COOKIE = "samenspel_mijn"
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


class LinkRefused(Exception):
    """A forged (404) or expired (410) person link; the page explains in Dutch."""

    def __init__(self, status_code: int, person_id: str = "", generation: int = 0) -> None:
        super().__init__(status_code)
        self.status_code = status_code
        self.person_id = person_id
        self.generation = generation


@dataclass(frozen=True)
class PersonPages:
    """What the person pages need, bound once by the composition root."""

    intake: Intake
    renderer: PageRenderer
    csrf: CsrfSigner
    links: CapabilitySigner
    office: Contact
    secure: bool
    documents_public_url: str = ""
    downloads: DownloadMinter | None = None

    def download_links(self, view: PersonView) -> str | LinkFor:
        """This person's signed download links (the bare documents URL without a minter)."""
        if self.downloads is None:
            return self.documents_public_url
        return self.downloads.for_person(view.person_id, view.generation, self.intake.now())

    async def person_id(self, token: str) -> str:
        """The person the token was signed for, or LinkRefused (410 once expired or revoked)."""
        try:
            capability = self.links.verify(token, PERSON_PAGE, self.intake.now())
        except CapabilityExpired as expired:
            current = await link_generation(expired.subject, self.intake)
            raise LinkRefused(410, expired.subject, current) from None
        if capability is None:
            old = old_capability_subject(self.links, token, PERSON_PAGE)
            if old is None:
                raise LinkRefused(404)
            raise LinkRefused(410, old, await link_generation(old, self.intake))  # old format
        current = await link_generation(capability.subject, self.intake)
        if capability.generation < current:
            raise LinkRefused(410, capability.subject, current)
        return capability.subject

    async def view(self, token: str) -> PersonView:
        """What the token's person sees, or LinkRefused (answered by `install_person_handlers`)."""
        return await person_view(await self.person_id(token), self.intake)

    def page_url(self, token: str) -> str:
        return f"{self.intake.base_url.rstrip('/')}{person_page_path(token)}"

    def refused(self, request: Request, token: str, exc: LinkRefused) -> HTMLResponse:
        """The Dutch 404 page, or the 410 page that offers a fresh link by mail."""
        context: dict[str, object] = {"office_email": self.office.email, "verstuurd": False}
        if exc.status_code == 410:
            context["link_action"] = f"{MINE}/{token}/nieuwe-link"
            return self.render(request, "verlopen.html", context, 410)
        html = self.renderer.render(
            "pagina_onbekend.html", {**context, "site_name": self.office.name}
        )
        return HTMLResponse(html, status_code=404, headers=PRIVATE)

    def render(
        self, request: Request, template: str, context: dict[str, object], status_code: int = 200
    ) -> HTMLResponse:
        """A page with a CSRF token bound to this browser's nonce cookie (path /mijn)."""
        nonce = request.cookies.get(NONCE_COOKIE) or secrets.token_urlsafe(24)
        html = self.renderer.render(
            template,
            {"csrf_token": self.csrf.token_for(nonce), "site_name": self.office.name, **context},
        )
        response = HTMLResponse(html, status_code=status_code, headers=PRIVATE)
        response.set_cookie(
            NONCE_COOKIE, nonce, httponly=True, samesite="lax", secure=self.secure, path=MINE
        )
        return response

    def csrf_ok(self, request: Request, posted: dict[str, str]) -> bool:
        return self.csrf.is_valid(request.cookies.get(NONCE_COOKIE), posted.get("csrf_token"))


def install_person_handlers(app: FastAPI, pages: PersonPages) -> None:
    """A refused link, or a session or cohort not this person's, answers the Dutch page."""

    @app.exception_handler(LinkRefused)
    async def link_refused(request: Request, exc: LinkRefused) -> HTMLResponse:
        return pages.refused(request, request.path_params.get("token", ""), exc)

    @app.exception_handler(NotOnThisPage)
    async def not_on_this_page(request: Request, _: NotOnThisPage) -> HTMLResponse:
        return pages.refused(request, request.path_params.get("token", ""), LinkRefused(404))
