"""The timers a plan needs, as data: what fires when, and which timers a change supersedes.

A timer's key names its purpose and subject, so setting a timer with an existing key replaces
it (a rescheduled session replaces its reminder) and a decision cancels exactly one key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.scheduling.domain.planning import Plan
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import EventData
from shared.contracts.scheduling import (
    DecisionOverdue,
    DeliverableDue,
    DeliverableKind,
    DeliverableOverdue,
    SessionReminderDue,
)

# A decision is due by the end of the office day: staff hear about it that evening.
DECISION_CLOSES_AT = dt.time(17, 0)
REMINDER_AT = dt.time(9, 0)
REMINDER_WORKING_DAYS_BEFORE = 2


class Timer(BaseModel):
    """One durable timer: when it is due (UTC) and the event it emits then."""

    model_config = ConfigDict(frozen=True)

    key: str
    due_at: AwareDatetime
    routing_key: str
    payload: dict[str, Any] = Field(default_factory=dict)


class TimerChanges(BaseModel):
    """What the timer store must do: drop these keys, set (insert or replace) these timers."""

    model_config = ConfigDict(frozen=True)

    cancel: list[str] = Field(default_factory=list)
    upsert: list[Timer] = Field(default_factory=list)


def _timer(key: str, due_at: dt.datetime, event: EventData) -> Timer:
    return Timer(
        key=key,
        due_at=due_at.astimezone(dt.UTC),
        routing_key=event.routing_key,
        payload=event.model_dump(mode="json"),
    )


def decision_key(case_id: str) -> str:
    """Key of a case's decision-deadline timer."""
    return f"decision:{case_id}"


def reminder_key(session_id: str) -> str:
    """Key of a session's reminder timer."""
    return f"reminder:{session_id}"


def deliverable_key(case_id: str, kind: DeliverableKind, stage: str) -> str:
    """Key of a deliverable's `due` (window opens) or `overdue` (deadline passed) timer."""
    return f"deliverable-{stage}:{case_id}:{kind.value}"


def decision_timer(
    case_id: str, decision_due: dt.date, calendar: WorkingDayCalendar, case_title: str = ""
) -> Timer:
    """Fires at the end of the due working day, local time, unless a decision cancels it."""
    overdue_since = dt.datetime.combine(decision_due, DECISION_CLOSES_AT, tzinfo=calendar.timezone)
    event = DecisionOverdue(
        case_id=case_id,
        case_title=case_title,
        decision_due=decision_due,
        overdue_since=overdue_since,
    )
    return _timer(decision_key(case_id), overdue_since, event)


def reminder_timers(
    plan: Plan,
    calendar: WorkingDayCalendar,
    *,
    working_days_before: int = REMINDER_WORKING_DAYS_BEFORE,
    at: dt.time = REMINDER_AT,
    about: Mapping[str, Any] | None = None,
    after: dt.datetime | None = None,
) -> list[Timer]:
    """One reminder per live session, `working_days_before` working days ahead at `at` local.

    `about` adds the event's context (cohort title, format, case title); sessions that began
    before `after` get none.
    """
    zone = ZoneInfo(plan.timezone)
    timers = []
    for session in plan.sessions:
        if session.session_id in plan.cancelled_session_ids:
            continue
        if after is not None and session.starts_at <= after:
            continue
        day = calendar.add_working_days(
            session.starts_at.astimezone(zone).date(), -working_days_before
        )
        event = SessionReminderDue(
            case_id=plan.case_id, cohort_id=plan.cohort_id, session=session, **(about or {})
        )
        due = dt.datetime.combine(day, at, tzinfo=zone)
        timers.append(_timer(reminder_key(session.session_id), due, event))
    return timers


def deliverable_timers(plan: Plan) -> list[Timer]:
    """For a case's plan: `due` when each window opens, `overdue` at each deadline."""
    if plan.case_id is None:
        return []
    timers = []
    for planned in plan.deliverables:
        info, case = planned.info, plan.case_id
        due = DeliverableDue(case_id=case, cohort_id=plan.cohort_id, deliverable=info)
        late = DeliverableOverdue(case_id=case, cohort_id=plan.cohort_id, deliverable=info)
        timers.append(_timer(deliverable_key(case, info.kind, "due"), info.opens_at, due))
        timers.append(_timer(deliverable_key(case, info.kind, "overdue"), info.due_at, late))
    return timers


def plan_timers(plan: Plan, calendar: WorkingDayCalendar) -> list[Timer]:
    """Every timer a plan needs, with the default reminder rule."""
    return [*reminder_timers(plan, calendar), *deliverable_timers(plan)]


def supersede(current: Sequence[Timer], wanted: Sequence[Timer]) -> TimerChanges:
    """Bring the pending timers of a plan to `wanted`: after a reschedule, cancel or new plan."""
    wanted_by_key = {t.key: t for t in wanted}
    current_by_key = {t.key: t for t in current}
    cancel = [key for key in current_by_key if key not in wanted_by_key]
    upsert = [t for key, t in wanted_by_key.items() if current_by_key.get(key) != t]
    return TimerChanges(cancel=cancel, upsert=upsert)


def on_decision(case_id: str) -> TimerChanges:
    """An accept or reject ends the wait for a decision."""
    return TimerChanges(cancel=[decision_key(case_id)])


def on_delivered(case_id: str, kind: DeliverableKind) -> TimerChanges:
    """A delivered draft or final is no longer overdue (nor due)."""
    return TimerChanges(
        cancel=[deliverable_key(case_id, kind, "due"), deliverable_key(case_id, kind, "overdue")]
    )
