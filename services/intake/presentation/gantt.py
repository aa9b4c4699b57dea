"""The trajectory as an SVG Gantt of its weeks: pure text out, so it is unit-tested alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from zoneinfo import ZoneInfo

from shared.contracts.scheduling import DeliverableInfo, SessionInfo

LABEL_WIDTH = 250
WEEK_WIDTH = 64
ROW_HEIGHT = 30
HEADER = 34
OVERDUE = "#b00020"
BAR = "#154273"
DONE = "#1d6b34"
MUTED = "#6f777b"


@dataclass(frozen=True)
class Row:
    """One bar of the chart: a session (a day) or a deliverable (its window)."""

    label: str
    start: dt.date
    end: dt.date
    colour: str
    note: str = ""


def _rows(
    sessions: Sequence[SessionInfo],
    deliverables: Sequence[DeliverableInfo],
    delivered: set[str],
    now: dt.datetime,
    zone: ZoneInfo,
) -> list[Row]:
    rows: list[Row] = []
    for s in sorted(sessions, key=lambda s: (s.step, s.starts_at)):
        day = s.starts_at.astimezone(zone).date()
        colour, note = (MUTED, "geannuleerd") if s.cancelled else (BAR, "")
        rows.append(Row(f"Stap {s.step}: {s.name}", day, day, colour, note))
    for d in sorted(deliverables, key=lambda d: d.due_at):
        name = d.name or ("Concept" if d.kind == "draft" else "Definitieve aanpak")
        start, end = d.opens_at.astimezone(zone).date(), d.due_at.astimezone(zone).date()
        if d.kind.value in delivered:
            rows.append(Row(name, start, end, DONE, "opgeleverd"))
        elif d.due_at < now:
            rows.append(Row(name, start, end, OVERDUE, "te laat"))
        else:
            rows.append(Row(name, start, end, BAR))
    return rows


def gantt_svg(
    sessions: Sequence[SessionInfo],
    deliverables: Sequence[DeliverableInfo],
    delivered: set[str],
    now: dt.datetime,
    timezone: str = "Europe/Amsterdam",
) -> str:
    """Weeks across, steps down, a today line, overdue in red; empty when nothing is planned."""
    zone = ZoneInfo(timezone)
    rows = _rows(sessions, deliverables, delivered, now, zone)
    if not rows:
        return ""
    first = min(r.start for r in rows)
    monday = first - dt.timedelta(days=first.weekday())
    last = max(r.end for r in rows)
    weeks = (last - monday).days // 7 + 1
    width = LABEL_WIDTH + weeks * WEEK_WIDTH + 10
    height = HEADER + len(rows) * ROW_HEIGHT + 10

    def x(day: dt.date) -> float:
        return LABEL_WIDTH + (day - monday).days * WEEK_WIDTH / 7

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="gantt-titel" '
        'class="gantt" font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="gantt-titel">Planning van het traject in {weeks} weken</title>',
    ]
    for week in range(weeks):
        left = LABEL_WIDTH + week * WEEK_WIDTH
        fill = "#f3f2f1" if week % 2 == 0 else "#ffffff"
        parts.append(
            f'<rect x="{left}" y="0" width="{WEEK_WIDTH}" height="{height}" fill="{fill}"/>'
            f'<text x="{left + WEEK_WIDTH / 2}" y="20" text-anchor="middle" fill="#1b1b1b">'
            f"week {week + 1}</text>"
        )
    for index, row in enumerate(rows):
        top = HEADER + index * ROW_HEIGHT
        begin = x(row.start)
        span = max(x(row.end + dt.timedelta(days=1)) - begin, 8)
        label = escape(row.label + (f" ({row.note})" if row.note else ""))
        parts.append(
            f'<g class="gantt__rij"><text x="6" y="{top + 19}" fill="{row.colour}">{label}</text>'
            f'<rect x="{begin:.1f}" y="{top + 6}" width="{span:.1f}" height="{ROW_HEIGHT - 12}" '
            f'fill="{row.colour}" rx="3"><title>{label}</title></rect></g>'
        )
    today = now.astimezone(zone).date()
    if monday <= today <= monday + dt.timedelta(days=weeks * 7):
        line = x(today) + WEEK_WIDTH / 14
        parts.append(
            f'<line x1="{line:.1f}" y1="26" x2="{line:.1f}" y2="{height}" stroke="{OVERDUE}" '
            'stroke-width="2" stroke-dasharray="4 3" class="gantt__vandaag"/>'
            f'<text x="{line + 3:.1f}" y="{height - 2}" fill="{OVERDUE}">vandaag</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
