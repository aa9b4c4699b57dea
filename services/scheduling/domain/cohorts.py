"""Cohorts as staff plan them: what they may enter, and the rules a cohort must satisfy."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from services.scheduling.domain.errors import InvalidInput
from services.scheduling.domain.programme import ProgrammeTemplate
from shared.calendar import timezone_for
from shared.contracts.base import Contact, Country, ProgrammeFormat
from shared.contracts.scheduling import CohortInfo, MeetingHost

# A change to these fields would move sessions already planned: staff move sessions one by one.
PLANNING_FIELDS = frozenset(
    {"start_date", "fixed_dates", "country", "timezone", "format", "training_every_weeks"}
)
# Ten million euros: any real fee fits, and MongoDB can store it (8-byte integers only).
MAX_FEE_EUR_CENTS = 10**9


def _known_zone(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"onbekende tijdzone {value!r}") from exc
    return value


class CohortFields(BaseModel):
    """Every field staff may set; all optional so one model serves create (checked) and change."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=200)
    country: Country | None = None
    timezone: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    fixed_dates: list[dt.date] | None = Field(default=None, max_length=60)
    capacity: int | None = Field(default=None, ge=1, le=10_000)
    registration_deadline: dt.date | None = None
    fee_eur_cents: int | None = Field(default=None, ge=0, le=MAX_FEE_EUR_CENTS)
    coaches: list[Contact] | None = Field(default=None, max_length=20)
    location: str | None = Field(default=None, max_length=500)
    meeting_url: str | None = Field(default=None, max_length=500, pattern=r"^https://\S+$")
    hosts: list[MeetingHost] | None = Field(default=None, max_length=60)
    training_capacity: int | None = Field(default=None, ge=1, le=1000)
    training_every_weeks: int | None = Field(default=None, ge=6, le=8)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return _known_zone(value)


class NewCohort(CohortFields):
    """A cohort to plan; the id is chosen by staff (it appears in links and events)."""

    cohort_id: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9-]*$")
    format: ProgrammeFormat
    title: str = Field(min_length=1, max_length=200)


class CohortChange(CohortFields):
    """A change to a cohort; `cancelled` withdraws it."""

    cancelled: bool | None = None


def _rules(cohort: CohortInfo, template: ProgrammeTemplate) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if cohort.fixed_dates != sorted(set(cohort.fixed_dates)):
        errors.append(("fixed_dates", "de data moeten oplopen en mogen niet dubbel voorkomen"))
    if cohort.fixed_dates and cohort.fixed_dates[0] < cohort.start_date:
        errors.append(("fixed_dates", "de eerste datum ligt voor de startdatum"))
    rounds = [s.fixed_round for s in template.session_steps if s.fixed_round is not None]
    if rounds and len(cohort.fixed_dates) < max(rounds):
        errors.append(("fixed_dates", f"dit format heeft {max(rounds)} vaste data nodig"))
    if cohort.end_date is not None and cohort.end_date < cohort.start_date:
        errors.append(("end_date", "de einddatum ligt voor de startdatum"))
    deadline = cohort.registration_deadline
    if deadline is not None and deadline > cohort.start_date:
        errors.append(("registration_deadline", "de inschrijving moet sluiten voor de start"))
    emails = [c.email.lower() for c in cohort.coaches]
    if len(emails) != len(set(emails)):
        errors.append(("coaches", "een coach staat er twee keer in"))
    steps = {s.step for s in template.session_steps}
    meetings = [h.meeting for h in cohort.hosts]
    if len(meetings) != len(set(meetings)) or not set(meetings) <= steps:
        errors.append(("hosts", f"per bijeenkomst (1 tot {max(steps)}) hoogstens een gastheer"))
    month_rule = any(s.month is not None for s in template.session_steps)
    if month_rule and not cohort.fixed_dates and cohort.start_date.weekday() >= 5:
        errors.append(
            ("start_date", "de bijeenkomsten vallen op de weekdag van de start: kies een werkdag")
        )
    recurring = any(s.recurrence is not None for s in template.session_steps)
    for name in ("training_capacity", "training_every_weeks"):
        if getattr(cohort, name) is not None and not recurring:
            errors.append((name, "dit format heeft geen terugkerende trainingen"))
    if not template.online and not cohort.location:
        errors.append(("location", "dit format is fysiek: geef een locatie op"))
    return errors


def _invalid(exc: ValidationError) -> InvalidInput:
    """A change may empty a field a cohort cannot do without (`"country": null`): name it."""
    return InvalidInput(
        [
            (
                ".".join(str(part) for part in error["loc"]),
                "mag niet leeg zijn" if error.get("input") is None else error["msg"],
            )
            for error in exc.errors()
        ]
    )


def _checked(values: dict[str, Any], template: ProgrammeTemplate) -> CohortInfo:
    try:
        cohort = CohortInfo.model_validate(values)
    except ValidationError as exc:
        raise _invalid(exc) from exc
    errors = _rules(cohort, template)
    if errors:
        raise InvalidInput(errors)
    return cohort


def new_cohort(draft: NewCohort, template: ProgrammeTemplate) -> CohortInfo:
    """Fill the template's defaults (country, zone, fee, capacity, location) and check the rules."""
    given = draft.model_dump(exclude_none=True)
    fixed = given.get("fixed_dates") or []
    if "start_date" not in given:
        if not fixed:
            raise InvalidInput([("start_date", "geef een startdatum of vaste data op")])
        given["start_date"] = fixed[0]
    country = Country(given.get("country", template.country))
    defaults: dict[str, Any] = {
        "country": country,
        "timezone": template.timezone if country is template.country else timezone_for(country).key,
        "capacity": template.max_participants or 24,
        "fee_eur_cents": template.fee_eur_cents,
        "location": template.location,
    }
    if template.registration_closes_days_before is not None:
        closes = dt.timedelta(days=template.registration_closes_days_before)
        defaults["registration_deadline"] = given["start_date"] - closes
    return _checked({**defaults, **given}, template)


def changed_cohort(
    current: CohortInfo, change: CohortChange, template: ProgrammeTemplate, *, has_plans: bool
) -> CohortInfo | None:
    """The cohort after a change, or None when nothing changes; planned sessions stay put."""
    given = change.model_dump(exclude_unset=True)
    merged = _checked({**current.model_dump(), **given}, template)
    if merged == current:
        return None
    moved = [name for name in PLANNING_FIELDS if getattr(merged, name) != getattr(current, name)]
    if moved and has_plans:
        raise InvalidInput(
            [
                (name, "er zijn al trajecten gepland: verplaats de sessies afzonderlijk")
                for name in sorted(moved)
            ]
        )
    return merged
