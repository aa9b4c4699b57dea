"""The queue page's set-aside part: every service's items, who did not say and why, replay."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi.responses import RedirectResponse, Response

from services.intake.adapters.set_aside_client import (
    SetAsideClient,
    SetAsideItem,
    SetAsideTokenRefused,
    SetAsideUnavailable,
)
from services.intake.web.console.console_kit import CONSOLE, ConsoleKit
from services.intake.web.console.staff_session import StaffSession
from services.intake.web.templating import service_name_nl
from shared.set_aside_wording import REFUSALS, ReplayOutcome

log = logging.getLogger(__name__)
SERVICE_AWAY = "De dienst {service} is nu niet bereikbaar. Probeer het over een minuut opnieuw."
KEY_UNKNOWN = (
    "De dienst {service} draait, maar weigert het verzoek van de dienst Aanmeldingen: de"
    " toegangssleutel van Aanmeldingen is daar onbekend. Opnieuw proberen helpt niet; de"
    " beheerder voegt die sleutel toe aan de toegangssleutels van de dienst {service}."
)
KEY_NOT_ALLOWED = (
    "De dienst {service} draait en kent de toegangssleutel van de dienst Aanmeldingen, maar"
    " weigert het verzoek: die sleutel heeft daar niet genoeg rechten. Opnieuw proberen helpt"
    " niet; de beheerder geeft die sleutel bij de dienst {service} de rol van beslisser."
)


def token_refusal(service: str, refused: SetAsideTokenRefused) -> str:
    """What staff read when a service refused intake's token: unknown, or without the right."""
    wording = KEY_UNKNOWN if refused.unknown else KEY_NOT_ALLOWED
    return wording.format(service=service_name_nl(service))


async def set_aside_context(kit: ConsoleKit) -> dict[str, Any]:
    """Every service's set-aside items, asked at once; who did not answer, who refused."""

    async def of(service: str, desk: SetAsideClient) -> list[SetAsideItem] | Exception:
        try:
            return await desk.items()
        except SetAsideUnavailable as exc:
            log.warning("set-aside items unreadable", extra={"service": service, "error": str(exc)})
            return exc

    services = list(kit.set_aside)
    answers = await asyncio.gather(*(of(s, kit.set_aside[s]) for s in services))
    answered = dict(zip(services, answers, strict=True))
    return {
        "apart": [item for a in answers if isinstance(a, list) for item in a],
        "apart_onbereikbaar": [
            s for s, a in answered.items() if isinstance(a, SetAsideUnavailable)
            and not isinstance(a, SetAsideTokenRefused)
        ],
        "apart_geweigerd": [
            token_refusal(s, a) for s, a in answered.items() if isinstance(a, SetAsideTokenRefused)
        ],
    }  # fmt: skip


async def replay_answer(kit: ConsoleKit, session: StaffSession, service: str, key: str) -> Response:
    """Replay one item; the service's refusal, or why it could not be asked, in Dutch."""
    desk = kit.set_aside.get(service)
    if desk is None:
        return kit.error(session, "Deze dienst bestaat niet.", 404)
    try:
        outcome = await desk.replay(key)
    except SetAsideTokenRefused as refused:
        log.error("a service refused intake's token", extra={"service": service, "alert": True})
        return kit.error(session, token_refusal(service, refused), 502)
    except SetAsideUnavailable:
        log.exception("replaying a set-aside item failed", extra={"service": service})
        return kit.error(session, SERVICE_AWAY.format(service=service_name_nl(service)), 503)
    if outcome is not ReplayOutcome.DONE:
        status = 404 if outcome is ReplayOutcome.NOT_SET_ASIDE else 409
        return kit.error(session, REFUSALS[outcome], status)
    log.info("set-aside item replayed", extra={"service": service})
    return RedirectResponse(f"{CONSOLE}/wachtrijen?gedaan=hersteld", status_code=303)
