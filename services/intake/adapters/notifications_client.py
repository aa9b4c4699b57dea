"""Mails that failed for good are notifications' data: the console lists and resends them there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote

import httpx
from pydantic import AwareDatetime, BaseModel


class MailsUnavailable(Exception):
    """Notifications did not answer, or answered with an error."""


class FailedMail(BaseModel):
    """One mail that did not arrive, as notifications says it in Dutch (no address, no code)."""

    notification_id: str
    subject: str
    recipient_role: str
    reason: str
    failed_at: AwareDatetime


class NotificationsClient(Protocol):
    """What the console needs from notifications."""

    async def failed(self) -> list[FailedMail]: ...

    async def resend(self, notification_id: str) -> bool: ...


class HttpNotificationsClient:
    """Notifications' staff API with intake's service token (a decider's, like scheduling's)."""

    def __init__(self, http: httpx.AsyncClient, token: str) -> None:
        self._http = http  # base_url: notifications' address
        self._headers = {"Authorization": f"Bearer {token}"}

    async def failed(self) -> list[FailedMail]:
        """The failed mails, oldest first."""
        try:
            answer = await self._http.get("/api/notifications/failed", headers=self._headers)
            answer.raise_for_status()
            return [FailedMail.model_validate(row) for row in answer.json()["notifications"]]
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            raise MailsUnavailable(type(exc).__name__) from exc

    async def resend(self, notification_id: str) -> bool:
        """Send it once more; False when it is no longer a failed mail (sent meanwhile, gone)."""
        path = f"/api/notifications/{quote(notification_id, safe='')}/resend"
        try:
            answer = await self._http.post(path, headers=self._headers)
        except httpx.HTTPError as exc:
            raise MailsUnavailable(type(exc).__name__) from exc
        if answer.status_code in (404, 409):
            return False
        if answer.status_code >= 400:
            raise MailsUnavailable(f"status {answer.status_code}")
        return True


@dataclass
class FakeNotificationsClient:
    """Failed mails in memory; a resent one leaves the list."""

    mails: list[FailedMail]
    resent: list[str]

    @classmethod
    def with_failed(cls, *mails: FailedMail) -> FakeNotificationsClient:
        return cls(list(mails), [])

    async def failed(self) -> list[FailedMail]:
        return list(self.mails)

    async def resend(self, notification_id: str) -> bool:
        if not any(m.notification_id == notification_id for m in self.mails):
            return False
        self.mails = [m for m in self.mails if m.notification_id != notification_id]
        self.resent.append(notification_id)
        return True


def sample_failed(at: dt.datetime) -> FailedMail:
    """A failed mail as a test or a preview shows it."""
    return FailedMail(
        notification_id="n-1",
        subject="Uw aanmelding is ontvangen",
        recipient_role="de case-eigenaar",
        reason="De mailserver weigert het bericht, bijvoorbeeld omdat het adres niet bestaat.",
        failed_at=at,
    )
