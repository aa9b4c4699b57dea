"""Staff form leergang teams; participants record their learning question (intake owns both)."""

from __future__ import annotations

import logging

from services.intake.domain.enrolment import Enrolment
from services.intake.domain.teams import TeamDraft
from services.intake.service_layer.context import Intake
from services.intake.service_layer.enrolments import _change
from shared.contracts.base import EventData

log = logging.getLogger(__name__)


async def save_team(cohort_id: str, draft: TeamDraft, intake: Intake) -> tuple[str, Enrolment]:
    """One guarded write: the team (`team.updated`) and its members (`participant.assigned`)."""
    saved: list[str] = []

    def change(enrolment: Enrolment) -> list[EventData]:
        team_id, events = enrolment.save_team(draft, intake.now())
        saved[:] = [team_id]
        return events

    enrolment = await _change(cohort_id, change, intake)
    log.info("team saved", extra={"cohort_id": cohort_id, "team_id": saved[0]})
    return saved[0], enrolment


async def record_learning_question(
    cohort_id: str, participant_id: str, text: str, intake: Intake
) -> None:
    """The participant's learning question, stored with their enrolment (no event owed)."""

    def change(enrolment: Enrolment) -> list[EventData]:
        enrolment.record_learning_question(participant_id, text, intake.now())
        return []

    await _change(cohort_id, change, intake)
    log.info("learning question recorded", extra={"cohort_id": cohort_id})
