"""Enrolment in one cohort: places up to capacity, then a waitlist in arrival order."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, computed_field

from services.intake.domain.dutch_dates import format_date_nl
from services.intake.domain.localtime import local_date
from shared.contracts.base import EventData
from shared.contracts.intake import (
    Participant,
    ParticipantEnrolled,
    ParticipantRefused,
    ParticipantWaitlisted,
)
from shared.contracts.scheduling import CohortInfo


class Enrolment(BaseModel):
    """The places of one cohort; each method returns the events the change owes."""

    cohort: CohortInfo
    enrolled: list[Participant] = []
    waitlist: list[Participant] = []

    @classmethod
    def for_cohort(cls, cohort: CohortInfo) -> Enrolment:
        """An empty enrolment for a cohort scheduling has just planned."""
        return cls(cohort=cohort)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def start_date(self) -> dt.date:
        """Stored beside the cohort so upcoming cohorts are found by index."""
        return self.cohort.start_date

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cancelled(self) -> bool:
        """Stored beside the cohort so cohorts that go ahead are found by index."""
        return self.cohort.cancelled

    @property
    def cohort_id(self) -> str:
        return self.cohort.cohort_id

    def position(self, participant_id: str) -> int | None:
        """1-based place on the waitlist, or None when not waiting."""
        for index, waiting in enumerate(self.waitlist, start=1):
            if waiting.participant_id == participant_id:
                return index
        return None

    def is_enrolled(self, participant_id: str) -> bool:
        return any(p.participant_id == participant_id for p in self.enrolled)

    def _has_room(self) -> bool:
        return not self.cohort.cancelled and len(self.enrolled) < self.cohort.capacity

    def _last_registration_day(self) -> dt.date:
        """The deadline, or else the day before the cohort starts."""
        deadline = self.cohort.registration_deadline
        return deadline if deadline is not None else self.cohort.start_date - dt.timedelta(days=1)

    def _refusal_reason(self, at: dt.datetime) -> str | None:
        title = self.cohort.title
        if self.cohort.cancelled:
            return f"De groep ‘{title}’ gaat niet door."
        last_day = self._last_registration_day()
        if local_date(at, self.cohort.timezone) > last_day:
            return f"De inschrijving voor ‘{title}’ is gesloten sinds {format_date_nl(last_day)}."
        return None

    def register(self, participant: Participant, at: dt.datetime) -> list[EventData]:
        """Enrol if there is room, else waitlist; the same person twice changes nothing."""
        pid = participant.participant_id
        if self.is_enrolled(pid) or self.position(pid) is not None:
            return []
        reason = self._refusal_reason(at)
        if reason is not None:
            return [
                ParticipantRefused(
                    cohort_id=self.cohort_id, participant=participant, reason=reason, refused_at=at
                )
            ]
        if self._has_room() and not self.waitlist:
            self.enrolled.append(participant)
            return [
                ParticipantEnrolled(
                    cohort_id=self.cohort_id, participant=participant, enrolled_at=at
                )
            ]
        self.waitlist.append(participant)
        return [
            ParticipantWaitlisted(
                cohort_id=self.cohort_id,
                participant=participant,
                position=len(self.waitlist),
                waitlisted_at=at,
            )
        ]

    def withdraw(self, participant_id: str, at: dt.datetime) -> list[EventData]:
        """Give up a place or a waitlist spot; a freed place goes to the first in line."""
        before = len(self.enrolled)
        self.enrolled = [p for p in self.enrolled if p.participant_id != participant_id]
        self.waitlist = [p for p in self.waitlist if p.participant_id != participant_id]
        return self._promote(at) if len(self.enrolled) < before else []

    def update_cohort(self, cohort: CohortInfo, at: dt.datetime) -> list[EventData]:
        """Take scheduling's latest view of the cohort; added capacity goes to the waitlist."""
        if cohort.cohort_id != self.cohort_id:
            raise ValueError(f"update for cohort {cohort.cohort_id} sent to {self.cohort_id}")
        self.cohort = cohort
        return self._promote(at)

    def _promote(self, at: dt.datetime) -> list[EventData]:
        events: list[EventData] = []
        while self.waitlist and self._has_room():
            promoted = self.waitlist.pop(0)
            self.enrolled.append(promoted)
            events.append(
                ParticipantEnrolled(
                    cohort_id=self.cohort_id,
                    participant=promoted,
                    enrolled_at=at,
                    promoted_from_waitlist=True,
                )
            )
        return events
