"""Staff confirm a date planned in consultation from the console's case page.

Scheduling owns the dates and the answers; this route asks its API, like moving a session.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.adapters.scheduling_client import BookingRefused, SchedulingClient
from services.intake.web.console.console_kit import CONSOLE, ConsoleKit
from services.intake.web.date_pages import answer_rows

CONFIRMED = "De datum staat vast. Alle genodigden krijgen de bijgewerkte uitnodiging."


async def date_answers_context(scheduling: SchedulingClient, case_id: str) -> dict[str, Any]:
    """Per session: the owner's and expert's answers; the open questions counted."""
    answers = await scheduling.date_answers(case_id)
    by_session = {a.session_id: answer_rows(answers, a.session_id) for a in answers}
    return {"date_answers": by_session, "open_date_questions": sum(not a.fits for a in answers)}


def console_date_router(kit: ConsoleKit) -> APIRouter:
    """`POST /medewerker/cases/<case>/sessies/<session>/bevestigen` (decider)."""
    router = APIRouter(prefix=CONSOLE, tags=["console"], default_response_class=HTMLResponse)

    @router.post("/cases/{case_id}/sessies/{session_id}/bevestigen")
    async def confirm(request: Request, case_id: str, session_id: str) -> Response:
        session, _ = await kit.decided(request)
        try:
            await kit.scheduling.confirm_date(case_id, session_id)
        except BookingRefused as exc:
            return kit.error(session, f"Bevestigen lukte niet: {exc.message}", 409)
        return RedirectResponse(f"{CONSOLE}/cases/{case_id}?gedaan=bevestigd", status_code=303)

    return router
