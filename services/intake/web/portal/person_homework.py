"""Leeratelier homework from the person pages: `/mijn/<token>/huiswerk/<session>`.

Documents owns the hand-ins (design.md): a participant hands in a text and optionally one file
per round through documents' API with intake's service token, sees it and may replace it until
the round starts; the round's trainers see every hand-in, the files behind their own signed
download links (`/documenten/<token>` on documents, as release mails link them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from services.intake.adapters.homework_client import (
    HandedIn,
    HomeworkClient,
    HomeworkRefused,
    RoundInfo,
)
from services.intake.domain.agenda import SessionView
from services.intake.service_layer.people import PersonView
from services.intake.web.console.console_pages import download_url
from services.intake.web.portal.person_kit import MINE, LinkRefused, PersonPages
from shared.dutch import long_date
from shared.people import PersonKind

log = logging.getLogger(__name__)
MAX_READ = 1_000_000  # documents judges the size; the request body cannot be larger anyway
EXPIRED = "Dit formulier is verlopen. Verstuur uw huiswerk opnieuw."
THANKS = "Dank u wel. Uw huiswerk is ingeleverd; de trainers lezen het voor de ronde."
HANDS_IN = (PersonKind.PARTICIPANT,)
READS = (PersonKind.TRAINER,)


def homework_card(view: SessionView, person: PersonView, base: str) -> dict[str, str]:
    """The link a session card shows: hand in (participants) or read (trainers)."""
    none = {"homework_url": "", "homework_label": ""}
    if not view.session.homework or view.session.cancelled:
        return none
    url = f"{base}/huiswerk/{view.session_id}"
    if person.kind in HANDS_IN:
        return {"homework_url": url, "homework_label": "Uw huiswerk inleveren of bekijken"}
    if person.kind in READS:
        return {"homework_url": url, "homework_label": "Ingeleverd huiswerk bekijken"}
    return none


def _when(view: SessionView) -> str:
    start = view.session.starts_at.astimezone(ZoneInfo(view.session.timezone))
    return f"{long_date(start.date())}, {start:%H:%M} uur"


def _shown(hand_in: HandedIn, view: SessionView, link_for: Callable[[str], str]) -> dict[str, Any]:
    """A hand-in as the page shows it: local time, the file behind the reader's own link."""
    zone = ZoneInfo(view.session.timezone)
    at = hand_in.handed_in_at.astimezone(zone)
    file = None
    if hand_in.file is not None:
        size = max(1, round(hand_in.file.size / 1000))
        file = {
            "name": hand_in.file.filename,
            "size": f"{size} kB",
            "url": link_for(hand_in.file.url),
        }
    return {
        "name": hand_in.name,
        "text": hand_in.text,
        "at": f"{long_date(at.date())} om {at:%H:%M} uur",
        "file": file,
    }


def person_homework_router(pages: PersonPages, homework: HomeworkClient) -> APIRouter:
    """The round's homework page; one form, a second hand-in replaces the first."""
    router = APIRouter(tags=["person"], default_response_class=HTMLResponse)

    async def round_of(token: str, session_id: str) -> tuple[PersonView, SessionView]:
        view = await pages.view(token)
        session = view.session(session_id)
        if not homework_card(session, view, "")["homework_url"]:
            raise LinkRefused(404)
        return view, session

    async def shown(
        request: Request,
        token: str,
        found: tuple[PersonView, SessionView],
        fout: str | None = None,
        status: int = 200,
        text: str | None = None,
    ) -> Response:
        view, session = found
        back = f"{MINE}/{token}"
        links = pages.download_links(view)
        link_for = links if callable(links) else partial(download_url, links)
        is_open = pages.intake.now() < session.session.starts_at
        context: dict[str, object] = {
            "round_name": session.session.name,
            "programme": session.cohort_title,
            "when": _when(session),
            "homework": session.session.homework,
            "trainer": view.kind in READS,
            "open": is_open,
            "action": f"{back}/huiswerk/{session.session_id}",
            "back_url": back,
            "melding": THANKS if request.query_params.get("gedaan") == "1" else None,
            "fout": fout,
            "mine": None,
            "hand_ins": [],
            "text": text,
        }
        try:
            if view.kind in READS:
                context["hand_ins"] = [
                    _shown(h, session, link_for) for h in await homework.all(session.session_id)
                ]
            else:
                mine = await homework.own(session.session_id, view.person_id)
                context["mine"] = _shown(mine, session, link_for) if mine else None
        except HomeworkRefused as exc:
            context |= {"fout": exc.reason, "open": False}
            status = 503
        return pages.render(request, "mijn_huiswerk.html", context, status)

    @router.get(f"{MINE}/{{token}}/huiswerk/{{session_id}}")
    async def page(request: Request, token: str, session_id: str) -> Response:
        found = await round_of(token, session_id)
        return await shown(request, token, found)

    @router.post(f"{MINE}/{{token}}/huiswerk/{{session_id}}")
    async def hand_in(request: Request, token: str, session_id: str) -> Response:
        view, session = found = await round_of(token, session_id)
        if view.kind not in HANDS_IN:
            raise LinkRefused(404)
        form = await request.form()
        posted = {k: v for k, v in form.items() if isinstance(v, str)}
        text = posted.get("tekst", "")
        if not pages.csrf_ok(request, posted):
            return await shown(request, token, found, EXPIRED, 400, text)
        chosen = form.get("bestand")
        upload = None
        if isinstance(chosen, UploadFile) and chosen.filename:
            upload = (chosen.filename, await chosen.read(MAX_READ))
        meeting = RoundInfo(
            session.session_id, session.cohort_id, session.session.name, session.session.starts_at
        )
        try:
            await homework.hand_in(meeting, (view.person_id, view.name), text, upload)
        except HomeworkRefused as exc:
            status = 409 if exc.closed else (422 if exc.field else 503)
            return await shown(request, token, found, exc.reason, status, text)
        log.info("homework handed in from a participant's page")
        return RedirectResponse(f"{MINE}/{token}/huiswerk/{session_id}?gedaan=1", 303)

    return router
