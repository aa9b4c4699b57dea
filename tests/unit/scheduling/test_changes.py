"""Staff move or cancel a session; invites get a higher SEQUENCE and deadlines follow."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from services.scheduling.domain.changes import cancel_session, reschedule_session
from services.scheduling.domain.coaches import Booking
from services.scheduling.domain.errors import PlanningError
from services.scheduling.domain.planning import Plan
from shared.calendar import WorkingDayCalendar

pytestmark = pytest.mark.unit

AMS = ZoneInfo("Europe/Amsterdam")


def test_moving_the_dialogue_session_moves_the_draft_window_by_the_same_working_days(
    plan: Plan, nl_calendar: WorkingDayCalendar
) -> None:
    dialogue = plan.sessions[2]
    # Monday 23 March -> Thursday 2 April: 8 working days later.
    new_plan, moved = reschedule_session(
        plan, dialogue.session_id, dt.datetime(2026, 4, 2, 10, 0, tzinfo=AMS), nl_calendar
    )
    assert moved.sequence == dialogue.sequence + 1
    assert moved.ends_at - moved.starts_at == dialogue.ends_at - dialogue.starts_at
    draft, final = (d.info for d in new_plan.deliverables)
    # Was 7 April 09:00 - 17 April 17:00; 8 working days on, skipping King's Day (27 April).
    assert draft.opens_at == dt.datetime(2026, 4, 17, 9, 0, tzinfo=AMS)
    assert draft.due_at == dt.datetime(2026, 4, 30, 17, 0, tzinfo=AMS)
    assert final == plan.deliverables[1].info  # follows the feedback session, not this one


def test_moving_a_session_earlier_moves_its_dependent_deadline_earlier(
    plan: Plan, nl_calendar: WorkingDayCalendar
) -> None:
    feedback = plan.sessions[3]  # Monday 20 April
    new_plan, _ = reschedule_session(
        plan, feedback.session_id, dt.datetime(2026, 4, 16, 14, 0, tzinfo=AMS), nl_calendar
    )
    final = new_plan.deliverables[1].info
    assert final.due_at == dt.datetime(2026, 4, 29, 17, 0, tzinfo=AMS)  # Fri 1 May - 2 wd


def test_a_move_to_a_holiday_is_refused_with_the_reason(
    plan: Plan, nl_calendar: WorkingDayCalendar
) -> None:
    with pytest.raises(PlanningError, match=r"geen werkdag \(Koningsdag\)"):
        reschedule_session(
            plan,
            plan.sessions[3].session_id,
            dt.datetime(2026, 4, 27, 14, 0, tzinfo=AMS),
            nl_calendar,
        )


def test_a_move_onto_a_coach_s_other_booking_is_refused(
    plan: Plan, nl_calendar: WorkingDayCalendar
) -> None:
    coach = plan.coaches[0]
    busy = Booking(
        coach_email=coach.email,
        starts_at=dt.datetime(2026, 3, 19, 9, 0, tzinfo=AMS),
        ends_at=dt.datetime(2026, 3, 19, 12, 0, tzinfo=AMS),
    )
    with pytest.raises(PlanningError, match=coach.name):
        reschedule_session(
            plan,
            plan.sessions[1].session_id,
            dt.datetime(2026, 3, 19, 11, 0, tzinfo=AMS),
            nl_calendar,
            bookings=[busy],
        )


def test_cancel_raises_sequence_and_keeps_deadlines_and_cannot_be_repeated(plan: Plan) -> None:
    session = plan.sessions[1]
    new_plan, cancelled = cancel_session(plan, session.session_id)
    assert cancelled.sequence == session.sequence + 1
    assert new_plan.cancelled_session_ids == [session.session_id]
    assert new_plan.deliverables == plan.deliverables
    with pytest.raises(PlanningError, match="al geannuleerd"):
        cancel_session(new_plan, session.session_id)


def test_an_unknown_session_is_reported(plan: Plan) -> None:
    with pytest.raises(PlanningError, match="bestaat niet"):
        cancel_session(plan, "nope")
