"""Staff form a learning network's intervision groups on the console's cohort page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.intake.service_layer.intervision import form_group
from services.intake.web.console.console_kit import CONSOLE, ConsoleKit

FORMED = "De intervisiegroep is opgeslagen; de leden zien hem op hun eigen pagina."


def console_intervision_router(kit: ConsoleKit) -> APIRouter:
    """`POST /medewerker/cohorten/<id>/intervisie`: `naam`, `leden` (and `group_id` to change)."""
    router = APIRouter(prefix=CONSOLE, tags=["console"], default_response_class=HTMLResponse)

    @router.post("/cohorten/{cohort_id}/intervisie")
    async def form(request: Request, cohort_id: str) -> Response:
        session, posted = await kit.decided(request)
        name = posted.get("naam")
        group_id = posted.get("group_id")
        members = [v for k, v in posted.multi_items() if k == "leden" and isinstance(v, str)]
        return await kit.cohort_change(
            session,
            lambda: form_group(
                cohort_id,
                name if isinstance(name, str) else "",
                members,
                kit.intake,
                group_id if isinstance(group_id, str) and group_id else None,
            ),
            f"{CONSOLE}/cohorten/{cohort_id}?gedaan=intervisie#intervisie",
        )

    return router
