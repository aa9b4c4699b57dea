"""What every router of the documents service is bound to, built once in bootstrap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.documents.service_layer.links import Links
from services.documents.service_layer.ports import Library
from services.documents.service_layer.producing import Producer
from shared.contracts.envelope import EventFactory


@dataclass(frozen=True)
class ApiContext:
    producer: Producer
    events: EventFactory
    links: Links
    library: Library
    reader: Callable[..., Any]
    writer: Callable[..., Any]
    owner: Callable[..., Any]
