"""Programme templates: the shape of each format as data, so a new format is a new file."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shared.contracts.base import Country, ProgrammeFormat
from shared.contracts.scheduling import DeliverableKind


class StepKind(StrEnum):
    """What a step is: a meeting with a date, a document with a deadline, or self-study."""

    SESSION = "session"
    DELIVERABLE = "deliverable"
    SELF_STUDY = "self_study"


class Recurrence(BaseModel):
    """A session offered repeatedly; each learner picks one occurrence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    every_weeks: int = Field(ge=1)
    count: int = Field(ge=1, le=60)
    ahead_weeks: int = Field(default=0, ge=0, le=104)


class StepTemplate(BaseModel):
    """One step of a programme; exactly one timing rule places a session."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    step: int = Field(ge=1)
    name: str = Field(min_length=1)
    kind: StepKind
    description: str = ""
    week: int | None = Field(default=None, ge=1)
    until_week: int | None = Field(default=None, ge=1)
    month: int | None = Field(default=None, ge=1)
    fixed_round: int | None = Field(default=None, ge=1)
    recurrence: Recurrence | None = None
    start_time: dt.time | None = None
    duration_minutes: int | None = Field(default=None, ge=15, le=600)
    deliverable: DeliverableKind | None = None
    follows_step: int | None = None
    theme: str = ""
    guide_steps: list[int] = Field(default_factory=list)
    homework: str = ""
    capacity: int | None = Field(default=None, ge=1)
    guests: int = Field(default=0, ge=0, le=100)  # per-session limit of invited guests

    @model_validator(mode="after")
    def _timing_fits_kind(self) -> StepTemplate:
        timings = [self.week, self.month, self.fixed_round, self.recurrence]
        chosen = sum(timing is not None for timing in timings)
        if self.kind is StepKind.SESSION and chosen != 1:
            raise ValueError(
                f"step {self.step}: a session needs one of week, month, fixed_round, recurrence"
            )
        if self.kind is StepKind.DELIVERABLE:
            if self.deliverable is None or self.week is None or self.until_week is None:
                raise ValueError(
                    f"step {self.step}: a deliverable needs deliverable, week, until_week"
                )
            if self.month or self.fixed_round or self.recurrence:
                raise ValueError(f"step {self.step}: a deliverable is timed in weeks only")
        if self.kind is StepKind.SELF_STUDY and chosen:
            raise ValueError(f"step {self.step}: self-study has no date")
        if self.until_week is not None and (self.week is None or self.until_week < self.week):
            raise ValueError(f"step {self.step}: until_week must not precede week")
        return self


class ProgrammeTemplate(BaseModel):
    """A format's steps, calendar and defaults; cohorts instantiate it with dates and people."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: ProgrammeFormat
    title: str = Field(min_length=1)
    description: str = ""
    country: Country = Country.NL
    timezone: str = "Europe/Amsterdam"
    weeks: int | None = Field(default=None, ge=1)
    online: bool = True
    location: str | None = None
    default_start_time: dt.time
    default_duration_minutes: int = Field(ge=15, le=600)
    coaches_per_cohort: int = Field(default=0, ge=0)
    mentor_per_team: bool = False
    # False where learners book one occurrence (e-learning): sessions invite the trainers only.
    invites_participants: bool = True
    # True for the leercase: each accepted case has its own sessions inside the round.
    sessions_per_case: bool = False
    # True for the leercase: dates go out tentative; owner and expert answer, staff confirm.
    planned_in_consultation: bool = False
    max_participants: int | None = Field(default=None, ge=1)
    registration_closes_days_before: int | None = Field(default=None, ge=0)
    fee_eur_cents: int | None = Field(default=None, ge=0)
    fee_note: str = ""
    steps: list[StepTemplate] = Field(min_length=1)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _steps_consistent(self) -> ProgrammeTemplate:
        numbers = [step.step for step in self.steps]
        if numbers != sorted(set(numbers)):
            raise ValueError("step numbers must be unique and ascending")
        sessions = {step.step for step in self.steps if step.kind is StepKind.SESSION}
        for step in self.steps:
            if step.follows_step is not None and step.follows_step not in sessions:
                raise ValueError(f"step {step.step} follows {step.follows_step}, not a session")
            if self.weeks and step.until_week and step.until_week > self.weeks:
                raise ValueError(f"step {step.step} ends after week {self.weeks}")
        return self

    @property
    def session_steps(self) -> list[StepTemplate]:
        """The steps that become calendar sessions."""
        return [step for step in self.steps if step.kind is StepKind.SESSION]

    @property
    def deliverable_steps(self) -> list[StepTemplate]:
        """The steps that become deliverable windows."""
        return [step for step in self.steps if step.kind is StepKind.DELIVERABLE]

    def step(self, number: int) -> StepTemplate:
        """The step with this number; KeyError when the template has none."""
        for step in self.steps:
            if step.step == number:
                return step
        raise KeyError(number)
