"""Property tests for where sessions fall: weekday of the month, one-week moves, DST."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.scheduling.adapters.programme_files import load_templates
from services.scheduling.domain.dates import same_weekday_of_month, weekday_ordinal
from services.scheduling.domain.planning import plan_sessions
from shared.calendar import TIMEZONES, WorkingDayCalendar
from shared.contracts.base import Country, ProgrammeFormat
from shared.contracts.scheduling import CohortInfo

pytestmark = pytest.mark.unit

TEMPLATES = load_templates()
CALENDARS = {country: WorkingDayCalendar(country) for country in Country}
weekdays = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2032, 12, 31)).filter(
    lambda d: d.weekday() < 5
)
countries = st.sampled_from(list(Country))


def cohort(fmt: ProgrammeFormat, start: dt.date, country: Country, **extra: object) -> CohortInfo:
    return CohortInfo.model_validate(
        {
            "cohort_id": "c",
            "format": fmt,
            "title": "t",
            "start_date": start,
            "country": country,
            "timezone": TIMEZONES[country],
            "location": "Zaal",
            **extra,
        }
    )


@given(start=weekdays, country=countries)
@settings(max_examples=150, deadline=None)
def test_leergang_days_keep_the_weekday_of_the_month_or_move_whole_weeks_with_a_reason(
    start: dt.date, country: Country
) -> None:
    calendar = CALENDARS[country]
    template = TEMPLATES[ProgrammeFormat.LEERGANG]
    sessions = plan_sessions(
        template, cohort(template.format, start, country), calendar, id_prefix="c"
    )
    assert len(sessions) == 4
    for months_later, session in enumerate(sessions):
        day = session.starts_at.date()
        meant = same_weekday_of_month(start, months_later)
        assert meant.weekday() == start.weekday()
        assert weekday_ordinal(meant) == weekday_ordinal(start) or weekday_ordinal(start) == -1
        if session.moved_from is None:
            assert day == meant and session.moved_reason is None
            continue
        assert session.moved_from == meant and not calendar.is_working_day(meant)
        assert session.moved_reason and session.moved_reason.startswith("Verplaatst")
        assert (day - meant).days % 7 == 0 and day > meant
        # exactly one week later, unless that day is closed too (25 Dec -> 1 Jan -> 8 Jan)
        weeks = [meant + dt.timedelta(weeks=n) for n in range(1, (day - meant).days // 7)]
        assert all(not calendar.is_working_day(skipped) for skipped in weeks)
        if calendar.is_working_day(meant + dt.timedelta(weeks=1)):
            assert day == meant + dt.timedelta(weeks=1)


@given(
    start=weekdays,
    country=countries,
    fmt=st.sampled_from(list(ProgrammeFormat)),
    gaps=st.lists(st.integers(min_value=1, max_value=60), min_size=5, max_size=5),
)
@settings(max_examples=150, deadline=None)
def test_no_session_on_a_weekend_or_holiday_and_the_local_time_holds_across_dst(
    start: dt.date, country: Country, fmt: ProgrammeFormat, gaps: list[int]
) -> None:
    calendar = CALENDARS[country]
    template = TEMPLATES[fmt]
    fixed, day = [], start
    for gap in gaps:
        fixed.append(day)
        day += dt.timedelta(days=gap)
    info = cohort(
        fmt, start, country, fixed_dates=fixed[:4] if fmt is ProgrammeFormat.LEERATELIER else []
    )
    sessions = plan_sessions(template, info, calendar, id_prefix="c", fixed_dates=info.fixed_dates)
    zone = ZoneInfo(TIMEZONES[country])
    assert sessions
    for session, step in ((s, template.step(s.step)) for s in sessions):
        local = session.starts_at.astimezone(zone)
        assert calendar.is_working_day(local.date()), (fmt, local)
        assert local.weekday() < 5 and calendar.holiday_name(local.date()) is None
        assert local.time() == (step.start_time or template.default_start_time)
        assert session.starts_at.utcoffset() == zone.utcoffset(local.replace(tzinfo=None))
        assert (session.moved_from is None) == (session.moved_reason is None)
