"""Where each session of a programme falls: the date rules per timing, before people are added.

- week N: the cohort's start weekday in week N; a closed day moves to the next working day.
- month N (leergang, lerend netwerk): the same weekday of the month as the start date (the
  second Thursday stays the second Thursday; a start in the fifth week means the last such
  weekday); a closed day moves one week later, as many weeks as needed, with its reason.
- fixed round N (leeratelier): the cohort's N-th fixed date; fixed dates may also replace the
  month rule of a format (a network's dates agreed with the group).
- recurrence (e-learning trainings): every K weeks from the start, far enough ahead.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
import math
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from services.scheduling.domain.dutch import format_date
from services.scheduling.domain.errors import PlanningError
from services.scheduling.domain.programme import StepTemplate
from shared.calendar import WorkingDayCalendar

ONE_WEEK = dt.timedelta(weeks=1)
# A month-rule day never moves further than this; a calendar closed for longer is an error.
MAX_WEEKS_MOVED = 4


class PlacedDay(BaseModel):
    """The day a session takes place, and the day it was meant for when it had to move."""

    model_config = ConfigDict(frozen=True)

    day: dt.date
    moved_from: dt.date | None = None
    moved_reason: str | None = None


def move_reason(day: dt.date, calendar: WorkingDayCalendar) -> str:
    """Why a session could not stay on `day`, in Dutch for staff and invitees."""
    when = format_date(day)
    if day in calendar.closed_days:
        return f"Verplaatst: op {when} is het kantoor gesloten ({calendar.closed_days[day]})."
    name = calendar.holiday_name(day)
    if name is not None:
        return f"Verplaatst: {when} is een feestdag ({name})."
    return f"Verplaatst: {when} valt in het weekend."


def weekday_ordinal(day: dt.date) -> int:
    """1 for the first such weekday of its month ... 4; -1 for a fifth (= the last)."""
    ordinal = (day.day - 1) // 7 + 1
    return -1 if ordinal == 5 else ordinal


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> dt.date:
    """The `ordinal`-th `weekday` (0 = Monday) of the month; -1 is the last one."""
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    if ordinal > 0:
        return first + dt.timedelta(days=offset + 7 * (ordinal - 1))
    last_day = month_calendar.monthrange(year, month)[1]
    last = dt.date(year, month, last_day)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def same_weekday_of_month(start: dt.date, months_later: int) -> dt.date:
    """The start's weekday of the month (e.g. second Thursday), `months_later` months on."""
    index = start.month - 1 + months_later
    year, month = start.year + index // 12, index % 12 + 1
    return nth_weekday(year, month, start.weekday(), weekday_ordinal(start))


def next_working_day(day: dt.date, calendar: WorkingDayCalendar) -> PlacedDay:
    """The day itself, or the next working day with the reason it moved."""
    placed = calendar.working_day_on_or_after(day)
    if placed == day:
        return PlacedDay(day=day)
    return PlacedDay(day=placed, moved_from=day, moved_reason=move_reason(day, calendar))


def weeks_later_if_closed(day: dt.date, calendar: WorkingDayCalendar) -> PlacedDay:
    """The day itself, or one week later (again while closed), keeping the weekday."""
    placed = day
    for _ in range(MAX_WEEKS_MOVED):
        if calendar.is_working_day(placed):
            break
        placed += ONE_WEEK
    else:
        raise PlanningError(f"Rond {format_date(day)} is weken achter elkaar geen werkdag.")
    if placed == day:
        return PlacedDay(day=day)
    reason = move_reason(day, calendar)
    weeks = (placed - day).days // 7
    if weeks == 1:
        reason += " De dag is een week later."
    else:
        reason += f" De dag is {weeks} weken later (ook de weken ertussen vielen af)."
    return PlacedDay(day=placed, moved_from=day, moved_reason=reason)


def recurrence_days(
    start: dt.date,
    every_weeks: int,
    count: int,
    ahead_weeks: int,
    *,
    today: dt.date | None = None,
    end: dt.date | None = None,
) -> list[dt.date]:
    """Every K weeks from the start: at least `count`, and until `ahead_weeks` past today
    (or past the start, if later), so the offer always reaches half a year ahead; never past
    the cohort's end date, except the first."""
    horizon = max(start, today or start) + dt.timedelta(weeks=ahead_weeks)
    needed = math.ceil((horizon - start).days / (7 * every_weeks)) + 1 if ahead_weeks else 0
    days = [start + dt.timedelta(weeks=every_weeks * i) for i in range(max(count, needed))]
    return [day for i, day in enumerate(days) if i == 0 or end is None or day <= end]


def place_step(
    step: StepTemplate,
    start: dt.date,
    fixed_dates: Sequence[dt.date],
    calendar: WorkingDayCalendar,
    *,
    every_weeks: int | None = None,
    month_index: int = 0,
    today: dt.date | None = None,
    end: dt.date | None = None,
) -> list[PlacedDay]:
    """Every day a session step takes place; `month_index` counts the month steps so far."""
    if step.week is not None:
        return [next_working_day(start + dt.timedelta(weeks=step.week - 1), calendar)]
    if step.month is not None:
        if month_index < len(fixed_dates):  # dates agreed with the group replace the rule
            return [next_working_day(fixed_dates[month_index], calendar)]
        return [weeks_later_if_closed(same_weekday_of_month(start, step.month - 1), calendar)]
    if step.recurrence is not None:
        rule = step.recurrence
        every = every_weeks or rule.every_weeks
        days = recurrence_days(start, every, rule.count, rule.ahead_weeks, today=today, end=end)
        return [next_working_day(day, calendar) for day in days]
    assert step.fixed_round is not None  # guaranteed by StepTemplate's validator
    if step.fixed_round > len(fixed_dates):
        raise PlanningError(
            f"Voor {step.name} is geen vaste datum opgegeven "
            f"(ronde {step.fixed_round}, {len(fixed_dates)} data bekend)."
        )
    return [next_working_day(fixed_dates[step.fixed_round - 1], calendar)]
