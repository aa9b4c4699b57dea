"""Pure rules: retries, quiet hours, unsubscribe tokens, preferences."""

import base64
import datetime as dt
import hashlib
import hmac
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.notifications.domain.model import PlannedNotification, Recipient
from services.notifications.domain.planning import PlanningConfig, plan_notifications
from services.notifications.domain.preferences import EssentialCategory, Preferences, may_send
from services.notifications.domain.quiet_hours import QuietHours, release_at
from services.notifications.domain.retry import RetryPolicy
from services.notifications.domain.routing import parse_routing_table
from services.notifications.domain.unsubscribe import make_token, read_token
from services.notifications.service_layer.samples import sample_event
from shared.capabilities import CapabilitySigner

pytestmark = pytest.mark.unit

TABLE = parse_routing_table(Path("services/notifications/routing.toml").read_text())
UTC = dt.UTC
SECRET = CapabilitySigner.from_secret("test-secret-of-enough-length-0123456789")


def _planned(routing_key: str, role: str) -> PlannedNotification:
    planned = plan_notifications(sample_event(routing_key), TABLE, PlanningConfig())
    return next(p for p in planned if p.recipient.role == role)


# --- retry -------------------------------------------------------------------------------


def test_delays_double_up_to_the_cap_with_full_jitter() -> None:
    policy = RetryPolicy(
        max_attempts=10, base_delay=dt.timedelta(seconds=30), max_delay=dt.timedelta(minutes=5)
    )
    ceilings = [policy.next_delay(n, permanent=False, random=lambda: 1.0) for n in range(1, 7)]
    assert [c.total_seconds() for c in ceilings if c is not None] == [30, 60, 120, 240, 300, 300]
    assert policy.next_delay(3, permanent=False, random=lambda: 0.0) == dt.timedelta(0)


def test_a_permanent_failure_is_never_retried() -> None:
    assert RetryPolicy().next_delay(1, permanent=True, random=lambda: 0.5) is None


def test_after_the_last_attempt_it_gives_up() -> None:
    policy = RetryPolicy(max_attempts=3)
    assert policy.next_delay(2, permanent=False, random=lambda: 0.5) is not None
    assert policy.next_delay(3, permanent=False, random=lambda: 0.5) is None


@given(attempt=st.integers(min_value=1, max_value=200), r=st.floats(0, 1))
def test_a_delay_never_exceeds_the_cap(attempt: int, r: float) -> None:
    policy = RetryPolicy(max_attempts=1000)
    delay = policy.next_delay(attempt, permanent=False, random=lambda: r)
    assert delay is not None
    assert dt.timedelta(0) <= delay <= policy.max_delay


# --- quiet hours -------------------------------------------------------------------------

QUIET = QuietHours()


def test_a_decision_at_night_waits_for_the_owners_morning() -> None:
    rejection = _planned("case.rejected", "owner")
    late = dt.datetime(2026, 3, 9, 22, 30, tzinfo=UTC)  # 23:30 in Amsterdam
    assert release_at(rejection, late, QUIET) == dt.datetime(2026, 3, 10, 6, 30, tzinfo=UTC)
    early = dt.datetime(2026, 3, 10, 5, 0, tzinfo=UTC)  # 06:00 in Amsterdam
    assert release_at(rejection, early, QUIET) == dt.datetime(2026, 3, 10, 6, 30, tzinfo=UTC)


def test_the_morning_follows_daylight_saving_time() -> None:
    reminder = _planned("session.reminder_due", "participant")
    night_of_change = dt.datetime(2026, 3, 28, 22, 0, tzinfo=UTC)  # 23:00 CET, DST starts 02:00
    assert release_at(reminder, night_of_change, QUIET) == dt.datetime(
        2026, 3, 29, 5, 30, tzinfo=UTC
    )  # 07:30 CEST


def test_daytime_mail_goes_at_once() -> None:
    rejection = _planned("case.rejected", "owner")
    noon = dt.datetime(2026, 3, 9, 11, 0, tzinfo=UTC)
    assert release_at(rejection, noon, QUIET) == noon


def test_urgent_schedule_changes_and_staff_mail_are_never_held() -> None:
    night = dt.datetime(2026, 3, 9, 23, 0, tzinfo=UTC)
    assert release_at(_planned("session.cancelled", "owner"), night, QUIET) == night
    staff = _planned("case.submitted", "owner").model_copy(
        update={"recipient": Recipient(address="s@x.example", name="S", role="staff")}
    )
    assert release_at(staff, night, QUIET) == night


def test_quiet_hours_use_the_recipients_own_zone() -> None:
    rejection = _planned("case.rejected", "owner")
    in_new_york = rejection.model_copy(
        update={
            "recipient": rejection.recipient.model_copy(update={"timezone": "America/New_York"})
        }
    )
    moment = dt.datetime(2026, 3, 9, 22, 30, tzinfo=UTC)  # 23:30 Amsterdam, 18:30 New York
    assert release_at(in_new_york, moment, QUIET) == moment


# --- unsubscribe tokens ----------------------------------------------------------------


