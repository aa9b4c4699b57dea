"""The owner and the content expert answer a tentative date from their page.

Scheduling owns the answers (design.md): the page passes each answer on to scheduling's API
with intake's service token and reads them back from there, storing nothing itself.
"""

from __future__ import annotations

import logging
from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.adapters.scheduling_client import BookingRefused, SchedulingClient
from services.intake.web.date_pages import may_answer
from services.intake.web.portal.person import checked_form, page_saying
from services.intake.web.portal.person_kit import MINE, PersonPages

log = logging.getLogger(__name__)
NOT_ASKED = "Voor deze sessie wordt u niet om een antwoord over de datum gevraagd."
NEEDS_REASON = "Geef aan waarom de datum u niet past en wanneer het wel kan."


def person_date_router(pages: PersonPages, scheduling: SchedulingClient) -> APIRouter:
    """`POST /mijn/<token>/sessies/<session>/datum`: `antwoord` past | anders, `reden`."""
    router = APIRouter(tags=["person"], default_response_class=HTMLResponse)

    @router.post(f"{MINE}/{{token}}/sessies/{{session_id}}/datum")
    async def answer(request: Request, token: str, session_id: str) -> Response:
        view = await pages.view(token)
        session = view.session(session_id)
        posted = await checked_form(pages, request, token, view)
        if isinstance(posted, Response):
            return posted
        say = partial(page_saying, pages, request, token, view)
        if not may_answer(session, view.person_id, pages.intake.now()) or not session.case_id:
            return say(NOT_ASKED, 422)
        fits = posted.get("antwoord") == "past"
        reason = posted.get("reden", "").strip()[:1000]
        if not fits and not reason:
            return say(NEEDS_REASON, 422)
        try:
            await scheduling.answer_date(session.case_id, session_id, view.person_id, fits, reason)
        except BookingRefused as exc:
            return say(exc.message, 409)
        log.info("date answer given from a page", extra={"case_id": session.case_id})
        done = "datum-past" if fits else "datum-anders"
        return RedirectResponse(f"{MINE}/{token}?gedaan={done}", status_code=303)

    return router
