"""Staff form a learning network's intervision groups (intake owns membership; no event owed)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from services.intake.domain.enrolment import Enrolment
from services.intake.domain.errors import DecisionRefused
from services.intake.domain.intervision import formed
from services.intake.service_layer.context import Intake
from services.intake.service_layer.enrolments import _change
from shared.contracts.base import EventData, ProgrammeFormat

log = logging.getLogger(__name__)


async def form_group(
    cohort_id: str,
    name: str,
    members: Sequence[str],
    intake: Intake,
    group_id: str | None = None,
) -> Enrolment:
    """One guarded write of the cohort's enrolment; DecisionRefused names what was wrong."""

    def change(enrolment: Enrolment) -> list[EventData]:
        if enrolment.cohort.format is not ProgrammeFormat.LEREND_NETWERK:
            raise DecisionRefused("cohort", "Alleen een lerend netwerk heeft intervisiegroepen.")
        enrolled = [p.participant_id for p in enrolment.enrolled]
        enrolment.intervision_groups = formed(
            enrolment.intervision_groups, name, members, enrolled, group_id
        )
        return []

    enrolment = await _change(cohort_id, change, intake)
    log.info("intervision group formed", extra={"cohort_id": cohort_id})
    return enrolment
