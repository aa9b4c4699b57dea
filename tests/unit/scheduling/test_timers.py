"""Timers: decision deadline, reminders, deliverables, and which ones a change replaces."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from services.scheduling.domain.changes import cancel_session, reschedule_session
from services.scheduling.domain.planning import Plan
from services.scheduling.domain.timers import (
    decision_key,
    decision_timer,
    on_decision,
    on_delivered,
    plan_timers,
    reminder_key,
    reminder_timers,
    supersede,
)
from shared.calendar import WorkingDayCalendar
from shared.contracts.scheduling import DecisionOverdue, DeliverableKind

pytestmark = pytest.mark.unit

AMS = ZoneInfo("Europe/Amsterdam")


def test_decision_timer_fires_at_five_pm_local_on_the_due_day(
    nl_calendar: WorkingDayCalendar,
) -> None:
    timer = decision_timer("c1", dt.date(2026, 4, 9), nl_calendar, case_title="Zonneweide")
    assert timer.due_at == dt.datetime(2026, 4, 9, 15, 0, tzinfo=dt.UTC)  # 17:00 CEST
    assert timer.routing_key == "case.decision_overdue"
    event = DecisionOverdue.model_validate(timer.payload)
    assert event.decision_due == dt.date(2026, 4, 9) and event.case_title == "Zonneweide"
    assert on_decision("c1").cancel == [timer.key]


def test_reminders_are_two_working_days_before_at_nine_local(
    plan: Plan, nl_calendar: WorkingDayCalendar
) -> None:
    due = [t.due_at.astimezone(AMS) for t in reminder_timers(plan, nl_calendar)]
    # Sessions on Mon 9, 16, 23 March and Mon 20 April: reminders on the Thursday before.
    assert [d.date() for d in due] == [
        dt.date(2026, 3, 5),
        dt.date(2026, 3, 12),
        dt.date(2026, 3, 19),
        dt.date(2026, 4, 16),
    ]
    assert all(d.time() == dt.time(9, 0) for d in due)


def test_reminder_offset_is_configurable_and_skips_holidays(
    plan: Plan, nl_calendar: WorkingDayCalendar
) -> None:
    timers = reminder_timers(plan, nl_calendar, working_days_before=5, at=dt.time(8, 30))
    feedback = timers[3].due_at.astimezone(AMS)  # session Mon 20 April; Easter Monday skipped
    assert feedback == dt.datetime(2026, 4, 13, 8, 30, tzinfo=AMS)


def test_deliverable_timers_fire_when_the_window_opens_and_at_the_deadline(plan: Plan) -> None:
    timers = {t.key: t for t in plan_timers(plan, WorkingDayCalendar())}
    draft_due = timers["deliverable-due:c1:draft"]
    draft_late = timers["deliverable-overdue:c1:draft"]
    assert draft_due.routing_key == "deliverable.due"
    assert draft_due.due_at == plan.deliverables[0].info.opens_at
    assert draft_late.routing_key == "deliverable.overdue"
    assert draft_late.due_at == plan.deliverables[0].info.due_at
    assert set(on_delivered("c1", DeliverableKind.DRAFT).cancel) == {
        "deliverable-due:c1:draft",
        "deliverable-overdue:c1:draft",
    }


def test_rescheduling_replaces_only_the_moved_session_s_reminder_and_dependent_deadlines(
    plan: Plan, nl_calendar: WorkingDayCalendar
) -> None:
    before = plan_timers(plan, nl_calendar)
    dialogue = plan.sessions[2]
    moved_plan, _ = reschedule_session(
        plan, dialogue.session_id, dt.datetime(2026, 3, 25, 14, 0, tzinfo=AMS), nl_calendar
    )
    changes = supersede(before, plan_timers(moved_plan, nl_calendar))
    assert changes.cancel == []
    assert {t.key for t in changes.upsert} == {
        reminder_key(dialogue.session_id),
        "deliverable-due:c1:draft",
        "deliverable-overdue:c1:draft",
    }


def test_cancelling_a_session_cancels_its_reminder(
    plan: Plan, nl_calendar: WorkingDayCalendar
) -> None:
    before = plan_timers(plan, nl_calendar)
    session = plan.sessions[1]
    cancelled_plan, _ = cancel_session(plan, session.session_id)
    changes = supersede(before, plan_timers(cancelled_plan, nl_calendar))
    assert changes.cancel == [reminder_key(session.session_id)]
    assert changes.upsert == []
    assert decision_key("c1") not in changes.cancel
