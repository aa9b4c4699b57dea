"""Enrolment in one cohort: places up to capacity, then a waitlist in arrival order."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, computed_field

from services.intake.domain.dutch_dates import format_date_nl
from services.intake.domain.errors import DecisionRefused
from services.intake.domain.localtime import local_date
from services.intake.domain.round import Assignment, RoundCase, spread
from shared.contracts.base import EventData, ProgrammeFormat
from shared.contracts.intake import (
    InvoiceDetails,
    Participant,
    ParticipantAssigned,
    ParticipantEnrolled,
    ParticipantLeft,
    ParticipantRefused,
    ParticipantWaitlisted,
)
from shared.contracts.scheduling import CohortInfo
from shared.people import participant_id as person_of


class InvoiceRecord(BaseModel):
    """The invoice details a participant gave at registration (paid formats)."""

    model_config = ConfigDict(frozen=True)

    participant_id: str
    invoice: InvoiceDetails


class Enrolment(BaseModel):
    """The places of one cohort; each method returns the events the change owes."""

    cohort: CohortInfo
    enrolled: list[Participant] = []
    waitlist: list[Participant] = []
    invoices: list[InvoiceRecord] = []
    cases: list[RoundCase] = []
    assignments: list[Assignment] = []

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

    @computed_field  # type: ignore[prop-decorator]
    @property
    def person_ids(self) -> list[str]:
        """Person ids of everyone enrolled or waiting, so a person's page finds its cohorts."""
        return [person_of(p.participant_id) for p in (*self.enrolled, *self.waitlist)]

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

    def participant_by_person(self, person_id: str) -> Participant | None:
        """The enrolled or waiting participant behind a person id."""
        people = (*self.enrolled, *self.waitlist)
        return next((p for p in people if person_of(p.participant_id) == person_id), None)

    def invoice_of(self, participant_id: str) -> InvoiceDetails | None:
        return next((r.invoice for r in self.invoices if r.participant_id == participant_id), None)

    def assignment_of(self, participant_id: str) -> Assignment | None:
        return next((a for a in self.assignments if a.participant_id == participant_id), None)

    def case_title(self, case_id: str | None) -> str:
        return next((c.title for c in self.cases if c.case_id == case_id), "")

    def _has_room(self) -> bool:
        return not self.cohort.cancelled and len(self.enrolled) < self.cohort.capacity

    def last_registration_day(self) -> dt.date:
        """The deadline (open up to and including that day), or else the day before the start."""
        deadline = self.cohort.registration_deadline
        return deadline if deadline is not None else self.cohort.start_date - dt.timedelta(days=1)

    def _refusal_reason(self, at: dt.datetime) -> str | None:
        title = self.cohort.title
        if self.cohort.cancelled:
            return f"De groep ‘{title}’ gaat niet door."
        last_day = self.last_registration_day()
        if local_date(at, self.cohort.timezone) > last_day:
            return (
                f"De inschrijving voor ‘{title}’ is gesloten: inschrijven kon tot en met "
                f"{format_date_nl(last_day)}."
            )
        return None

    def register(
        self, participant: Participant, at: dt.datetime, invoice: InvoiceDetails | None = None
    ) -> list[EventData]:
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
        if invoice is not None:
            self.invoices = [
                *(r for r in self.invoices if r.participant_id != pid),
                InvoiceRecord(participant_id=pid, invoice=invoice),
            ]
        if self._has_room() and not self.waitlist:
            self.enrolled.append(participant)
            enrolled = ParticipantEnrolled(
                cohort_id=self.cohort_id, participant=participant, enrolled_at=at
            )
            return [enrolled, *self._respread(at, rebalance=False)]
        self.waitlist.append(participant)
        return [
            ParticipantWaitlisted(
                cohort_id=self.cohort_id,
                participant=participant,
                position=len(self.waitlist),
                waitlisted_at=at,
            )
        ]

    def withdraw(self, participant_id: str, at: dt.datetime, reason: str = "") -> list[EventData]:
        """Give up a place or a waitlist spot; a freed place goes to the first in line.

        Nobody else moves case: a learner's invites never change because someone else came
        or left; only a newly accepted case evens the round out again.
        """
        leaving = [p for p in self.enrolled if p.participant_id == participant_id]
        self.enrolled = [p for p in self.enrolled if p.participant_id != participant_id]
        self.waitlist = [p for p in self.waitlist if p.participant_id != participant_id]
        if not leaving:
            return []
        if self.assignment_of(participant_id) is not None:
            self._set(participant_id, None, by_staff=False)
        left = ParticipantLeft(
            cohort_id=self.cohort_id, participant=leaving[0], left_at=at, reason=reason
        )
        return [left, *self._promote(at)]

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
        return [*events, *self._respread(at, rebalance=False)] if events else []

    # The leercase round: learners on cases (other formats work in teams, issue 14).
    def add_case(self, case_id: str, title: str, at: dt.datetime) -> list[EventData]:
        """A case accepted into this round; learners staff did not place even out over it."""
        if any(c.case_id == case_id for c in self.cases):
            return []
        self.cases = [*self.cases, RoundCase(case_id=case_id, title=title)]
        return self._respread(at)

    def assign(self, participant_id: str, case_id: str | None, at: dt.datetime) -> list[EventData]:
        """Staff put a learner on a case (or on none): pinned until staff move them again."""
        learner = next((p for p in self.enrolled if p.participant_id == participant_id), None)
        if learner is None:
            raise DecisionRefused("participant_id", "Deze deelnemer is niet ingeschreven.")
        if case_id is not None and not any(c.case_id == case_id for c in self.cases):
            raise DecisionRefused("case_id", "Deze case hoort niet bij deze groep.")
        current = self.assignment_of(participant_id)
        if current is not None and current.case_id == case_id and current.by_staff:
            return []
        return [self._assigned(learner, self._set(participant_id, case_id, by_staff=True), at)]

    def _respread(self, at: dt.datetime, *, rebalance: bool = True) -> list[EventData]:
        if self.cohort.format is not ProgrammeFormat.LEERCASE or not self.cases:
            return []
        ids = [p.participant_id for p in self.enrolled]
        placed = {a.participant_id: a.case_id for a in self.assignments}
        pinned = frozenset(a.participant_id for a in self.assignments if a.by_staff)
        target = spread(self.cases, ids, placed, pinned, rebalance=rebalance)
        events: list[EventData] = []
        for learner in self.enrolled:
            pid = learner.participant_id
            current = self.assignment_of(pid)
            if target.get(pid) != (None if current is None else current.case_id):
                assignment = self._set(pid, target.get(pid), by_staff=False)
                events.append(self._assigned(learner, assignment, at))
        return events

    def _set(self, participant_id: str, case_id: str | None, *, by_staff: bool) -> Assignment:
        current = self.assignment_of(participant_id)
        revision = (current.revision if current else 0) + 1
        assignment = Assignment(
            participant_id=participant_id, case_id=case_id, revision=revision, by_staff=by_staff
        )
        others = [a for a in self.assignments if a.participant_id != participant_id]
        self.assignments = [*others, assignment]
        return assignment

    def _assigned(
        self, learner: Participant, assignment: Assignment, at: dt.datetime
    ) -> ParticipantAssigned:
        return ParticipantAssigned(
            cohort_id=self.cohort_id,
            participant=learner,
            case_id=assignment.case_id,
            case_title=self.case_title(assignment.case_id),
            revision=assignment.revision,
            assigned_at=at,
        )
