"""Staff release a draft or final from the console when no coach does (issue 15)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.adapters.approach_client import ApproachClient, ApproachRefused
from services.intake.web.console.console_kit import CONSOLE, ConsoleKit

log = logging.getLogger(__name__)
KINDS = ("draft", "final")


def console_release_router(kit: ConsoleKit, documents: ApproachClient) -> APIRouter:
    """`POST /medewerker/cases/<case>/vrijgeven/<draft|final>` (decider)."""
    router = APIRouter(prefix=CONSOLE, tags=["console"], default_response_class=HTMLResponse)

    @router.post("/cases/{case_id}/vrijgeven/{kind}")
    async def release(request: Request, case_id: str, kind: str) -> Response:
        session, _ = await kit.decided(request)
        if kind not in KINDS:
            return kit.error(session, "Deze versie bestaat niet.", 404)
        try:
            await documents.release(case_id, kind)
        except ApproachRefused as exc:
            reasons = "; ".join(exc.reasons)
            return kit.error(session, f"Vrijgeven lukte niet: {reasons}", 422)
        log.info("approach released from the console", extra={"kind": kind})
        return RedirectResponse(f"{CONSOLE}/cases/{case_id}?gedaan=vrijgegeven", status_code=303)

    return router
