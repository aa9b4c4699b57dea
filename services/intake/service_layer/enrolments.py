"""Cohorts from scheduling's events, and registrations: enrol, waitlist, promote, refuse."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from services.intake.domain.enrolment import Enrolment
from services.intake.service_layer.context import Intake
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import (
    CaseAccepted,
    InvoiceDetails,
    Participant,
    ParticipantEnrolled,
    ParticipantRefused,
    ParticipantWaitlisted,
)
from shared.contracts.scheduling import CohortInfo, CohortPlanned, CohortUpdated
from shared.persistence.aggregate import Change

log = logging.getLogger(__name__)


class UnknownCohort(Exception):
    """No cohort.planned seen for this id (yet): a registration event is retried, HTTP is 404."""


@dataclass(frozen=True)
class Registration:
    """Where the participant stands after registering: enrolled, waitlisted or refused."""

    outcome: str
    position: int | None = None
    reason: str = ""


def _with_cohort_details(payloads: list[EventData], cohort: CohortInfo) -> list[EventData]:
    """Participant events carry the cohort (title, country, and for enrolments all of it)."""
    extra: dict[str, Any] = {"cohort_title": cohort.title, "country": cohort.country}
    result: list[EventData] = []
    for payload in payloads:
        fields = type(payload).model_fields
        update = {k: v for k, v in extra.items() if k in fields}
        if isinstance(payload, ParticipantEnrolled):
            update["cohort"] = cohort
        result.append(payload.model_copy(update=update))
    return result


async def _change(
    cohort_id: str,
    change: Any,
    intake: Intake,
    event_id: str | None = None,
) -> Enrolment:
    """One guarded write of the cohort's enrolment; `change(enrolment)` returns owed payloads."""

    def decide(current: Enrolment | None) -> Change[Enrolment] | None:
        if current is None:
            raise UnknownCohort(cohort_id)
        enrolment = current.model_copy(deep=True)
        payloads = change(enrolment)
        if not payloads and enrolment == current:
            return None
        payloads = _with_cohort_details(payloads, enrolment.cohort)
        return Change(enrolment, intake.wrap(payloads, cohort_id))

    result = await intake.cohorts.apply(cohort_id, decide, event_id=event_id)
    if result.state is None:
        raise UnknownCohort(cohort_id)
    return result.state


async def on_cohort(event: CloudEvent[CohortPlanned | CohortUpdated], intake: Intake) -> None:
    """`cohort.planned` / `cohort.updated`: keep the cohort; added capacity promotes waiters."""
    cohort = event.data.cohort

    def decide(current: Enrolment | None) -> Change[Enrolment] | None:
        if current is None:
            return Change(Enrolment.for_cohort(cohort))
        enrolment = current.model_copy(deep=True)
        payloads = _with_cohort_details(enrolment.update_cohort(cohort, intake.now()), cohort)
        return Change(enrolment, intake.wrap(payloads, cohort.cohort_id))

    await intake.cohorts.apply(cohort.cohort_id, decide, event_id=event.id)


async def register(
    cohort_id: str,
    participant: Participant,
    intake: Intake,
    event_id: str | None = None,
    invoice: InvoiceDetails | None = None,
    registered_at: dt.datetime | None = None,
) -> Registration:
    """Enrol up to capacity, then waitlist in arrival order; the same person twice is a no-op."""
    outcome: list[Registration] = []

    def change(enrolment: Enrolment) -> list[EventData]:
        payloads = enrolment.register(participant, intake.now(), invoice, registered_at)
        outcome[:] = [_registration_of(payloads, enrolment, participant.participant_id)]
        return payloads

    stored = await _change(cohort_id, change, intake, event_id)
    if not outcome:  # a redelivered event: report where the person stands now
        outcome.append(_registration_of([], stored, participant.participant_id))
    log.info("registration", extra={"cohort_id": cohort_id, "outcome": outcome[0].outcome})
    return outcome[0]


def _registration_of(
    payloads: list[EventData], enrolment: Enrolment, participant_id: str
) -> Registration:
    for payload in payloads:
        if isinstance(payload, ParticipantRefused):
            return Registration("refused", reason=payload.reason)
        if isinstance(payload, ParticipantWaitlisted):
            return Registration("waitlisted", position=payload.position)
        if isinstance(payload, ParticipantEnrolled):
            return Registration("enrolled")
    if enrolment.is_enrolled(participant_id):
        return Registration("enrolled")
    position = enrolment.position(participant_id)
    if position is not None:
        return Registration("waitlisted", position=position)
    return Registration("not_registered")


async def withdraw(
    cohort_id: str,
    participant_id: str,
    intake: Intake,
    event_id: str | None = None,
    reason: str = "",
    withdrawn_at: dt.datetime | None = None,
) -> None:
    """Free a place (owes `participant.left`) or waitlist spot; the first in line moves up."""

    def change(enrolment: Enrolment) -> list[EventData]:
        return enrolment.withdraw(participant_id, intake.now(), reason, withdrawn_at)

    await _change(cohort_id, change, intake, event_id)


async def on_case_accepted(event: CloudEvent[CaseAccepted], intake: Intake) -> None:
    """A case accepted into a round: the learners not placed by staff even out over its cases."""
    data = event.data
    await _change(
        data.cohort_id,
        lambda e: e.add_case(data.case_id, data.case_title, intake.now()),
        intake,
        event.id,
    )


async def assign(
    cohort_id: str, participant_id: str, case_id: str | None, intake: Intake
) -> Enrolment:
    """Staff put a learner on a case (or none); `participant.assigned` with a higher revision."""
    enrolment = await _change(
        cohort_id, lambda e: e.assign(participant_id, case_id, intake.now()), intake
    )
    log.info("learner assigned", extra={"cohort_id": cohort_id})
    return enrolment
