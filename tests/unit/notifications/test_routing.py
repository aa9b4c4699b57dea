"""The routing table: who hears what, as data that is checked when it is loaded."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from services.notifications.adapters.templates import JinjaRenderer
from services.notifications.domain.model import Audience, CalendarMethod, Channel
from services.notifications.domain.routing import RoutingTable, parse_routing_table

pytestmark = pytest.mark.unit

TABLE_FILE = Path("services/notifications/routing.toml")


@pytest.fixture(scope="module")
def table() -> RoutingTable:
    return parse_routing_table(TABLE_FILE.read_text())


@pytest.mark.parametrize(
    ("event", "audience"),
    [
        ("case.submitted", Audience.OWNER),
        ("case.submitted", Audience.STAFF),
        ("case.screened", Audience.STAFF),
        ("case.accepted", Audience.OWNER),
        ("case.rejected", Audience.OWNER),
        ("case.decision_overdue", Audience.STAFF),
        ("deliverable.overdue", Audience.STAFF),
        ("participant.enrolled", Audience.PARTICIPANT),
        ("participant.waitlisted", Audience.PARTICIPANT),
        ("participant.refused", Audience.PARTICIPANT),
        ("session.scheduled", Audience.ATTENDEES),
        ("session.rescheduled", Audience.ATTENDEES),
        ("session.cancelled", Audience.ATTENDEES),
        ("session.reminder_due", Audience.ATTENDEES),
        ("draft.delivered", Audience.OWNER),
        ("final.delivered", Audience.OWNER),
        ("trajectory.scheduled", Audience.COACHES),
        ("notification.failed", Audience.STAFF),
    ],
)
def test_every_required_event_reaches_its_audience(
    table: RoutingTable, event: str, audience: Audience
) -> None:
    assert audience in {route.audience for route in table.for_event(event)}


def test_every_template_named_in_the_table_exists_in_text_and_html(table: RoutingTable) -> None:
    missing = table.templates() - JinjaRenderer().available()
    assert not missing


def test_schedule_changes_carry_the_right_calendar_method(table: RoutingTable) -> None:
    methods = {(r.event, r.audience): r.calendar for r in table.routes if r.calendar is not None}
    assert methods == {
        ("session.scheduled", "attendees"): CalendarMethod.REQUEST,
        ("session.rescheduled", "attendees"): CalendarMethod.REQUEST,
        ("session.cancelled", "attendees"): CalendarMethod.CANCEL,
        ("session.attendees_changed", "added"): CalendarMethod.REQUEST,
        ("session.attendees_changed", "removed"): CalendarMethod.CANCEL,
    }


def test_decisions_schedule_changes_and_documents_are_essential(table: RoutingTable) -> None:
    for route in table.routes:
        if route.category in {"decision", "schedule", "document"}:
            assert route.essential, route


def test_a_route_to_an_audience_the_event_does_not_name_is_rejected() -> None:
    text = '[[route]]\nevent = "case.screened"\naudience = "owner"\n'
    text += 'template = "x"\ncategory = "decision"\nessential = true\n'
    with pytest.raises(ValidationError, match="carries no 'owner'"):
        parse_routing_table(text)


def test_chat_is_for_staff_only() -> None:
    text = '[[route]]\nevent = "case.accepted"\naudience = "owner"\nchannel = "chat"\n'
    text += 'template = "x"\ncategory = "decision"\nessential = true\n'
    with pytest.raises(ValidationError, match="staff only"):
        parse_routing_table(text)


def test_an_unknown_event_is_rejected() -> None:
    text = '[[route]]\nevent = "case.vanished"\naudience = "staff"\n'
    text += 'template = "x"\ncategory = "staff_alert"\nessential = true\n'
    with pytest.raises(ValidationError, match="unknown event"):
        parse_routing_table(text)


def test_staff_alerts_also_go_to_the_staff_chat(table: RoutingTable) -> None:
    chat_events = {r.event for r in table.routes if r.channel is Channel.CHAT}
    assert {"case.submitted", "case.decision_overdue", "notification.failed"} <= chat_events
