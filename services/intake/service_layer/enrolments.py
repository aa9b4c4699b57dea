"""Cohorts from scheduling's events, and registrations: enrol, waitlist, promote, refuse."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from services.intake.domain.enrolment import Enrolment
from services.intake.service_layer.context import Intake
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import (
    Participant,
    ParticipantEnrolled,
    ParticipantRefused,
    ParticipantWaitlisted,
)
from shared.contracts.scheduling import CohortInfo
from shared.persistence.repository import Change

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
    """Participant events carry the cohort's title and country for the mails they lead to."""
    extra = {"cohort_title": cohort.title, "country": cohort.country}
    return [p.model_copy(update=extra) for p in payloads]


async def on_cohort(event: CloudEvent[Any], intake: Intake) -> None:
    """`cohort.planned` / `cohort.updated`: keep the cohort; added capacity promotes waiters."""
    cohort: CohortInfo = event.data.cohort

    def decide(current: Enrolment | None) -> Change[Enrolment] | None:
        if current is None:
            return Change(Enrolment.for_cohort(cohort))
        enrolment = current.model_copy(deep=True)
        payloads = _with_cohort_details(enrolment.update_cohort(cohort, intake.now()), cohort)
        return Change(enrolment, intake.wrap(payloads, cohort.cohort_id))

    await intake.cohorts.apply(cohort.cohort_id, decide, event_id=event.id)


async def register(
    cohort_id: str, participant: Participant, intake: Intake, event_id: str | None = None
) -> Registration:
    """Enrol up to capacity, then waitlist in arrival order; the same person twice is a no-op."""
    outcome: list[Registration] = []

    def decide(current: Enrolment | None) -> Change[Enrolment] | None:
        if current is None:
            raise UnknownCohort(cohort_id)
        enrolment = current.model_copy(deep=True)
        payloads = enrolment.register(participant, intake.now())
        outcome[:] = [_registration_of(payloads, enrolment, participant.participant_id)]
        if not payloads:
            return None
        payloads = _with_cohort_details(payloads, enrolment.cohort)
        return Change(enrolment, intake.wrap(payloads, cohort_id))

    await intake.cohorts.apply(cohort_id, decide, event_id=event_id)
    if not outcome:  # a redelivered event: report where the person stands now
        stored = await intake.cohorts.get(cohort_id)
        assert stored is not None
        outcome.append(_registration_of([], stored.state, participant.participant_id))
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
    cohort_id: str, participant_id: str, intake: Intake, event_id: str | None = None
) -> None:
    """Free a place or waitlist spot; the first in line is promoted in the same write."""

    def decide(current: Enrolment | None) -> Change[Enrolment] | None:
        if current is None:
            raise UnknownCohort(cohort_id)
        enrolment = current.model_copy(deep=True)
        payloads = enrolment.withdraw(participant_id, intake.now())
        if enrolment == current:
            return None
        payloads = _with_cohort_details(payloads, enrolment.cohort)
        return Change(enrolment, intake.wrap(payloads, cohort_id))

    await intake.cohorts.apply(cohort_id, decide, event_id=event_id)
