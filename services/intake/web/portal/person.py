"""A page for every person who attends, behind their signed link: `/mijn/<token>`."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.adapters.documents_client import DocumentsClient
from services.intake.adapters.scheduling_client import SchedulingClient
from services.intake.domain.errors import DecisionRefused, InvalidTransition
from services.intake.domain.feedback_window import owner_feedback
from services.intake.domain.programmes import programme_heading
from services.intake.service_layer import enrolments, teams
from services.intake.service_layer.decisions import name_content_expert
from services.intake.service_layer.guests import guest_card
from services.intake.service_layer.people import (
    PersonView,
    request_fresh_link,
)
from services.intake.web.date_pages import add_my_answers, date_card
from services.intake.web.forms import posted_text
from services.intake.web.intervision_pages import member_group
from services.intake.web.portal.expert_form import SAVED, expert_from_form, expert_values
from services.intake.web.portal.person_approach import approach_links
from services.intake.web.portal.person_homework import homework_card
from services.intake.web.portal.person_kit import MINE, PRIVATE, LinkRefused, PersonPages
from services.intake.web.portal.person_library import library_url
from services.intake.web.portal.person_owner_questions import owner_questions_url
from services.intake.web.portal.person_page import (
    ROLE_TEXT,
    owner_case,
    programme_card,
    runs_of,
    session_card,
)
from services.intake.web.portal.person_preparation import preparation_links
from services.intake.web.portal.topic_pages import add_topics
from services.intake.web.team_pages import mentored_teams
from services.intake.web.training_pages import training_choice
from shared.contracts.intake import Participant
from shared.ics import session_ics
from shared.people import PersonKind

log = logging.getLogger(__name__)
EXPIRED_FORM = "Dit formulier is verlopen. Probeer het nog eens."
DONE = {
    "afgemeld": "U bent afgemeld. U ontvangt een bevestiging per e-mail.",
    "deskundige": SAVED,
    "leervraag": "Uw leervraag is opgeslagen.",
    "geboekt": "U hebt een plaats in de training. De uitnodiging volgt per e-mail.",
    "gast": "Uw gast is uitgenodigd en ontvangt een uitnodiging per e-mail.",
    "gast-af": "Uw gast is afgemeld en ontvangt een annulering per e-mail.",
    "geannuleerd": "Uw plaats in de training is geannuleerd. De annulering volgt per e-mail.",
    "datum-past": "Dank u. Wij hebben doorgegeven dat de datum u past.",
    "datum-anders": "Dank u. Wij zoeken een andere datum en laten het u per e-mail weten.",
    "onderwerp": "Uw onderwerp staat bij de voorstellen voor de volgende bijeenkomst.",
    "gesteund": "U steunt dit onderwerp.",
}


def page_context(pages: PersonPages, token: str, view: PersonView) -> dict[str, object]:
    now = pages.intake.now()
    base = f"{MINE}/{token}"
    case = view.case
    asks_expert = case is not None and view.kind is PersonKind.OWNER and case.lacks_expert_email()
    coach = view.kind in (PersonKind.COACH, PersonKind.TRAINER, PersonKind.MENTOR)
    return {
        "name": view.name,
        "role": ROLE_TEXT.get(view.kind, "") if view.kind else "",
        "case": owner_case(view, now, pages.download_links(view)),
        "expert_action": f"{base}/deskundige" if asks_expert else "",
        "feedback_url": f"{base}/feedback" if owner_feedback(view.kind, view.timeline) else "",
        "expert_values": expert_values(case) if case is not None else {},
        "deskundige_fout": None,
        "programmes": [
            programme_card(
                e, view, f"{base}/afmelden/{e.cohort_id}", f"{base}/leervraag/{e.cohort_id}"
            )
            | {
                "training": training_choice(e, view, now, base)
                if e.is_enrolled_person(view.person_id)
                else None
            }
            | member_group(e, view.person_id)
            for e in view.enrolments
        ],
        "mentored_teams": mentored_teams(view.mentored, view.person_id),
        "runs": runs_of(view),
        "coach_cases": view.cases() if coach else [],
        "approach_links": approach_links(view, base),
        "sessions": [
            session_card(s, now, f"{base}/sessies/{s.session_id}.ics")
            | guest_card(s, view, now, f"{base}/sessies/{s.session_id}/gasten")
            | date_card(s, view.person_id, now, f"{base}/sessies/{s.session_id}/datum")
            | homework_card(s, view, base)
            for s in view.sessions
        ],
        "preparations": preparation_links(view, base),
        "library_url": library_url(view, base),
        "owner_questions_url": owner_questions_url(view, base),
        "network_topics": None,  # the next meeting's topics, read from documents on GET
        "melding": None,
        "fout": None,
    }


async def checked_form(
    pages: PersonPages, request: Request, token: str, view: PersonView
) -> dict[str, str] | HTMLResponse:
    """The posted text fields, or the person's page again (400) when the form has expired."""
    posted = await posted_text(request)
    if pages.csrf_ok(request, posted):
        return posted
    return page_saying(pages, request, token, view, EXPIRED_FORM, 400)


def page_saying(
    pages: PersonPages,
    request: Request,
    token: str,
    view: PersonView,
    message: str,
    status_code: int,
) -> HTMLResponse:
    """The person's page again, saying in words why what they sent changed nothing."""
    context = page_context(pages, token, view) | {"fout": message}
    return pages.render(request, "mijn.html", context, status_code)


