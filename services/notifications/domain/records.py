"""What notifications keeps from the events it consumes: the records its repositories hold."""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Moment(BaseModel):
    """An instant kept as `{at}`: the stored shape the indexes (`submitted.at`) are on."""

    model_config = ConfigDict(frozen=True)

    at: AwareDatetime


class CaseFacts(BaseModel):
    """What the staff digest needs to know about one case, kept from the events consumed."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    title: str = ""
    submitted: Moment | None = None
    decision_due: dt.date | None = None
    decided: bool = False
    decision_open: bool = False
    overdue_kind: str | None = None
    overdue_due: Moment | None = None
    overdue_open: bool = False


class RecipientPreferences(BaseModel):
    """One address's choices: opted-out categories, and for staff digest or individual mails."""

    model_config = ConfigDict(frozen=True)

    address: str
    opted_out: list[str] = Field(default_factory=list)
    digest: bool | None = None  # None: the staff member's configured default
    updated_at: dt.datetime | None = None


class Training(BaseModel):
    """One live training on offer, its instants as stored (`starts.at`, `ends.at`)."""

    model_config = ConfigDict(frozen=True)

    session_id: str
    cohort_id: str
    name: str
    starts: Moment
    ends: Moment
    capacity: int | None = None
    sequence: int = 0
    cancelled: bool = False

    @property
    def starts_at(self) -> dt.datetime:
        """When it begins."""
        return self.starts.at

    @property
    def ends_at(self) -> dt.datetime:
        """When it ends."""
        return self.ends.at


class LatestAssignment(BaseModel):
    """The highest `participant.assigned` revision seen for one learner in one cohort."""

    model_config = ConfigDict(frozen=True)

    revision: int
