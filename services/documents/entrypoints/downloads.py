"""People's downloads at `/documenten/<token>`: signed, expiring, ended by `capability.revoked`.

A refused link opens design.md's Dutch 410 page with a button that asks intake to mail the
person a fresh link to their page (a `fresh-link` token, never the address or the file).
"""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from services.documents.entrypoints.api_documents import file_response
from services.documents.service_layer.ports import DocumentStore
from shared.capabilities import CapabilityExpired, CapabilitySigner
from shared.clock import Clock
from shared.download_links import STAFF, read_download
from shared.gone_page import GonePages, page
from shared.link_generations import LinkGenerations

log = logging.getLogger(__name__)


def downloads_router(
    store: DocumentStore,
    signer: CapabilitySigner,
    generations: LinkGenerations,
    clock: Clock,
    intake_public_url: str,
) -> APIRouter:
    """The download route people's links open; no login, the token is the capability."""
    router = APIRouter(tags=["downloads"], default_response_class=HTMLResponse)
    pages = GonePages(signer, clock, intake_public_url)

    def gone(person_id: str) -> HTMLResponse:
        text = (
            "Deze downloadlink is verlopen of ingetrokken. Wij sturen u graag een nieuwe link"
            " naar uw persoonlijke pagina, op het e-mailadres dat bij ons bekend is."
        )
        if person_id == STAFF:  # staff open the case page again instead
            return page("Deze link werkt niet meer", "Open de case opnieuw in de console.", "", 410)
        return pages.gone("Deze link werkt niet meer", text, person_id)

    def unknown() -> HTMLResponse:
        text = "Controleer of u de volledige link uit uw e-mail hebt gebruikt."
        return page("Dit document is niet gevonden", text, "", 404)

    @router.get("/documenten/{token}", response_model=None)
    async def download(token: str) -> Response:
        """The file the token names, while it is unexpired and its person's links stand."""
        try:
            grant = read_download(signer, token, clock.now())
        except CapabilityExpired as expired:
            log.info("expired download link refused")
            return gone(expired.subject)
        if grant is None:
            return unknown()
        if grant.generation < await generations.current(grant.person_id):
            log.info("revoked download link refused")
            return gone(grant.person_id)
        found = await store.get(grant.file_id)
        if found is None:
            return unknown()
        return file_response(*found)

    return router
