"""Staff endpoints: delivery log per case, template preview, digest or individual mails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, EmailStr

from services.notifications.adapters.repositories import (
    NotificationRepository,
    PreferenceRepository,
    RecipientPreferences,
)
from services.notifications.adapters.templates import MessageRenderer
from services.notifications.domain.routing import RoutingTable
from services.notifications.service_layer.preview import preview
from shared.clock import Clock
from shared.persistence.repository import Change
from shared.staff_auth import StaffTokens

NOT_YET_SENT = ("pending", "held", "waiting")  # `next_attempt_at` is when it goes at the latest


def staff_guard(tokens: StaffTokens) -> Callable[[Request], Awaitable[None]]:
    """A dependency: a bearer token from STAFF_TOKENS, compared in constant time."""

    async def guard(request: Request) -> None:
        member = tokens.authenticate(request.headers.get("authorization"))
        if member is None or not member.may_read():
            raise HTTPException(401, "staff token required", {"WWW-Authenticate": "Bearer"})

    return guard


class DigestChoice(BaseModel):
    """A staff member's choice: one daily digest, or every alert as it happens."""

    model_config = ConfigDict(extra="forbid")

    digest: bool


def staff_router(
    tokens: StaffTokens,
    table: RoutingTable,
    renderer: MessageRenderer,
    notifications: NotificationRepository,
    preferences: PreferenceRepository,
    clock: Clock,
) -> APIRouter:
    """Everything behind the staff token."""
    router = APIRouter(prefix="/api", tags=["staff"], dependencies=[Depends(staff_guard(tokens))])

    @router.get("/cases/{case_id}/notifications")
    async def delivery_log(case_id: str) -> dict[str, Any]:
        entries = [
            {
                "notification_id": n.planned.key,
                "event_id": n.planned.event_id,
                "event_type": n.planned.event_type,
                "template": n.planned.template,
                "channel": n.planned.channel,
                "recipient": n.planned.recipient.address,
                "recipient_role": n.planned.recipient.role,
                "status": n.status,
                "attempts": n.attempts,
                "subject": n.subject,
                "created_at": n.times.created_at,
                "next_attempt_at": n.times.not_before if n.status in NOT_YET_SENT else None,
                "sent_at": n.times.sent_at,
                "failed_at": n.times.failed_at,
                "last_error": n.last_error,
            }
            for n in await notifications.for_case(case_id)
        ]
        return {"case_id": case_id, "notifications": entries}

    @router.get("/preview/{template}", response_model=None)
    async def preview_template(
        template: str, format: str = "json"
    ) -> dict[str, str] | HTMLResponse:
        if template not in table.templates():
            raise HTTPException(404, f"unknown template: {template}")
        rendered = preview(template, table, renderer)
        if format == "html":
            return HTMLResponse(rendered.html)
        return {"subject": rendered.subject, "text": rendered.text, "html": rendered.html}

    @router.get("/staff/{email}/preferences")
    async def staff_preferences(email: EmailStr) -> dict[str, Any]:
        stored = await preferences.of(str(email))
        return {"email": str(email), "digest": stored.digest if stored else None}

    @router.put("/staff/{email}/preferences")
    async def choose(email: EmailStr, choice: DigestChoice) -> dict[str, Any]:
        address = str(email).lower()
        now: dt.datetime = clock.now()

        def decide(current: RecipientPreferences | None) -> Change[RecipientPreferences]:
            base = current or RecipientPreferences(address=address)
            return Change(base.model_copy(update={"digest": choice.digest, "updated_at": now}))

        await preferences.apply(address, decide)
        return {"email": address, "digest": choice.digest}

    return router
