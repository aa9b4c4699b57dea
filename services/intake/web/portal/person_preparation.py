"""A leercase learner's preparation from their own page: `/mijn/<token>/voorbereiding/<case>`.

Documents owns the answers (design.md): the page reads and saves them through documents' API
with intake's service token. Only a participant whose sessions are about the case may open it.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.adapters.preparation_client import (
    Answers,
    PreparationClient,
    PreparationRefused,
)
from services.intake.service_layer.people import PersonView
from services.intake.web.forms import posted_text
from services.intake.web.portal.person_kit import MINE, LinkRefused, PersonPages
from shared.people import PersonKind

log = logging.getLogger(__name__)
EXPIRED = "Dit formulier is verlopen. Uw antwoorden staan er nog; verstuur ze opnieuw."
EMPTY = "Beantwoord minstens één vraag."
NO_QUESTION = "Schrijf uw vraag voor de case-eigenaar."
ASKED = (
    "Uw vraag staat op de agenda van de verhelderingssessie; "
    "de case-eigenaar kan haar vooraf beantwoorden."
)
THANKS = "Dank u wel. Uw voorbereiding is opgeslagen; de coaches lezen haar voor de sessie."
DONE = {"1": THANKS, "vraag": ASKED}


def preparation_links(view: PersonView, base: str) -> list[tuple[str, str]]:
    """Per case of a learner: the case's title and the link to its preparation."""
    if view.kind is not PersonKind.PARTICIPANT:
        return []
    return [(title or "uw case", f"{base}/voorbereiding/{cid}") for cid, title in view.cases()]


def person_preparation_router(pages: PersonPages, documents: PreparationClient) -> APIRouter:
    """The questionnaire as a form; a second submission replaces the first."""
    router = APIRouter(tags=["person"], default_response_class=HTMLResponse)

    async def learner(token: str, case_id: str) -> tuple[PersonView, str]:
        view = await pages.view(token)
        titles = dict(view.cases())
        if view.kind is not PersonKind.PARTICIPANT or case_id not in titles:
            raise LinkRefused(404)
        return view, titles[case_id] or "uw case"

    async def shown(
        request: Request,
        where: tuple[str, str, str],
        person_id: str,
        values: Answers | None = None,
        fout: str | None = None,
        status: int = 200,
    ) -> Response:
        token, case_id, title = where
        back = f"{MINE}/{token}"
        try:
            preparation = await documents.preparation(case_id, person_id)
        except PreparationRefused as exc:
            said: dict[str, object] = {
                "fout": exc.message,
                "back_url": back,
                "case_title": title,
                "title": "",
                "questions": [],
                "melding": None,
            }
            return pages.render(request, "mijn_voorbereiding.html", said, 503)
        context: dict[str, object] = {
            "case_title": title,
            "title": preparation.title,
            "questions": preparation.questions,
            "values": preparation.answers | (values or {}),
            "submitted": preparation.submitted,
            "action": f"{back}/voorbereiding/{case_id}",
            "back_url": back,
            "owner_questions": await documents.questions(case_id),
            "question_action": f"{back}/voorbereiding/{case_id}/vraag",
            "melding": DONE.get(request.query_params.get("gedaan", "")),
            "fout": fout,
        }
        return pages.render(request, "mijn_voorbereiding.html", context, status)

    @router.get(f"{MINE}/{{token}}/voorbereiding/{{case_id}}")
    async def form(request: Request, token: str, case_id: str) -> Response:
        view, title = await learner(token, case_id)
        return await shown(request, (token, case_id, title), view.person_id)

    @router.post(f"{MINE}/{{token}}/voorbereiding/{{case_id}}")
    async def send(request: Request, token: str, case_id: str) -> Response:
        view, title = await learner(token, case_id)
        form_data = await request.form()
        posted = {k: v for k, v in form_data.items() if isinstance(v, str)}
        answers: Answers = {}
        for key in {k for k in form_data if k.startswith("vraag_")}:
            given = [v.strip() for v in form_data.getlist(key) if isinstance(v, str) and v.strip()]
            if given:
                many = form_data.get(f"meer_{key}") == "1"
                answers[key.removeprefix("vraag_")] = given if many else given[0]
        if not pages.csrf_ok(request, posted):
            return await shown(
                request,
                (token, case_id, title),
                view.person_id,
                values=answers,
                fout=EXPIRED,
                status=400,
            )
        if not answers:
            return await shown(
                request, (token, case_id, title), view.person_id, fout=EMPTY, status=422
            )
        try:
            await documents.save(case_id, view.person_id, view.name, answers)
        except PreparationRefused as exc:
            return await shown(
                request,
                (token, case_id, title),
                view.person_id,
                values=answers,
                fout=exc.message,
                status=422,
            )
        log.info("preparation saved from a learner's page")
        return RedirectResponse(f"{MINE}/{token}/voorbereiding/{case_id}?gedaan=1", 303)

    @router.post(f"{MINE}/{{token}}/voorbereiding/{{case_id}}/vraag")
    async def ask(request: Request, token: str, case_id: str) -> Response:
        """A question for the owner (optional), until the clarification session starts."""
        view, title = await learner(token, case_id)
        posted = await posted_text(request)
        where = (token, case_id, title)
        if not pages.csrf_ok(request, posted):
            return await shown(request, where, view.person_id, fout=EXPIRED, status=400)
        text = posted.get("vraag", "").strip()[:2_000]
        if not text:
            return await shown(request, where, view.person_id, fout=NO_QUESTION, status=422)
        try:
            await documents.ask(case_id, view.person_id, view.name, text)
        except PreparationRefused as exc:
            return await shown(request, where, view.person_id, fout=exc.message, status=409)
        log.info("question for the owner asked from a learner's page")
        return RedirectResponse(f"{MINE}/{token}/voorbereiding/{case_id}?gedaan=vraag", 303)

    return router
