"""The console's failed mails: what did not arrive, why (in Dutch), and a resend for deciders."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.adapters.notifications_client import MailsUnavailable, NotificationsClient
from services.intake.web.console.console_kit import CONSOLE, ConsoleKit

log = logging.getLogger(__name__)
PAGE = f"{CONSOLE}/niet-bezorgd"
RESENT = "Het bericht wordt opnieuw verstuurd. Het verdwijnt uit deze lijst."
UNREACHABLE = "De berichtendienst is nu niet bereikbaar. Probeer het over een minuut opnieuw."
GONE = "Dit bericht staat niet (meer) in de lijst: het is al opnieuw verstuurd."


def console_mail_router(kit: ConsoleKit, mails: NotificationsClient) -> APIRouter:
    """Failed mails (read); resend (a decider's form, CSRF, then back to the list)."""
    router = APIRouter(prefix=CONSOLE, tags=["console"], default_response_class=HTMLResponse)

    @router.get("/niet-bezorgd")
    async def failed(request: Request) -> HTMLResponse:
        session = await kit.session(request)
        try:
            listed = await mails.failed()
        except MailsUnavailable as exc:
            log.warning("listing failed mails failed", extra={"error": str(exc)})
            return kit.error(session, UNREACHABLE, 503)
        melding = RESENT if request.query_params.get("gedaan") == "opnieuw" else None
        return kit.page("console/niet_bezorgd.html", {"mails": listed, "melding": melding}, session)

    @router.post("/niet-bezorgd/{notification_id}/opnieuw")
    async def resend(request: Request, notification_id: str) -> Response:
        session, _form = await kit.decided(request)
        try:
            resent = await mails.resend(notification_id)
        except MailsUnavailable as exc:
            log.warning("resending a failed mail failed", extra={"error": str(exc)})
            return kit.error(session, UNREACHABLE, 503)
        if not resent:
            return kit.error(session, GONE, 404)
        log.info("failed mail resent", extra={"by": session.member.name})
        return RedirectResponse(f"{PAGE}?gedaan=opnieuw", status_code=303)

    return router
