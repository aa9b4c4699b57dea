"""Working days as staff and case owners count them: weekends, public holidays, closures."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.calendar import (
    HolidayPolicy,
    LiberationDayPolicy,
    WorkingDayCalendar,
    easter_sunday,
    timezone_for,
)
from shared.contracts.base import Country

pytestmark = pytest.mark.unit

NL = WorkingDayCalendar()
BE = WorkingDayCalendar(Country.BE)
days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
steps = st.integers(min_value=-60, max_value=60)
calendars = st.sampled_from([NL, BE])


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2026, 4, 6), "Tweede paasdag"),
        (dt.date(2026, 4, 27), "Koningsdag"),
        (dt.date(2025, 4, 26), "Koningsdag"),  # the 27th is a Sunday: moved to Saturday
        (dt.date(2026, 5, 14), "Hemelvaartsdag"),
        (dt.date(2026, 12, 25), "Eerste kerstdag"),
        (dt.date(2026, 12, 26), "Tweede kerstdag"),
    ],
)
def test_dutch_public_holidays_are_named_in_dutch(day: dt.date, name: str) -> None:
    assert NL.holiday_name(day) == name
    assert not NL.is_working_day(day)


def test_kings_day_on_a_sunday_moves_to_saturday_and_the_27th_is_no_holiday() -> None:
    assert NL.holiday_name(dt.date(2025, 4, 27)) is None
    assert NL.holiday_name(dt.date(2025, 4, 26)) == "Koningsdag"
    assert NL.is_working_day(dt.date(2025, 4, 28))


def test_good_friday_is_a_working_day_in_nl_unless_the_policy_gives_it_off() -> None:
    good_friday = dt.date(2026, 4, 3)
    assert NL.is_working_day(good_friday)
    generous = WorkingDayCalendar(policy=HolidayPolicy(good_friday_off=True))
    assert not generous.is_working_day(good_friday)
    assert generous.holiday_name(good_friday) is not None


@pytest.mark.parametrize(
    ("policy", "off_2025", "off_2026"),
    [
        (LiberationDayPolicy.LUSTRUM, True, False),
        (LiberationDayPolicy.ALWAYS, True, True),
        (LiberationDayPolicy.NEVER, False, False),
    ],
)
def test_liberation_day_follows_the_policy(
    policy: LiberationDayPolicy, off_2025: bool, off_2026: bool
) -> None:
    calendar = WorkingDayCalendar(policy=HolidayPolicy(liberation_day=policy))
    # 5 May 2025 is a Monday, 5 May 2026 a Tuesday: only the policy decides.
    assert calendar.is_working_day(dt.date(2025, 5, 5)) is not off_2025
    assert calendar.is_working_day(dt.date(2026, 5, 5)) is not off_2026


def test_belgium_has_its_own_holidays_and_no_second_christmas_day() -> None:
    assert BE.holiday_name(dt.date(2026, 12, 25)) == "Kerstmis"
    assert BE.is_working_day(dt.date(2026, 12, 24))
    assert not BE.is_working_day(dt.date(2026, 7, 21))  # Nationale feestdag
    assert not BE.is_working_day(dt.date(2026, 11, 11))  # Wapenstilstand
    assert BE.is_working_day(dt.date(2026, 4, 27))  # King's Day is Dutch
    assert BE.is_working_day(dt.date(2026, 12, 28))
    assert NL.is_working_day(dt.date(2026, 7, 21))


def test_office_closure_days_are_not_working_days_and_carry_their_name() -> None:
    closure = {dt.date(2026, 12, 28) + dt.timedelta(days=i): "Kerstsluiting" for i in range(4)}
    calendar = WorkingDayCalendar(closed_days=closure)
    assert calendar.closed_reason(dt.date(2026, 12, 29)) == "Kerstsluiting"
    # Christmas Eve 2026 (Thursday) + 1 working day skips Christmas, the weekend and the closure.
    assert calendar.next_working_day(dt.date(2026, 12, 24)) == dt.date(2027, 1, 4)
    assert NL.next_working_day(dt.date(2026, 12, 24)) == dt.date(2026, 12, 28)


def test_decision_due_five_working_days_after_a_submission_before_easter() -> None:
    # Submitted Wednesday 1 April 2026: Easter Monday 6 April does not count.
    assert NL.add_working_days(dt.date(2026, 4, 1), 5) == dt.date(2026, 4, 9)
    # Submitted on a Saturday: counting starts on Monday.
    assert NL.add_working_days(dt.date(2026, 3, 7), 5) == dt.date(2026, 3, 13)


def test_weekend_reason_names_the_day() -> None:
    assert NL.closed_reason(dt.date(2026, 3, 7)) == "zaterdag"
    assert NL.closed_reason(dt.date(2026, 3, 8)) == "zondag"
    assert NL.closed_reason(dt.date(2026, 3, 9)) is None


def test_timezone_per_country() -> None:
    assert str(timezone_for(Country.NL)) == "Europe/Amsterdam"
    assert str(BE.timezone) == "Europe/Brussels"


@given(st.integers(min_value=1990, max_value=2100))
def test_computed_easter_matches_the_holidays_package(year: int) -> None:
    assert NL.holiday_name(easter_sunday(year) + dt.timedelta(days=1)) == "Tweede paasdag"


@given(calendars, days, steps)
def test_result_of_adding_is_always_a_working_day(
    calendar: WorkingDayCalendar, day: dt.date, n: int
) -> None:
    result = calendar.add_working_days(day, n)
    assert calendar.is_working_day(result)
    assert result.weekday() < 5
    assert calendar.holiday_name(result) is None


@given(calendars, days, steps)
def test_add_then_subtract_returns_to_the_working_day(
    calendar: WorkingDayCalendar, day: dt.date, n: int
) -> None:
    start = calendar.working_day_on_or_after(day)
    assert calendar.add_working_days(calendar.add_working_days(start, n), -n) == start


@given(calendars, days, steps, steps)
def test_adding_is_monotonic(calendar: WorkingDayCalendar, day: dt.date, m: int, n: int) -> None:
    low, high = sorted((m, n))
    assert calendar.add_working_days(day, low) <= calendar.add_working_days(day, high)
    if low < high and low != 0 and high != 0:
        assert calendar.add_working_days(day, low) < calendar.add_working_days(day, high)


@given(calendars, days, steps)
def test_working_days_between_inverts_adding(
    calendar: WorkingDayCalendar, day: dt.date, n: int
) -> None:
    start = calendar.working_day_on_or_after(day)
    end = calendar.add_working_days(start, n)
    assert calendar.working_days_between(start, end) == n
    assert calendar.working_days_between(end, start) == -n


@given(calendars, days)
def test_next_working_day_skips_only_non_working_days(
    calendar: WorkingDayCalendar, day: dt.date
) -> None:
    nxt = calendar.next_working_day(day)
    assert nxt > day
    skipped = [day + dt.timedelta(days=i) for i in range(1, (nxt - day).days)]
    assert all(not calendar.is_working_day(d) for d in skipped)
    assert len(skipped) < 12  # no run of closed days that long in NL or BE
