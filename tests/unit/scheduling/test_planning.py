"""Planning a cohort: working days, DST, Easter and King's Day, deliverable windows, coaches."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.scheduling.domain.coaches import Booking
from services.scheduling.domain.errors import PlanningError
from services.scheduling.domain.planning import plan_trajectory
from services.scheduling.domain.programme import ProgrammeTemplate
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import Contact, Country, ProgrammeFormat
from shared.contracts.scheduling import AttendeeRole, CohortInfo, DeliverableKind

pytestmark = pytest.mark.unit

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY_9_MARCH = dt.date(2026, 3, 9)


def cohort(fmt: ProgrammeFormat = ProgrammeFormat.LEERCASE, **changes: object) -> CohortInfo:
    base = CohortInfo(
        cohort_id="lc-2026-1", format=fmt, title="Voorjaar 2026", start_date=MONDAY_9_MARCH
    )
    return base.model_copy(update=changes)


def weekly_template() -> ProgrammeTemplate:
    return ProgrammeTemplate.model_validate(
        {
            "format": "leercase",
            "title": "Wekelijks",
            "default_start_time": dt.time(14, 0),
            "default_duration_minutes": 120,
            "steps": [
                {
                    "step": 1,
                    "name": "Sessie",
                    "kind": "session",
                    "recurrence": {"every_weeks": 1, "count": 8},
                }
            ],
        }
    )


def test_weekly_sessions_keep_14h_local_across_dst_and_skip_easter_and_kings_day(
    nl_calendar: WorkingDayCalendar,
) -> None:
    plan = plan_trajectory(weekly_template(), cohort(), nl_calendar)
    utc_hours = [s.starts_at.astimezone(dt.UTC).hour for s in plan.sessions]
    assert utc_hours == [13, 13, 13, 12, 12, 12, 12, 12]
    assert all(s.starts_at.astimezone(AMS).time() == dt.time(14, 0) for s in plan.sessions)
    days = [s.starts_at.date() for s in plan.sessions]
    assert days[4] == dt.date(2026, 4, 7)  # Easter Monday -> Tuesday
    assert days[7] == dt.date(2026, 4, 28)  # King's Day -> Tuesday
    moved = {s.moved_from: s.moved_reason for s in plan.sessions if s.moved_from}
    assert moved == {
        dt.date(2026, 4, 6): "Verplaatst: maandag 6 april 2026 is een feestdag (Tweede paasdag).",
        dt.date(2026, 4, 27): "Verplaatst: maandag 27 april 2026 is een feestdag (Koningsdag).",
    }
    assert len({s.session_id for s in plan.sessions}) == 8


def test_leercase_sessions_deliverables_and_coaches(
    leercase: ProgrammeTemplate, nl_calendar: WorkingDayCalendar, coach_pool: list[Contact]
) -> None:
    plan = plan_trajectory(leercase, cohort(), nl_calendar, case_id="case-1", coach_pool=coach_pool)
    assert [(s.step, s.starts_at.date()) for s in plan.sessions] == [
        (1, dt.date(2026, 3, 9)),
        (2, dt.date(2026, 3, 16)),
        (3, dt.date(2026, 3, 23)),
        (5, dt.date(2026, 4, 20)),
    ]
    draft, final = (d.info for d in plan.deliverables)
    assert draft.kind is DeliverableKind.DRAFT
    # Week 5 starts on Easter Monday: the window opens on Tuesday; week 6 ends on Friday.
    assert draft.opens_at == dt.datetime(2026, 4, 7, 9, 0, tzinfo=AMS)
    assert draft.due_at == dt.datetime(2026, 4, 17, 17, 0, tzinfo=AMS)
    assert final.kind is DeliverableKind.FINAL
    assert final.opens_at == dt.datetime(2026, 4, 28, 9, 0, tzinfo=AMS)
    assert final.due_at == dt.datetime(2026, 5, 1, 17, 0, tzinfo=AMS)
    assert plan.deliverables[0].follows_session_id == plan.sessions[2].session_id
    assert len(plan.coaches) == 2
    for session in plan.sessions:
        coaches = [a.email for a in session.attendees if a.role is AttendeeRole.COACH]
        assert coaches == [c.email for c in plan.coaches]


def test_a_coach_booked_elsewhere_at_the_same_time_is_not_assigned(
    leercase: ProgrammeTemplate, nl_calendar: WorkingDayCalendar, coach_pool: list[Contact]
) -> None:
    clash = Booking(
        coach_email="anna@example.org",
        starts_at=dt.datetime(2026, 3, 16, 15, 0, tzinfo=AMS),
        ends_at=dt.datetime(2026, 3, 16, 17, 0, tzinfo=AMS),
        label="Leercase najaar",
    )
    plan = plan_trajectory(leercase, cohort(), nl_calendar, coach_pool=coach_pool, bookings=[clash])
    assert [c.name for c in plan.coaches] == ["Bert Jansen", "Carla Peeters"]


def test_adjacent_bookings_do_not_clash(
    leercase: ProgrammeTemplate, nl_calendar: WorkingDayCalendar, coach_pool: list[Contact]
) -> None:
    before = Booking(
        coach_email="anna@example.org",
        starts_at=dt.datetime(2026, 3, 9, 12, 0, tzinfo=AMS),
        ends_at=dt.datetime(2026, 3, 9, 14, 0, tzinfo=AMS),
    )
    plan = plan_trajectory(
        leercase, cohort(), nl_calendar, coach_pool=coach_pool[:2], bookings=[before]
    )
    assert len(plan.coaches) == 2


def test_planning_fails_with_a_dutch_reason_when_two_coaches_are_not_free(
    leercase: ProgrammeTemplate, nl_calendar: WorkingDayCalendar, coach_pool: list[Contact]
) -> None:
    busy = Booking(
        coach_email="bert@example.org",
        starts_at=dt.datetime(2026, 4, 20, 13, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 4, 20, 14, 0, tzinfo=dt.UTC),
        label="Leercase Zonneweide",
    )
    with pytest.raises(PlanningError) as caught:
        plan_trajectory(leercase, cohort(), nl_calendar, coach_pool=coach_pool[:2], bookings=[busy])
    reason = caught.value.reason
    assert "Er zijn 2 coaches nodig, maar er is er 1 beschikbaar (Anna de Vries)" in reason
    assert "Bert Jansen is al ingepland op maandag 20 april 2026 15:00-16:00" in reason
    assert "Leercase Zonneweide" in reason and "Feedbacksessie" in reason


def test_leeratelier_needs_its_fixed_dates(
    templates: dict[ProgrammeFormat, ProgrammeTemplate], nl_calendar: WorkingDayCalendar
) -> None:
    atelier = templates[ProgrammeFormat.LEERATELIER]
    info = cohort(ProgrammeFormat.LEERATELIER, start_date=dt.date(2024, 3, 28))
    with pytest.raises(PlanningError, match="geen vaste datum"):
        plan_trajectory(atelier, info, nl_calendar)
    dates = [dt.date(2024, 3, 28), dt.date(2024, 4, 18), dt.date(2024, 5, 23), dt.date(2024, 6, 27)]
    plan = plan_trajectory(atelier, info, nl_calendar, fixed_dates=dates)
    assert [s.starts_at.date() for s in plan.sessions] == dates
    assert all(
        s.starts_at.time() == dt.time(12) and s.ends_at.time() == dt.time(17) for s in plan.sessions
    )
    assert all(s.location and "Utrecht" in s.location and not s.online for s in plan.sessions)


def test_leergang_days_keep_the_weekday_of_the_month_and_a_holiday_moves_a_week(
    templates: dict[ProgrammeFormat, ProgrammeTemplate], nl_calendar: WorkingDayCalendar
) -> None:
    info = cohort(ProgrammeFormat.LEERGANG, start_date=dt.date(2026, 1, 26))  # 4th Monday
    plan = plan_trajectory(templates[ProgrammeFormat.LEERGANG], info, nl_calendar)
    days = [s.starts_at.date() for s in plan.sessions]
    # 4th Mondays: 23 Feb, 23 March; 27 April is King's Day -> one week later, 4 May.
    assert days == [
        dt.date(2026, 1, 26),
        dt.date(2026, 2, 23),
        dt.date(2026, 3, 23),
        dt.date(2026, 5, 4),
    ]
    day4 = plan.sessions[3]
    assert day4.moved_from == dt.date(2026, 4, 27)
    assert (
        day4.moved_reason
        and "Koningsdag" in day4.moved_reason
        and "week later" in day4.moved_reason
    )
    assert [s.moved_from for s in plan.sessions[:3]] == [None, None, None]
    assert "theory U" in plan.sessions[0].theme


def test_leergang_on_the_second_thursday_moves_off_ascension_day(
    templates: dict[ProgrammeFormat, ProgrammeTemplate], nl_calendar: WorkingDayCalendar
) -> None:
    info = cohort(ProgrammeFormat.LEERGANG, start_date=dt.date(2026, 2, 12))  # 2nd Thursday
    plan = plan_trajectory(templates[ProgrammeFormat.LEERGANG], info, nl_calendar)
    days = [s.starts_at.date() for s in plan.sessions]
    # 2nd Thursday of May 2026 is 14 May, Ascension Day -> 21 May.
    assert days == [
        dt.date(2026, 2, 12),
        dt.date(2026, 3, 12),
        dt.date(2026, 4, 9),
        dt.date(2026, 5, 21),
    ]
    assert plan.sessions[3].moved_reason and "Hemelvaartsdag" in plan.sessions[3].moved_reason


def test_lerend_netwerk_follows_the_belgian_calendar_in_brussels_time(
    templates: dict[ProgrammeFormat, ProgrammeTemplate],
) -> None:
    info = cohort(
        ProgrammeFormat.LEREND_NETWERK,
        start_date=dt.date(2026, 7, 21),  # Belgian national day
        country=Country.BE,
        timezone="Europe/Brussels",
    )
    network = templates[ProgrammeFormat.LEREND_NETWERK]
    plan = plan_trajectory(network, info, WorkingDayCalendar(Country.BE))
    first = plan.sessions[0]
    assert first.starts_at.date() == dt.date(2026, 7, 28)  # third Tuesday, one week later
    assert first.moved_reason and "Nationale feestdag" in first.moved_reason
    assert str(first.starts_at.tzinfo) == "Europe/Brussels" and len(plan.sessions) == 5
    with pytest.raises(PlanningError, match="kalender"):
        plan_trajectory(network, info, WorkingDayCalendar(Country.NL))


def test_e_learning_offers_recurring_live_trainings(
    templates: dict[ProgrammeFormat, ProgrammeTemplate], nl_calendar: WorkingDayCalendar
) -> None:
    plan = plan_trajectory(
        templates[ProgrammeFormat.E_LEARNING], cohort(ProgrammeFormat.E_LEARNING), nl_calendar
    )
    starts = [s.starts_at.date() for s in plan.sessions]
    gaps = {(b - a).days for a, b in itertools.pairwise(starts)}
    assert all(42 <= gap <= 56 for gap in gaps)
    assert starts[-1] - starts[0] >= dt.timedelta(weeks=26)  # at least half a year ahead
    assert all(nl_calendar.is_working_day(day) for day in starts)
    assert all(s.capacity == 12 for s in plan.sessions)
    custom = cohort(ProgrammeFormat.E_LEARNING, training_capacity=8, training_every_weeks=6)
    plan = plan_trajectory(templates[ProgrammeFormat.E_LEARNING], custom, nl_calendar)
    assert {s.capacity for s in plan.sessions} == {8}
    assert plan.sessions[1].starts_at.date() == MONDAY_9_MARCH + dt.timedelta(weeks=6)


@given(
    start=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
    country=st.sampled_from([Country.NL, Country.BE]),
)
@settings(max_examples=50, deadline=None)
def test_every_session_is_on_a_working_day_at_the_same_local_time_across_dst(
    start: dt.date, country: Country
) -> None:
    calendar = WorkingDayCalendar(country)
    info = cohort(start_date=start, country=country, timezone=str(calendar.timezone))
    plan = plan_trajectory(weekly_template(), info, calendar)
    for session in plan.sessions:
        local = session.starts_at.astimezone(calendar.timezone)
        assert local.time() == dt.time(14, 0)
        assert calendar.is_working_day(local.date())
        assert (session.moved_from is None) == (session.moved_reason is None)
        assert session.ends_at - session.starts_at == dt.timedelta(hours=2)