def person_router(
    pages: PersonPages,
    scheduling: SchedulingClient | None = None,
    documents: DocumentsClient | None = None,
) -> APIRouter:
    """The page, a calendar file per session, withdrawal, and (owners) the content expert."""
    router = APIRouter(tags=["person"], default_response_class=HTMLResponse)
    intake = pages.intake

    @router.get(f"{MINE}/{{token}}")
    async def page(request: Request, token: str) -> Response:
        view = await pages.view(token)
        context = page_context(pages, token, view)
        context["melding"] = DONE.get(request.query_params.get("gedaan", ""))
        context = await add_my_answers(context, view, scheduling)
        base = f"{MINE}/{token}"
        context = await add_topics(context, view, documents, intake.now(), base)
        return pages.render(request, "mijn.html", context)

    @router.get(f"{MINE}/{{token}}/sessies/{{session_id}}.ics", response_class=Response)
    async def calendar_file(request: Request, token: str, session_id: str) -> Response:
        view = await pages.view(token)
        session = view.session(session_id)
        me = session.attendee(view.person_id)
        assert me is not None  # found by this person id
        text = session_ics(
            session.session,
            pages.office,
            intake.now(),
            cancelled=session.session.cancelled,
            recipient=me,
            page_url=pages.page_url(token),
        )
        headers = {**PRIVATE, "Content-Disposition": 'attachment; filename="sessie.ics"'}
        return Response(text, media_type="text/calendar; charset=utf-8", headers=headers)

    @router.get(f"{MINE}/{{token}}/afmelden/{{cohort_id}}")
    async def confirm_withdrawal(request: Request, token: str, cohort_id: str) -> Response:
        enrolment = (await pages.view(token)).enrolment(cohort_id)
        context: dict[str, object] = {
            "title": enrolment.cohort.title,
            "programme": programme_heading(enrolment.cohort.format, enrolment.cohort.title),
            "action": f"{MINE}/{token}/afmelden/{cohort_id}",
            "back_url": f"{MINE}/{token}",
        }
        return pages.render(request, "afmelden.html", context)

    async def posted_for_enrolment(
        request: Request, token: str, cohort_id: str
    ) -> tuple[Participant, dict[str, str], PersonView] | Response:
        """The person's own place in the cohort and their posted form, or the page refusing."""
        view = await pages.view(token)
        enrolment = view.enrolment(cohort_id)
        posted = await checked_form(pages, request, token, view)
        if isinstance(posted, Response):
            return posted
        participant = enrolment.participant_by_person(view.person_id)
        assert participant is not None  # the enrolment was found by this person id
        return participant, posted, view

    @router.post(f"{MINE}/{{token}}/afmelden/{{cohort_id}}")
    async def withdraw(request: Request, token: str, cohort_id: str) -> Response:
        found = await posted_for_enrolment(request, token, cohort_id)
        if isinstance(found, Response):
            return found
        participant, _posted, _view = found
        await enrolments.withdraw(
            cohort_id, participant.participant_id, intake, reason="Afgemeld via de eigen pagina"
        )
        log.info("participant withdrew from their page", extra={"cohort_id": cohort_id})
        return RedirectResponse(f"{MINE}/{token}?gedaan=afgemeld", status_code=303)

    @router.post(f"{MINE}/{{token}}/leervraag/{{cohort_id}}")
    async def learning_question(request: Request, token: str, cohort_id: str) -> Response:
        found = await posted_for_enrolment(request, token, cohort_id)
        if isinstance(found, Response):
            return found
        participant, posted, view = found
        try:
            await teams.record_learning_question(
                cohort_id, participant.participant_id, posted.get("leervraag", ""), intake
            )
        except DecisionRefused as exc:
            return page_saying(pages, request, token, view, exc.message, 422)
        return RedirectResponse(f"{MINE}/{token}?gedaan=leervraag", status_code=303)

    @router.post(f"{MINE}/{{token}}/deskundige")
    async def content_expert(request: Request, token: str) -> Response:
        view = await pages.view(token)
        case = view.case
        if case is None or view.kind is not PersonKind.OWNER:
            raise LinkRefused(404)
        posted = await posted_text(request)
        context = page_context(pages, token, view) | {"expert_values": expert_values(case, posted)}
        if not pages.csrf_ok(request, posted):
            return pages.render(
                request, "mijn.html", context | {"deskundige_fout": EXPIRED_FORM}, 400
            )
        expert = expert_from_form(posted)
        if isinstance(expert, str):
            return pages.render(request, "mijn.html", context | {"deskundige_fout": expert}, 422)
        try:
            await name_content_expert(case.case_id, expert, "eigenaar", intake)
        except InvalidTransition as exc:
            return pages.render(request, "mijn.html", context | {"deskundige_fout": str(exc)}, 409)
        return RedirectResponse(f"{MINE}/{token}?gedaan=deskundige", status_code=303)

    @router.post(f"{MINE}/{{token}}/nieuwe-link")
    async def fresh_link(request: Request, token: str) -> Response:
        try:
            await pages.person_id(token)
        except LinkRefused as exc:
            if exc.status_code != 410:
                return pages.refused(request, token, exc)
            posted = await posted_text(request)
            if not pages.csrf_ok(request, posted):
                return pages.refused(request, token, exc)
            await request_fresh_link(exc.person_id, exc.generation, intake)
            log.info("fresh person link requested")
            context = {"office_email": pages.office.email, "verstuurd": True}
            return pages.render(request, "verlopen.html", context, 410)
        return RedirectResponse(f"{MINE}/{token}", status_code=303)  # the link still works

    return router
