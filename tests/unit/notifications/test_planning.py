"""plan_notifications: one event becomes exactly the mails its recipients are owed."""

from pathlib import Path

import pytest

from services.notifications.domain.model import Channel, PlannedNotification
from services.notifications.domain.planning import (
    STAFF_CHAT_ADDRESS,
    PlanningConfig,
    StaffMember,
    plan_notifications,
)
from services.notifications.domain.routing import parse_routing_table
from services.notifications.service_layer.samples import sample_event
from shared.contracts.base import Country
from shared.contracts.intake import CaseSubmitted
from shared.contracts.notifications import NotificationFailed

pytestmark = pytest.mark.unit

TABLE = parse_routing_table(Path("services/notifications/routing.toml").read_text())
CONFIG = PlanningConfig(
    staff=[
        StaffMember(name="Pieter", email="pieter@bureau.example"),
        StaffMember(name="Ans", email="ans@bureau.example", digest=True),
    ],
    staff_chat_enabled=True,
)


def _targets(planned: list[PlannedNotification]) -> list[tuple[str, str, str]]:
    return sorted((p.template, p.channel.value, p.recipient.address) for p in planned)


def test_a_submission_gives_the_owner_a_receipt_and_staff_an_alert() -> None:
    planned = plan_notifications(sample_event("case.submitted"), TABLE, CONFIG)
    assert _targets(planned) == [
        ("case_submitted_owner", "email", "m.devries@example.org"),
        ("case_submitted_staff", "chat", STAFF_CHAT_ADDRESS),
        ("case_submitted_staff", "email", "pieter@bureau.example"),
    ]
    owner = next(p for p in planned if p.recipient.role == "owner")
    assert owner.recipient.name == "Marieke de Vries"
    assert owner.recipient.timezone == "Europe/Amsterdam"
    assert owner.case_id == "case-42"


def test_the_same_event_planned_twice_gives_the_same_keys() -> None:
    event = sample_event("session.scheduled")
    first = [p.key for p in plan_notifications(event, TABLE, CONFIG)]
    again = [p.key for p in plan_notifications(event, TABLE, CONFIG)]
    assert first == again
    assert len(set(first)) == len(first) == 3


def test_another_event_gives_other_keys_for_the_same_recipient() -> None:
    event = sample_event("session.scheduled")
    other = event.model_copy(update={"id": "another-id"})
    keys = {p.key for p in plan_notifications(event, TABLE, CONFIG)}
    other_keys = {p.key for p in plan_notifications(other, TABLE, CONFIG)}
    assert not keys & other_keys


def test_every_attendee_of_a_session_gets_the_invite_in_the_session_zone() -> None:
    event = sample_event("session.cancelled")
    planned = plan_notifications(event, TABLE, CONFIG)
    assert sorted(p.recipient.role for p in planned) == ["coach", "owner", "participant"]
    assert all(p.calendar == "CANCEL" and p.urgent for p in planned)
    assert {p.recipient.timezone for p in planned} == {"Europe/Amsterdam"}


def test_a_flemish_owner_reads_times_in_brussels_time() -> None:
    event = sample_event("case.submitted")
    data = event.data
    assert isinstance(data, CaseSubmitted)
    flemish_case = data.case.model_copy(update={"country": Country.BE})
    flemish = event.model_copy(update={"data": data.model_copy(update={"case": flemish_case})})
    owner = next(
        p for p in plan_notifications(flemish, TABLE, CONFIG) if p.recipient.role == "owner"
    )
    assert owner.recipient.timezone == "Europe/Brussels"


def test_staff_on_the_digest_get_only_urgent_alerts_individually() -> None:
    submitted = plan_notifications(sample_event("case.submitted"), TABLE, CONFIG)
    overdue = plan_notifications(sample_event("case.decision_overdue"), TABLE, CONFIG)
    assert "ans@bureau.example" not in {p.recipient.address for p in submitted}
    assert "ans@bureau.example" in {p.recipient.address for p in overdue}


def test_without_a_staff_chat_no_chat_messages_are_planned() -> None:
    config = CONFIG.model_copy(update={"staff_chat_enabled": False})
    planned = plan_notifications(sample_event("case.submitted"), TABLE, config)
    assert all(p.channel is Channel.EMAIL for p in planned)


def test_a_failed_failure_alert_does_not_alert_about_itself() -> None:
    event = sample_event("notification.failed")
    assert plan_notifications(event, TABLE, CONFIG)  # an ordinary failure alerts staff
    data = event.data
    assert isinstance(data, NotificationFailed)
    looped = event.model_copy(
        update={"data": data.model_copy(update={"template": "notification_failed_staff"})}
    )
    assert plan_notifications(looped, TABLE, CONFIG) == []


def test_an_event_nobody_is_routed_to_plans_nothing() -> None:
    assert (
        plan_notifications(
            sample_event("case.submitted"),
            TABLE.model_copy(update={"routes": TABLE.for_event("case.screened")}),
            CONFIG,
        )
        == []
    )
