"""Withdrawals that overtook their registration: kept, so the late registration enrols nobody."""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, BaseModel, ConfigDict


class EarlyWithdrawal(BaseModel):
    """Someone withdrew before intake saw them register (design.md, "Order")."""

    model_config = ConfigDict(frozen=True)

    participant_id: str
    withdrawn_at: AwareDatetime


def remembered(
    early: list[EarlyWithdrawal], participant_id: str, withdrawn_at: dt.datetime
) -> list[EarlyWithdrawal]:
    """The list with this withdrawal kept (the latest per person)."""
    kept = [w for w in early if w.participant_id != participant_id]
    return [*kept, EarlyWithdrawal(participant_id=participant_id, withdrawn_at=withdrawn_at)]


def overtaken(
    early: list[EarlyWithdrawal], participant_id: str, registered_at: dt.datetime
) -> bool:
    """A registration made before this person's remembered withdrawal counts for nothing
    (at the same instant, the registration is taken as the later one)."""
    return any(w.participant_id == participant_id and w.withdrawn_at > registered_at for w in early)


def forgotten(early: list[EarlyWithdrawal], participant_id: str) -> list[EarlyWithdrawal]:
    """The list without this person: they registered again after withdrawing."""
    return [w for w in early if w.participant_id != participant_id]
