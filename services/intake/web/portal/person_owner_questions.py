"""The owner answers the learners' questions from their own page: `/mijn/<token>/vragen`.

The questions and answers are documents' data; the answers go into the clarification
session's agenda and the coaches' briefing.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.adapters.preparation_client import PreparationClient, PreparationRefused
from services.intake.service_layer.people import PersonView
from services.intake.web.forms import posted_text
from services.intake.web.portal.person_kit import MINE, LinkRefused, PersonPages
from shared.people import PersonKind

log = logging.getLogger(__name__)
EXPIRED = "Dit formulier is verlopen. Verstuur uw antwoord opnieuw."
EMPTY = "Schrijf een antwoord."
THANKS = "Dank u wel. Uw antwoord staat bij de vraag en gaat mee naar de agenda en de coaches."
NO_SUCH_QUESTION = "Deze vraag bestaat niet (meer). Kies een vraag uit de lijst."


def owner_questions_url(view: PersonView, base: str) -> str:
    """The owner's link to the learners' questions (nothing for anyone else)."""
    return f"{base}/vragen" if view.kind is PersonKind.OWNER and view.case is not None else ""


def person_owner_questions_router(pages: PersonPages, documents: PreparationClient) -> APIRouter:
    """Only the case's owner sees the questions; anyone else's link opens the 'unknown page'."""
    router = APIRouter(tags=["person"], default_response_class=HTMLResponse)

    async def owner(token: str) -> tuple[str, str]:
        view = await pages.view(token)
        if view.kind is not PersonKind.OWNER or view.case is None:
            raise LinkRefused(404)
        return view.case.case_id, view.case.description.title

    async def shown(
        request: Request,
        token: str,
        case: tuple[str, str],
        fout: str | None = None,
        status: int = 200,
    ) -> Response:
        case_id, title = case
        context: dict[str, object] = {
            "case_title": title,
            "questions": await documents.questions(case_id),
            "action": f"{MINE}/{token}/vragen",
            "back_url": f"{MINE}/{token}",
            "melding": THANKS if request.query_params.get("gedaan") == "1" else None,
            "fout": fout,
        }
        return pages.render(request, "mijn_vragen.html", context, status)

    @router.get(f"{MINE}/{{token}}/vragen")
    async def listed(request: Request, token: str) -> Response:
        case = await owner(token)
        return await shown(request, token, case)

    @router.post(f"{MINE}/{{token}}/vragen/{{number}}")
    async def answer(request: Request, token: str, number: str) -> Response:
        case = await owner(token)
        if not number.isdigit() or len(number) > 6:  # a Dutch page, never the JSON 422
            return await shown(request, token, case, NO_SUCH_QUESTION, 404)
        posted = await posted_text(request)
        if not pages.csrf_ok(request, posted):
            return await shown(request, token, case, EXPIRED, 400)
        text = posted.get("antwoord", "").strip()[:4_000]
        if not text:
            return await shown(request, token, case, EMPTY, 422)
        try:
            await documents.answer(case[0], int(number), text)
        except PreparationRefused as exc:
            return await shown(request, token, case, exc.message, 422)
        log.info("owner answered a learner's question from their page")
        return RedirectResponse(f"{MINE}/{token}/vragen?gedaan=1", status_code=303)

    return router
