"""The staff digest: one mail a day with what needs attention, composed from facts passed in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays
from pydantic import BaseModel, ConfigDict

from services.notifications.domain.model import (
    Channel,
    PlannedNotification,
    Recipient,
    notification_key,
)
from services.notifications.domain.planning import StaffMember

DIGEST_TEMPLATE = "staff_digest"
DIGEST_EVENT_TYPE = "nl.samenspel.notifications.staff_digest"


@dataclass(frozen=True)
class DigestTime:
    """When the staff digest is due: a local time on Dutch working days."""

    at: dt.time
    timezone: str = "Europe/Amsterdam"
    _holidays: holidays.HolidayBase = field(
        default_factory=lambda: holidays.country_holidays("NL"), repr=False, compare=False
    )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_working_day(self, day: dt.date) -> bool:
        """Monday to Friday, not a Dutch public holiday."""
        return day.weekday() < 5 and day not in self._holidays

    def next_run(self, after: dt.datetime) -> dt.datetime:
        """The first digest time strictly after `after`, in the configured local time."""
        zone = self.zone
        local = after.astimezone(zone)
        candidate = dt.datetime.combine(local.date(), self.at, tzinfo=zone)
        if candidate <= local:
            candidate = dt.datetime.combine(
                local.date() + dt.timedelta(days=1), self.at, tzinfo=zone
            )
        return candidate.astimezone(dt.UTC)


class SubmissionItem(BaseModel):
    """A case submitted since the previous digest."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    title: str
    submitted_at: dt.datetime


class DecisionItem(BaseModel):
    """A case still waiting for a staff decision."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    title: str
    decision_due: dt.date


class DeliverableItem(BaseModel):
    """A draft or final approach past its deadline."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    kind: str
    due_at: dt.datetime
    title: str = ""


class StaffDigest(BaseModel):
    """Everything one digest mail lists, each list in a useful order."""

    model_config = ConfigDict(frozen=True)

    day: dt.date
    new_submissions: list[SubmissionItem]
    decisions_due_soon: list[DecisionItem]
    decisions_overdue: list[DecisionItem]
    deliverables_overdue: list[DeliverableItem]


def working_days_until(
    today: dt.date, due: dt.date, is_working_day: Callable[[dt.date], bool]
) -> int:
    """Working days after today up to and including `due` (0 when due today)."""
    count, day = 0, today
    while day < due:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count


def compose_digest(
    today: dt.date,
    *,
    new_submissions: Iterable[SubmissionItem],
    open_decisions: Iterable[DecisionItem],
    overdue_deliverables: Iterable[DeliverableItem],
    is_working_day: Callable[[dt.date], bool],
    horizon_working_days: int = 2,
) -> StaffDigest | None:
    """The digest for `today`, or None when there is nothing to report (no empty mail)."""
    decisions = sorted(open_decisions, key=lambda d: (d.decision_due, d.case_id))
    overdue = [d for d in decisions if d.decision_due < today]
    soon = [
        d
        for d in decisions
        if d.decision_due >= today
        and working_days_until(today, d.decision_due, is_working_day) <= horizon_working_days
    ]
    digest = StaffDigest(
        day=today,
        new_submissions=sorted(new_submissions, key=lambda s: s.submitted_at),
        decisions_due_soon=soon,
        decisions_overdue=overdue,
        deliverables_overdue=sorted(overdue_deliverables, key=lambda d: d.due_at),
    )
    if not (soon or overdue or digest.new_submissions or digest.deliverables_overdue):
        return None
    return digest


def plan_digest(day: dt.date, staff: Iterable[StaffMember]) -> list[PlannedNotification]:
    """One digest mail per staff member who chose the digest; keyed by day, so sent once."""
    event_id = f"staff-digest:{day.isoformat()}"
    return [
        PlannedNotification(
            key=notification_key(event_id, member.email, DIGEST_TEMPLATE),
            event_id=event_id,
            event_type=DIGEST_EVENT_TYPE,
            routing_key="staff.digest",
            case_id=None,
            template=DIGEST_TEMPLATE,
            channel=Channel.EMAIL,
            recipient=Recipient(
                address=member.email, name=member.name, role="staff", timezone=member.timezone
            ),
            category="staff_alert",
            essential=True,
            urgent=False,
        )
        for member in staff
        if member.digest
    ]
