"""Network members propose topics for the next meeting and support each other's proposals.

Documents owns meeting topics (design.md): the page passes each proposal and each show of
support on to documents' API with intake's service token, storing nothing itself.
"""

from __future__ import annotations

import logging
from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.adapters.documents_client import DocumentsClient, TopicRefused
from services.intake.web.portal.person import checked_form, page_saying
from services.intake.web.portal.person_kit import MINE, PersonPages
from services.intake.web.portal.topic_pages import next_meeting

log = logging.getLogger(__name__)
NOT_NEXT = "U kunt alleen onderwerpen voorstellen voor uw eerstvolgende bijeenkomst."
NO_TITLE = "Geef uw onderwerp een titel."


def person_topic_router(pages: PersonPages, documents: DocumentsClient) -> APIRouter:
    """`POST /mijn/<token>/onderwerpen/<session>` (`titel`) and `.../<topic>/steunen`."""
    router = APIRouter(tags=["person"], default_response_class=HTMLResponse)

    async def handle(request: Request, token: str, session_id: str, topic_id: str) -> Response:
        view = await pages.view(token)
        posted = await checked_form(pages, request, token, view)
        if isinstance(posted, Response):
            return posted
        say = partial(page_saying, pages, request, token, view)
        meeting = next_meeting(view, pages.intake.now())
        if meeting is None or meeting.session_id != session_id:
            return say(NOT_NEXT, 422)
        title = " ".join(posted.get("titel", "").split())[:200]
        try:
            if topic_id:
                await documents.support(session_id, topic_id, view.person_id)
            elif not title:
                return say(NO_TITLE, 422)
            else:
                about = (session_id, meeting.cohort_id, meeting.session.name)
                await documents.propose(about, view.person_id, view.name, title)
        except TopicRefused as exc:
            return say(exc.message, 409)
        log.info("meeting topic changed from a page", extra={"cohort_id": meeting.cohort_id})
        done = "gesteund" if topic_id else "onderwerp"
        return RedirectResponse(f"{MINE}/{token}?gedaan={done}#onderwerpen", status_code=303)

    @router.post(f"{MINE}/{{token}}/onderwerpen/{{session_id}}")
    async def propose(request: Request, token: str, session_id: str) -> Response:
        return await handle(request, token, session_id, "")

    @router.post(f"{MINE}/{{token}}/onderwerpen/{{session_id}}/{{topic_id}}/steunen")
    async def support(request: Request, token: str, session_id: str, topic_id: str) -> Response:
        return await handle(request, token, session_id, topic_id)

    return router
