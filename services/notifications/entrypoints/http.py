"""Staff endpoints: delivery log per case, template preview, digest or individual mails."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, EmailStr

from services.notifications.domain import dutch
from services.notifications.domain.records import RecipientPreferences
from services.notifications.domain.routing import RoutingTable
from services.notifications.service_layer.channel_ports import MessageRenderer
from services.notifications.service_layer.ports import NotificationStore, PreferenceStore
from services.notifications.service_layer.preview import preview
from services.notifications.service_layer.resending import resend_failed
from shared.clock import Clock
from shared.persistence.aggregate import Change
from shared.persistence.ports import TimerStore
from shared.staff_access import StaffAccess
from shared.staff_auth import Permission

NOT_YET_SENT = ("pending", "held", "waiting")  # `next_attempt_at` is when it goes at the latest


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class DigestChoice(BaseModel):
    """A staff member's choice: one daily digest, or every alert as it happens."""

    model_config = ConfigDict(extra="forbid")

    digest: bool


def staff_router(
    access: StaffAccess,
    table: RoutingTable,
    renderer: MessageRenderer,
    notifications: NotificationStore,
    preferences: PreferenceStore,
    clock: Clock,
    timers: TimerStore,
) -> APIRouter:
    """Everything behind the staff token."""
    router = APIRouter(prefix="/api", tags=["staff"])
    read = [Depends(access.require(Permission.READ))]
    decide = [Depends(access.require(Permission.DECIDE))]

    @router.get("/cases/{case_id}/notifications", dependencies=read)
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

    @router.get("/preview/{template}", dependencies=read, response_model=None)
    async def preview_template(
        template: str, format: str = "json"
    ) -> dict[str, str] | HTMLResponse:
        if template not in table.templates():
            raise HTTPException(404, f"unknown template: {template}")
        rendered = preview(template, table, renderer)
        if format == "html":
            return HTMLResponse(rendered.html)
        return {"subject": rendered.subject, "text": rendered.text, "html": rendered.html}

    @router.get("/staff/{email}/preferences", dependencies=read)
    async def staff_preferences(email: EmailStr) -> dict[str, Any]:
        stored = await preferences.of(str(email))
        return {"email": str(email), "digest": stored.digest if stored else None}

    @router.put("/staff/{email}/preferences", dependencies=decide)
    async def choose(email: EmailStr, choice: DigestChoice) -> dict[str, Any]:
        address = str(email).lower()
        now: dt.datetime = clock.now()

        def decide(current: RecipientPreferences | None) -> Change[RecipientPreferences]:
            base = current or RecipientPreferences(address=address)
            return Change(base.model_copy(update={"digest": choice.digest, "updated_at": now}))

        await preferences.apply(address, decide)
        return {"email": address, "digest": choice.digest}

    @router.get("/notifications/failed", dependencies=read)
    async def failed_mails() -> dict[str, Any]:
        """Mails that failed for good, oldest first, said in Dutch for the staff console."""
        rows = []
        for stored in await notifications.failed():
            n = stored.state
            permanent = (n.error_code or 0) >= 500 or n.last_error.startswith("cannot compose")
            rows.append(
                {
                    "notification_id": stored.id,
                    "subject": n.subject or _capitalised(dutch.message_label(n.planned.template)),
                    "recipient_role": dutch.role_label(n.planned.recipient.role),
                    "reason": dutch.failure_text(n.last_error, permanent),
                    "failed_at": n.times.failed_at or n.times.created_at,
                    "case_id": n.case_id,
                }
            )
        return {"notifications": rows}

    @router.post("/notifications/{notification_id}/resend", dependencies=decide)
    async def resend(notification_id: str) -> dict[str, str]:
        """Send a failed notification again (the cause fixed), once; deciders only."""
        if await resend_failed([notification_id], clock.now(), notifications, timers):
            return {"notification_id": notification_id, "status": "pending"}
        stored = await notifications.get(notification_id)
        if stored is None:
            raise HTTPException(404, "unknown notification")
        raise HTTPException(
            409, f"only a failed notification can be resent, not {stored.state.status}"
        )

    return router
