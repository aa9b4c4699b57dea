"""`POST /mijn/nieuwe-link`: the button on another service's 410 page (a refused download).

The form carries a `fresh-link` token (shared signer) naming only the person; intake owes
`person.link_requested` at their current generation, at most one per quarter hour.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.intake.service_layer.people import link_generation, request_fresh_link
from services.intake.web.portal.person_kit import MINE, PersonPages
from shared.download_links import read_fresh_link

log = logging.getLogger(__name__)


def fresh_link_router(pages: PersonPages) -> APIRouter:
    """One route; a forged or old token gets the Dutch 404 page, never JSON."""
    router = APIRouter(tags=["person"], default_response_class=HTMLResponse)

    @router.post(f"{MINE}/nieuwe-link")
    async def fresh_link(request: Request) -> HTMLResponse:
        posted = await request.form()
        token = posted.get("link_token")
        person_id = read_fresh_link(
            pages.links, token if isinstance(token, str) else None, pages.intake.now()
        )
        if person_id is None:
            html = pages.renderer.render(
                "pagina_onbekend.html",
                {"office_email": pages.office.email, "site_name": pages.office.name},
            )
            return HTMLResponse(html, status_code=404)
        generation = await link_generation(person_id, pages.intake)
        await request_fresh_link(person_id, generation, pages.intake)
        log.info("fresh person link requested from a refused download")
        context = {"office_email": pages.office.email, "verstuurd": True}
        return pages.render(request, "verlopen.html", context, 410)

    return router
