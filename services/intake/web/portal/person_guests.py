"""Guests for one session, invited from a person's page: `/mijn/<token>/sessies/<id>/gasten`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.domain.errors import DecisionRefused
from services.intake.service_layer.guests import invite_guest, may_invite, remove_guest
from services.intake.web.portal.person import checked_form, page_saying
from services.intake.web.portal.person_kit import MINE, LinkRefused, PersonPages


def person_guest_router(pages: PersonPages) -> APIRouter:
    """Invite a guest (name, email) or take one of one's own guests off again."""
    router = APIRouter(tags=["person"], default_response_class=HTMLResponse)
    intake = pages.intake

    async def handle(request: Request, token: str, session_id: str, remove: bool) -> Response:
        view = await pages.view(token)
        session = view.session(session_id)
        posted = await checked_form(pages, request, token, view)
        if isinstance(posted, Response):
            return posted
        if not may_invite(session, view.person_id):
            raise LinkRefused(404)
        try:
            if remove:
                await remove_guest(session, posted.get("email", ""), intake, by=view.person_id)
            else:
                name, email = posted.get("naam", ""), posted.get("email", "")
                await invite_guest(view, session_id, name, email, intake)
        except DecisionRefused as exc:
            return page_saying(pages, request, token, view, exc.message, 422)
        done = "gast-af" if remove else "gast"
        return RedirectResponse(f"{MINE}/{token}?gedaan={done}#sessies", status_code=303)

    @router.post(f"{MINE}/{{token}}/sessies/{{session_id}}/gasten")
    async def invite(request: Request, token: str, session_id: str) -> Response:
        return await handle(request, token, session_id, remove=False)

    @router.post(f"{MINE}/{{token}}/sessies/{{session_id}}/gasten/afmelden")
    async def uninvite(request: Request, token: str, session_id: str) -> Response:
        return await handle(request, token, session_id, remove=True)

    return router
