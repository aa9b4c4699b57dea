"""Moving a session is scheduling's business: intake asks its HTTP API, behind a small interface."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from services.intake.adapters.service_api import (
    SCHEDULING,
    ServiceApi,
    detail_of,
    field_of,
    reasons_of,
)

UNREACHABLE = "De planning is nu niet bereikbaar. Probeer het later."


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


@dataclass(frozen=True)
class DateAnswer:
    """The owner's or expert's answer about a tentative date, as scheduling holds it."""

    session_id: str
    person_id: str
    name: str
    role: str  # owner | content_expert
    fits: bool
    reason: str = ""


class SchedulingClient(Protocol):
    """What the console and the person pages need from scheduling."""

    async def reschedule(
        self,
        case_id: str,
        session_id: str,
        starts_at: dt.datetime,
        reason: str,
        confirm: bool = False,
    ) -> None: ...

    async def date_answers(self, case_id: str) -> list[DateAnswer]: ...

    async def answer_date(
        self, case_id: str, session_id: str, person_id: str, fits: bool, reason: str
    ) -> None: ...

    async def confirm_date(self, case_id: str, session_id: str) -> None: ...

    async def book(self, cohort_id: str, participant_id: str, session_id: str) -> None: ...

    async def cancel_booking(self, cohort_id: str, participant_id: str) -> None: ...


def _detail(response: httpx.Response) -> str:
    detail = detail_of(response)
    if isinstance(detail, str) and detail:
        return detail
    return "; ".join(reasons_of(response, SCHEDULING))


def _reschedule_refused(response: httpx.Response | None) -> RescheduleRefused:
    if response is None:
        return RescheduleRefused(UNREACHABLE)
    return RescheduleRefused(_detail(response))


def _booking_refused(response: httpx.Response | None) -> BookingRefused:
    if response is None:
        return BookingRefused(UNREACHABLE)
    found = field_of(response, "next_session_id")
    return BookingRefused(_detail(response), found if isinstance(found, str) else None)


class HttpSchedulingClient(ServiceApi):
    """Scheduling's staff API with the token intake was given for it."""

    async def reschedule(
        self,
        case_id: str,
        session_id: str,
        starts_at: dt.datetime,
        reason: str,
        confirm: bool = False,
    ) -> None:
        """POST the new start; any refusal becomes a Dutch message for the staff member."""
        url = f"{self._base_url}{self._case(case_id, session_id)}/reschedule"
        body = {"starts_at": starts_at.isoformat(), "reason": reason, "confirm": confirm}
        await self._send("POST", url, _reschedule_refused, json=body)

    def _case(self, case_id: str, session_id: str = "") -> str:
        path = f"/api/trajectories/{quote(case_id, safe='')}"
        return f"{path}/sessions/{quote(session_id, safe='')}" if session_id else path

    async def date_answers(self, case_id: str) -> list[DateAnswer]:
        """The owner's and expert's answers per session; none when scheduling does not answer."""
        try:
            url = f"{self._base_url}{self._case(case_id)}/date-answers"
            sessions: list[dict[str, Any]] = (await self._read(url, quick=True))["sessions"]
        except (httpx.HTTPError, ValueError, KeyError):
            return []
        return [
            DateAnswer(
                session_id=str(a["session_id"]),
                person_id=str(a["person_id"]),
                name=str(a["name"]),
                role=str(a["role"]),
                fits=a["answer"] == "fits",
                reason=str(a.get("reason", "")),
            )
            for s in sessions
            for a in s.get("answers", [])
        ]

    async def answer_date(
        self, case_id: str, session_id: str, person_id: str, fits: bool, reason: str
    ) -> None:
        """Pass on an answer from the person's page (scheduling owns the answers)."""
        answer = "fits" if fits else "other_date"
        body = {"person_id": person_id, "answer": answer, "reason": reason}
        await self._call("POST", f"{self._case(case_id, session_id)}/date-answers", body)

    async def confirm_date(self, case_id: str, session_id: str) -> None:
        """Staff fix the tentative date; every invitee gets the update."""
        await self._call("POST", f"{self._case(case_id, session_id)}/confirm")

    async def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> None:
        await self._send(method, f"{self._base_url}{path}", _booking_refused, json=body)

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
        self.answers: dict[str, list[DateAnswer]] = {}  # per case
        self.confirmed: list[tuple[str, str]] = []
        self.fixed_moves: list[bool] = []  # per move: was the new time fixed at once

    async def reschedule(
        self,
        case_id: str,
        session_id: str,
        starts_at: dt.datetime,
        reason: str,
        confirm: bool = False,
    ) -> None:
        if self.refuse:
            raise RescheduleRefused(self.refuse)
        self.requests.append((case_id, session_id, starts_at, reason))
        self.fixed_moves.append(confirm)
        self._close(case_id, session_id)

    async def date_answers(self, case_id: str) -> list[DateAnswer]:
        return list(self.answers.get(case_id, []))

    async def answer_date(
        self, case_id: str, session_id: str, person_id: str, fits: bool, reason: str
    ) -> None:
        if self.refuse:
            raise BookingRefused(self.refuse)
        kept = [
            a
            for a in self.answers.get(case_id, [])
            if (a.session_id, a.person_id) != (session_id, person_id)
        ]
        role = "owner" if person_id.startswith("owner-") else "content_expert"
        given = DateAnswer(session_id, person_id, person_id, role, fits, reason)
        self.answers[case_id] = [*kept, given]

    async def confirm_date(self, case_id: str, session_id: str) -> None:
        if self.refuse:
            raise BookingRefused(self.refuse)
        self.confirmed.append((case_id, session_id))
        self._close(case_id, session_id)

    def _close(self, case_id: str, session_id: str) -> None:
        kept = [a for a in self.answers.get(case_id, []) if a.session_id != session_id]
        self.answers[case_id] = kept

    async def book(self, cohort_id: str, participant_id: str, session_id: str) -> None:
        if self.refuse:
            raise BookingRefused(self.refuse, self.refuse_next)
        self.bookings[(cohort_id, participant_id)] = session_id

    async def cancel_booking(self, cohort_id: str, participant_id: str) -> None:
        self.bookings.pop((cohort_id, participant_id), None)
