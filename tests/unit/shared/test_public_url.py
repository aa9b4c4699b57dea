"""Public addresses from the environment are checked at start-up and go into mails as ASCII."""

from __future__ import annotations

import datetime as dt
import email.policy
from pathlib import Path

import pytest
from pydantic import ValidationError

from services.notifications.adapters.email_message import Sender, build_email
from services.notifications.adapters.templates import JinjaRenderer
from services.notifications.domain.planning import PlanningConfig, plan_notifications
from services.notifications.domain.routing import parse_routing_table
from services.notifications.domain.wording import describe
from services.notifications.service_layer.samples import sample_event
from services.notifications.settings import NotificationsSettings
from services.scheduling.settings import SchedulingSettings

pytestmark = pytest.mark.unit

TABLE = parse_routing_table(Path("services/notifications/routing.toml").read_text())


@pytest.mark.parametrize(
    ("configured", "used"),
    [
        ("https://meldingen.gemeente-één.nl/", "https://meldingen.xn--gemeente-n-j7aa.nl"),
        ("https://Samenspel.Example:8443/deel name", "https://samenspel.example:8443/deel%20name"),
        ("http://127.0.0.1:8004", "http://127.0.0.1:8004"),
        ("http://[::1]:8004/", "http://[::1]:8004"),
    ],
)
def test_a_public_address_is_used_in_its_ascii_form(configured: str, used: str) -> None:
    settings = NotificationsSettings(environment="test", public_base_url=configured)
    assert settings.base_url() == used


@pytest.mark.parametrize(
    ("configured", "reason"),
    [
        ("meldingen.samenspel.example", "http:// or https://"),
        ("ftp://meldingen.samenspel.example", "http:// or https://"),
        ("https://meldingen..example", "not a valid domain name"),
        ("https://meldingen.example/?from=mail", "query"),
        ("https://anna:geheim@meldingen.example", "user name or password"),
        ("https://meldingen.example:99999", "Port out of range"),
    ],
)
def test_an_address_no_link_can_use_is_refused_at_start_up(configured: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as refused:
        SchedulingSettings(environment="test", intake_public_url=configured)
    assert refused.value.errors()[0]["loc"] == ("intake_public_url",)


def test_an_idn_host_gives_a_one_click_unsubscribe_header_mail_clients_read() -> None:
    """The header must be ASCII on one line (RFC 2369): with the host as configured, the mail
    could not be written at all."""
    settings = NotificationsSettings(environment="test", public_base_url="https://mail.één.nl")
    event = sample_event("session.reminder_due")
    planned = plan_notifications(event, TABLE, PlanningConfig())
    reminder = next(p for p in planned if p.recipient.role == "participant")
    context = {
        "event": event, "data": event.data, "about": describe(event.data), "offer": [],
        "recipient": reminder.recipient, "links": {}, "sender_name": "Programmabureau",
    }  # fmt: skip
    url = f"{settings.base_url()}/afmelden/W1sic2FubmUiXQ.54jU9jtT89Yi"
    message = build_email(
        reminder,
        JinjaRenderer().render(reminder.template, context),
        sender=Sender(name="Programmabureau", address="noreply@samenspel.example"),
        now=dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC),
        unsubscribe_url=url,
    )
    wire = message.as_bytes(policy=email.policy.SMTP)
    assert b"\r\nList-Unsubscribe: <https://mail.xn--n-9faa.nl/afmelden/" in wire
