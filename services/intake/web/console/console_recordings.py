"""Staff link a case's recordings from the console; documents keeps them (issue 15, item 6)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.adapters.approach_client import ApproachClient, ApproachRefused
from services.intake.web.console.console_kit import CONSOLE, ConsoleKit, form_text

log = logging.getLogger(__name__)


def console_recordings_router(kit: ConsoleKit, documents: ApproachClient) -> APIRouter:
    """`POST /medewerker/cases/<case>/opnames/nieuw` (decider): a title and a link."""
    router = APIRouter(prefix=CONSOLE, tags=["console"], default_response_class=HTMLResponse)

    @router.post("/cases/{case_id}/opnames/nieuw")
    async def attach(request: Request, case_id: str) -> Response:
        session, form = await kit.decided(request)
        title, url = form_text(form, "titel"), form_text(form, "link")
        if not title or not url:
            return kit.error(session, "Geef de opname een titel en een link.", 422)
        try:
            shared = await documents.attach_recording(case_id, title, url)
        except ApproachRefused as exc:
            reasons = "; ".join(exc.reasons)
            return kit.error(session, f"De opname is niet gekoppeld: {reasons}", 422)
        log.info("recording linked from the console", extra={"shared": shared})
        done = "opname-gedeeld" if shared else "opname"
        return RedirectResponse(f"{CONSOLE}/cases/{case_id}?gedaan={done}", status_code=303)

    return router
