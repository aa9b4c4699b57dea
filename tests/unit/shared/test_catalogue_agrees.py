"""The two lists of events (the bus's registry and who produces what) name the same events."""

import pytest

from shared.contracts.catalogue import EXTERNAL_INPUTS, PRODUCED_BY
from shared.contracts.registry import ALL_EVENTS

pytestmark = pytest.mark.unit


def test_every_event_on_the_bus_has_a_producer_and_every_produced_event_is_on_the_bus() -> None:
    produced = {model for models in PRODUCED_BY.values() for model in models}
    assert produced | set(EXTERNAL_INPUTS) == set(ALL_EVENTS)
