"""Intervision groups of a learning network: members who coach each other (seed 002).

Intake owns cohort membership (design.md), so the groups live in the cohort's `Enrolment`:
forming or changing a group is one guarded write. A member is in at most one group; putting
them in another moves them, and a group left without members disappears. No other service
needs the groups (they do not change who is invited to a meeting), so no event is owed.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from services.intake.domain.errors import DecisionRefused


class IntervisionGroup(BaseModel):
    """One group: a short id (`groep-N`), a name, its members (participant ids)."""

    model_config = ConfigDict(frozen=True)

    group_id: str
    name: str
    members: list[str] = []


def formed(
    groups: Sequence[IntervisionGroup],
    name: str,
    members: Sequence[str],
    enrolled: Sequence[str],
    group_id: str | None = None,
) -> list[IntervisionGroup]:
    """The groups after staff formed (or, with `group_id`, changed) one."""
    text = " ".join(name.split())
    if not text:
        raise DecisionRefused("naam", "Geef de intervisiegroep een naam.")
    if any(g.name.casefold() == text.casefold() and g.group_id != group_id for g in groups):
        raise DecisionRefused("naam", "Er is al een intervisiegroep met deze naam.")
    chosen = list(dict.fromkeys(members))
    if len(chosen) < 2:
        raise DecisionRefused("leden", "Kies ten minste twee leden voor de intervisiegroep.")
    if any(m not in enrolled for m in chosen):
        raise DecisionRefused("leden", "Een gekozen lid is niet (meer) ingeschreven.")
    if group_id is not None and not any(g.group_id == group_id for g in groups):
        raise DecisionRefused("group_id", "Deze intervisiegroep bestaat niet (meer).")
    new_id = group_id or f"groep-{_highest(groups) + 1}"
    group = IntervisionGroup(group_id=new_id, name=text[:200], members=chosen)
    others = [
        g.model_copy(update={"members": [m for m in g.members if m not in chosen]})
        for g in groups
        if g.group_id != new_id
    ]
    kept = [g for g in others if g.members]
    at = next((i for i, g in enumerate(groups) if g.group_id == new_id), len(groups))
    return [*kept[:at], group, *kept[at:]]


def _highest(groups: Sequence[IntervisionGroup]) -> int:
    numbers = [int(g.group_id.rsplit("-", 1)[1]) for g in groups if g.group_id[6:].isdigit()]
    return max(numbers, default=0)


def group_of(groups: Sequence[IntervisionGroup], participant_id: str) -> IntervisionGroup | None:
    """The member's group, if any."""
    return next((g for g in groups if participant_id in g.members), None)
