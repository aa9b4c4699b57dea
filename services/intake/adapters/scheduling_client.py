"""Moving a session is scheduling's business: intake asks its HTTP API, behind a small interface."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from urllib.parse import quote

import httpx


class RescheduleRefused(Exception):
    """Scheduling said no (unknown session, coach busy, trajectory closed) or did not answer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BookingRefused(Exception):
    """Scheduling refused a training booking; `next_session_id` is the next one with places."""

    def __init__(self, message: str, next_session_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.next_session_id = next_session_id


class SchedulingClient(Protocol):
    """What the console and the person pages need from scheduling."""

    async def reschedule(
        self, case_id: str, session_id: str, starts_at: dt.datetime, reason: str
    ) -> None: ...

    async def book(self, cohort_id: str, participant_id: str, session_id: str) -> None: ...

    async def cancel_booking(self, cohort_id: str, participant_id: str) -> None: ...


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = None
    if isinstance(detail, list):
        return "; ".join(str(item.get("reason", item)) for item in detail if isinstance(item, dict))
    return str(detail) if detail else f"De planning antwoordde met status {response.status_code}."


class HttpSchedulingClient:
    """Scheduling's staff API with the token intake was given for it."""

    def __init__(self, base_url: str, token: str, timeout: float = 10.0) -> None:
        self._base_url = base_url.rstrip("/")
        self._token = token
        self._timeout = timeout

    async def reschedule(
        self, case_id: str, session_id: str, starts_at: dt.datetime, reason: str
    ) -> None:
        """POST the new start; any refusal becomes a Dutch message for the staff member."""
        url = f"{self._base_url}/api/trajectories/{case_id}/sessions/{session_id}/reschedule"
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as http:
                response = await http.post(
                    url,
                    json={"starts_at": starts_at.isoformat(), "reason": reason},
                    headers={"Authorization": f"Bearer {self._token}"},
                )
        except httpx.HTTPError as exc:
            raise RescheduleRefused(
                "De planning is nu niet bereikbaar. Probeer het later."
            ) from exc
        if response.status_code >= 400:
            raise RescheduleRefused(_detail(response))

    async def _call(self, method: str, path: str, body: dict[str, str] | None = None) -> None:
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as http:
                response = await http.request(
                    method,
                    f"{self._base_url}{path}",
                    json=body,
                    headers={"Authorization": f"Bearer {self._token}"},
                )
        except httpx.HTTPError as exc:
            raise BookingRefused("De planning is nu niet bereikbaar. Probeer het later.") from exc
        if response.status_code >= 400:
            try:
                found = response.json().get("next_session_id")
            except ValueError:
                found = None
            raise BookingRefused(_detail(response), found if isinstance(found, str) else None)

    async def book(self, cohort_id: str, participant_id: str, session_id: str) -> None:
        """Take or move to a place in one training (scheduling owns capacity and bookings)."""
        body = {"participant_id": participant_id, "session_id": session_id}
        await self._call("POST", f"/api/cohorts/{quote(cohort_id, safe='')}/bookings", body)

    async def cancel_booking(self, cohort_id: str, participant_id: str) -> None:
        """Give the learner's place back."""
        who = quote(participant_id, safe="")
        await self._call("DELETE", f"/api/cohorts/{quote(cohort_id, safe='')}/bookings/{who}")


class FakeSchedulingClient:
    """Remembers requests; `refuse` makes the next one fail with that message."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dt.datetime, str]] = []
        self.bookings: dict[tuple[str, str], str] = {}
        self.refuse: str | None = None
        self.refuse_next: str | None = None  # with `refuse`: the next training with places

    async def reschedule(
        self, case_id: str, session_id: str, starts_at: dt.datetime, reason: str
    ) -> None:
        if self.refuse:
            raise RescheduleRefused(self.refuse)
        self.requests.append((case_id, session_id, starts_at, reason))

    async def book(self, cohort_id: str, participant_id: str, session_id: str) -> None:
        if self.refuse:
            raise BookingRefused(self.refuse, self.refuse_next)
        self.bookings[(cohort_id, participant_id)] = session_id

    async def cancel_booking(self, cohort_id: str, participant_id: str) -> None:
        self.bookings.pop((cohort_id, participant_id), None)
