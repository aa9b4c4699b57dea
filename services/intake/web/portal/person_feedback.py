"""The owner's feedback on the draft from their own page: `/mijn/<token>/feedback`."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.domain.feedback_window import CLOSED, feedback_open, open_until
from services.intake.service_layer.people import PersonView
from services.intake.service_layer.timelines import NothingToSend, give_feedback
from services.intake.web.console.console_pages import documents_view
from services.intake.web.forms import posted_text
from services.intake.web.portal.owner_page import SECTIONS
from services.intake.web.portal.person_kit import MINE, LinkRefused, PersonPages
from shared.people import PersonKind

log = logging.getLogger(__name__)
EXPIRED = "Dit formulier is verlopen. Uw tekst staat er nog; verstuur het opnieuw."
EMPTY = "Schrijf bij minstens één onderdeel een opmerking, of een algemene opmerking."
THANKS = (
    "Dank u wel. Uw feedback is doorgestuurd naar de coaches van uw case. "
    "Wilt u nog iets toevoegen? Dat kan hieronder."
)


def feedback_context(pages: PersonPages, token: str, view: PersonView) -> dict[str, object]:
    """What the form shows: the draft, what was sent already, and until when it is open."""
    case, timeline = view.case, view.timeline
    assert case is not None and timeline is not None  # checked by the caller
    draft = timeline.latest_draft()
    now = pages.intake.now()
    drafts = [d for d in documents_view(timeline, pages.download_links(view))]
    return {
        "case_title": case.description.title,
        "draft": draft,
        "draft_downloads": next(
            (d["downloads"] for d in drafts if draft and d["version"] == draft.version), []
        ),
        "open": feedback_open(timeline, now),
        "open_until": open_until(timeline),
        "closed_text": CLOSED,
        "sent": [f for f in timeline.feedback if draft and f.on_version == draft.version],
        "sections": SECTIONS,
        "action": f"{MINE}/{token}/feedback",
        "back_url": f"{MINE}/{token}",
        "values": {},
        "melding": None,
        "fout": None,
    }


def person_feedback_router(pages: PersonPages) -> APIRouter:
    """Only the case's owner sees the form; anyone else's link opens the 'unknown page'."""
    router = APIRouter(tags=["person"], default_response_class=HTMLResponse)
    intake = pages.intake

    async def owner_view(token: str) -> PersonView:
        view = await pages.view(token)
        if view.kind is not PersonKind.OWNER or view.case is None or view.timeline is None:
            raise LinkRefused(404)
        return view

    @router.get(f"{MINE}/{{token}}/feedback")
    async def form(request: Request, token: str) -> Response:
        view = await owner_view(token)
        context = feedback_context(pages, token, view)
        if request.query_params.get("gedaan") == "1":
            context["melding"] = THANKS
        return pages.render(request, "mijn_feedback.html", context)

    @router.post(f"{MINE}/{{token}}/feedback")
    async def send(request: Request, token: str) -> Response:
        view = await owner_view(token)
        assert view.case is not None  # owner_view checked it
        posted = await posted_text(request)
        values = {k: v for k, v in posted.items() if k != "csrf_token"}
        context = feedback_context(pages, token, view) | {"values": values}
        if not pages.csrf_ok(request, posted):
            return pages.render(request, "mijn_feedback.html", context | {"fout": EXPIRED}, 400)
        comments = {key: posted.get(f"sectie_{key}", "") for key, _ in SECTIONS}
        try:
            await give_feedback(view.case.case_id, comments, posted.get("algemeen", ""), intake)
        except NothingToSend as exc:
            said = getattr(exc, "message", EMPTY)
            return pages.render(request, "mijn_feedback.html", context | {"fout": said}, 422)
        log.info("owner feedback from their page")
        return RedirectResponse(f"{MINE}/{token}/feedback?gedaan=1", status_code=303)

    return router
