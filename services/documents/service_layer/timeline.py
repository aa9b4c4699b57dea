"""Layout of the trajectory picture: weeks as columns, sessions as dots, deliverables as bars.

Pure geometry; the SVG itself is written in the planning template, so all text in it is
escaped like any other text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from shared.contracts.scheduling import DeliverableKind, TrajectoryScheduled

LABEL_WIDTH = 210
WEEK_WIDTH = 58
ROW_HEIGHT = 26
TOP = 30

_DELIVERABLE_LABELS = {
    DeliverableKind.DRAFT: "Concept participatieaanpak",
    DeliverableKind.FINAL: "Definitieve participatieaanpak",
}


@dataclass(frozen=True)
class WeekColumn:
    number: int
    x: float


@dataclass(frozen=True)
class TimelineRow:
    label: str
    kind: str  # "session" or "deliverable"
    y: float
    x: float
    width: float
    when: dt.datetime


@dataclass(frozen=True)
class Timeline:
    width: float
    height: float
    week_width: float
    weeks: list[WeekColumn]
    rows: list[TimelineRow]


def build_timeline(trajectory: TrajectoryScheduled, min_weeks: int = 8) -> Timeline:
    """Week 1 is the calendar week of the first session, in the trajectory's time zone."""
    tz = ZoneInfo(trajectory.timezone)
    sessions = sorted(trajectory.sessions, key=lambda s: s.starts_at)
    moments = [s.starts_at for s in sessions] + [d.due_at for d in trajectory.deliverables]
    if not moments:
        return Timeline(LABEL_WIDTH + min_weeks * WEEK_WIDTH, TOP, WEEK_WIDTH, [], [])
    first = min(moments).astimezone(tz).date()
    origin = first - dt.timedelta(days=first.weekday())

    def x_of(moment: dt.datetime) -> float:
        days = (moment.astimezone(tz).date() - origin).days
        return LABEL_WIDTH + days * WEEK_WIDTH / 7

    last_day = max(moments).astimezone(tz).date()
    weeks = max(min_weeks, (last_day - origin).days // 7 + 1)
    rows: list[tuple[str, str, float, float, dt.datetime]] = [
        (f"{s.step}. {s.name}", "session", x_of(s.starts_at), WEEK_WIDTH / 7, s.starts_at)
        for s in sessions
    ]
    for d in sorted(trajectory.deliverables, key=lambda d: d.due_at):
        start, end = x_of(d.opens_at), x_of(d.due_at) + WEEK_WIDTH / 7
        rows.append((_DELIVERABLE_LABELS[d.kind], "deliverable", start, end - start, d.due_at))
    return Timeline(
        width=LABEL_WIDTH + weeks * WEEK_WIDTH,
        height=TOP + len(rows) * ROW_HEIGHT + 10,
        week_width=WEEK_WIDTH,
        weeks=[WeekColumn(n, LABEL_WIDTH + (n - 1) * WEEK_WIDTH) for n in range(1, weeks + 1)],
        rows=[
            TimelineRow(label, kind, TOP + i * ROW_HEIGHT, x, width, when)
            for i, (label, kind, x, width, when) in enumerate(rows)
        ],
    )
