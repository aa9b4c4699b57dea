"""An e-learning learner books, switches or cancels their live training from their page.

Scheduling owns training capacity and bookings: the page calls scheduling's booking API with
intake's service token (`SCHEDULING_URL`, `SCHEDULING_TOKEN`), so a full training is refused
at once, in words, with the next one that has a place.
"""

from __future__ import annotations

import logging
from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.adapters.scheduling_client import BookingRefused, SchedulingClient
from services.intake.web.portal.person import checked_form, page_saying
from services.intake.web.portal.person_kit import MINE, PersonPages
from services.intake.web.training_pages import next_free_text
from shared.contracts.base import ProgrammeFormat

log = logging.getLogger(__name__)
NOT_HERE = "In dit programma kiest u geen training."


def person_booking_router(pages: PersonPages, scheduling: SchedulingClient) -> APIRouter:
    """`POST /mijn/<token>/training/<cohort>` (book or switch) and `.../annuleren`."""
    router = APIRouter(tags=["person"], default_response_class=HTMLResponse)

    async def handle(request: Request, token: str, cohort_id: str, cancel: bool) -> Response:
        view = await pages.view(token)
        enrolment = view.enrolment(cohort_id)
        posted = await checked_form(pages, request, token, view)
        if isinstance(posted, Response):
            return posted
        say = partial(page_saying, pages, request, token, view)
        participant = enrolment.participant_by_person(view.person_id)
        if (
            participant is None
            or not enrolment.is_enrolled(participant.participant_id)
            or enrolment.cohort.format is not ProgrammeFormat.E_LEARNING
        ):
            return say(NOT_HERE, 422)
        session_id = posted.get("session_id", "")
        try:
            if cancel:
                await scheduling.cancel_booking(cohort_id, participant.participant_id)
            else:
                await scheduling.book(cohort_id, participant.participant_id, session_id)
        except BookingRefused as exc:
            full = exc.message == "Deze training is vol."
            message = next_free_text(enrolment, exc.next_session_id) if full else exc.message
            return say(message, 409)
        log.info("training booking changed from a page", extra={"cohort_id": cohort_id})
        done = "geannuleerd" if cancel else "geboekt"
        return RedirectResponse(f"{MINE}/{token}?gedaan={done}", status_code=303)

    @router.post(f"{MINE}/{{token}}/training/{{cohort_id}}")
    async def book(request: Request, token: str, cohort_id: str) -> Response:
        return await handle(request, token, cohort_id, cancel=False)

    @router.post(f"{MINE}/{{token}}/training/{{cohort_id}}/annuleren")
    async def cancel(request: Request, token: str, cohort_id: str) -> Response:
        return await handle(request, token, cohort_id, cancel=True)

    return router