def test_a_token_round_trips_to_its_address_and_category() -> None:
    token = make_token(SECRET, "Sanne.Jansen@Example.org", "reminder")
    request = read_token(SECRET, token)
    assert request is not None
    assert (request.recipient, request.category) == ("sanne.jansen@example.org", "reminder")


def test_a_token_signed_with_another_secret_is_refused() -> None:
    token = make_token(
        CapabilitySigner.from_secret("another-secret"), "sanne@example.org", "reminder"
    )
    assert read_token(SECRET, token) is None


def _first_format(secret: str, payload: bytes) -> str:
    """An unsubscribe token as mailed before the shared signer (base64 payload, raw HMAC)."""
    signature = hmac.new(secret.encode(), payload, hashlib.sha256).digest()
    return ".".join(base64.urlsafe_b64encode(p).rstrip(b"=").decode() for p in (payload, signature))


def test_an_unsubscribe_link_of_the_first_format_still_opts_out_and_a_forged_one_does_not() -> None:
    payload = b"v1\nsanne@example.org\nreminder"
    request = read_token(SECRET, _first_format("test-secret-of-enough-length-0123456789", payload))
    assert request is not None
    assert (request.recipient, request.category) == ("sanne@example.org", "reminder")
    assert read_token(SECRET, _first_format("another-secret", payload)) is None


def test_an_altered_token_is_refused() -> None:
    token = make_token(SECRET, "sanne@example.org", "reminder")
    forged = make_token(SECRET, "other@example.org", "reminder").split(".")[0]
    assert read_token(SECRET, f"{forged}.{token.split('.')[1]}") is None
    assert read_token(SECRET, token[:-2]) is None


@given(st.text(max_size=80))
def test_garbage_never_passes_as_a_token(garbage: str) -> None:
    assert read_token(SECRET, garbage) is None


# --- preferences -------------------------------------------------------------------------


def test_a_reminder_can_be_switched_off_and_on_again() -> None:
    reminder = _planned("session.reminder_due", "participant")
    prefs = Preferences(address=reminder.recipient.address).opt_out("reminder", TABLE)
    assert not may_send(reminder, prefs)
    assert may_send(reminder, prefs.opt_in("reminder"))


@pytest.mark.parametrize("category", ["decision", "schedule", "document"])
def test_essential_categories_cannot_be_switched_off(category: str) -> None:
    with pytest.raises(EssentialCategory):
        Preferences(address="a@example.org").opt_out(category, TABLE)


def test_essential_mail_goes_whatever_is_stored() -> None:
    cancel = _planned("session.cancelled", "participant")
    stored = Preferences(address=cancel.recipient.address, opted_out=frozenset({"schedule"}))
    assert may_send(cancel, stored)


def test_a_category_cannot_be_essential_in_one_row_and_optional_in_another() -> None:
    row = 'event = "session.reminder_due"\naudience = "attendees"\ncategory = "schedule"\n'
    text = (Path("services/notifications/routing.toml").read_text()).replace(
        'event = "session.reminder_due"\naudience = "attendees"\n', ""
    )
    text = text.replace(
        'template = "session_reminder"\ncategory = "reminder"\n',
        row + 'template = "session_reminder"\n',
    )
    with pytest.raises(ValueError, match="both essential and not"):
        parse_routing_table(text)


def test_mail_outlasting_a_working_day_is_tried_at_most_an_hour_apart_for_48_hours() -> None:
    policy = RetryPolicy()  # the defaults an operator gets
    elapsed, attempts, longest = dt.timedelta(0), 1, dt.timedelta(0)
    while (
        delay := policy.next_delay(attempts, permanent=False, random=lambda: 1.0, elapsed=elapsed)
    ) is not None:
        longest, elapsed, attempts = max(longest, delay), elapsed + delay, attempts + 1
    assert longest == dt.timedelta(hours=1), "at most an hour between attempts"
    assert elapsed >= dt.timedelta(hours=48), "still trying after two days"
    assert elapsed < dt.timedelta(hours=49)
    assert policy.next_delay(3, permanent=False, random=lambda: 1.0, elapsed=dt.timedelta(0))


def test_a_mail_server_that_flaps_is_one_incident_for_staff() -> None:
    from services.notifications.domain.mail_server import (
        alerted,
        came_back,
        should_alert,
        went_down,
    )

    minute, quiet = 60_000, 4 * 60 * 60_000
    down = went_down(None, 0, 535, minute, 60 * minute)
    assert down.down and should_alert(down, 0, quiet)
    told = alerted(down, 0)
    later = went_down(told, 2 * minute, 535, minute, 60 * minute)
    assert later.probe_delay_ms == 2 * minute, "probes back off while it stays down"
    again = went_down(came_back(later), 30 * minute, None, minute, 60 * minute)
    assert again.down and not should_alert(again, 30 * minute, quiet), "same incident"
    next_day = went_down(came_back(again), 24 * 60 * minute, None, minute, 60 * minute)
    assert should_alert(next_day, 24 * 60 * minute, quiet)
