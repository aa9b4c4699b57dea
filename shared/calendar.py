"""Working-day arithmetic shared by intake (decision due) and scheduling, so both count alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

from shared.contracts.base import Country

TIMEZONES: Mapping[Country, str] = MappingProxyType(
    {Country.NL: "Europe/Amsterdam", Country.BE: "Europe/Brussels"}
)
_WEEKDAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_GOOD_FRIDAY_NAME = "Goede Vrijdag"
_LIBERATION_DAY_NAME = "Bevrijdingsdag"


def timezone_for(country: Country) -> ZoneInfo:
    """The zone a programme in this country keeps its local times in."""
    return ZoneInfo(TIMEZONES[country])


def easter_sunday(year: int) -> dt.date:
    """Western Easter (anonymous Gregorian algorithm); avoids an untyped dateutil import."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


class LiberationDayPolicy(StrEnum):
    """Whether 5 May is a day off: by law it is a national holiday, but not a paid day off."""

    NEVER = "never"
    LUSTRUM = "lustrum"
    ALWAYS = "always"


@dataclass(frozen=True)
class HolidayPolicy:
    """Days whose status differs between law and employers; defaults follow most NL agreements.

    Good Friday is not a day off for most Dutch employers (nor a Belgian public holiday),
    so it is a working day unless `good_friday_off`. 5 May (NL only) is a day off once every
    five years (2025, 2030, ...), as in many collective agreements and the `holidays` package.
    """

    good_friday_off: bool = False
    liberation_day: LiberationDayPolicy = LiberationDayPolicy.LUSTRUM


@dataclass(frozen=True)
class WorkingDayCalendar:
    """Monday to Friday minus the country's public holidays and the office's closed days."""

    country: Country = Country.NL
    policy: HolidayPolicy = field(default_factory=HolidayPolicy)
    closed_days: Mapping[dt.date, str] = field(default_factory=dict)
    _years: dict[int, dict[dt.date, str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def timezone(self) -> ZoneInfo:
        """The country's zone (Europe/Amsterdam, Europe/Brussels)."""
        return timezone_for(self.country)

    def holiday_name(self, day: dt.date) -> str | None:
        """Dutch name of the holiday or closure on `day`, for "verplaatst vanwege ..."."""
        if day in self.closed_days:
            return self.closed_days[day]
        return self._holidays_in(day.year).get(day)

    def closed_reason(self, day: dt.date) -> str | None:
        """Why `day` is not a working day, in Dutch; None when it is one."""
        name = self.holiday_name(day)
        if name is not None:
            return name
        if day.weekday() >= 5:
            return _WEEKDAY_NAMES[day.weekday()]
        return None

    def is_working_day(self, day: dt.date) -> bool:
        """A weekday that is neither a public holiday (per policy) nor a closed day."""
        return self.closed_reason(day) is None

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        return self.add_working_days(day, 1)

    def working_day_on_or_after(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the next one: where a clash moves to."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """Step `n` working days from `day` (back when negative); 0 rolls forward to one."""
        if n == 0:
            return self.working_day_on_or_after(day)
        step = dt.timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when `end` is before `start`."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def _holidays_in(self, year: int) -> dict[dt.date, str]:
        """The year's days off with Dutch names, after applying the policy; cached per year."""
        cached = self._years.get(year)
        if cached is not None:
            return cached
        source = holidays.country_holidays(self.country.value, years=year, language="nl")
        days: dict[dt.date, str] = {day: str(name) for day, name in source.items()}
        good_friday = easter_sunday(year) - dt.timedelta(days=2)
        if self.policy.good_friday_off:
            days.setdefault(good_friday, _GOOD_FRIDAY_NAME)
        else:
            days.pop(good_friday, None)
        if self.country is Country.NL:
            liberation = dt.date(year, 5, 5)
            days.pop(liberation, None)
            rule = self.policy.liberation_day
            if rule is LiberationDayPolicy.ALWAYS or (
                rule is LiberationDayPolicy.LUSTRUM and year % 5 == 0
            ):
                days[liberation] = _LIBERATION_DAY_NAME
        self._years[year] = days
        return days
