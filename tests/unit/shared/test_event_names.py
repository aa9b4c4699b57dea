"""Staff pages name every event and timer in Dutch, never by its key."""

from __future__ import annotations

import re

import pytest

from services.notifications.service_layer.delivering import NOTIFICATION_TIMER
from services.notifications.service_layer.digests import DIGEST_TIMER
from services.notifications.service_layer.documents_wait import DOCUMENTS_TIMER
from services.scheduling.service_layer.runs import HORIZON
from shared.contracts.registry import BY_ROUTING_KEY
from shared.event_names import UNKNOWN, event_name_nl

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "key", [*sorted(BY_ROUTING_KEY), NOTIFICATION_TIMER, DIGEST_TIMER, DOCUMENTS_TIMER, HORIZON]
)
def test_every_event_and_timer_has_a_dutch_name(key: str) -> None:
    """Scheduling's timers are named by the event they publish, so the events cover them."""
    name = event_name_nl(key)
    assert not name.startswith(UNKNOWN), f"{key} has no Dutch name"
    assert not re.search(r"[._]", name), "a name, not a key"


@pytest.mark.parametrize(
    ("key", "said"),
    [
        (None, "onbekend soort"),
        ("", "onbekend soort"),
        ("case.archived", "onbekend soort (case.archived)"),
    ],
)
def test_a_key_this_release_does_not_know_says_so(key: str | None, said: str) -> None:
    assert event_name_nl(key) == said
