"""One-click unsubscribe (RFC 8058): GET shows a Dutch confirmation page, POST opts out."""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from services.notifications.domain.records import RecipientPreferences
from services.notifications.domain.routing import RoutingTable
from services.notifications.domain.unsubscribe import UnsubscribeRequest, read_token
from services.notifications.service_layer.ports import PreferenceStore
from shared.capabilities import CapabilitySigner
from shared.clock import Clock
from shared.persistence.aggregate import Change

PAGES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent.parent / "templates" / "web"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
LABELS = {"reminder": "herinneringen aan sessies"}


def _page(state: str, request: UnsubscribeRequest | None, status: int = 200) -> HTMLResponse:
    category = request.category if request else ""
    html = PAGES.get_template("afmelden.html").render(
        state=state,
        label=LABELS.get(category, f"berichten van het soort '{category}'"),
        address=request.recipient if request else "",
    )
    return HTMLResponse(html, status_code=status)


def unsubscribe_router(
    table: RoutingTable, preferences: PreferenceStore, signer: CapabilitySigner, clock: Clock
) -> APIRouter:
    """The link in List-Unsubscribe and in the mail's footer."""
    router = APIRouter(tags=["unsubscribe"])

    def check(token: str) -> tuple[UnsubscribeRequest | None, HTMLResponse | None]:
        request = read_token(signer, token)
        if request is None or request.category not in table.categories():
            return None, _page("invalid", None, 400)
        if request.category in table.essential_categories():
            return request, _page("essential", request, 400)
        return request, None

    @router.get("/afmelden/{token}", response_class=HTMLResponse)
    async def confirm(token: str) -> HTMLResponse:
        request, refusal = check(token)
        return refusal or _page("confirm", request)

    @router.post("/afmelden/{token}", response_class=HTMLResponse)
    async def opt_out(token: str) -> HTMLResponse:
        request, refusal = check(token)
        if refusal is not None or request is None:
            return refusal or _page("invalid", None, 400)
        address, category = request.recipient, request.category
        now = clock.now()

        def decide(current: RecipientPreferences | None) -> Change[RecipientPreferences] | None:
            base = current or RecipientPreferences(address=address)
            if category in base.opted_out:
                return None
            opted = sorted({*base.opted_out, category})
            return Change(base.model_copy(update={"opted_out": opted, "updated_at": now}))

        await preferences.apply(address, decide)
        return _page("done", request)

    return router
