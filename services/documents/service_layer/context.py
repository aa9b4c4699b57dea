"""Everything the documents use cases need, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from services.documents.service_layer.links import Links
from services.documents.service_layer.ports import Library
from services.documents.service_layer.producing import Producer
from shared.contracts.envelope import EventFactory


@dataclass(frozen=True)
class Documents:
    """The producer (case and session files, renditions, the parking lot), clock-stamped
    events, the links documents hand out, and the library of shared approaches."""

    producer: Producer
    events: EventFactory
    links: Links
    library: Library
