"""The learners write the approach, a coach releases it: `/mijn/<token>/aanpak/<case>`.

Documents owns the sections and their versions (design.md): this page passes each save and
each release on to documents' API, storing nothing itself. A save is based on the version the
page showed, so a concurrent edit gives documents' 409 and the writer keeps their text.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.adapters.approach_client import ApproachClient, ApproachRefused
from services.intake.service_layer.people import PersonView
from services.intake.web.forms import posted_text
from services.intake.web.portal.approach_page import KIND_TEXT, approach_context, content_from_form
from services.intake.web.portal.person_kit import MINE, LinkRefused, PersonPages
from shared.people import PersonKind

log = logging.getLogger(__name__)
EXPIRED = "Dit formulier is verlopen. Uw tekst staat er nog; sla het opnieuw op."
CONFLICT = (
    "Iemand anders heeft dit onderdeel intussen opgeslagen. Hieronder staat de nieuwe versie; "
    "uw tekst staat in de velden. Voeg uw wijziging toe en sla opnieuw op."
)
UNAVAILABLE = "De participatieaanpak is nu niet te openen. Probeer het later nog eens."
DONE = {
    "opgeslagen": "Het onderdeel is opgeslagen.",
    "vrijgegeven": "Vrijgegeven: de case-eigenaar ontvangt de versie per e-mail.",
}
WRITERS = (PersonKind.PARTICIPANT, PersonKind.COACH)


def approach_links(view: PersonView, base: str) -> list[tuple[str, str]]:
    """The page's link to each case this learner or coach writes on, with the case's title."""
    if view.kind not in WRITERS:
        return []
    return [(f"{base}/aanpak/{case_id}", title) for case_id, title in view.cases()]


def person_approach_router(pages: PersonPages, documents: ApproachClient) -> APIRouter:
    """Learners and coaches of a case write; only its coaches see the release button."""
    router = APIRouter(tags=["person"], default_response_class=HTMLResponse)

    async def writer_view(token: str, case_id: str) -> PersonView:
        view = await pages.view(token)
        if view.kind not in WRITERS or case_id not in dict(view.cases()):
            raise LinkRefused(404)
        return view

    async def show(
        request: Request,
        token: str,
        case_id: str,
        view: PersonView,
        extra: dict[str, object],
        status_code: int = 200,
        values: dict[str, str] | None = None,
    ) -> Response:
        approach = await documents.approach(case_id)
        base = f"{MINE}/{token}/aanpak/{case_id}"
        context: dict[str, object] = {
            "name": view.name,
            "action": base,
            "back_url": f"{MINE}/{token}",
            "coach": view.kind is PersonKind.COACH,
            "melding": None,
            "fout": None,
            "redenen": [],
            "kind_text": KIND_TEXT,
        }
        if approach is None:
            unavailable = {"fout": UNAVAILABLE, "case_title": dict(view.cases())[case_id]}
            context |= unavailable | {"delivered": [], "sections": [], "done": True}
            return pages.render(request, "mijn_aanpak.html", context | extra, 503)
        context |= approach_context(approach, values or {})
        return pages.render(request, "mijn_aanpak.html", context | extra, status_code)

    @router.get(f"{MINE}/{{token}}/aanpak/{{case_id}}")
    async def page(request: Request, token: str, case_id: str) -> Response:
        view = await writer_view(token, case_id)
        done = DONE.get(request.query_params.get("gedaan", ""))
        return await show(request, token, case_id, view, {"melding": done})

    @router.post(f"{MINE}/{{token}}/aanpak/{{case_id}}/onderdeel/{{key}}")
    async def save(request: Request, token: str, case_id: str, key: str) -> Response:
        view = await writer_view(token, case_id)
        posted = await posted_text(request)
        typed = {f"{key}.{k}": v for k, v in posted.items() if k not in ("csrf_token", "versie")}
        if not pages.csrf_ok(request, posted):
            return await show(request, token, case_id, view, {"fout": EXPIRED}, 400, typed)
        approach = await documents.approach(case_id)
        section = next((s for s in approach.sections if s.key == key), None) if approach else None
        if section is None:
            return await show(request, token, case_id, view, {"fout": UNAVAILABLE}, 404)
        seen = int(posted["versie"]) if posted.get("versie", "").isdigit() else section.version
        try:
            await documents.save(case_id, key, content_from_form(section, posted), seen)
        except ApproachRefused as exc:
            said: dict[str, object] = (
                {"fout": CONFLICT} if exc.conflict else {"redenen": exc.reasons}
            )
            status_code = 409 if exc.conflict else 422
            return await show(request, token, case_id, view, said, status_code, typed)
        log.info("approach section saved from a page", extra={"section": key})
        return RedirectResponse(
            f"{MINE}/{token}/aanpak/{case_id}?gedaan=opgeslagen#{key}", status_code=303
        )

    @router.post(f"{MINE}/{{token}}/aanpak/{{case_id}}/vrijgeven/{{kind}}")
    async def release(request: Request, token: str, case_id: str, kind: str) -> Response:
        view = await writer_view(token, case_id)
        posted = await posted_text(request)
        if view.kind is not PersonKind.COACH or kind not in KIND_TEXT:
            raise LinkRefused(404)
        if not pages.csrf_ok(request, posted):
            return await show(request, token, case_id, view, {"fout": EXPIRED}, 400)
        try:
            await documents.release(case_id, kind, token)
        except ApproachRefused as exc:
            return await show(request, token, case_id, view, {"redenen": exc.reasons}, 422)
        log.info("approach released from a coach's page", extra={"kind": kind})
        return RedirectResponse(
            f"{MINE}/{token}/aanpak/{case_id}?gedaan=vrijgegeven", status_code=303
        )

    return router
