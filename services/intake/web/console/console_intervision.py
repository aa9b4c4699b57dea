"""Staff form a learning network's intervision groups on the console's cohort page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.intake.domain.errors import DecisionRefused
from services.intake.service_layer import enrolments
from services.intake.service_layer.intervision import form_group
from services.intake.web.console.console_kit import CONSOLE, ConsoleKit

FORMED = "De intervisiegroep is opgeslagen; de leden zien hem op hun eigen pagina."


def console_intervision_router(kit: ConsoleKit) -> APIRouter:
    """`POST /medewerker/cohorten/<id>/intervisie`: `naam`, `leden` (and `group_id` to change)."""
    router = APIRouter(prefix=CONSOLE, tags=["console"], default_response_class=HTMLResponse)

    @router.post("/cohorten/{cohort_id}/intervisie")
    async def form(request: Request, cohort_id: str) -> Response:
        decided = await kit.decision_form(request)
        if isinstance(decided, HTMLResponse):  # an expired form (400) or a reader (403)
            return decided
        session, posted = decided
        name = posted.get("naam")
        group_id = posted.get("group_id")
        members = [v for k, v in posted.multi_items() if k == "leden" and isinstance(v, str)]
        try:
            await form_group(
                cohort_id,
                name if isinstance(name, str) else "",
                members,
                kit.intake,
                group_id if isinstance(group_id, str) and group_id else None,
            )
        except enrolments.UnknownCohort:
            return kit.error(session, "Deze groep bestaat niet.", 404)
        except DecisionRefused as exc:
            return kit.error(session, exc.message, 422)
        return RedirectResponse(f"{CONSOLE}/cohorten/{cohort_id}?gedaan=intervisie#intervisie", 303)

    return router
