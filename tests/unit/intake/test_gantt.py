"""The SVG Gantt: weeks across, a row per step and deliverable, today line, overdue in red."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from services.intake.presentation.gantt import DONE, OVERDUE, gantt_svg
from tests.unit.intake.timeline_samples import DELIVERABLES, SESSIONS, START, session

pytestmark = pytest.mark.unit
SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_nothing_planned_draws_nothing() -> None:
    assert gantt_svg([], [], set(), START) == ""


def test_eight_weeks_with_a_row_per_session_and_deliverable() -> None:
    root = _parse(gantt_svg(SESSIONS, DELIVERABLES, set(), START))
    assert root.get("role") == "img"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert [t for t in texts if t and t.startswith("week")] == [f"week {n}" for n in range(1, 9)]
    assert "Stap 1: Startsessie" in texts and "Concept" in texts
    assert len(list(root.iter(f"{SVG}g"))) == 6


def test_today_line_only_inside_the_trajectory() -> None:
    inside = gantt_svg(SESSIONS, DELIVERABLES, set(), START + dt.timedelta(weeks=2))
    assert "gantt__vandaag" in inside and ">vandaag<" in inside
    outside = gantt_svg(SESSIONS, DELIVERABLES, set(), START + dt.timedelta(weeks=30))
    assert "gantt__vandaag" not in outside


def test_a_deliverable_past_due_is_red_and_says_so_until_delivered() -> None:
    late = START + dt.timedelta(weeks=6)
    svg = gantt_svg(SESSIONS, DELIVERABLES, set(), late)
    assert "Concept (te laat)" in svg and f'fill="{OVERDUE}"' in svg
    delivered = gantt_svg(SESSIONS, DELIVERABLES, {"draft"}, late)
    assert "Concept (opgeleverd)" in delivered and f'fill="{DONE}"' in delivered
    assert "Concept (te laat)" not in delivered


def test_labels_are_escaped_and_cancelled_sessions_marked() -> None:
    odd = session(4, 4, "<script>alert(1)</script>", cancelled=True)
    svg = gantt_svg([odd], [], set(), START)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "(geannuleerd)" in svg
    _parse(svg)
