"""What the console and a member's page say about intervision groups (no markup here)."""

from __future__ import annotations

from typing import Any

from services.intake.domain.enrolment import Enrolment
from services.intake.domain.intervision import group_of
from shared.contracts.base import ProgrammeFormat


def _names(enrolment: Enrolment, members: list[str]) -> list[str]:
    by_id = {p.participant_id: p.name for p in enrolment.enrolled}
    return [by_id[m] for m in members if m in by_id]  # withdrawn members drop out


def console_groups(enrolment: Enrolment) -> dict[str, Any]:
    """For the console's cohort page: whether the cohort has groups, and each group."""
    network = enrolment.cohort.format is ProgrammeFormat.LEREND_NETWERK
    return {
        "intervision": network,
        "intervision_groups": [
            {"group_id": g.group_id, "name": g.name, "members": _names(enrolment, g.members)}
            for g in enrolment.intervision_groups
        ],
    }


def member_group(enrolment: Enrolment, person_id: str) -> dict[str, Any]:
    """For a member's programme card: their group and the others in it."""
    participant = enrolment.participant_by_person(person_id)
    if participant is None or not enrolment.is_enrolled(participant.participant_id):
        return {"intervision": None}
    participant_id = participant.participant_id
    group = group_of(enrolment.intervision_groups, participant_id)
    if group is None:
        return {"intervision": None}
    others = _names(enrolment, [m for m in group.members if m != participant_id])
    return {"intervision": {"name": group.name, "others": others}}
